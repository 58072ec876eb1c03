"""doccano JSONL, both shapes.

Sequence labelling: {"id", "text", "label": [[start, end, "LABEL"], ...]}.
Relation extraction: {"id", "text", "entities": [{"id", "label", "start_offset",
"end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}.
Offsets are code points. doccano has no attributes or annotators: those are counted as
not representable on export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import IO, Any

from annotator.errors import AnnotatorError
from annotator.model import Document, Relation, Span, check_offsets
from annotator.schema import Schema


def document_json(document: Document, shape: str) -> dict[str, Any]:
    if shape == "seq":
        return {
            "id": document.id,
            "text": document.text,
            "label": [[s.start, s.end, s.label] for s in document.spans],
        }
    numbers = {s.id: index for index, s in enumerate(document.spans, start=1)}
    return {
        "id": document.id,
        "text": document.text,
        "entities": [
            {"id": numbers[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end}
            for s in document.spans
        ],
        "relations": [
            {"id": index, "from_id": numbers[r.from_id], "to_id": numbers[r.to_id], "type": r.type}
            for index, r in enumerate(document.relations, start=1)
        ],
    }


def write_doccano(documents: Iterable[Document], out: IO[str], shape: str) -> dict[str, int]:
    """Write doccano lines; return counts (documents, attributes_lost, relations_lost)."""
    counts = {"documents": 0, "attributes_lost": 0, "relations_lost": 0}
    for document in documents:
        out.write(json.dumps(document_json(document, shape), ensure_ascii=False) + "\n")
        counts["documents"] += 1
        counts["attributes_lost"] += sum(len(s.attrs) for s in document.spans)
        if shape == "seq":
            counts["relations_lost"] += len(document.relations)
    return counts


def relation_shape(
    obj: dict[str, Any], text: str, schema: Schema
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
            label = schema.find_label(name)
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
    return spans, relations


def _span_id(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise AnnotatorError(f"entity ids must be integers or strings, got {value!r}")
    value = str(value)
    return f"T{value}" if re.fullmatch(r"\d+", value) else value
