"""Invisible characters that decide how a line renders: which they are and how to name them.

Bidi marks, embeddings and isolates reorder a line without showing; joiners change how
letters connect; a no-break space looks like a space; tatweel stretches a word. The view
paints a small mark for each (never changing the text or a glyph); the status bar names the
characters of a short selection, so a linguist can tell why a line looks wrong.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Invisible:
    """How one invisible character is shown: a short tag and a kind that picks its colour."""

    char: str
    tag: str  # a few ASCII letters painted small above the line
    kind: str  # "bidi", "joiner", "space" or "tatweel"


INVISIBLES: dict[str, Invisible] = {
    inv.char: inv
    for inv in (
        Invisible("\u200e", "LRM", "bidi"),
        Invisible("\u200f", "RLM", "bidi"),
        Invisible("\u061c", "ALM", "bidi"),
        Invisible("\u202a", "LRE", "bidi"),
        Invisible("\u202b", "RLE", "bidi"),
        Invisible("\u202c", "PDF", "bidi"),
        Invisible("\u202d", "LRO", "bidi"),
        Invisible("\u202e", "RLO", "bidi"),
        Invisible("\u2066", "LRI", "bidi"),
        Invisible("\u2067", "RLI", "bidi"),
        Invisible("\u2068", "FSI", "bidi"),
        Invisible("\u2069", "PDI", "bidi"),
        Invisible("\u200c", "ZWNJ", "joiner"),
        Invisible("\u200d", "ZWJ", "joiner"),
        Invisible("\u2060", "WJ", "joiner"),
        Invisible("\ufeff", "ZWNBSP", "joiner"),
        Invisible("\u200b", "ZWSP", "space"),
        Invisible("\u00a0", "NBSP", "space"),
        Invisible("\u202f", "NNBSP", "space"),
        Invisible("\u00ad", "SHY", "space"),
        Invisible("\u0640", "TATWEEL", "tatweel"),
    )
}
_PATTERN = re.compile("[" + "".join(sorted(INVISIBLES)) + "]")
# A selection this short (code points) has every character named, not only invisible ones.
NAME_ALL_UP_TO = 4


def find_invisibles(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, Invisible]]:
    """Return `(offset, Invisible)` for each invisible character of `text[start:end]`."""
    stop = len(text) if end is None else end
    return [(m.start(), INVISIBLES[m.group()]) for m in _PATTERN.finditer(text, start, stop)]


def character_name(char: str) -> str:
    """Return `U+200F RIGHT-TO-LEFT MARK`: the code point and its Unicode name."""
    name = unicodedata.name(char, "")
    if not name:  # controls have no name in unicodedata; their category says what they are
        name = {"Cc": "<control>", "Cn": "<unassigned>", "Co": "<private use>"}.get(
            unicodedata.category(char), "<unnamed>"
        )
    return f"U+{ord(char):04X} {name}"


def describe_characters(text: str) -> str:
    """Name the characters of a selected `text`: each of a short one, else only the
    invisible ones (with how many times each occurs); empty when there is nothing to say."""
    if not text:
        return ""
    if len(text) <= NAME_ALL_UP_TO:
        return " · ".join(character_name(ch) for ch in text)
    counts: dict[str, int] = {}
    for _offset, invisible in find_invisibles(text):
        counts[invisible.char] = counts.get(invisible.char, 0) + 1
    return " · ".join(
        character_name(ch) + (f" ×{count}" if count > 1 else "") for ch, count in counts.items()
    )
