"""What a word is: one definition, from Unicode categories, for CoNLL tokens and GUI snapping.

Word characters are letters (L*), numbers (N*), combining marks (Mn, Mc, Me), invisible
format characters (Cf: ZWNJ, ZWJ, LRM, RLM, ALM, bidi embeddings and isolates, ZWSP, BOM)
and the connector punctuation (Pc: the underscore), which Unicode word segmentation (UAX #29,
ExtendNumLet) also keeps inside words (nato_news, #قمة_المياه). So tatweel (Lm) and
diacritics stay in their word, and an invisible mark belongs to the word it touches instead
of being dropped or cutting the word in two. All other punctuation (the Arabic comma ، too),
symbols (S*), white space and other controls are not word characters.

A word is a run of word characters, with one rule for numbers: a number written with
separators (3.5, 1,250, ٣٫٥, and the Arabic press's 5ر1) is never cut, so a word stops in
front of it (و1,250 -> و + 1,250; بـ34.3 -> بـ + 34.3), while digits without separators stay
in their word (COVID19, بـ5).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Unicode places combining marks and format characters only in planes 0, 1 and 14 (planes 2-3
# hold ideographs, 15-16 private use); tests/test_words.py checks this against every code point.
_PLANES_WITH_MARKS = (range(0x00000, 0x20000), range(0xE0000, 0xF0000))
# What --strip-controls may remove: invisible direction marks, bidi embeddings and isolates,
# and the invisible spaces. ZWNJ and ZWJ change how letters join, so they always stay.
_DIRECTION_MARKS = {"\u200e", "\u200f", "\u061c"}  # LRM, RLM, ALM
_BIDI_CONTROL_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_INVISIBLE_SPACES = {"\u200b", "\u2060", "\ufeff"}  # ZWSP, WORD JOINER, ZWNBSP (BOM)

NUMBER_SEPARATORS = ".,٫٬ر"  # decimal and thousands separators; ر is the Arabic press's comma


def is_word_char(ch: str) -> bool:
    """Letters, numbers, combining marks, invisible format characters and the underscore
    (connector punctuation) belong to words."""
    category = unicodedata.category(ch)
    return category[0] in "LMN" or category in ("Cf", "Pc")


def is_attaching(ch: str) -> bool:
    """Combining marks and format characters: they join the character before them."""
    category = unicodedata.category(ch)
    return category[0] == "M" or category == "Cf"


def is_format(ch: str) -> bool:
    """Invisible format characters (Cf), which also join the character after them."""
    return unicodedata.category(ch) == "Cf"


def is_invisible_control(ch: str) -> bool:
    """Direction marks, bidi embeddings/isolates and invisible spaces (--strip-controls)."""
    if ch in _DIRECTION_MARKS or ch in _INVISIBLE_SPACES:
        return True
    return unicodedata.bidirectional(ch) in _BIDI_CONTROL_CLASSES


@cache
def _category_classes() -> tuple[str, str, str]:
    """Return regex atoms matching one mark or format character, one format character and
    one connector punctuation, scanned from `unicodedata` once per process (about 0.1 s)."""
    points = "".join(chr(code) for plane in _PLANES_WITH_MARKS for code in plane)
    kinds = "".join(
        "f" if category == "Cf" else "m" if category[0] == "M" else "c" if category == "Pc" else "."
        for category in map(unicodedata.category, points)
    )

    def runs(pattern: str) -> str:
        basic: list[str] = []  # sre looks a BMP-only class up in a table, others range by range
        astral: list[str] = []
        for match in re.finditer(pattern, kinds):
            first, last = points[match.start()], points[match.end() - 1]
            part = re.escape(first) if first == last else f"{re.escape(first)}-{re.escape(last)}"
            (basic if last <= "\uffff" else astral).append(part)
        if not astral:
            return f"[{''.join(basic)}]"
        return f"(?:[{''.join(basic)}]|(?=[\U00010000-\U0010ffff])[{''.join(astral)}])"

    return runs("[mf]+"), runs("f+"), runs("c+")


def attaching_class() -> str:
    """Regex class of combining marks and format characters (they join a neighbour)."""
    return _category_classes()[0]


def format_class() -> str:
    """Regex class of format characters (Cf)."""
    return _category_classes()[1]


@cache
def _basic_letterish_class() -> str:
    """Return one regex class of the BMP's word characters but decimal digits.

    The same characters as `[^\\W\\d]`, marks, format characters and connectors together,
    but one table lookup per character instead of an alternation: the tokenizer's speed.
    """
    bmp = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    kinds = "".join(
        "w"
        if ((ch.isalnum() or ch == "_") and not ch.isdecimal())
        or category[0] == "M"
        or category in ("Cf", "Pc")
        else "."
        for ch, category in zip(bmp, map(unicodedata.category, bmp), strict=True)
    )
    parts = []
    for match in re.finditer("w+", kinds):
        first, last = bmp[match.start()], bmp[match.end() - 1]
        parts.append(re.escape(first) if first == last else f"{re.escape(first)}-{re.escape(last)}")
    return f"[{''.join(parts)}]"


@cache
def word_patterns() -> tuple[str, str]:
    """Return the regex sources of a number and of a word (see the module docstring)."""
    connector = _category_classes()[2]
    # word characters but digits; the BMP class first answers nearly every character at once
    basic = _basic_letterish_class()
    letterish = rf"(?:{basic}|[^\W\d]|{attaching_class()}|{connector})"
    digits_in_word = rf"\d++(?![{NUMBER_SEPARATORS}]\d)"  # possessive: never cut a number
    tail = rf"(?:{basic}++|{letterish}|{digits_in_word})*+"  # whole runs of the BMP class
    number = rf"\d++(?:[{NUMBER_SEPARATORS}]\d++)*+{tail}"  # 3.5, 1,250, ٣٫٥, 5ر1, 2024م
    return number, rf"{letterish}{tail}"


@cache
def _words_regex() -> re.Pattern[str]:
    return re.compile("|".join(word_patterns()))


_SPACE = re.compile(r"\s")


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the words of `text[start:end]` (start at a word edge) as `(start, end)` ranges."""
    stop = len(text) if end is None else end
    return [match.span() for match in _words_regex().finditer(text, start, stop)]


def word_at(text: str, position: int) -> tuple[int, int]:
    """Return the word around `position`: the one holding the character there, else the one
    ending there; `(position, position)` if there is none (white space, punctuation)."""
    if not 0 <= position <= len(text):
        return position, position
    chunk_start = position  # words never hold white space: look only between two spaces
    while chunk_start > 0 and not text[chunk_start - 1].isspace():
        chunk_start -= 1
    space = _SPACE.search(text, position)
    chunk_end = space.start() if space else len(text)
    found = (position, position)
    for start, end in words(text, chunk_start, chunk_end):
        if start <= position < end:
            return start, end
        if end == position:
            found = (start, end)
    return found


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` to whole words, then drop white space at its edges.

    A selection dragged from the middle of one word to the middle of another covers
    both words; one that already sits on word edges is unchanged.
    """
    start, end = min(start, end), max(start, end)
    if start == end:
        return start, end
    if start < len(text):
        word_start, word_end = word_at(text, start)
        if word_start < start < word_end:
            start = word_start
    word_start, word_end = word_at(text, end - 1)
    if word_start < end < word_end:
        end = word_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
