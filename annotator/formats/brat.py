"""brat standoff: per document a `.txt` (the canonical text) and an `.ann`, plus the
`annotation.conf` and `visual.conf` brat needs to open the folder as it is.

Offsets count code points of the `.txt` (brat's server reads Python strings), so they hold
after emoji. T lines carry every layer's spans, R lines relations (Arg1/Arg2), A lines
attribute values (%-escaped when they hold white space or `%`). A span across line breaks
is written as brat fragments (`0 5;6 9`); a span that starts or ends with a line break gets
an empty fragment there (`47 47;48 52`), so its edges survive.

What brat has no field for travels in brat comment lines (`#1<TAB>TYPE TARGET<TAB>TEXT`),
which brat keeps and does not interpret: `AnnotatorDocument` (the document id, meta and
statuses, as JSON, targeting itself) and `AnnotatorOrigin` (a span's or relation's original id and
annotator). Our reader restores them. A span's note is brat's own `AnnotatorNotes` line and
its unsure flag the binary attribute `Unsure`, both ways (`annotator.formats.brat_notes`);
other comment lines are ignored.

On import, fragments separated only by white space are joined into one span (documented
conversion); other discontinuous spans, events (E), normalisations (N) and equivalences (*)
are errors naming the line, never silently dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.formats import ReadContext, WriteContext
from annotator.formats.brat_notes import (
    NOTES_KIND,
    UNSURE_ATTRIBUTE,
    UNSURE_CONF_LINE,
    exact_note,
    note_line,
    with_note,
)
from annotator.formats.filenames import (
    doc_id_from_stem,
    percent_escape,
    unique_stem,
)
from annotator.formats.labelmap import LabelMap
from annotator.formats.report import Report
from annotator.model import Document, Relation, Span
from annotator.schema import Schema
from annotator.text import canonicalize_with_offsets, decode_raw

_T = re.compile(r"^T\d+$")
_R = re.compile(r"^R\d+$")
_VALUE_UNSAFE = re.compile(r"[\s%]")
_C1 = re.compile("[\x7f-\x9f]")
DOCUMENT_NOTE = "AnnotatorDocument"
ORIGIN_NOTE = "AnnotatorOrigin"


def escape_value(value: str) -> str:
    """Escape white space and `%` in an attribute value: brat splits A lines on spaces."""
    return _VALUE_UNSAFE.sub(lambda m: percent_escape(m.group()), value)


def write_conf(folder: Path, schema: Schema) -> None:
    """Write annotation.conf (types, relations, attributes) and visual.conf (colours)."""
    labels = schema.labels()
    entity_lines = [label.name for label in labels]
    relation_lines = []
    for relation in schema.relations:
        ends = []
        for layers in (relation.from_layers, relation.to_layers):
            names = [lab.name for lab in labels if lab.layer in layers]
            ends.append("|".join(names))
        relation_lines.append(f"{relation.name}\tArg1:{ends[0]}, Arg2:{ends[1]}")
    attribute_lines = [UNSURE_CONF_LINE]
    for label in labels:
        for attribute in label.attributes:
            values = "|".join(escape_value(v) for v in attribute.values)
            attribute_lines.append(f"{attribute.name}\tArg:{label.name}, Value:{values}")
    (folder / "annotation.conf").write_text(
        "[entities]\n"
        + "\n".join(entity_lines)
        + "\n\n[relations]\n"
        + "\n".join(relation_lines)
        + "\n\n[events]\n\n[attributes]\n"
        + "\n".join(attribute_lines)
        + "\n",
        encoding="utf-8",
    )
    visual = ["[labels]"] + [f"{lab.name} | {lab.name}" for lab in labels]
    visual += ["", "[drawing]"] + [f"{lab.name}\tbgColor:{lab.color}" for lab in labels]
    (folder / "visual.conf").write_text("\n".join(visual) + "\n", encoding="utf-8")


def _json(value: Any) -> str:
    """JSON for a comment line; DEL and C1 controls escaped too (a raw one would make the
    `.ann` read as a binary file)."""
    shown = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)


def ann_lines(document: Document, report: Report | None = None) -> Iterator[str]:
    """Yield the .ann lines of a document (its # header, then T, A, R and # origins)."""
    report = report if report is not None else Report("brat")
    report.show("renumbered", "escaped_values", "shortened")
    text = document.text
    header = {"id": document.id, "meta": document.meta, "status": document.statuses}
    yield f"#1\t{DOCUMENT_NOTE} #1\t{_json(header)}"
    span_ids = _brat_ids((s.id for s in document.spans), _T, "T")
    for span in document.spans:
        fragments = _fragments(text, span.start, span.end)
        offsets = ";".join(f"{a} {b}" for a, b in fragments)
        shown = " ".join(text[a:b] for a, b in fragments)
        yield f"{span_ids[span.id]}\t{span.label} {offsets}\t{shown}"
    number = 0
    for span in document.spans:
        for name, value in sorted(span.attrs.items()):
            number += 1
            escaped = escape_value(value)
            report.count("escaped_values", escaped != value)
            yield f"A{number}\t{name} {span_ids[span.id]} {escaped}"
        if span.unsure:
            number += 1
            yield f"A{number}\t{UNSURE_ATTRIBUTE} {span_ids[span.id]}"
    relation_ids = _brat_ids((r.id for r in document.relations), _R, "R")
    for relation in document.relations:
        yield (
            f"{relation_ids[relation.id]}\t{relation.type} "
            f"Arg1:{span_ids[relation.from_id]} Arg2:{span_ids[relation.to_id]}"
        )
    note = 1
    items_and_ids: tuple[tuple[list[Any], dict[str, str]], ...] = (
        (document.spans, span_ids),
        (document.relations, relation_ids),
    )
    for items, ids in items_and_ids:
        for item in items:
            origin = {"annotator": item.annotator} if item.annotator else {}
            if ids[item.id] != item.id:
                origin["id"] = item.id
                report.count("renumbered")
            text_note = getattr(item, "note", "")  # spans have notes, relations not
            origin.update(exact_note(text_note))
            if origin:
                note += 1
                yield f"#{note}\t{ORIGIN_NOTE} {ids[item.id]}\t{_json(origin)}"
            if text_note:
                note += 1
                yield note_line(note, ids[item.id], text_note)


def write_brat(documents: Iterable[Document], folder: Path, context: WriteContext) -> None:
    """Write the documents and the conf files into `folder` (which must exist)."""
    write_conf(folder, context.schema)
    report = context.report
    report.show("renumbered", "escaped_values", "shortened")
    used: set[str] = {"annotation", "visual"}
    for document in documents:
        stem = unique_stem(document.id, used)
        report.count("shortened", "~" in stem)
        (folder / f"{stem}.txt").write_text(document.text, encoding="utf-8", newline="")
        (folder / f"{stem}.ann").write_text(
            "".join(line + "\n" for line in ann_lines(document, report)),
            encoding="utf-8",
            newline="",
        )
        report.documents += 1
        report.spans += len(document.spans)
        report.relations += len(document.relations)


def _brat_ids(ids: Iterable[str], pattern: re.Pattern[str], prefix: str) -> dict[str, str]:
    """Keep ids brat accepts (T12, R3); renumber the others after the highest kept."""
    ids = list(ids)
    mapping = {i: i for i in ids if pattern.match(i)}
    number = max((int(i[1:]) for i in mapping), default=0)
    for identifier in ids:
        if identifier not in mapping:
            number += 1
            mapping[identifier] = f"{prefix}{number}"
    return mapping


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at line breaks, as brat requires (its T line is one line); a line
    break at an edge leaves an empty fragment there, so the edge is kept."""
    fragments = []
    position = start
    for piece in text[start:end].split("\n"):
        if piece:
            fragments.append((position, position + len(piece)))
        position += len(piece) + 1
    if not fragments or fragments[0][0] != start:
        fragments.insert(0, (start, start))
    if fragments[-1][1] != end:
        fragments.append((end, end))
    return fragments


@dataclass
class _Parsed:
    """What the lines of one `.ann` hold, before the comment lines are applied."""

    spans: dict[str, Span] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    attributes: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    header: dict[str, Any] | None = None
    origins: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)  # AnnotatorNotes by target


def _read_text(txt_path: Path, encoding: str | None) -> str:
    """Decode the `.txt`; white space alone is a valid document here (we export it)."""
    data = txt_path.read_bytes()
    try:
        raw, _ = decode_raw(data, encoding)
    except AnnotatorError as error:
        spaces = data.decode(encoding or "utf-8", "replace") if data else ""
        if not (spaces and spaces.lstrip("\ufeff").isspace()):
            raise error.located(txt_path) from None
        raw = spaces
    return raw


def read_brat_file(path: Path, context: ReadContext) -> Iterator[tuple[int | None, Document]]:
    """The registry's reader: the document of one `.ann` (or of the `.txt` beside one)."""
    ann_path = path if path.suffix == ".ann" else path.with_suffix(".ann")
    yield None, read_brat(ann_path, context.schema, context.options.encoding, context.labels)


def read_brat(
    ann_path: Path, schema: Schema, encoding: str | None = None, labels: LabelMap | None = None
) -> Document:
    """Read one `.ann` and its `.txt` into a document (offsets mapped to canonical text);
    `labels` is the import's --label-map."""
    labels = labels if labels is not None else LabelMap()
    txt_path = ann_path.with_suffix(".txt")
    if not txt_path.exists():
        raise AnnotatorError(f"no text file {txt_path.name} beside it", path=ann_path)
    raw = _read_text(txt_path, encoding)
    text, moved = canonicalize_with_offsets(raw)
    try:
        ann, _ = decode_raw(ann_path.read_bytes(), encoding)
    except AnnotatorError as error:
        if error.message.startswith("empty"):
            ann = ""
        else:
            raise error.located(ann_path) from None
    parsed = _Parsed()
    for number, line in enumerate(ann.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            if line.startswith("#"):
                _read_comment(line, parsed)
            else:
                _read_line(line, raw, moved, schema, labels, parsed, number)
        except AnnotatorError as error:
            raise error.located(ann_path, number) from None
    ours = parsed.header is not None
    for number, name, target, value in parsed.attributes:
        span = parsed.spans.get(target)
        if span is None:
            raise AnnotatorError(
                f"attribute on unknown span {target!r}", path=ann_path, line=number
            )
        if value is None:  # the binary attribute Unsure
            parsed.spans[target] = span._replace(unsure=True)
            continue
        if ours:  # our export %-escapes values holding white space or %
            value = doc_id_from_stem(value)
        parsed.spans[target] = span._replace(attrs={**span.attrs, name: value})
    return _document(ann_path, txt_path, text, parsed)


def _document(ann_path: Path, txt_path: Path, text: str, parsed: _Parsed) -> Document:
    """Apply the comment lines: original ids, annotators, the document's id and meta."""
    renamed = {}
    spans = []
    for brat_id, span in parsed.spans.items():
        origin = parsed.origins.get(brat_id, {})
        renamed[brat_id] = origin.get("id", brat_id)
        span = with_note(span, parsed.notes.get(brat_id, []), origin.get("note"))
        spans.append(span._replace(id=renamed[brat_id], annotator=origin.get("annotator", "")))
    relations = []
    for relation in parsed.relations:
        origin = parsed.origins.get(relation.id, {})
        relations.append(
            relation._replace(
                id=origin.get("id", relation.id),
                from_id=renamed.get(relation.from_id, relation.from_id),
                to_id=renamed.get(relation.to_id, relation.to_id),
                annotator=origin.get("annotator", ""),
            )
        )
    header = parsed.header or {}
    return Document(
        header.get("id", doc_id_from_stem(ann_path.stem)),
        text,
        header.get("meta", {"source": txt_path.name}),
        sorted(spans, key=lambda s: (s.start, s.end)),
        relations,
        dict(header.get("status", {})),
    )


def _read_comment(line: str, parsed: _Parsed) -> None:
    """Read our comment lines and brat's AnnotatorNotes; leave other comments alone."""
    parts = line.split("\t", 2)
    if len(parts) != 3 or len(parts[1].split()) != 2:
        return
    kind, target = parts[1].split()
    if kind == NOTES_KIND:
        parsed.notes.setdefault(target, []).append(parts[2])
        return
    if kind not in (DOCUMENT_NOTE, ORIGIN_NOTE):
        return
    try:
        value = json.loads(parts[2])
    except (json.JSONDecodeError, RecursionError):
        raise AnnotatorError(f"{kind} comment is not valid JSON") from None
    if kind == DOCUMENT_NOTE:
        if not (
            isinstance(value, dict)
            and isinstance(value.get("id"), str)
            and value["id"]
            and isinstance(value.get("meta"), dict)
            and isinstance(value.get("status", {}), dict)
            and all(isinstance(v, str) for v in value.get("status", {}).values())
        ):
            raise AnnotatorError(
                f'{kind} comment must be {{"id": "...", "meta": {{...}}, "status": {{...}}}}'
            )
        parsed.header = value
        return
    if not isinstance(value, dict) or not all(
        key in ("id", "annotator", "note") and isinstance(item, str) and item
        for key, item in value.items()
    ):
        raise AnnotatorError(
            f'{kind} comment must be {{"id": "...", "annotator": "...", "note": "..."}}'
        )
    parsed.origins[target] = value


def _read_line(
    line: str,
    raw: str,
    moved: Callable[[int], int],
    schema: Schema,
    labels: LabelMap,
    parsed: _Parsed,
    number: int,
) -> None:
    identifier, _, rest = line.partition("\t")
    kind = identifier[:1]
    if kind == "T":
        annotation, _, shown = rest.partition("\t")
        label_name, _, offsets = annotation.partition(" ")
        fragments = []
        for fragment in offsets.split(";"):
            parts = fragment.split()
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                raise AnnotatorError(f"bad offsets {offsets!r} in T line")
            fragments.append((int(parts[0]), int(parts[1])))
        start, end = fragments[0][0], fragments[-1][1]
        for (_, a_end), (b_start, _) in zip(fragments, fragments[1:], strict=False):
            if b_start < a_end or raw[a_end:b_start].strip():
                raise AnnotatorError(
                    f"discontinuous span {identifier} ({offsets}) is not supported: its "
                    "fragments are separated by text"
                )
        if not (0 <= start < end <= len(raw)):
            raise AnnotatorError(f"span {identifier} {start}-{end} is out of range")
        expected = " ".join(raw[a:b] for a, b in fragments)
        if shown and shown != expected:
            raise AnnotatorError(
                f"span {identifier} has text {shown!r} but the .txt has {expected!r} at "
                f"{offsets} (offsets must count characters)"
            )
        label = labels.find_label(schema, label_name)
        parsed.spans[identifier] = Span(
            identifier, moved(start), moved(end), label.layer, label.name
        )
    elif kind == "R":
        parts = rest.split()
        args = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
        if len(parts) != 3 or "Arg1" not in args or "Arg2" not in args:
            raise AnnotatorError(f"expected 'TYPE Arg1:T1 Arg2:T2', got {rest!r}")
        parsed.relations.append(Relation(identifier, parts[0], args["Arg1"], args["Arg2"]))
    elif kind in ("A", "M"):
        parts = rest.split()
        if len(parts) == 2 and parts[0] == UNSURE_ATTRIBUTE:
            parsed.attributes.append((number, parts[0], parts[1], None))
            return
        if len(parts) != 3:
            raise AnnotatorError(
                f"expected 'NAME T1 VALUE' (binary attributes are not supported), got {rest!r}"
            )
        parsed.attributes.append((number, parts[0], parts[1], parts[2]))
    elif kind == "E":
        raise AnnotatorError(f"event {identifier} is not supported (only T, R and A lines)")
    elif kind == "N":
        raise AnnotatorError(f"normalization {identifier} is not supported")
    elif kind == "*":
        raise AnnotatorError("equivalence (*) lines are not supported")
    else:
        raise AnnotatorError(f"unknown annotation line {identifier!r}")


def find_ann_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.ann") if not p.name.startswith("."))
    if path.suffix == ".ann":
        return [path]
    if path.suffix == ".txt" and path.with_suffix(".ann").exists():
        return [path.with_suffix(".ann")]
    raise AnnotatorError("not a brat .ann file or folder", path=path)
