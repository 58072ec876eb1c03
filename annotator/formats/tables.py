"""Claim and stance tables for classifier training: CSV (RFC 4180) and JSONL.

One row per claim (with its first claimant by position; `claimants` counts them all) and
one row per stance (polarity, first holder, first target). CSV cells that a spreadsheet
would run as a formula get a leading apostrophe, so opening the file never executes
anything: a cell whose first character, after any white space and invisible format
characters (bidi marks, embeddings, isolates, zero-width characters), is = + - @ or a
full-width or small form of them (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫) or the minus sign −, or that starts
with tab or carriage return (OWASP). JSONL keeps text verbatim.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Iterator
from typing import IO, Any

from annotator.formats import WriteContext
from annotator.formats.report import Report
from annotator.model import Document, Span

CLAIM_COLUMNS = (
    "doc_id",
    "claim_id",
    "claim_text",
    "claim_start",
    "claim_end",
    "claimants",
    "claimant_id",
    "claimant_text",
    "claimant_start",
    "claimant_end",
)
STANCE_COLUMNS = (
    "doc_id",
    "stance_id",
    "stance_text",
    "stance_start",
    "stance_end",
    "polarity",
    "holder_id",
    "holder_text",
    "holder_start",
    "holder_end",
    "target_id",
    "target_layer",
    "target_text",
    "target_start",
    "target_end",
)
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")


def _linked(document: Document, span: Span, kind: str) -> list[Span]:
    by_id = {s.id: s for s in document.spans}
    found = [
        by_id[r.to_id]
        for r in document.relations
        if r.from_id == span.id and r.type == kind and r.to_id in by_id
    ]
    return sorted(found, key=lambda s: (s.start, s.end))


def _span_fields(prefix: str, text: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {
            f"{prefix}_id": "",
            f"{prefix}_text": "",
            f"{prefix}_start": "",
            f"{prefix}_end": "",
        }
    return {
        f"{prefix}_id": span.id,
        f"{prefix}_text": text[span.start : span.end],
        f"{prefix}_start": span.start,
        f"{prefix}_end": span.end,
    }


def claim_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for span in document.spans:
            if span.layer != "claim":
                continue
            claimants = _linked(document, span, "claimant")
            yield {
                "doc_id": document.id,
                **_span_fields("claim", document.text, span),
                "claimants": len(claimants),
                **_span_fields("claimant", document.text, claimants[0] if claimants else None),
            }


def stance_rows(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    for document in documents:
        for span in document.spans:
            if span.layer != "stance":
                continue
            holders = _linked(document, span, "holder")
            targets = _linked(document, span, "target")
            target = targets[0] if targets else None
            yield {
                "doc_id": document.id,
                **_span_fields("stance", document.text, span),
                "polarity": span.attrs.get("polarity", ""),
                **_span_fields("holder", document.text, holders[0] if holders else None),
                "target_id": target.id if target else "",
                "target_layer": target.layer if target else "",
                **{
                    k: v
                    for k, v in _span_fields("target", document.text, target).items()
                    if k != "target_id"
                },
            }


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise a text cell a spreadsheet would treat as a formula: spreadsheets skip
    leading spaces and invisible marks before looking for `=`."""
    if not isinstance(value, str):
        return value
    for character in value:
        if character in _FORMULA_STARTS or character in "\t\r":
            return "'" + value
        if not (character.isspace() or unicodedata.category(character) == "Cf"):
            break
    return value


def write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        count += 1
    return count


def write_table_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(
            json.dumps({k: (None if v == "" else v) for k, v in row.items()}, ensure_ascii=False)
            + "\n"
        )
        count += 1
    return count


def _counted(documents: Iterable[Document], report: Report) -> Iterator[Document]:
    for document in documents:
        report.documents += 1
        yield document


def _write(
    rows: Iterable[dict[str, Any]], columns: tuple[str, ...] | None, out: IO[str], report: Report
) -> None:
    report.show("rows")
    written = write_table_jsonl(rows, out) if columns is None else write_csv(rows, columns, out)
    report.count("rows", written)


def write_claims_csv(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """Write one CSV row per claim."""
    rows = claim_rows(_counted(documents, context.report))
    _write(rows, CLAIM_COLUMNS, out, context.report)


def write_claims_jsonl(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """Write one JSON line per claim."""
    _write(claim_rows(_counted(documents, context.report)), None, out, context.report)


def write_stances_csv(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """Write one CSV row per stance."""
    rows = stance_rows(_counted(documents, context.report))
    _write(rows, STANCE_COLUMNS, out, context.report)


def write_stances_jsonl(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """Write one JSON line per stance."""
    _write(stance_rows(_counted(documents, context.report)), None, out, context.report)
