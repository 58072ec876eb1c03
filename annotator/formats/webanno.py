"""WebAnno TSV 3.x (INCEpTION's tab-separated export): import span and relation layers.

A file is one document: a `#FORMAT=WebAnno TSV 3.3` line, `#T_SP=` (span), `#T_RL=`
(relation) and `#T_CH=` (chain) layer lines naming each layer's features, then
sentences: `#Text=` lines and one line per token (`1-2`) or sub-token (`1-2.1`) with its
offsets, its text and one column per feature. Values: `_` nothing, `*` an annotation
without a value, `LABEL[3]` an annotation that spans several lines or is stacked, stacked
values joined by `|`; a relation's last column names its source (`1-1`, `1-1[3_4]` with
source and target annotation ids). Offsets count UTF-16 units of the whole text; they are
converted exactly to code points. The text is rebuilt from the sentences as INCEpTION
does: a gap before a sentence is a line break (then spaces).

Mapping: NamedEntity is our `entity` layer, its `value` the label (through --label-map),
and `webanno.custom.Claim` our `claim` (a custom layer named like one of ours, as our export
writes them); `--layer-map TYPE=LAYER` maps other span layers (a label from their `value`
feature, else the layer's only label), `TYPE=RELATION` a relation layer to one of our
relation types, `TYPE:FEATURE=ATTRIBUTE` a feature to an attribute. A feature named like an
attribute of the label maps to it by default. Slot features become relations
(`webanno_slots`). What maps to nothing (chains, layers over tokens, zero-length spans,
unmapped layers, features and slot roles) is one error naming it, or with
`--unmapped skip` left out and counted. The document id is the file name, `%XX` decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.formats import ReadContext, WriteContext
from annotator.formats.filenames import doc_id_from_stem
from annotator.formats.labelmap import parse_pairs
from annotator.formats.lines import text_lines
from annotator.formats.webanno_slots import slot_relations
from annotator.formats.webanno_syntax import (
    CUSTOM,
    ITEM,
    NAMED_ENTITY,
    ROLE,
    TARGET,
    UNIT,
    VALUE,
    split_slots,
    split_stack,
    unescape,
)
from annotator.model import Document, Relation, Span
from annotator.offsets import OffsetMap
from annotator.schema import Schema

DEFAULT_LAYERS = {NAMED_ENTITY: "entity"}


def parse_layer_map(pairs: Iterable[str]) -> dict[str, str]:
    """Parse `--layer-map TSV=OURS` options (`TYPE=layer`, `TYPE:FEATURE=attribute`)."""
    return parse_pairs(pairs, "--layer-map", "TSV=OURS")


@dataclass
class _Layer:
    kind: str  # SP, RL or CH
    type: str
    features: list[str]  # one per column; "" for a span layer without features
    kinds: list[str] = field(default_factory=list)  # per column: VALUE, ROLE or TARGET
    targets: dict[str, str] = field(default_factory=dict)  # slot feature -> target type
    columns: int = 0
    first: int = 0  # index of its first column (after the three fixed ones)


@dataclass
class _Annotation:
    layer: str
    key: str  # id or line-unique key
    begin: int
    end: int
    values: dict[str, str] = field(default_factory=dict)
    unit: str = ""  # the address where it starts
    roles: dict[str, list[str]] = field(default_factory=dict)  # slot feature -> roles
    targets: dict[str, list[str]] = field(default_factory=dict)  # slot feature -> addresses


def read_webanno(path: Path, context: ReadContext) -> Iterator[tuple[int | None, Document]]:
    """Yield the one document of a WebAnno TSV 3 file (id: the file name)."""
    try:
        yield None, _read(path, context)
    except AnnotatorError as error:
        raise error.located(path) from None


def write_webanno(documents: Iterable[Document], folder: Path, context: WriteContext) -> None:
    """The registry's writer: one `ID.tsv` per document (see `webanno_write`)."""
    from annotator.formats.webanno_write import write_tsv_folder

    write_tsv_folder(documents, folder, context)


def _header_layers(header: list[tuple[int, str]]) -> list[_Layer]:
    layers = []
    for number, line in header:
        kind, _, spec = line[3:].partition("=")
        parts = spec.split("|")
        layer = _Layer(kind, parts[0], [])
        for name in parts[1:]:
            if kind == "SP" and name.startswith("ROLE_"):
                # ROLE_Host:feature_LinkType, then a column naming the slots' target type
                pieces = name.split("_")
                feature = pieces[1].partition(":")[2] if len(pieces) > 2 else ""
                if not feature:
                    raise AnnotatorError(f"bad slot feature column {name!r}", line=number)
                layer.features.append(feature)
                layer.kinds.append(ROLE)
            elif layer.kinds and layer.kinds[-1] == ROLE:
                layer.features.append(layer.features[-1])
                layer.kinds.append(TARGET)
                layer.targets[layer.features[-1]] = name
            else:
                layer.features.append(name)
                layer.kinds.append(VALUE)
        if kind == "SP" and not layer.features:
            layer.features, layer.kinds = [""], [VALUE]
        layer.columns = len(layer.features)
        layers.append(layer)
    return layers


def _read(path: Path, context: ReadContext) -> Document:
    lines = iter(text_lines(path, context.options.encoding))
    first = next(lines, (1, ""))
    if not first[1].startswith("#FORMAT=WebAnno TSV 3"):
        raise AnnotatorError(
            "not WebAnno TSV 3: the first line must be #FORMAT=WebAnno TSV 3.3 (WebAnno TSV 2 "
            "and other versions are not supported)",
            line=first[0],
        )
    header: list[tuple[int, str]] = []
    body: list[tuple[int, str]] = []
    for number, line in lines:
        if line.startswith("#T_") and not body:
            header.append((number, line))
        else:
            body.append((number, line))
    layers = _header_layers(header)
    column = 0
    for layer in layers:
        layer.first = column
        column += layer.columns
    skip = context.options.unmapped == "skip"
    for number, line in header:
        if line.startswith("#T_CH="):
            if not skip:
                raise AnnotatorError(
                    f"chain layer {line[6:].split('|')[0]} (coreference chains) is not "
                    "supported; --unmapped skip leaves it out",
                    line=number,
                )
    text_parts: list[str] = []
    length16 = 0
    annotations: dict[tuple[str, str], _Annotation] = {}
    relation_rows: list[tuple[int, _Layer, str, list[str], list[str]]] = []
    sentence: list[str] = []
    sentence_placed = True
    for number, line in body:
        if line.startswith("#Text="):
            if sentence_placed:
                sentence, sentence_placed = [], False
            sentence.append(unescape(line[6:]))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells and cells[-1] == "":
            cells.pop()
        if len(cells) != 3 + column:
            raise AnnotatorError(
                f"expected {3 + column} columns (3 and one per feature), got {len(cells)}",
                line=number,
            )
        unit, offsets = cells[0], cells[1]
        if not UNIT.match(unit) or not re.fullmatch(r"\d+-\d+", offsets):
            raise AnnotatorError(f"bad token address {unit!r} or offsets {offsets!r}", line=number)
        begin, end = (int(x) for x in offsets.split("-"))
        if not sentence_placed:
            sentence_text = "\n".join(sentence)
            gap = begin - length16
            if gap < 0:
                raise AnnotatorError(f"sentence starts at {begin}, before the text so far ends")
            pad = ("\n" if text_parts else " ") + " " * gap
            text_parts.append(pad[:gap] + sentence_text)
            length16 += gap + len(sentence_text.encode("utf-16-le")) // 2
            sentence_placed = True
        row = cells[3:]
        for layer in layers:
            values = row[layer.first : layer.first + layer.columns]
            if layer.kind == "SP":
                _span_cells(layer, values, unit, begin, end, annotations, number)
            elif layer.kind == "RL" and any(v != "_" for v in values):
                relation_rows.append((number, layer, unit, values[:-1], split_stack(values[-1])))
    text = "".join(text_parts)
    return _document(path, context, text, layers, annotations, relation_rows)


def _span_cells(
    layer: _Layer,
    values: list[str],
    unit: str,
    begin: int,
    end: int,
    annotations: dict[tuple[str, str], _Annotation],
    number: int,
) -> None:
    """Read one line's columns of a span layer; a stacked item's position names the same
    annotation in every column of the layer (a slot target column carries no id)."""
    at_position: dict[int, _Annotation] = {}
    for feature, kind, cell in zip(layer.features, layer.kinds, values, strict=True):
        if cell == "_":
            continue
        for position, item in enumerate(split_stack(cell)):
            if kind == TARGET:  # no id here: the item at this position of the layer
                raw, ident = item, None
            else:
                match = ITEM.match(item)
                assert match is not None  # the pattern matches any string
                raw, ident = match.group(1), match.group(2)
            key = ident if ident and ident != "0" else f"{unit}#{position}"
            found = at_position.get(position) or annotations.get((layer.type, key))
            if found is None:
                found = _Annotation(layer.type, key, begin, end, unit=unit)
                annotations[(layer.type, key)] = found
            found.begin, found.end = min(found.begin, begin), max(found.end, end)
            at_position[position] = found
            if kind == TARGET:
                if raw not in ("*", "_"):
                    found.targets.setdefault(feature, split_slots(raw))
            elif kind == ROLE:
                if raw != "_":
                    roles = [unescape(r) if r != "*" else "" for r in split_slots(raw)]
                    found.roles.setdefault(feature, roles)
            elif raw not in ("*", "") and feature:
                found.values[feature] = unescape(raw)


def _document(
    path: Path,
    context: ReadContext,
    text: str,
    layers: list[_Layer],
    annotations: dict[tuple[str, str], _Annotation],
    relation_rows: list[tuple[int, _Layer, str, list[str], list[str]]],
) -> Document:
    schema = context.schema
    layer_map = {**DEFAULT_LAYERS, **context.options.layer_map}
    skip = context.options.unmapped == "skip"
    report = context.report
    offsets = OffsetMap(text)
    spans: list[Span] = []
    by_key: dict[tuple[str, str], Span] = {}
    for (layer_type, key), annotation in annotations.items():
        ours = layer_map.get(layer_type) or _custom_layer(schema, layer_type)
        layer = schema.layer(ours) if ours else None
        if layer is None:
            if skip:
                report.count("skipped_unmapped")
                continue
            raise AnnotatorError(
                f"layer {layer_type} maps to no layer of the schema; --layer-map "
                f"{layer_type}=LAYER maps it, --unmapped skip leaves it out"
            )
        where = f"{layer_type} annotation at {annotation.unit}"
        if annotation.begin >= annotation.end:
            if skip:
                report.count("skipped_unmapped")
                continue
            raise AnnotatorError(
                f"{where}: zero-length span at {annotation.begin} is not supported "
                "(--unmapped skip leaves it out)"
            )
        values = dict(annotation.values)
        label_feature = next(
            (
                f.split(":", 1)[1]
                for f, t in layer_map.items()
                if t == "label" and f.split(":", 1)[0] == layer_type
            ),
            "value",
        )
        name = values.pop(label_feature, None)
        if name is None:
            if len(layer.labels) != 1:
                raise AnnotatorError(f"{where}: no {label_feature!r} value to take the label from")
            label = layer.labels[0]
        else:
            renamed = context.labels.rename(name)
            found = layer.label(renamed)
            if found is None:
                raise AnnotatorError(
                    f"{where}: unknown label {renamed!r} in layer {layer.name!r} "
                    "(--label-map FROM=TO renames it)"
                )
            label = found
        attrs = {}
        for feature, value in values.items():
            attribute = layer_map.get(f"{layer_type}:{feature}", feature)
            if label.attribute(attribute) is None:
                if skip:
                    report.count("skipped_unmapped")
                    continue
                raise AnnotatorError(
                    f"{where}: feature {feature!r} ({value!r}) maps to no attribute of "
                    f"{label.name!r}; --layer-map {layer_type}:{feature}=ATTRIBUTE maps it"
                )
            attrs[attribute] = value
        start, stop = _exact(offsets, annotation.begin, annotation.end, where)
        span = Span(f"T{len(spans) + 1}", start, stop, layer.name, label.name, attrs)
        spans.append(span)
        by_key[(layer_type, key)] = span
    relations = _relations(context, relation_rows, by_key, annotations, layer_map)
    target_types = {
        (layer.type, feature): target
        for layer in layers
        for feature, target in layer.targets.items()
    }
    skipped = slot_relations(annotations, by_key, target_types, layer_map, schema, skip, relations)
    if skipped:
        report.count("skipped_unmapped", skipped)
    return Document(doc_id_from_stem(path.stem), text, {"source": path.name}, spans, relations)


def _custom_layer(schema: Schema, layer_type: str) -> str | None:
    """Map `webanno.custom.Claim` to our `claim` layer (what our export writes)."""
    if not layer_type.startswith(CUSTOM):
        return None
    name = layer_type[len(CUSTOM) :].lower()
    return next((layer.name for layer in schema.layers if layer.name.lower() == name), None)


def _exact(offsets: OffsetMap, begin: int, end: int, where: str) -> tuple[int, int]:
    try:
        start, stop = offsets.from_utf16(begin), offsets.from_utf16(end)
    except ValueError:
        raise AnnotatorError(f"{where}: offsets {begin}-{end} are outside the text") from None
    if offsets.to_utf16(start) != begin or offsets.to_utf16(stop) != end:
        raise AnnotatorError(f"{where}: offsets {begin}-{end} cut a character in two")
    return start, stop


def _relations(
    context: ReadContext,
    rows: list[tuple[int, _Layer, str, list[str], list[str]]],
    by_key: dict[tuple[str, str], Span],
    annotations: dict[tuple[str, str], _Annotation],
    layer_map: dict[str, str],
) -> list[Relation]:
    schema = context.schema
    skip = context.options.unmapped == "skip"
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for number, layer, unit, feature_cells, sources in rows:
        base = layer.features[-1]
        if not base.startswith("BT_"):
            raise AnnotatorError(f"relation layer {layer.type} names no base type", line=number)
        base_type = base[3:]
        mapped = layer_map.get(layer.type)
        base_mapped = base_type in layer_map or _custom_layer(schema, base_type) is not None
        stacked = [split_stack(cell) for cell in feature_cells]
        for position, source in enumerate(sources):
            values = {
                feature: _value(cells[position] if position < len(cells) else "_")
                for feature, cells in zip(layer.features[:-1], stacked, strict=True)
            }
            kind = mapped or values.get("value", "")
            if schema.relation(kind) is None or not base_mapped:
                if skip:
                    context.report.count("skipped_unmapped")
                    continue
                problem = (
                    f"relations over {base_type} (tokens are no spans of ours)"
                    if not base_mapped
                    else f"relation layer {layer.type} maps to no relation type ({kind!r})"
                )
                raise AnnotatorError(
                    f"{problem}; --layer-map {layer.type}=RELATION maps it, --unmapped skip "
                    "leaves it out",
                    line=number,
                )
            match = ITEM.match(source)
            assert match is not None
            source_unit, source_id, target_id = match.group(1), match.group(2), match.group(3)
            origin = _span_at(by_key, annotations, base_type, source_unit, source_id, number)
            target = _span_at(by_key, annotations, base_type, unit, target_id, number)
            link = (kind, origin.id, target.id)
            if link in seen:
                continue
            seen.add(link)
            relations.append(Relation(f"R{len(relations) + 1}", kind, origin.id, target.id))
    return relations


def _value(item: str) -> str:
    """The value of one stacked item, without its `[id]` and escapes."""
    match = ITEM.match(item)
    return unescape(match.group(1)) if match else item


def _span_at(
    by_key: dict[tuple[str, str], Span],
    annotations: dict[tuple[str, str], _Annotation],
    layer_type: str,
    unit: str,
    ident: str | None,
    number: int,
) -> Span:
    if ident and ident != "0":
        span = by_key.get((layer_type, ident))
    else:
        found = [
            by_key[key]
            for key, annotation in annotations.items()
            if key[0] == layer_type and annotation.unit == unit and key in by_key
        ]
        if len(found) > 1:
            raise AnnotatorError(
                f"relation end at {unit} is ambiguous (stacked spans)", line=number
            )
        span = found[0] if found else None
    if span is None:
        raise AnnotatorError(f"relation end at {unit} names no imported span", line=number)
    return span
