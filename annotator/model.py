"""Documents, spans and relations as plain values; no I/O, no Qt, no SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from annotator.errors import AnnotatorError, DuplicateSpanError
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
    # The annotator's free-text note on the span and their "unsure" flag.
    note: str = ""
    unsure: bool = False


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
    # Per annotator: todo, in_progress or done (only the ones that were ever set).
    statuses: dict[str, str] = field(default_factory=dict)
    # A model's predictions a file carries beside the annotations (Label Studio's
    # `predictions`): (source, span, score or None); the importer stores them as suggestions.
    suggestions: list[tuple[str, Span, float | None]] = field(default_factory=list)


def span_json(span: Span, text: str | None = None) -> dict[str, Any]:
    """Return a span as JSON (our JSONL and the change log); with the document's `text`,
    also the span's text, which readers check against the offsets. A note and the unsure
    flag appear only when set."""
    shape: dict[str, Any] = {"id": span.id, "start": span.start, "end": span.end}
    if text is not None:
        shape["text"] = text[span.start : span.end]
    shape.update(
        layer=span.layer,
        label=span.label,
        attrs=dict(sorted(span.attrs.items())),
        annotator=span.annotator,
    )
    # Only when set: files and logs without notes keep their exact bytes.
    if span.note:
        shape["note"] = span.note
    if span.unsure:
        shape["unsure"] = True
    return shape


def relation_json(relation: Relation) -> dict[str, Any]:
    """Return a relation as JSON (our JSONL and the change log)."""
    return {
        "id": relation.id,
        "type": relation.type,
        "from": relation.from_id,
        "to": relation.to_id,
        "annotator": relation.annotator,
    }


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


def span_key(span: Span, default_annotator: str = "") -> tuple[int, int, str, str, str]:
    """What makes two spans the same annotation: edges, layer, label and annotator."""
    return span.start, span.end, span.layer, span.label, span.annotator or default_annotator


def check_not_duplicate(span: Span, others: Iterable[Span], default_annotator: str = "") -> None:
    """Raise DuplicateSpanError when one of `others` is the same annotation as `span`."""
    key = span_key(span, default_annotator)
    for other in others:
        if other.id != span.id and span_key(other, default_annotator) == key:
            raise DuplicateSpanError(
                f"span {span.id!r} repeats span {other.id!r} (same edges, label and annotator)",
                other,
            )


def check_relation(
    schema: Schema, relation: Relation, source: Span, target: Span, others: Iterable[Relation]
) -> None:
    """Raise AnnotatorError unless `relation` may link `source` to `target`: the schema
    allows the type between these layers, it is no self-link, and no other relation of
    `others` already links the same spans by the same type."""
    schema.check_relation(relation.type, source.layer, target.layer)
    if relation.from_id == relation.to_id:
        raise AnnotatorError("a relation cannot link a span to itself")
    for other in others:
        if other.id != relation.id and (other.type, other.from_id, other.to_id) == (
            relation.type,
            relation.from_id,
            relation.to_id,
        ):
            raise AnnotatorError(
                f"these spans are already linked by {relation.type!r} (relation {other.id!r})"
            )


def check_unicode(value: object, what: str) -> None:
    """Raise AnnotatorError when a string (or any string inside JSON-like `value`) holds a
    lone surrogate, which is not Unicode text and cannot be stored or written as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise AnnotatorError(
                f"{what} holds a lone surrogate {value[error.start]!r} at character "
                f"{error.start}: not valid Unicode text"
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_unicode(key, what)
            check_unicode(item, what)
    elif isinstance(value, list | tuple):
        for item in value:
            check_unicode(item, what)


def validate_document(document: Document, schema: Schema, default_annotator: str = "") -> None:
    """Raise AnnotatorError for the first thing the text or schema rejects: offsets,
    labels, attributes, repeated ids, repeated spans (`default_annotator` stands in for
    spans without one), relations between missing spans, self-links, repeated links,
    statuses, and strings that are not valid Unicode."""
    _check_strings_and_statuses(document)
    spans_by_id = _check_spans(document, schema, default_annotator)
    _check_relations(document.relations, spans_by_id, schema)


def _check_strings_and_statuses(document: Document) -> None:
    check_unicode(document.id, "the document id")
    check_unicode(document.text, "the text")
    check_unicode(document.meta, '"meta"')
    for name, status in document.statuses.items():
        check_unicode(name, "an annotator name")
        if not name.strip():
            raise AnnotatorError("a status names no annotator")
        if status not in STATUSES:
            raise AnnotatorError(
                f"unknown status {status!r} for {name!r} (known: {', '.join(STATUSES)})"
            )
    # Labels, layers and attribute values are checked against the schema; ids and names
    # are checked in one go (a document at a time), and span by span only on a problem.
    names = [s.id + s.annotator + s.note for s in document.spans]
    names += [r.id + r.annotator for r in document.relations]
    try:
        "".join(names).encode("utf-8")
    except UnicodeEncodeError:
        for span in document.spans:
            check_unicode([span.id, span.annotator, span.note], f"span {span.id!r}")
        for relation in document.relations:
            check_unicode([relation.id, relation.annotator], f"relation {relation.id!r}")


def _check_spans(document: Document, schema: Schema, default_annotator: str) -> dict[str, Span]:
    """Check each span against the text and the schema; return the spans by id."""
    spans_by_id: dict[str, Span] = {}
    seen: dict[tuple[int, int, str, str, str], Span] = {}
    for span in document.spans:
        try:
            check_offsets(document.text, span.start, span.end)
            schema.check_span(span.layer, span.label, span.attrs)
        except AnnotatorError as error:
            raise AnnotatorError(f"span {span.id!r}: {error.message}") from None
        if span.id in spans_by_id:
            raise AnnotatorError(f"span id {span.id!r} is used twice")
        spans_by_id[span.id] = span
        key = span_key(span, default_annotator)
        if key in seen:
            check_not_duplicate(span, [seen[key]], default_annotator)
        seen[key] = span
    return spans_by_id


def _check_relations(
    relations: list[Relation], spans_by_id: dict[str, Span], schema: Schema
) -> None:
    relation_ids: set[str] = set()
    links: dict[tuple[str, str, str], Relation] = {}
    for relation in relations:
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
        link = (relation.type, relation.from_id, relation.to_id)
        try:
            check_relation(
                schema, relation, ends[0], ends[1], [links[link]] if link in links else []
            )
        except AnnotatorError as error:
            raise AnnotatorError(f"relation {relation.id!r}: {error.message}") from None
        links[link] = relation
