"""Read a text file line by line, decoding as it goes, so an import holds one line at a time.

The encoding is found as `annotator.text.decode` finds it for a whole file (a forced one,
a BOM, UTF-8, else Windows-1256 Arabic), but from the head of the file: its first 64 KiB
(checked for binary content too), or, while everything so far is ASCII, the first line that
is not. Each line is then decoded on its own, so a decoding error names its line. Lines are
those of the canonical text: a BOM is dropped, CRLF and lone CR end lines.

Files in an encoding that is not ASCII-compatible (UTF-16) are decoded whole: their lines
cannot be cut as bytes.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.errors import AnnotatorError
from annotator.text import BOM, decode, decode_raw

HEAD_BYTES = 1 << 16
_ASCII_PROBE = '\n\r\t {}[]":,AZaz09'


def text_lines(path: Path, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield `(line number, line)` of the file's canonical text, without line ends.

    Raises AnnotatorError located at the file (and line) for unreadable, empty, binary or
    undecodable files; a file of white space only is an error once it has been read.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=path) from None
    with handle:
        try:
            yield from _lines(handle, encoding)
        except AnnotatorError as error:
            raise error.located(path) from None
        except OSError as error:
            raise AnnotatorError(f"cannot read: {error.strerror}", path=path) from None


def _lines(handle: BinaryIO, encoding: str | None) -> Iterator[tuple[int, str]]:
    head = handle.read(HEAD_BYTES)
    if not _ascii_compatible(head, encoding):
        text, _ = decode(head + handle.read(), encoding)
        yield from enumerate(text.split("\n"), start=1)
        return
    complete = len(head) < HEAD_BYTES
    sample = head if complete else _whole_lines(head)
    used: str | None = encoding
    if sample:
        _, detected = decode_raw(sample, encoding)  # empty, binary, undecodable head
        if encoding is None and not sample.isascii():
            used = detected
    elif not head:
        raise AnnotatorError("empty file")
    decoder = _LineDecoder(used, forced=encoding is not None)
    number = 0
    blank = True
    offset = 0
    ended = True  # the text so far ends with a line break: one more (empty) line follows
    for raw in _chain(head, handle):
        for line in decoder.decode(raw, number + 1, offset):
            number += 1
            blank = blank and (not line or line.isspace())
            yield number, line
        offset += len(raw)
        ended = raw.endswith(b"\n")
    if ended:
        yield number + 1, ""
    if blank:
        raise AnnotatorError("empty file (only white space)")


def _ascii_compatible(head: bytes, encoding: str | None) -> bool:
    if encoding is None:
        return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        return _ASCII_PROBE.encode(encoding) == _ASCII_PROBE.encode("ascii")
    except (LookupError, UnicodeError):
        return False  # decode() names the unknown encoding


def _whole_lines(head: bytes) -> bytes:
    """Cut `head` after its last line break, else before a UTF-8 sequence it splits."""
    cut = head.rfind(b"\n")
    if cut >= 0:
        return head[: cut + 1]
    end = len(head)
    while end > 0 and end > len(head) - 4 and 0x80 <= head[end - 1] < 0xC0:
        end -= 1
    if end > 0 and head[end - 1] >= 0xC0:
        end -= 1
    return head[:end]


def _chain(head: bytes, handle: BinaryIO) -> Iterator[bytes]:
    """Yield the file's lines as bytes (each with its b"\\n"), `head` already read."""
    start = 0
    while True:
        end = head.find(b"\n", start)
        if end < 0:
            break
        yield head[start : end + 1]
        start = end + 1
    rest = head[start:]
    first = handle.readline()
    if rest or first:
        yield rest + first
    yield from handle


class _LineDecoder:
    """Decode one line of bytes at a time; the encoding is settled at the first line that
    is not ASCII when the head did not settle it."""

    def __init__(self, encoding: str | None, forced: bool) -> None:
        self.encoding = encoding
        self.forced = forced

    def decode(self, raw: bytes, number: int, offset: int) -> list[str]:
        """Return the canonical lines in `raw` (a lone CR ends a line too)."""
        if raw.isascii():
            if not self.forced and b"\x00" in raw:
                at = offset + raw.index(b"\x00")
                raise AnnotatorError(f"binary file (NUL byte at byte {at}); expected text")
            text = raw.decode("ascii")
        else:
            text = self._decode(raw, number, offset)
        if number == 1 and text.startswith(BOM):
            text = text[1:]
        if text.endswith("\n"):
            text = text[:-2] if text.endswith("\r\n") else text[:-1]
        if "\r" not in text:
            return [text]
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def _decode(self, raw: bytes, number: int, offset: int) -> str:
        if self.encoding is None:
            self.encoding = _settle(raw, number, offset)
        if not self.forced and b"\x00" in raw:
            at = offset + raw.index(b"\x00")
            raise AnnotatorError(f"binary file (NUL byte at byte {at}); expected text")
        codec = "utf-8" if self.encoding == "utf-8-sig" and number > 1 else self.encoding
        try:
            return raw.decode(codec)
        except UnicodeDecodeError as error:
            byte = f"byte 0x{raw[error.start]:02x} at byte {offset + error.start}"
            if self.forced:
                message = f"undecodable bytes for {self.encoding} ({byte}): {error.reason}"
            else:
                message = (
                    f"undecodable bytes: not {self.encoding} ({byte}), though the file "
                    "began so; pass --encoding to force one"
                )
            raise AnnotatorError(message, line=number) from None


def _settle(raw: bytes, number: int, offset: int) -> str:
    """Choose the encoding at the first line that is not ASCII: UTF-8 if it decodes, else
    Windows-1256 if it reads as Arabic (as `decode_raw` judges a whole file)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return decode_raw(raw)[1]
        except AnnotatorError as error:
            raise AnnotatorError(_relocated(error.message, offset), line=number) from None
    return "utf-8-sig" if number == 1 and raw.startswith(codecs.BOM_UTF8) else "utf-8"


def _relocated(message: str, offset: int) -> str:
    """Shift the `at byte N` of a message about one line to the file's byte offset."""
    head, marker, rest = message.partition(" at byte ")
    if not marker:
        return message
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return f"{head}{marker}{int(rest[:digits]) + offset}{rest[digits:]}"
