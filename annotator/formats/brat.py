"""brat standoff: per document a `.txt` (the canonical text) and an `.ann`, plus the
`annotation.conf` and `visual.conf` brat needs to open the folder as it is.

Offsets count code points of the `.txt` (brat's server reads Python strings), so they hold
after emoji. T lines carry every layer's spans, R lines relations (Arg1/Arg2), A lines
attribute values. A span across line breaks is written as brat fragments (`0 5;6 9`).
On import, fragments separated only by white space are joined into one span (documented
conversion); other discontinuous spans, events (E), normalisations (N) and equivalences (*)
are errors naming the line, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.model import Document, Relation, Span
from annotator.schema import Schema
from annotator.text import canonicalize_with_offsets, decode_raw

_SAFE = re.compile(r"[^\w\-.]|^\.")
_T = re.compile(r"^T\d+$")
_R = re.compile(r"^R\d+$")


def file_stem(doc_id: str) -> str:
    """Return a file name for a document id: word characters (Arabic too), '-' and '.'
    stay; anything else (path separators, '..' at the start, quotes) is %-escaped, so no
    file lands outside the output folder and the id can be recovered."""
    return _SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), doc_id)


def doc_id_from_stem(stem: str) -> str:
    return re.sub(
        r"(?:%[0-9A-F]{2})+",
        lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace"),
        stem,
    )


@dataclass
class BratReport:
    documents: int = 0
    spans: int = 0
    relations: int = 0
    notes: list[str] = field(default_factory=list)


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
    attribute_lines = []
    for label in labels:
        for attribute in label.attributes:
            values = "|".join(attribute.values)
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


def ann_lines(document: Document) -> Iterator[str]:
    """Yield the .ann lines of a document (T, then A, then R)."""
    text = document.text
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
            yield f"A{number}\t{name} {span_ids[span.id]} {value}"
    relation_ids = _brat_ids((r.id for r in document.relations), _R, "R")
    for relation in document.relations:
        yield (
            f"{relation_ids[relation.id]}\t{relation.type} "
            f"Arg1:{span_ids[relation.from_id]} Arg2:{span_ids[relation.to_id]}"
        )


def write_brat(documents: Iterable[Document], folder: Path, schema: Schema) -> BratReport:
    folder.mkdir(parents=True, exist_ok=True)
    write_conf(folder, schema)
    report = BratReport()
    used: set[str] = set()
    for document in documents:
        stem = file_stem(document.id)
        if stem.casefold() in used:  # ids that differ only by case on a case-blind disk
            stem = f"{stem}%{len(used)}"
        used.add(stem.casefold())
        (folder / f"{stem}.txt").write_text(document.text, encoding="utf-8", newline="")
        (folder / f"{stem}.ann").write_text(
            "".join(line + "\n" for line in ann_lines(document)), encoding="utf-8", newline=""
        )
        report.documents += 1
        report.spans += len(document.spans)
        report.relations += len(document.relations)
    return report


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
    """Split a span at line breaks, as brat requires (its T line is one line)."""
    fragments = []
    position = start
    for piece in text[start:end].split("\n"):
        if piece:
            fragments.append((position, position + len(piece)))
        position += len(piece) + 1
    return fragments or [(start, end)]


def read_brat(ann_path: Path, schema: Schema, encoding: str | None = None) -> Document:
    """Read one `.ann` and its `.txt` into a document (offsets mapped to canonical text)."""
    txt_path = ann_path.with_suffix(".txt")
    if not txt_path.exists():
        raise AnnotatorError(f"no text file {txt_path.name} beside it", path=ann_path)
    try:
        raw, _ = decode_raw(txt_path.read_bytes(), encoding)
    except AnnotatorError as error:
        raise error.located(txt_path) from None
    text, moved = canonicalize_with_offsets(raw)
    try:
        ann, _ = decode_raw(ann_path.read_bytes(), encoding)
    except AnnotatorError as error:
        if error.message.startswith("empty"):
            ann = ""
        else:
            raise error.located(ann_path) from None
    spans: dict[str, Span] = {}
    relations: list[Relation] = []
    attributes: list[tuple[int, str, str, str]] = []
    for number, line in enumerate(ann.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            _read_line(line, raw, moved, schema, spans, relations, attributes, number)
        except AnnotatorError as error:
            raise error.located(ann_path, number) from None
    for number, name, target, value in attributes:
        span = spans.get(target)
        if span is None:
            raise AnnotatorError(
                f"attribute on unknown span {target!r}", path=ann_path, line=number
            )
        spans[target] = span._replace(attrs={**span.attrs, name: value})
    return Document(
        doc_id_from_stem(ann_path.stem),
        text,
        {"source": txt_path.name},
        sorted(spans.values(), key=lambda s: (s.start, s.end)),
        relations,
    )


def _read_line(
    line: str,
    raw: str,
    moved: Callable[[int], int],
    schema: Schema,
    spans: dict[str, Span],
    relations: list[Relation],
    attributes: list[tuple[int, str, str, str]],
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
        label = schema.find_label(label_name)
        spans[identifier] = Span(identifier, moved(start), moved(end), label.layer, label.name)
    elif kind == "R":
        parts = rest.split()
        args = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
        if len(parts) != 3 or "Arg1" not in args or "Arg2" not in args:
            raise AnnotatorError(f"expected 'TYPE Arg1:T1 Arg2:T2', got {rest!r}")
        relations.append(Relation(identifier, parts[0], args["Arg1"], args["Arg2"]))
    elif kind in ("A", "M"):
        parts = rest.split()
        if len(parts) != 3:
            raise AnnotatorError(
                f"expected 'NAME T1 VALUE' (binary attributes are not supported), got {rest!r}"
            )
        attributes.append((number, parts[0], parts[1], parts[2]))
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
