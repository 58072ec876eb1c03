"""Text-editing rules of the article view that need no display: word snapping (from
`annotator.words`, shared with the CoNLL tokens), moving a span's edges, digits of every
script as label keys, paragraph direction.

Kept out of `gui/` so they are tested directly, on Arabic, without Qt.
"""

from __future__ import annotations

import unicodedata

from annotator.words import is_word_char, snap_to_words, word_at

__all__ = [
    "ascii_digit",
    "describe_selection",
    "is_rtl_paragraph",
    "is_word_char",
    "move_edge",
    "snap_to_words",
    "word_at",
]

_ISOLATE_OPENERS = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI
_ISOLATE_CLOSER = "\u2069"  # PDI


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def move_edge(text: str, start: int, end: int, edge: str, step: int) -> tuple[int, int]:
    """Move the `edge` ("start" or "end") by one character (`step` = -1 or +1).

    Combining marks travel with their base letter, so an edge never separates a
    diacritic from its letter; a span never becomes empty.
    """
    if edge not in ("start", "end") or step not in (-1, 1):
        raise ValueError("edge must be 'start' or 'end' and step -1 or +1")
    position = start if edge == "start" else end
    position += step
    while 0 < position < len(text) and _is_mark(text[position]):
        position += step
    position = max(0, min(len(text), position))
    new_start, new_end = (position, end) if edge == "start" else (start, position)
    if new_end <= new_start:
        return start, end
    return new_start, new_end


_DIGITS = {}
for _base in (0x30, 0x660, 0x6F0):  # ASCII, Arabic-Indic ٠..٩, Persian ۰..۹
    for _value in range(10):
        _DIGITS[chr(_base + _value)] = str(_value)


def ascii_digit(key_text: str) -> str | None:
    """Return "1".."9" for a digit key in ASCII, Arabic-Indic or Persian script."""
    return _DIGITS.get(key_text) if len(key_text) == 1 else None


def is_rtl_paragraph(paragraph: str) -> bool:
    """Return the paragraph direction by the Unicode bidi rules P2-P3.

    The first strong character (L, R or AL) outside isolates decides; a paragraph with
    none is left-to-right.
    """
    depth = 0
    for ch in paragraph:
        if ch in _ISOLATE_OPENERS:
            depth += 1
        elif ch == _ISOLATE_CLOSER:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(ch)
            if kind == "L":
                return False
            if kind in ("R", "AL"):
                return True
    return False


SELECTION_LINE = "{start}–{end} ({length} characters): {text}"


def describe_selection(
    text: str, start: int, end: int, limit: int = 60, line: str = SELECTION_LINE
) -> str:
    """Return the status-bar line for a selection: offsets, length and the logical text
    (`line` is the sentence around them, so the interface can give it in its language)."""
    if start == end:
        return f"{start}"
    selected = text[start:end].replace("\n", "⏎")
    if len(selected) > limit:
        selected = selected[: limit - 1] + "…"
    return line.format(start=start, end=end, length=end - start, text=f"\u2068{selected}\u2069")
