"""One definition of a word: the CoNLL tokenizer and the GUI's snapping agree on every character."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.editing import is_word_char, snap_to_words
from annotator.tokens import tokenize
from annotator.words import NUMBER_SEPARATORS, is_invisible_control, word_at, words

LETTER = "ب"


def test_tokenizer_and_is_word_char_agree_on_every_code_point() -> None:
    """A character is a word character exactly when the tokenizer keeps ب?ب as one token.

    Every assigned or private-use code point is probed, and every 101st unassigned one (the
    rest are checked against is_word_char only); the probes go through the tokenizer at once,
    separated by spaces, since tokens never hold white space.
    """
    probed = []
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if unicodedata.category(ch) == "Cn":
            assert not is_word_char(ch)
            if code % 101:
                continue
        if not ch.isspace():
            probed.append(ch)
    text = " ".join(LETTER + ch + LETTER for ch in probed)
    whole = set(tokenize(text))
    disagree = [
        f"U+{ord(ch):04X}"
        for index, ch in enumerate(probed)
        if ((4 * index, 4 * index + 3) in whole) != is_word_char(ch)
    ]
    assert disagree == []
    assert not any(is_word_char(chr(code)) for code in range(0x3000 + 1) if chr(code).isspace())


def test_marks_and_format_characters_live_in_the_scanned_planes() -> None:
    """words.py builds its classes from planes 0, 1 and 14 only; check the whole range."""
    outside = [
        f"U+{code:04X}"
        for code in range(0x20000, sys.maxunicode + 1)
        if not 0xE0000 <= code < 0xF0000
        and unicodedata.category(chr(code)) in ("Mn", "Mc", "Me", "Cf")
    ]
    assert outside == []


@pytest.mark.parametrize(
    "ch",
    [
        "\u08ca",  # ARABIC SMALL HIGH FARSI YEH (Mn), missed by the old hand-kept ranges
        "\u064e",  # fatha
        "\u0640",  # tatweel
        "\u200c",  # ZWNJ
        "\u200d",  # ZWJ
        "\u200f",  # RLM: invisible, belongs to the word it touches
        "\u0903",  # Mc
        "\u20dd",  # Me
        "٣",
        "²",
        "_",  # connector punctuation (Pc) joins words, as in Unicode word segmentation
        "\u203f",
    ],
)
def test_word_characters(ch: str) -> None:
    assert is_word_char(ch)
    assert tokenize(f"{LETTER}{ch}{LETTER}") == [(0, 3)]


@pytest.mark.parametrize("ch", ["،", "؛", "؟", "«", "'", ".", "-", "%", "😀", " ", "\u00a0"])
def test_punctuation_symbols_and_spaces_are_not_word_characters(ch: str) -> None:
    assert not is_word_char(ch)
    assert len(tokenize(f"{LETTER}{ch}{LETTER}")) > 1


def test_word_at_leaves_out_the_arabic_comma() -> None:
    text = "زار موسكو، ثم عاد"
    city = text.index("موسكو")
    for position in range(city, city + len("موسكو")):
        assert word_at(text, position) == (city, city + len("موسكو"))
    comma = text.index("،")
    assert word_at(text, comma) == (city, comma)  # the cursor right after the word
    assert word_at(text, comma + 1) == (comma + 1, comma + 1)  # a space after punctuation


def test_word_at_keeps_numbers_tatweel_and_invisible_marks() -> None:
    text = "ارتفع بـ34.3 في الشرق الأوسط\u200f و5ر1"
    number = text.index("34.3")
    assert word_at(text, number + 3) == (number, number + 4)
    assert text[slice(*word_at(text, number - 1))] == "بـ"
    assert text[slice(*word_at(text, text.index("الأوسط")))] == "الأوسط\u200f"
    assert text[slice(*word_at(text, len(text) - 1))] == "5ر1"
    assert word_at("، ،", 1) == (1, 1)
    assert word_at("", 0) == (0, 0)


def test_snapping_never_cuts_a_number() -> None:
    text = "ارتفع بـ34.3 بالمئة"
    number = text.index("34.3")
    assert text[slice(*snap_to_words(text, number + 1, number + 2))] == "34.3"


def test_strip_controls_removes_marks_but_never_joiners() -> None:
    for ch in "\u200e\u200f\u061c\u202b\u202c\u2067\u2069\u200b\ufeff":
        assert is_invisible_control(ch)
    for ch in "\u200c\u200d\u0640\u0600ب ":
        assert not is_invisible_control(ch)


texts = st.text(
    st.sampled_from(list("بـ3.4ر،«» \n_x") + ["\u200f", "\u064e", "\u08ca", "😀", "\u00a0"]),
    max_size=30,
)


@given(texts)
def test_words_hold_every_word_character_and_tokens_every_other_one(text: str) -> None:
    in_words = set()
    for start, end in words(text):
        assert all(is_word_char(ch) or ch in NUMBER_SEPARATORS for ch in text[start:end])
        in_words.update(range(start, end))
    assert {i for i, ch in enumerate(text) if is_word_char(ch)} <= in_words
    covered = {i for start, end in tokenize(text) for i in range(start, end)}
    assert covered == {i for i, ch in enumerate(text) if not ch.isspace()}
