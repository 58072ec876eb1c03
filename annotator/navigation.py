"""Moving around a document, decided without Qt: find with wrap, Tab through spans, edges
moved by arrows in the paragraph's direction."""

from __future__ import annotations

from annotator.editing import is_rtl_paragraph, move_edge

ARROWS = ("left", "right", "back", "forward")


def find_next(text: str, needle: str, after: int) -> tuple[int, int] | None:
    """Return the next match of `needle` at or after `after`, wrapping to the top once."""
    if not needle:
        return None
    found = text.find(needle, after)
    if found < 0:
        found = text.find(needle)
    return None if found < 0 else (found, found + len(needle))


def step_row(current: int | None, count: int, step: int) -> int | None:
    """Return the row Tab (+1) or Shift+Tab (-1) selects among `count` spans, wrapping.

    Without a current row, Tab starts at the first span and Shift+Tab at the last.
    """
    if count == 0:
        return None
    if current is None:
        return 0 if step > 0 else count - 1
    return (current + step) % count


def paragraph_at(text: str, offset: int) -> str:
    """Return the paragraph (line) holding `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


def text_step(arrow: str, rtl: bool) -> int:
    """Return the step along the text of an arrow: left/right go on screen, so in a
    right-to-left paragraph left moves forward; back/forward go along the text."""
    if arrow not in ARROWS:
        raise ValueError(f"unknown arrow {arrow!r}")
    if arrow in ("back", "forward"):
        return -1 if arrow == "back" else 1
    on_screen = -1 if arrow == "left" else 1
    return -on_screen if rtl else on_screen


def move_edge_by_arrow(text: str, start: int, end: int, edge: str, arrow: str) -> tuple[int, int]:
    """Move the span's `edge` one character in the arrow's direction (see `text_step`)."""
    rtl = is_rtl_paragraph(paragraph_at(text, start))
    return move_edge(text, start, end, edge, text_step(arrow, rtl))
