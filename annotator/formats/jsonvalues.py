"""JSON values from a file in any of the shapes tools write: JSON Lines, pretty-printed
objects over several lines (doccano's examples), or one JSON array of objects (Label
Studio's and some doccano exports).

The file is streamed line by line (`annotator.formats.lines`), also an array: a value is
gathered from the line where it starts until its brackets close, then parsed on its own,
so memory holds one value at a time and every error names the line where its value starts.
JSON strings cannot hold a raw line break, so a line's brackets can be counted after its
complete strings are blanked out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.formats.lines import text_lines

# A complete JSON string (strings never span lines); what is left holds the brackets.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_OPEN = re.compile(r"[\[{]")
_CLOSE = re.compile(r"[\]}]")
_SPACE = re.compile(r"\s+")


def parse_value(text: str) -> Any:
    """Parse one JSON value; AnnotatorError (no location) when it is malformed."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = (
            f"line {error.lineno}, column {error.colno}"
            if error.lineno > 1
            else (f"column {error.colno}")
        )
        raise AnnotatorError(f"malformed JSON: {error.msg} ({where} of the value)") from None
    except RecursionError:
        raise AnnotatorError("malformed JSON: nested too deeply") from None


def _depth_change(line: str) -> int:
    bare = _STRING.sub("", line)
    return len(_OPEN.findall(bare)) - len(_CLOSE.findall(bare))


def json_values(path: Path, encoding: str | None = None) -> Iterator[tuple[int, Any]]:
    """Yield `(line where it starts, value)` for every top-level value of the file, or for
    every element when the file is one JSON array. Errors are located at file and line."""
    lines = text_lines(path, encoding)
    try:
        for number, line in lines:
            if line.strip():
                if line.lstrip().startswith("["):
                    yield from _array_values((number, line), lines)
                else:
                    yield from _line_values((number, line), lines)
                return
    except AnnotatorError as error:
        raise error.located(path) from None


def _line_values(
    first: tuple[int, str], lines: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, Any]]:
    """JSON Lines, where a value may also run over several lines until its brackets close."""
    buffer: list[str] = []
    start_line = depth = 0
    for number, line in _chain_first(first, lines):
        if not buffer:
            if not line.strip():
                continue
            try:  # the common case: a whole value on its line
                yield number, json.loads(line)
                continue
            except (json.JSONDecodeError, RecursionError):
                if not line.lstrip().startswith(("{", "[")):
                    yield number, _parse_at(line, number)
                start_line, depth = number, 0
        buffer.append(line)
        depth += _depth_change(line)
        if depth <= 0:
            yield start_line, _parse_at("\n".join(buffer), start_line)
            buffer = []
    if buffer:
        raise AnnotatorError(
            "malformed JSON: the value that starts here never ends (a missing } or ])",
            line=start_line,
        )


def _array_values(
    first: tuple[int, str], lines: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, Any]]:
    """One JSON array: read whole (its elements are parsed one at a time)."""
    number = first[0]
    text = "\n".join(text for _, text in _chain_first(first, lines))
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    line_number = number + text.count("\n", 0, position)
    counted = position
    expect_value, after_comma = True, False
    while True:
        match = _SPACE.match(text, position)
        position = match.end() if match else position
        if position >= len(text):
            raise AnnotatorError("the JSON array is not closed (a missing ])", line=number)
        line_number += text.count("\n", counted, position)
        counted = position
        char = text[position]
        if char == "]" and not after_comma:
            rest = text[position + 1 :].strip()
            if rest:
                raise AnnotatorError(f"unexpected text after the JSON array: {rest[:20]!r}")
            return
        if char == "," and not expect_value:
            position, expect_value, after_comma = position + 1, True, True
            continue
        if not expect_value:
            raise AnnotatorError("malformed JSON: expected , or ] between values", line=line_number)
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise AnnotatorError(
                f"malformed JSON: {error.msg} (line {number + error.lineno - 1}, "
                f"column {error.colno})",
                line=line_number,
            ) from None
        except RecursionError:
            raise AnnotatorError("malformed JSON: nested too deeply", line=line_number) from None
        yield line_number, value
        expect_value = after_comma = False


def _chain_first(
    first: tuple[int, str], lines: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    yield first
    yield from lines


def _parse_at(text: str, line: int) -> Any:
    try:
        return parse_value(text)
    except AnnotatorError as error:
        raise error.located(None, line) from None


def first_value(path: Path, encoding: str | None = None, limit: int = 1 << 20) -> Any:
    """Return the file's first JSON value (an array's first element) when it ends within
    the first `limit` characters; None when it does not or does not read as JSON. Reads
    only up to where that value ends: for sniffing a file's shape."""
    head: list[str] = []
    size = depth = 0
    try:
        for _, line in text_lines(path, encoding):
            if not head and not line.strip():
                continue
            if not head and line.lstrip().startswith("["):
                line = line.lstrip()[1:]
            head.append(line)
            size += len(line) + 1
            depth += _depth_change(line)
            if (depth <= 0 and "".join(head).strip()) or size > limit:
                break
    except AnnotatorError:
        return None
    try:
        return json.JSONDecoder().raw_decode("\n".join(head).strip())[0]
    except (json.JSONDecodeError, RecursionError):
        return None
