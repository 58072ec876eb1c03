"""Documents, spans and relations as plain values; no I/O, no Qt, no SQLite."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from annotator.errors import AnnotatorError
from annotator.schema import Schema

STATUSES = ("todo", "in_progress", "done")


_NO_ATTRS: Mapping[str, str] = MappingProxyType({})


class Span(NamedTuple):
    """A labelled stretch `text[start:end]` of a document (code points, end exclusive).

    A named tuple: immutable, and cheap to build by the ten thousand when a long
    document opens.
    """

    id: str
    start: int
    end: int
    layer: str
    label: str
    attrs: Mapping[str, str] = _NO_ATTRS
    annotator: str = ""

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


class Relation(NamedTuple):
    """A typed, directed link between two spans of the same document."""

    id: str
    type: str
    from_id: str
    to_id: str
    annotator: str = ""


@dataclass
class Document:
    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def check_offsets(
    text: str, start: object, end: object, expected: object = None
) -> tuple[int, int]:
    """Raise AnnotatorError unless `start:end` is a non-empty span of `text`.

    `expected`, when given, must equal `text[start:end]`: this catches files whose
    offsets were counted in UTF-16 units or bytes by another tool.
    """
    if type(start) is not int or type(end) is not int:
        raise AnnotatorError(f"span offsets must be integers, got {start!r} and {end!r}")
    if start < 0 or end > len(text):
        raise AnnotatorError(
            f"span {start}-{end} is out of range: the text has {len(text)} characters"
        )
    if end <= start:
        raise AnnotatorError(f"span {start}-{end} is empty or reversed (end must be > start)")
    if expected is not None and text[start:end] != expected:
        raise AnnotatorError(
            f"span {start}-{end} has text {expected!r} but the document has "
            f"{text[start:end]!r} there (offsets must count code points)"
        )
    return start, end


def validate_document(document: Document, schema: Schema) -> None:
    """Raise AnnotatorError for the first span or relation the text or schema rejects."""
    spans_by_id: dict[str, Span] = {}
    for span in document.spans:
        try:
            check_offsets(document.text, span.start, span.end)
            schema.check_span(span.layer, span.label, span.attrs)
        except AnnotatorError as error:
            raise AnnotatorError(f"span {span.id!r}: {error.message}") from None
        if span.id in spans_by_id:
            raise AnnotatorError(f"span id {span.id!r} is used twice")
        spans_by_id[span.id] = span
    relation_ids: set[str] = set()
    for relation in document.relations:
        if relation.id in relation_ids:
            raise AnnotatorError(f"relation id {relation.id!r} is used twice")
        relation_ids.add(relation.id)
        ends = []
        for role, span_id in (("from", relation.from_id), ("to", relation.to_id)):
            end_span = spans_by_id.get(span_id)
            if end_span is None:
                raise AnnotatorError(
                    f"relation {relation.id!r} points {role} span {span_id!r}, "
                    "which does not exist in this document"
                )
            ends.append(end_span)
        try:
            schema.check_relation(relation.type, ends[0].layer, ends[1].layer)
        except AnnotatorError as error:
            raise AnnotatorError(f"relation {relation.id!r}: {error.message}") from None
