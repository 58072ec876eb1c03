"""Code-point offsets (ours, everywhere) against UTF-16 positions (Qt's, at the widget edge).

Python strings index by code point; Qt's QString by UTF-16 unit, where every character
outside the Basic Multilingual Plane (emoji, 𝐀, many flags' halves) takes two units.
`OffsetMap` converts in O(log n) per call after one O(n) pass over the text, so a 1 MB
document with a few emoji costs nothing to map.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# Characters outside the BMP: two UTF-16 units each. A regex scans 1 MB in milliseconds.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Return the number of UTF-16 code units in `text`."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class OffsetMap:
    """Convert between code-point offsets and UTF-16 positions in one text."""

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        # Code-point offsets of the characters that take two UTF-16 units.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # Their UTF-16 start positions: each earlier astral character adds one unit.
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    def to_utf16(self, offset: int) -> int:
        """Return the UTF-16 position of code-point `offset` (0..len(text))."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside 0..{self.length}")
        return offset + bisect_left(self._astral_cp, offset)

    def from_utf16(self, position: int) -> int:
        """Return the code-point offset of UTF-16 `position`.

        A position between the two halves of a surrogate pair maps to the start of
        that character, so a selection can never cut a character in two.
        """
        if not 0 <= position <= self.utf16_length:
            raise ValueError(f"UTF-16 position {position} outside 0..{self.utf16_length}")
        # k astral characters start before `position`; each took one extra unit (for a
        # position inside a pair, the count includes that pair, which rounds down).
        return position - bisect_left(self._astral_u16, position)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """Return the UTF-16 `(start, end)` of a code-point span."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_from_utf16(self, start: int, end: int) -> tuple[int, int]:
        """Return the code-point span covering UTF-16 `(start, end)`, whole characters only."""
        cp_start = self.from_utf16(start)
        cp_end = self.from_utf16(end)
        if self.to_utf16(cp_end) < end:  # end fell inside a pair: include that character
            cp_end += 1
        return cp_start, cp_end
