"""File names for document ids, shared by the formats that write a file per document (brat,
WebAnno TSV): reversible %-escapes, no name outside the output folder, names unique on a
case-blind disk, and ids too long for a file name cut with a hash."""

from __future__ import annotations

import hashlib
import re

_SAFE = re.compile(r"[^\w\-.]|^\.")
_ESCAPE = re.compile(r"(?:%[0-9A-F]{2})+")
_TOKEN = re.compile(r"%[0-9A-F]{2}|.", re.DOTALL)
MAX_STEM_BYTES = 200  # file names hold 255 bytes; leave room for `.ann` and tools' suffixes
_KEPT_STEM_BYTES = 120


def percent_escape(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode("utf-8"))


def file_stem(doc_id: str) -> str:
    """Return a file name for a document id: word characters (Arabic too), '-' and '.'
    stay; anything else (path separators, '..' at the start, quotes) is %-escaped, so no
    file lands outside the output folder and the id can be recovered."""
    return _SAFE.sub(lambda m: percent_escape(m.group()), doc_id)


def doc_id_from_stem(stem: str) -> str:
    return _ESCAPE.sub(
        lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace"), stem
    )


def unique_stem(doc_id: str, used: set[str]) -> str:
    """Return a file stem for `doc_id` that no stem in `used` equals ignoring case.

    A case-blind disk (macOS, Windows) would merge `Doc.txt` and `doc.txt`: the later id's
    characters are %-escaped one by one from the left until the name is free, which still
    decodes to the exact id. An id too long for a file name keeps its first bytes and adds
    `~` and a hash (`~` never appears in an escaped id); the full id is in the `.ann`.
    """
    stem = file_stem(doc_id)
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        kept = ""
        for token in _TOKEN.findall(stem):
            if len((kept + token).encode("utf-8")) > _KEPT_STEM_BYTES:
                break
            kept += token
        stem = f"{kept}~{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:16]}"
    tokens = _TOKEN.findall(stem)
    position = 0
    while stem.casefold() in used and position < len(tokens):
        if not tokens[position].startswith("%") or len(tokens[position]) == 1:
            tokens[position] = percent_escape(tokens[position])
        position += 1
        stem = "".join(tokens)
    used.add(stem.casefold())
    return stem
