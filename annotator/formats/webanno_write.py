"""Export WebAnno TSV 3.3 for INCEpTION: a folder with one `ID.tsv` per document.

Layers: `entity` is INCEpTION's NamedEntity (`value` = label); every other layer is a
custom span layer `webanno.custom.Claim` (from `claim`) with a `value` feature (the label)
and one feature per attribute (`polarity`). Relations are slot (link) features of the
layer they start from, one feature per relation type, the role being the type's name:
`webanno.custom.Claim` gets `claimant` (targets NamedEntity), `webanno.custom.Stance`
gets `holder` and `target` (targets of several layers: `uima.tcas.Annotation`, INCEpTION's
"any span"). A relation layer cannot carry them: INCEpTION's relations link two spans of
one layer, ours link a claim to an entity.

Tokens and sentences are those of the CoNLL export (`annotator/tokens.py`); a span that
starts or ends inside a token gets a sub-token (`1-3.1`); offsets count UTF-16 units.
A TSV reader (INCEpTION's and ours) rebuilds the white space between two sentences as a
line break then spaces: where the text holds other white space there (`. ` inside a
paragraph, a blank line), the two sentences are written as one, so the text reads back
exactly. Not carried: white space before the first token that is not spaces and after
the last token, spans that start or end in white space, span and relation ids,
annotators, meta and statuses (the report counts what it could not write).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats import WriteContext
from annotator.formats.filenames import unique_stem
from annotator.formats.report import Report
from annotator.formats.webanno_syntax import (
    ANY_SPAN,
    CUSTOM,
    FORMAT_LINE,
    NAMED_ENTITY,
    escape_text,
    escape_value,
)
from annotator.model import Document, Span
from annotator.offsets import OffsetMap
from annotator.schema import Schema
from annotator.tokens import Token, sentences, tokenize

Unit = tuple[str, int, int]  # address, begin, end (code points)


def tsv_type(layer: str) -> str:
    """Return the TSV type our layer is written as (`claim` -> `webanno.custom.Claim`)."""
    return NAMED_ENTITY if layer == "entity" else CUSTOM + layer[:1].upper() + layer[1:]


@dataclass
class _LayerColumns:
    """The columns of one of our layers: value, attributes, then per relation type a role
    column and a target column."""

    layer: str
    attributes: list[str]
    relations: list[str]
    header: str = ""


def _plan(schema: Schema) -> list[_LayerColumns]:
    plan = []
    for layer in schema.layers:
        attributes = list(dict.fromkeys(a.name for lb in layer.labels for a in lb.attributes))
        kinds = [r.name for r in schema.relations if layer.name in r.from_layers]
        columns = _LayerColumns(layer.name, attributes, kinds)
        host = tsv_type(layer.name)
        parts = [host, "value", *attributes]
        for kind in kinds:
            relation = schema.relation(kind)
            assert relation is not None
            to = relation.to_layers
            target = tsv_type(to[0]) if len(to) == 1 else ANY_SPAN
            link = f"{host}{kind[:1].upper()}{kind[1:]}Link"
            parts += [f"ROLE_{host}:{kind}_{link}", target]
        columns.header = "#T_SP=" + "|".join(parts)
        plan.append(columns)
    return plan


def write_tsv_folder(documents: Iterable[Document], folder: Path, context: WriteContext) -> None:
    """Write each document as `ID.tsv` (the id %-escaped as brat's file names are)."""
    report = context.report
    plan = _plan(context.schema)
    used: set[str] = set()
    lost = _Lost()
    for document in documents:
        lines = document_lines(document, plan, lost)
        if lines is None:
            lost.empty += 1
            continue
        stem = unique_stem(document.id, used)
        lost.shortened += "~" in stem
        text = "".join(line + "\n" for line in lines)
        (folder / f"{stem}.tsv").write_text(text, encoding="utf-8", newline="")
        report.documents += 1
        report.spans += len(document.spans) - lost.last_spans
        report.relations += len(document.relations) - lost.last_relations
    lost.notes(report)


@dataclass
class _Lost:
    """What the export could not write, for the report."""

    spans: int = 0
    relations: int = 0
    duplicates: int = 0
    texts: int = 0
    empty: int = 0
    shortened: int = 0
    joined: int = 0
    last_spans: int = 0
    last_relations: int = 0

    def notes(self, report: Report) -> None:
        """Add one note per kind of loss (and the one that never shows in INCEpTION)."""
        phrases = [
            (self.spans, "spans start or end in white space or cover no token: not written"),
            (self.relations, "relations lost with those spans"),
            (self.duplicates, "spans repeated by another annotator written once"),
            (self.texts, "documents with white space before or after their tokens that "
             "TSV cannot carry (read back as spaces / left out)"),
            (self.empty, "documents without tokens not written"),
            (self.shortened, "ids shortened in file names"),
            (self.joined, "sentence breaks not written (the white space between the "
             "sentences would read back as a line break)"),
        ]  # fmt: skip
        report.notes += [f"webanno-tsv: {count} {phrase}" for count, phrase in phrases if count]
        report.notes.append(
            "webanno-tsv: span and relation ids, annotators, meta and statuses are not carried"
        )


def _unique_spans(document: Document, lost: _Lost) -> tuple[list[Span], dict[str, str]]:
    """Keep one of identical spans (several annotators' work in one file would otherwise
    read back as a span repeated by one annotator); map every span id to the kept one."""
    kept: dict[tuple[object, ...], Span] = {}
    alias: dict[str, str] = {}
    for span in document.spans:
        key = (span.start, span.end, span.layer, span.label, tuple(sorted(span.attrs.items())))
        first = kept.setdefault(key, span)
        alias[span.id] = first.id
        lost.duplicates += first is not span
    return list(kept.values()), alias


def document_lines(document: Document, plan: list[_LayerColumns], lost: _Lost) -> list[str] | None:
    """Return the TSV lines of one document, or None when it has no token."""
    text = document.text
    tokens = tokenize(text)
    if not tokens:
        return None
    spans, alias = _unique_spans(document, lost)
    starts = [a for a, _ in tokens]
    ends = [b for _, b in tokens]
    groups = _sentences(text, tokens, spans, starts, ends, lost)
    if text[: tokens[0][0]].strip(" ") or text[tokens[-1][1] :]:
        lost.texts += 1
    units, sub_units = _units(groups, spans, starts, ends)
    placed: dict[str, list[Unit]] = {}
    written = 0
    for span in spans:
        first = bisect_right(ends, span.start)
        last = bisect_left(starts, span.end)
        pieces = [_unit_of(span, i, tokens, units, sub_units) for i in range(first, last)]
        if not pieces or pieces[0][1] != span.start or pieces[-1][2] != span.end:
            continue
        placed[span.id] = pieces
        written += 1
    lost.spans += len(spans) - written
    lost.last_spans = len(document.spans) - written
    links: dict[str, list[tuple[str, str]]] = {}
    relations = 0
    for relation in document.relations:
        origin, target = alias[relation.from_id], alias[relation.to_id]
        if origin in placed and target in placed:
            pair = (relation.type, target)
            if pair not in links.setdefault(origin, []):
                links[origin].append(pair)
                relations += 1
    lost.relations += sum(
        alias[r.from_id] not in placed or alias[r.to_id] not in placed for r in document.relations
    )
    lost.last_relations = len(document.relations) - relations
    return _lines(text, groups, units, sub_units, spans, placed, links, plan)


def _sentences(
    text: str,
    tokens: list[Token],
    spans: list[Span],
    starts: list[int],
    ends: list[int],
    lost: _Lost,
) -> list[list[Token]]:
    """Group tokens into sentences never cut inside a span, joined where the white space
    between them would not read back."""
    joined: set[int] = set()
    for span in spans:
        first = bisect_right(ends, span.start)
        last = bisect_left(starts, span.end)
        joined.update(range(first, last - 1))
    groups: list[list[Token]] = []
    for group in sentences(text, tokens, joined):
        if groups:
            gap = text[groups[-1][-1][1] : group[0][0]]
            if gap and gap != "\n" + " " * (len(gap) - 1):
                groups[-1].extend(group)
                lost.joined += 1
                continue
        groups.append(group)
    return groups


def _units(
    groups: list[list[Token]], spans: list[Span], starts: list[int], ends: list[int]
) -> tuple[dict[Token, str], dict[tuple[int, int], str]]:
    """Address every token (`2-5`) and every piece of a token a span edge cuts (`2-5.1`)."""
    units: dict[Token, str] = {}
    for number, group in enumerate(groups, start=1):
        for position, token in enumerate(group, start=1):
            units[token] = f"{number}-{position}"
    pieces: dict[int, set[tuple[int, int]]] = {}
    for span in spans:
        for index in range(bisect_right(ends, span.start), bisect_left(starts, span.end)):
            begin, end = max(span.start, starts[index]), min(span.end, ends[index])
            if (begin, end) != (starts[index], ends[index]):
                pieces.setdefault(index, set()).add((begin, end))
    sub_units: dict[tuple[int, int], str] = {}
    for index, found in pieces.items():
        address = units[(starts[index], ends[index])]
        for number, piece in enumerate(sorted(found), start=1):
            sub_units[piece] = f"{address}.{number}"
    return units, sub_units


def _unit_of(
    span: Span,
    index: int,
    tokens: list[Token],
    units: dict[Token, str],
    sub_units: dict[tuple[int, int], str],
) -> Unit:
    a, b = tokens[index]
    begin, end = max(span.start, a), min(span.end, b)
    if (begin, end) == (a, b):
        return (units[(a, b)], a, b)
    return (sub_units[(begin, end)], begin, end)


@dataclass
class _Row:
    address: str
    begin: int
    end: int
    spans: list[Span] = field(default_factory=list)


def _lines(
    text: str,
    groups: list[list[Token]],
    units: dict[Token, str],
    sub_units: dict[tuple[int, int], str],
    spans: list[Span],
    placed: dict[str, list[Unit]],
    links: dict[str, list[tuple[str, str]]],
    plan: list[_LayerColumns],
) -> list[str]:
    rows: dict[str, _Row] = {}
    for token, address in units.items():
        rows[address] = _Row(address, *token)
    for (begin, end), address in sub_units.items():
        rows[address] = _Row(address, begin, end)
    on_units: dict[str, int] = {}
    for span in spans:
        for address, _, _ in placed.get(span.id, []):
            rows[address].spans.append(span)
        on_units[span.id] = len(placed.get(span.id, []))
    stacked = {
        s.id
        for row in rows.values()
        for s in row.spans
        if sum(o.layer == s.layer for o in row.spans) > 1
    }
    targets = {target for pairs in links.values() for _, target in pairs}
    ids: dict[str, int] = {}
    for span in spans:
        if span.id in placed and (
            on_units[span.id] > 1 or span.id in stacked or span.id in targets
        ):
            ids[span.id] = len(ids) + 1
    first_unit = {span_id: pieces[0][0] for span_id, pieces in placed.items()}
    offsets = OffsetMap(text)
    lines = [FORMAT_LINE, *(columns.header for columns in plan), ""]
    for group in groups:
        begin, end = group[0][0], group[-1][1]
        lines.append("")
        lines += ["#Text=" + escape_text(line) for line in text[begin:end].split("\n")]
        for token in group:
            address = units[token]
            subs = sorted(
                (a for a in sub_units.values() if a.startswith(address + ".")),
                key=lambda a: int(a.rsplit(".", 1)[1]),
            )
            for row in (rows[address], *(rows[a] for a in subs)):
                cells = [
                    row.address,
                    f"{offsets.to_utf16(row.begin)}-{offsets.to_utf16(row.end)}",
                    text[row.begin : row.end],
                ]
                for columns in plan:
                    cells += _layer_cells(row, columns, ids, links, first_unit)
                lines.append("\t".join(cells) + "\t")
    return lines


def _layer_cells(
    row: _Row,
    columns: _LayerColumns,
    ids: dict[str, int],
    links: dict[str, list[tuple[str, str]]],
    first_unit: dict[str, str],
) -> list[str]:
    here = sorted(
        (s for s in row.spans if s.layer == columns.layer),
        key=lambda s: (s.start, s.end, s.label, s.id),
    )
    width = 1 + len(columns.attributes) + 2 * len(columns.relations)
    if not here:
        return ["_"] * width

    def suffix(span: Span) -> str:
        return f"[{ids[span.id]}]" if span.id in ids else ""

    cells = ["|".join(escape_value(s.label) + suffix(s) for s in here)]
    for name in columns.attributes:
        cells.append(
            "|".join(
                (escape_value(str(s.attrs[name])) if name in s.attrs else "*") + suffix(s)
                for s in here
            )
        )
    for kind in columns.relations:
        roles, targets = [], []
        for span in here:
            to = [t for k, t in links.get(span.id, []) if k == kind]
            roles.append((";".join(escape_value(kind) for _ in to) or "_") + suffix(span))
            targets.append(
                ";".join(first_unit[t] + (f"[{ids[t]}]" if t in ids else "") for t in to) or "*"
            )
        cells += ["|".join(roles), "|".join(targets)]
    return cells
