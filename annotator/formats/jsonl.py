"""Our JSONL format (one document per line, lossless); the reader also takes doccano's lines.

Ours: {"id", "text", "meta", "spans": [{"id", "start", "end", "text", "layer", "label",
"attrs", "annotator", "note" and "unsure" when set}], "relations": [{"id", "type", "from",
"to", "annotator"}], "status": {annotator: "todo" | "in_progress" | "done"}}.
A line in one of doccano's shapes ("label" or "entities") is handed to
`annotator.formats.doccano`. Offsets are code points, end exclusive. JSON Lines and
pretty-printed objects are read line by line (`annotator.formats.jsonvalues`), so memory
stays flat in the corpus size; a file that is one JSON array is read whole (its elements
are still parsed one at a time).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.errors import AnnotatorError
from annotator.formats import ReadContext, WriteContext
from annotator.formats.doccano import doccano_shape
from annotator.formats.jsonvalues import json_values
from annotator.model import Document, Relation, Span, check_offsets, relation_json, span_json
from annotator.text import canonicalize_with_offsets


def read_jsonl(path: Path, context: ReadContext) -> Iterator[tuple[int | None, Document]]:
    """Yield `(line, document)` for each object: one per line, pretty-printed over several
    lines, or the elements of one JSON array; errors name the line where the object starts."""
    for number, obj in json_values(path, context.options.encoding):
        try:
            yield number, parse_object(obj, context, default_id=f"{path.stem}-{number}")
        except AnnotatorError as error:
            raise error.located(path, number) from None


def parse_object(obj: Any, context: ReadContext, default_id: str) -> Document:
    """Read one JSON object in our format or doccano's; labels go through the label map."""
    if not isinstance(obj, dict):
        raise AnnotatorError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise AnnotatorError('missing "text" (a string)')
    if not text:
        raise AnnotatorError('"text" is empty')
    doc_id = obj.get("id", default_id)
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or str(doc_id) == "":
        raise AnnotatorError(f'"id" must be a non-empty string or integer, got {doc_id!r}')
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise AnnotatorError('"meta" must be an object')
    if "entities" in obj or ("label" in obj and "spans" not in obj and "relations" not in obj):
        spans, relations = doccano_shape(obj, text, context.find_label)
    else:
        spans = [_our_span(item, text, i) for i, item in enumerate(_array(obj, "spans"))]
        if context.labels:
            spans = [_relabelled(span, context) for span in spans]
        relations = [_our_relation(item, i) for i, item in enumerate(_array(obj, "relations"))]
    statuses = obj.get("status", {})
    if not isinstance(statuses, dict) or not all(isinstance(v, str) for v in statuses.values()):
        raise AnnotatorError('"status" must map annotator names to statuses')
    if "\r" in text or text.startswith("\ufeff"):
        text, moved = canonicalize_with_offsets(text)
        spans = [s._replace(start=moved(s.start), end=moved(s.end)) for s in spans]
    return Document(str(doc_id), text, meta, spans, relations, statuses)


def _relabelled(span: Span, context: ReadContext) -> Span:
    """Apply the label map to one of our spans (its layer follows the new label)."""
    name = context.labels.rename(span.label)
    if name == span.label:
        return span
    return span._replace(label=name, layer=context.schema.find_label(name).layer)


def _array(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise AnnotatorError(f'"{key}" must be an array')
    return value


def _field(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = item.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise AnnotatorError(f'{where}: "{key}" must be a {kind.__name__}, got {value!r}')
    return value


def _our_span(item: Any, text: str, index: int) -> Span:
    where = f"span {index}"
    if not isinstance(item, dict):
        raise AnnotatorError(f"{where}: expected an object")
    span_id = item.get("id", f"T{index + 1}")
    if not isinstance(span_id, str | int) or isinstance(span_id, bool) or str(span_id) == "":
        raise AnnotatorError(f'{where}: "id" must be a non-empty string')
    where = f"span {str(span_id)!r}"
    start, end = item.get("start"), item.get("end")
    try:
        start, end = check_offsets(text, start, end, item.get("text"))
    except AnnotatorError as error:
        raise AnnotatorError(f"{where}: {error.message}") from None
    attrs = item.get("attrs", {})
    if not isinstance(attrs, dict) or not all(isinstance(v, str) for v in attrs.values()):
        raise AnnotatorError(f'{where}: "attrs" must map names to strings')
    annotator = item.get("annotator", "")
    if not isinstance(annotator, str):
        raise AnnotatorError(f'{where}: "annotator" must be a string')
    note = item.get("note", "")
    if not isinstance(note, str):
        raise AnnotatorError(f'{where}: "note" must be a string')
    unsure = item.get("unsure", False)
    if not isinstance(unsure, bool):
        raise AnnotatorError(f'{where}: "unsure" must be true or false')
    return Span(
        str(span_id),
        start,
        end,
        _field(item, "layer", str, where),
        _field(item, "label", str, where),
        attrs,
        annotator,
        note,
        unsure,
    )


def _our_relation(item: Any, index: int) -> Relation:
    where = f"relation {index}"
    if not isinstance(item, dict):
        raise AnnotatorError(f"{where}: expected an object")
    relation_id = str(item.get("id", f"R{index + 1}"))
    annotator = item.get("annotator", "")
    if not isinstance(annotator, str):
        raise AnnotatorError(f'{where}: "annotator" must be a string')
    ends = []
    for key in ("from", "to"):
        value = item.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise AnnotatorError(f'{where}: "{key}" must be a span id, got {value!r}')
        ends.append(str(value))
    return Relation(relation_id, _field(item, "type", str, where), ends[0], ends[1], annotator)


def document_json(document: Document) -> dict[str, Any]:
    """Return the lossless JSON object of a document (the export's line)."""
    text = document.text
    return {
        "id": document.id,
        "text": text,
        "meta": document.meta,
        "spans": [span_json(s, text) for s in document.spans],
        "relations": [relation_json(r) for r in document.relations],
        "status": dict(sorted(document.statuses.items())),
    }


def write_jsonl(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """Write one line per document (UTF-8, not ASCII-escaped), counting into the report."""
    report = context.report
    for document in documents:
        out.write(json.dumps(document_json(document), ensure_ascii=False) + "\n")
        report.documents += 1
        report.spans += len(document.spans)
        report.relations += len(document.relations)
