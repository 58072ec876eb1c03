import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.offsets import OffsetMap, utf16_length

# Text the competitors get wrong: emoji (with ZWJ and skin tones), flags made of two
# regional indicators, mathematical letters, combining marks, Arabic with diacritics.
PIECES = [
    "a",
    " ",
    "\n",
    "ب",
    "لأ",
    "مُ",
    "😀",
    "👩‍💻",
    "👍🏽",
    "🇸🇦",
    "𝐀",
    "e\u0301",
    "\u200f",
    "ـ",
    "٣",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=30)


def utf16_position(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


@given(texts, st.data())
def test_to_utf16_matches_encoding(text: str, data: st.DataObject) -> None:
    mapping = OffsetMap(text)
    offset = data.draw(st.integers(0, len(text)))
    assert mapping.to_utf16(offset) == utf16_position(text, offset)
    assert mapping.from_utf16(mapping.to_utf16(offset)) == offset
    assert mapping.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2


@given(texts, st.data())
def test_from_utf16_never_cuts_a_character(text: str, data: st.DataObject) -> None:
    mapping = OffsetMap(text)
    position = data.draw(st.integers(0, mapping.utf16_length))
    offset = mapping.from_utf16(position)
    assert mapping.to_utf16(offset) <= position < mapping.to_utf16(offset) + 2 or (
        position == mapping.utf16_length and offset == len(text)
    )


@given(texts, st.data())
def test_span_round_trip(text: str, data: st.DataObject) -> None:
    mapping = OffsetMap(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert mapping.span_from_utf16(*mapping.span_to_utf16(start, end)) == (start, end)


def test_after_emoji_offsets_differ_by_surrogates() -> None:
    text = "😀 ناتو 🇸🇦 ستولتنبرغ"
    mapping = OffsetMap(text)
    start = text.index("ستولتنبرغ")
    assert mapping.to_utf16(start) == start + 3  # one emoji + a flag of two indicators
    # a UTF-16 selection ending inside the flag widens to take the whole character
    flag = text.index("🇸🇦")
    assert mapping.span_from_utf16(0, mapping.to_utf16(flag) + 1) == (0, flag + 1)


def test_out_of_range_is_refused() -> None:
    mapping = OffsetMap("abc")
    with pytest.raises(ValueError):
        mapping.to_utf16(4)
    with pytest.raises(ValueError):
        mapping.from_utf16(-1)
