"""Rows: the span and relation columns, row -> Span, and the INSERT statements with their
parameters. One place for each; the JSON shapes come from the domain (`model.span_json`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from annotator.model import Relation, Span, relation_json, span_json
from annotator.store.connection import dump_json

SPAN_COLUMNS = 'id, start, "end", layer, label, attrs, annotator, note, unsure'


def span_from_row(row: tuple[Any, ...]) -> Span:
    attrs = row[5]
    return Span(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        {} if attrs == "{}" else json.loads(attrs),
        row[6],
        row[7],
        bool(row[8]),
    )


def highest_number(ids: Iterable[str], prefix: str) -> int:
    """Return the highest N of the ids shaped `{prefix}N` (0 if none)."""
    numbers = [int(i[1:]) for i in ids if i[:1] == prefix and i[1:].isascii() and i[1:].isdigit()]
    return max(numbers, default=0)


INSERT_SPAN = (
    "INSERT INTO spans"
    ' (doc_id, id, start, "end", layer, label, attrs, annotator, created_at, note, unsure)'
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_RELATION = (
    "INSERT INTO relations (doc_id, id, type, from_span, to_span, annotator, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
RELATION_COLUMNS = "id, type, from_span, to_span, annotator"


def span_row(doc_id: str, span: Span, annotator: str, stamp: str) -> tuple[Any, ...]:
    """Return the INSERT_SPAN parameters; `annotator` stands in for a span without one."""
    return (
        doc_id,
        span.id,
        span.start,
        span.end,
        span.layer,
        span.label,
        dump_json(dict(span.attrs)),
        span.annotator or annotator,
        stamp,
        span.note,
        int(span.unsure),
    )


def relation_row(doc_id: str, relation: Relation, annotator: str, stamp: str) -> tuple[Any, ...]:
    """Return the INSERT_RELATION parameters (`annotator` for a relation without one)."""
    r = relation
    return (doc_id, r.id, r.type, r.from_id, r.to_id, r.annotator or annotator, stamp)


__all__ = ["relation_json", "span_json"]
