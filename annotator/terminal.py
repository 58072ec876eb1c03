"""Text for terminals: neutralise control characters, and shape and reorder Arabic.

Terminals have no bidi engine, so Arabic is shaped and put in visual order for display
only; never for the Qt view (Qt shapes and orders text itself) nor for files: output that
is piped or redirected stays in logical order, so it can be processed further.

Anything printed that came from a file or a database (ids, texts, names, paths) goes
through `printable` first: an id holding `ESC [2J` or an OSC title sequence must show as
text, not clear the screen or retitle the window.
"""

from __future__ import annotations

import unicodedata

_RTL_RANGES = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"))
# Besides the Cc controls: line and paragraph separators, which some terminals obey.
_ALSO_ESCAPED = {"\u2028", "\u2029"}


def has_rtl(text: str) -> bool:
    return any(lo <= ch <= hi for ch in text for lo, hi in _RTL_RANGES)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """Return `text` with control characters (C0, DEL, C1, U+2028/9) and lone surrogates
    written as visible escapes (`\\x1b`); `newlines` keeps line breaks."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if (ch == "\n" and newlines)
        or not (unicodedata.category(ch) in ("Cc", "Cs") or ch in _ALSO_ESCAPED)
        else _escape(ch)
        for ch in text
    )


def for_terminal(text: str, is_terminal: bool) -> str:
    """Return `text` neutralised, and shaped and in visual order when printing to a terminal."""
    text = printable(text, newlines=True)
    if not is_terminal or not has_rtl(text):
        return text
    import arabic_reshaper  # only when there is Arabic to show: `annotator gui` starts faster
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))
