import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.editing import (
    ascii_digit,
    describe_selection,
    is_rtl_paragraph,
    move_edge,
    snap_to_words,
)
from annotator.model import Span
from annotator.spanindex import SpanIndex

TEXT = "دعا ستولتنبرغ كوريا الجنوبية إلى زيادة دعمها لأوكرانيا (Ukraine) عام 2024."


def test_snap_widens_partial_words() -> None:
    start = TEXT.index("تولتن")
    end = TEXT.index("الجنوبية") + 3
    s, e = snap_to_words(TEXT, start, end)
    assert TEXT[s:e] == "ستولتنبرغ كوريا الجنوبية"


def test_snap_drops_edge_spaces_and_keeps_exact_words() -> None:
    start = TEXT.index(" كوريا")
    s, e = snap_to_words(TEXT, start, start + len(" كوريا "))
    assert TEXT[s:e] == "كوريا"
    word = TEXT.index("2024")
    assert snap_to_words(TEXT, word, word + 4) == (word, word + 4)


def test_proclitic_can_be_excluded_by_moving_the_start() -> None:
    start = TEXT.index("لأوكرانيا")
    s, e = snap_to_words(TEXT, start + 1, start + 3)
    assert TEXT[s:e] == "لأوكرانيا"
    s, e = move_edge(TEXT, s, e, "start", +1)
    assert TEXT[s:e] == "أوكرانيا"
    assert TEXT[slice(*move_edge(TEXT, s, e, "start", -1))] == "لأوكرانيا"


def test_edges_skip_diacritics_and_never_empty_a_span() -> None:
    text = "مُحَمَّد"
    s, e = move_edge(text, 0, len(text), "start", +1)
    assert text[s] == "ح" and s == 2  # the damma stays with its mim
    assert move_edge("ab", 0, 1, "end", -1) == (0, 1)
    assert move_edge("ab", 0, 2, "start", -1) == (0, 2)


@given(st.text(min_size=1), st.data())
def test_snapping_only_widens_or_trims_space(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    assert text[s:e].strip() == text[s:e]


@pytest.mark.parametrize(("key", "digit"), [("1", "1"), ("١", "1"), ("۷", "7"), ("٩", "9")])
def test_digits_of_every_script_are_label_keys(key: str, digit: str) -> None:
    assert ascii_digit(key) == digit
    assert ascii_digit("a") is None and ascii_digit("ب") is None


@pytest.mark.parametrize(
    ("paragraph", "rtl"),
    [
        ("دعا ناتو NATO", True),
        ("NATO دعا", False),
        ("2024 «ناتو»", True),
        ("\u2066English\u2069 عربي", True),  # isolates do not decide
        ("123 ...", False),
    ],
)
def test_paragraph_direction_follows_first_strong_character(paragraph: str, rtl: bool) -> None:
    assert is_rtl_paragraph(paragraph) is rtl


def test_selection_description_is_logical() -> None:
    start = TEXT.index("كوريا")
    line = describe_selection(TEXT, start, start + 5)
    assert line.startswith(f"{start}–{start + 5} (5 characters)") and "كوريا" in line


def test_span_index_finds_overlaps_without_scanning() -> None:
    spans = [Span(f"T{i}", i * 10, i * 10 + 5, "entity", "PER") for i in range(1000)]
    spans.append(Span("long", 0, 9000, "claim", "CLAIM"))
    index = SpanIndex(spans)
    assert {s.id for s in index.overlapping(102, 113)} == {"T10", "T11", "long"}
    assert [s.id for s in index.at(52)] == ["T5", "long"]
    index.remove("long")
    index.add(Span("new", 51, 53, "entity", "ORG"))
    assert [s.id for s in index.at(52)] == ["new", "T5"]
    assert index.position("T5") == 5


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=30), st.data())
def test_span_index_matches_a_scan(pairs, data: st.DataObject) -> None:
    spans = [Span(f"S{i}", a, a + n, "entity", "PER") for i, (a, n) in enumerate(pairs)]
    index = SpanIndex(spans)
    start = data.draw(st.integers(0, 60))
    end = data.draw(st.integers(start + 1, 61))
    expected = {s.id for s in spans if s.start < end and s.end > start}
    assert {s.id for s in index.overlapping(start, end)} == expected
