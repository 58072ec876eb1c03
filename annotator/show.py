"""`annotator show`: a document with its spans marked, for reading in a terminal.

Spans are written inline as `[LABEL text]`. Piped or redirected, the output is the logical
text with these marks (for grep and friends). On a terminal, which has no bidi engine, each
paragraph is first wrapped to the terminal's width and then every line on its own is shaped
(arabic-reshaper) and put in visual order: reordering a paragraph and then cutting it would
put its first words on the last line. The order comes from python-bidi (its Rust
unicode-bidi levels); brackets and other mirrored characters in right-to-left runs are
mirrored here (rule L4 of UAX #9), which python-bidi's Rust `get_display` leaves out.
Control characters in the text are neutralised (`printable`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from annotator.model import Span
from annotator.terminal import printable

# Classes that rule L1 puts back to the paragraph level at the end of a line.
_TRAILING_CLASSES = {"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"}


def marked_text(text: str, spans: Iterable[Span], space: str = " ") -> str:
    """Return the text with `[LABEL ` before and `]` after each span, control characters
    neutralised; an outer span opens before and closes after the spans inside it. `space`
    ends the tag (a no-break space keeps it whole when lines are wrapped)."""
    events: dict[int, tuple[list[Span], list[Span]]] = {}
    for span in spans:
        events.setdefault(span.start, ([], []))[1].append(span)
        events.setdefault(span.end, ([], []))[0].append(span)
    pieces = []
    position = 0
    for offset in sorted(events):
        closing, opening = events[offset]
        pieces.append(printable(text[position:offset], newlines=True))
        pieces += ["]" for _ in closing]
        for span in sorted(opening, key=lambda s: -s.end):
            pieces.append(f"[{printable(span.label)}{space}")
        position = offset
    pieces.append(printable(text[position:], newlines=True))
    return "".join(pieces)


def char_width(ch: str) -> int:
    """Return the columns a terminal gives a character: 0 for marks and invisible format
    characters, 2 for wide East Asian ones, else 1."""
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(paragraph: str, width: int) -> list[str]:
    """Cut a paragraph (logical order) into lines of at most `width` columns at spaces; a
    word longer than a line is cut, never before a combining mark."""
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for word in re.split(r"(?<= )", paragraph):  # each word keeps its space
        if line and _width(line + word.rstrip(" ")) > width:
            lines.append(line.rstrip(" "))
            line = ""
        while _width(word.rstrip(" ")) > width:
            cut = _cut(word, width)
            lines.append(word[:cut])
            word = word[cut:]
        line += word
    lines.append(line.rstrip(" "))
    return lines


def _width(text: str) -> int:
    return sum(map(char_width, text))


def _cut(word: str, width: int) -> int:
    """Return where to cut an over-long word: after at most `width` columns, before no mark."""
    used = cut = 0
    for index, ch in enumerate(word):
        used += char_width(ch)
        if used > width:
            break
        cut = index + 1
    while 1 < cut < len(word) and char_width(word[cut]) == 0:
        cut -= 1
    return max(cut, 1)


def render(text: str, spans: Sequence[Span], *, terminal: bool, width: int = 80) -> str:
    """Return what `annotator show` prints: the marked text, logical when piped; wrapped,
    shaped and in visual order line by line on a terminal."""
    if not terminal:
        return marked_text(text, spans)
    marked = marked_text(text, spans, "\u00a0")
    import arabic_reshaper  # terminal libraries load only for a terminal
    from bidi import get_base_level

    lines = []
    for paragraph, original in zip(marked.split("\n"), text.split("\n"), strict=True):
        base = get_base_level(original) if original.strip() else 0
        for line in wrap(paragraph, width):
            lines.append(display_line(arabic_reshaper.reshape(line), base))
    return "\n".join(lines)


def bidi_levels(line: str, base: int) -> list[int] | None:
    """Return the resolved embedding level of each character of one line (a paragraph of
    direction `base`, 0 or 1) from python-bidi's Rust engine, with rule L1 applied; None
    when the engine does not report them."""
    from bidi import get_display

    report = get_display(line, base_dir="LR"[base], debug=True)
    found = re.search(r"levels: \[(.*?)\]", str(report), re.DOTALL)
    if found is None:
        return None
    per_byte = [int(level) for level in re.findall(r"Level\(\s*(\d+)", found.group(1))]
    levels = []
    position = 0
    for ch in line:
        if position >= len(per_byte):
            return None
        levels.append(per_byte[position])
        position += len(ch.encode("utf-8"))
    if position != len(per_byte):
        return None
    classes = [unicodedata.bidirectional(ch) for ch in line]
    trailing = True
    for index in range(len(line) - 1, -1, -1):  # L1: separators and trailing white space
        if classes[index] in ("S", "B"):
            levels[index] = base
            trailing = True
        elif trailing and classes[index] in _TRAILING_CLASSES:
            levels[index] = base
        else:
            trailing = False
    return levels


def visual_order(levels: Sequence[int]) -> list[int]:
    """Return logical indices in visual order (rule L2: from the highest level down to the
    lowest odd one, reverse every run at that level or higher)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


def display_line(line: str, base: int) -> str:
    """Return one (shaped) line in visual order, mirrored characters of right-to-left runs
    mirrored; python-bidi's own order when its levels cannot be read."""
    from bidi import get_display
    from bidi.mirror import MIRRORED

    reordered = str(get_display(line, base_dir="LR"[base]))
    levels = bidi_levels(line, base)
    if levels is None:
        return reordered
    order = visual_order(levels)
    if "".join(line[index] for index in order) != reordered:
        return reordered  # never show another order than python-bidi's
    return "".join(
        MIRRORED.get(line[index], line[index]) if levels[index] % 2 else line[index]
        for index in order
    )
