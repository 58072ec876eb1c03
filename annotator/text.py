"""Canonical text: the imported text with only the BOM and line endings normalised.

Nothing else is touched: no Unicode normalisation, and diacritics, tatweel, ZWNJ, bidi
marks and isolates all stay, because offsets into the text are the product's contract.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable

from annotator.errors import AnnotatorError

BOM = "\ufeff"

# Characters besides the Arabic block that Windows-1256 Arabic text commonly contains.
_CP1256_COMPANIONS = set("\u00a0«»\u200c\u200d\u200e\u200f…–—‘’“”•×÷")


def canonicalize(text: str) -> str:
    """Return `text` without a leading BOM and with CRLF and lone CR turned into LF."""
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def canonicalize_with_offsets(text: str) -> tuple[str, Callable[[int], int]]:
    """Canonicalize `text` and return a function mapping its old offsets to new ones.

    For formats that carry offsets into a non-canonical text (a JSON string with CRLF):
    the spans keep covering the same characters after the BOM and the CRs are dropped.
    """
    removed = [0] if text.startswith(BOM) else []
    removed += [m.start() for m in re.finditer("\r(?=\n)", text)]
    return canonicalize(text), lambda offset: offset - bisect_left(removed, offset)


def line_of(data: bytes | str, position: int) -> int:
    """Return the 1-based line number of `position` in `data`."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, position) + 1  # type: ignore[arg-type]


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes into canonical text; return `(text, encoding_used)`."""
    text, used = decode_raw(data, encoding)
    text = canonicalize(text)
    if not text or text.isspace():
        raise AnnotatorError("empty file (only white space)")
    return text, used


def decode_raw(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes without canonicalizing (for formats whose offsets count the raw
    text, such as brat); return `(text, encoding_used)`.

    Detects UTF-8 (with or without BOM), UTF-16 with a BOM and Windows-1256 Arabic;
    `encoding` forces one. Raises AnnotatorError (with a line number where one is known)
    for empty, binary or undecodable input.
    """
    if not data:
        raise AnnotatorError("empty file")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise AnnotatorError(f"unknown encoding {encoding!r}") from None
        return _strict_decode(data, encoding), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict_decode(data, "utf-16")
        _reject_binary_text(text)
        return text, "utf-16"
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise AnnotatorError(f"binary file (NUL byte at byte {at}); expected text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        cp1256 = data.decode("cp1256", errors="replace")
        if _looks_like_cp1256_arabic(cp1256):
            text = cp1256
            _reject_binary_text(text)
            return text, "cp1256"
        raise AnnotatorError(
            f"undecodable bytes: not UTF-8 (byte 0x{data[error.start]:02x} at byte "
            f"{error.start}) and not Windows-1256 Arabic; pass --encoding to force one",
            line=line_of(data, error.start),
        ) from None
    _reject_binary_text(text)
    return text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"


def _strict_decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise AnnotatorError(
            f"undecodable bytes for {encoding} (byte 0x{data[error.start]:02x} at byte "
            f"{error.start}): {error.reason}",
            line=line_of(data, error.start),
        ) from None


def _reject_binary_text(text: str) -> None:
    """Refuse text full of control characters: a binary file that happened to decode."""
    if not text or text.isspace():
        raise AnnotatorError("empty file (only white space)")
    controls = [i for i, ch in enumerate(text[:65536]) if _is_binary_control(ch)]
    if len(controls) > 0 and len(controls) * 100 > min(len(text), 65536):
        raise AnnotatorError(
            f"binary file ({len(controls)} control characters, the first at character "
            f"{controls[0]}); expected text"
        )


def _is_binary_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v"


def _looks_like_cp1256_arabic(text: str) -> bool:
    """True when the non-ASCII characters of a cp1256 decoding are (nearly all) Arabic."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return False
    arabic_letters = sum(1 for ch in non_ascii if "\u0621" <= ch <= "\u064a")
    plausible = sum(1 for ch in non_ascii if "\u0600" <= ch <= "\u06ff" or ch in _CP1256_COMPANIONS)
    return plausible >= 0.97 * len(non_ascii) and arabic_letters >= 0.5 * len(non_ascii)
