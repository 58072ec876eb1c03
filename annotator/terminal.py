"""Arabic for terminals, which have no bidi engine: shape and reorder for display only.

Never used for the Qt view (Qt shapes and orders text itself) nor for files: output that
is piped or redirected stays in logical order, so it can be processed further.
"""

from __future__ import annotations

import arabic_reshaper
from bidi import get_display

_RTL_RANGES = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"))


def has_rtl(text: str) -> bool:
    return any(lo <= ch <= hi for ch in text for lo, hi in _RTL_RANGES)


def for_terminal(text: str, is_terminal: bool) -> str:
    """Return `text` shaped and in visual order when printing to a terminal."""
    if not is_terminal or not has_rtl(text):
        return text
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))
