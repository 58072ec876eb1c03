"""doccano JSONL, both shapes.

Sequence labelling: {"id", "text", "label": [[start, end, "LABEL"], ...]}.
Relation extraction: {"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}.
Offsets are code points. Our JSONL reader hands objects of either shape to `doccano_shape`,
whether they come one per line, pretty-printed over several lines or in one JSON array.
doccano's own fields hold integer ids and no attributes,
annotators or statuses; we add top-level keys, which doccano keeps as the document's
metadata: "meta", "status" (as in our JSONL) and "annotator_extras", whose "spans" and
"relations" lists run parallel to the doccano ones and keep each one's id, annotator and
attributes, a span's note and unsure flag (and, for the sequence shape, the relations
themselves). Reading our own export
back restores them; the export counts what doccano itself cannot show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import IO, Any

from annotator.errors import AnnotatorError
from annotator.formats import WriteContext
from annotator.formats.report import EXTRAS_KEY
from annotator.model import Document, Relation, Span, check_offsets
from annotator.schema import Label

# Turns a file's label name into a schema label (through --label-map).
LabelFinder = Callable[[str], Label]

EXTRAS = EXTRAS_KEY


def _extras(document: Document, shape: str) -> dict[str, Any]:
    spans = []
    for span in document.spans:
        item: dict[str, Any] = {"id": span.id, "annotator": span.annotator}
        if span.attrs:
            item["attrs"] = dict(sorted(span.attrs.items()))
        if span.note:
            item["note"] = span.note
        if span.unsure:
            item["unsure"] = True
        spans.append(item)
    relations = []
    for relation in document.relations:
        entry: dict[str, Any] = {"id": relation.id, "annotator": relation.annotator}
        if shape == "seq":
            entry.update(type=relation.type, **{"from": relation.from_id, "to": relation.to_id})
        relations.append(entry)
    return {"spans": spans, "relations": relations}


def document_json(document: Document, shape: str) -> dict[str, Any]:
    line: dict[str, Any] = {"id": document.id, "text": document.text}
    if shape == "seq":
        line["label"] = [[s.start, s.end, s.label] for s in document.spans]
    else:
        numbers = {s.id: index for index, s in enumerate(document.spans, start=1)}
        line["entities"] = [
            {"id": numbers[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end}
            for s in document.spans
        ]
        line["relations"] = [
            {"id": index, "from_id": numbers[r.from_id], "to_id": numbers[r.to_id], "type": r.type}
            for index, r in enumerate(document.relations, start=1)
        ]
    line["meta"] = document.meta
    line["status"] = document.statuses
    line[EXTRAS] = _extras(document, shape)
    return line


def write_relation_shape(
    documents: Iterable[Document], out: IO[str], context: WriteContext
) -> None:
    """Write doccano relation-extraction lines (entities with ids, relations)."""
    _write(documents, out, context, "relation")


def write_sequence_shape(
    documents: Iterable[Document], out: IO[str], context: WriteContext
) -> None:
    """Write doccano sequence-labelling lines (relations only in our extras)."""
    _write(documents, out, context, "seq")


def _write(documents: Iterable[Document], out: IO[str], context: WriteContext, shape: str) -> None:
    """Write doccano lines; count what doccano shows only as metadata."""
    report = context.report
    report.show("hidden_attributes", *(["hidden_relations"] if shape == "seq" else []))
    report.show("hidden_statuses", "hidden_ids")
    for document in documents:
        out.write(json.dumps(document_json(document, shape), ensure_ascii=False) + "\n")
        report.documents += 1
        report.spans += len(document.spans)
        report.relations += len(document.relations)
        report.count("hidden_attributes", sum(len(s.attrs) for s in document.spans))
        report.count("hidden_notes", sum(bool(s.note) + s.unsure for s in document.spans))
        report.count("hidden_statuses", len(document.statuses))
        if shape == "seq":
            report.count("hidden_relations", len(document.relations))


def doccano_shape(
    obj: dict[str, Any], text: str, find_label: LabelFinder
) -> tuple[list[Span], list[Relation]]:
    """Read a doccano line of either shape: "entities" (relation extraction) or "label"
    (sequence labelling)."""
    if "entities" in obj:
        return relation_shape(obj, text, find_label)
    return with_extras(obj, sequence_spans(obj["label"], text, find_label), [])


def sequence_spans(labels: Any, text: str, find_label: LabelFinder) -> list[Span]:
    """Read doccano's sequence-labelling `[[start, end, "LABEL"], ...]`."""
    if not isinstance(labels, list):
        raise AnnotatorError('doccano "label" must be an array of [start, end, "LABEL"]')
    spans = []
    for index, item in enumerate(labels):
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[2], str)):
            raise AnnotatorError(f'label {index}: expected [start, end, "LABEL"], got {item!r}')
        start, end, name = item
        try:
            start, end = check_offsets(text, start, end)
            label = find_label(name)
        except AnnotatorError as error:
            raise AnnotatorError(f"label {index}: {error.message}") from None
        spans.append(Span(f"T{index + 1}", start, end, label.layer, label.name, {}, ""))
    return spans


def relation_shape(
    obj: dict[str, Any], text: str, find_label: LabelFinder
) -> tuple[list[Span], list[Relation]]:
    """Read doccano's relation-extraction shape (entities with ids, relations)."""
    entities = obj.get("entities")
    if not isinstance(entities, list):
        raise AnnotatorError('doccano "entities" must be an array')
    spans = []
    for index, item in enumerate(entities):
        if not isinstance(item, dict):
            raise AnnotatorError(f"entity {index}: expected an object")
        start, end = item.get("start_offset"), item.get("end_offset")
        name = item.get("label")
        if not isinstance(name, str):
            raise AnnotatorError(f'entity {index}: "label" must be a string')
        try:
            start, end = check_offsets(text, start, end)
            label = find_label(name)
        except AnnotatorError as error:
            raise AnnotatorError(f"entity {index}: {error.message}") from None
        spans.append(Span(_span_id(item.get("id", index + 1)), start, end, label.layer, label.name))
    relations = []
    raw_relations = obj.get("relations", [])
    if not isinstance(raw_relations, list):
        raise AnnotatorError('doccano "relations" must be an array')
    for index, item in enumerate(raw_relations):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise AnnotatorError(f'relation {index}: expected an object with a "type"')
        relations.append(
            Relation(
                f"R{item.get('id', index + 1)}",
                item["type"],
                _span_id(item.get("from_id")),
                _span_id(item.get("to_id")),
            )
        )
    return with_extras(obj, spans, relations)


def with_extras(
    obj: dict[str, Any], spans: list[Span], relations: list[Relation]
) -> tuple[list[Span], list[Relation]]:
    """Restore ids, annotators, attributes (and sequence-shape relations) from our
    "annotator_extras" key; lines without it are returned as they are."""
    extras = obj.get(EXTRAS)
    if extras is None:
        return spans, relations
    if not isinstance(extras, dict):
        raise AnnotatorError(f'"{EXTRAS}" must be an object')
    span_items = _items(extras, "spans", len(spans))
    renamed = {}
    restored = []
    for span, item in zip(spans, span_items, strict=True):
        attrs = item.get("attrs", {})
        if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
            raise AnnotatorError(f'"{EXTRAS}" spans: "attrs" must map names to strings')
        renamed[span.id] = _text(item, "id", span.id)
        unsure = item.get("unsure", False)
        if not isinstance(unsure, bool):
            raise AnnotatorError(f'"{EXTRAS}" spans: "unsure" must be true or false')
        restored.append(
            span._replace(
                id=renamed[span.id],
                attrs=attrs,
                annotator=_text(item, "annotator"),
                note=_text(item, "note"),
                unsure=unsure,
            )
        )
    if "label" in obj and "entities" not in obj:  # sequence shape: the relations live here
        return restored, [
            Relation(
                _text(item, "id", f"R{index + 1}"),
                _text(item, "type"),
                _text(item, "from"),
                _text(item, "to"),
                _text(item, "annotator"),
            )
            for index, item in enumerate(_items(extras, "relations", None))
        ]
    relation_items = _items(extras, "relations", len(relations)) if relations else []
    rebuilt = [
        relation._replace(
            id=_text(item, "id", relation.id),
            from_id=renamed.get(relation.from_id, relation.from_id),
            to_id=renamed.get(relation.to_id, relation.to_id),
            annotator=_text(item, "annotator"),
        )
        for relation, item in zip(relations, relation_items, strict=True)
    ]
    return restored, rebuilt


def _items(extras: dict[str, Any], key: str, expected: int | None) -> list[dict[str, Any]]:
    items = extras.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise AnnotatorError(f'"{EXTRAS}" "{key}" must be an array of objects')
    if expected is not None and len(items) != expected:
        raise AnnotatorError(
            f'"{EXTRAS}" has {len(items)} {key} but the line has {expected}; '
            "was the line edited by hand?"
        )
    return items


def _text(item: dict[str, Any], key: str, default: str = "") -> str:
    value = item.get(key, default)
    if not isinstance(value, str) or (default and not value):
        raise AnnotatorError(f'"{EXTRAS}": "{key}" must be a non-empty string, got {value!r}')
    return value


def _span_id(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise AnnotatorError(f"entity ids must be integers or strings, got {value!r}")
    value = str(value)
    return f"T{value}" if re.fullmatch(r"\d+", value) else value
