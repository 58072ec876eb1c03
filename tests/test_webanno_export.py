"""WebAnno TSV 3.3 export: ours -> TSV -> ours keeps text, spans, labels, attributes and
relations, over Arabic and emoji (offsets in UTF-16 units, sub-tokens at span edges)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import ReadContext, ReadOptions, WriteContext
from annotator.formats.report import Report
from annotator.formats.webanno import read_webanno
from annotator.formats.webanno_write import write_tsv_folder
from annotator.model import Document, Relation, Span
from annotator.resources import default_schema_source
from annotator.schema import parse_schema
from annotator.store import Store
from tests.helpers import run_cli

SCHEMA = parse_schema(default_schema_source())
PIECES = ["قال", "لأوكرانيا", "ستولتنبرغ", "😀", "🇺🇦", "👩‍💻", "،", ".", "؟", "NATO", "3.5",
          "\u200f", "ـ", "a_b", "x|y", "[1]", "*", "\\", "->", ";"]  # fmt: skip
GAPS = [" ", " ", " ", "\n", "\n\n", "\t", "  ", "\u00a0"]
LABELS = {"entity": ["PER", "ORG", "GPE"], "claim": ["CLAIM"], "stance": ["STANCE"]}


@st.composite
def documents(draw: st.DrawFn) -> Document:
    words = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
    text = draw(st.sampled_from(["", " ", "\n"]))
    for word in words:
        text += word + draw(st.sampled_from(GAPS))
    spans: list[Span] = []
    for number in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        layer = draw(st.sampled_from(sorted(LABELS)))
        attrs = {"polarity": draw(st.sampled_from(["favor", "against"]))}
        spans.append(
            Span(f"T{number + 1}", start, end, layer, draw(st.sampled_from(LABELS[layer])),
                 attrs if layer == "stance" else {})
        )  # fmt: skip
    relations: list[Relation] = []
    kinds = {("claim", "entity"): "claimant", ("stance", "entity"): "holder",
             ("stance", "claim"): "target"}  # fmt: skip
    for a in spans:
        for b in spans:
            kind = kinds.get((a.layer, b.layer))
            if kind and draw(st.booleans()):
                relations.append(Relation(f"R{len(relations) + 1}", kind, a.id, b.id))
    return Document("doc/1 😀", text, {}, spans, relations)


def round_trip(document: Document, folder: Path) -> tuple[Document, Report]:
    report = Report("webanno-tsv", str(folder))
    write_tsv_folder([document], folder, WriteContext(SCHEMA, report))
    (path,) = folder.glob("*.tsv")
    context = ReadContext(SCHEMA, ReadOptions(), Report("webanno-tsv"))
    ((_, read),) = list(read_webanno(path, context))
    return read, report


def carried(span: Span, text: str) -> bool:
    """A span is written unless an edge lies in white space."""
    return not text[span.start].isspace() and not text[span.end - 1].isspace()


def content(document: Document, spans_kept) -> tuple[set, set]:
    spans = {s.id: (s.start, s.end, s.layer, s.label, tuple(sorted(s.attrs.items())))
             for s in document.spans if spans_kept(s)}  # fmt: skip
    relations = {
        (r.type, spans[r.from_id], spans[r.to_id])
        for r in document.relations
        if r.from_id in spans and r.to_id in spans
    }
    return set(spans.values()), relations


@settings(max_examples=150, deadline=None)
@given(documents())
def test_round_trip_keeps_text_spans_attributes_and_relations(document: Document) -> None:
    with tempfile.TemporaryDirectory() as name:
        read, report = round_trip(document, Path(name))
    text = document.text
    words = [m.span() for m in re.finditer(r"\S+", text)]
    first, last = words[0][0], words[-1][1]
    assert read.id == document.id
    assert read.text == " " * first + text[first:last]
    expected_spans, expected_relations = content(document, lambda s: carried(s, text))
    assert content(read, lambda s: True) == (expected_spans, expected_relations)
    assert (report.spans, report.relations) == (len(expected_spans), len(expected_relations))
    if any(not carried(s, text) for s in document.spans):
        assert any("spans start or end in white space" in n for n in report.notes)


def test_sub_tokens_utf16_offsets_and_slots_as_inception_writes_them(tmp_path: Path) -> None:
    text = "😀 قال ستولتنبرغ إن الحلف سيدعم لأوكرانيا."
    at = text.index
    spans = [
        Span("T1", at("ستولتنبرغ"), at("ستولتنبرغ") + 9, "entity", "PER"),
        Span("T2", at("أوكرانيا"), at("أوكرانيا") + 8, "entity", "GPE"),
        Span("T3", at("الحلف"), len(text) - 1, "claim", "CLAIM"),
        Span("T4", at("قال"), at("قال") + 3, "stance", "STANCE", {"polarity": "favor"}),
    ]
    relations = [
        Relation("R1", "claimant", "T3", "T1"),
        Relation("R2", "holder", "T4", "T1"),
        Relation("R3", "target", "T4", "T3"),
    ]
    document = Document("d1", text, {}, spans, relations)
    read, _ = round_trip(document, tmp_path)
    (written,) = tmp_path.glob("*.tsv")
    lines = written.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "#FORMAT=WebAnno TSV 3.3"
    assert lines[3].startswith(
        "#T_SP=webanno.custom.Stance|value|polarity|ROLE_webanno.custom.Stance:holder_"
    )
    assert lines[3].endswith("|uima.tcas.Annotation")
    rows = {line.split("\t")[0]: line.split("\t") for line in lines if re.match(r"\d", line)}
    # ل is left out of the GPE: a sub-token; the emoji counts two UTF-16 units
    ukraine = next(k for k, row in rows.items() if row[2] == "أوكرانيا" and "." in k)
    assert rows[ukraine][3] == "GPE"
    start16 = len(text[: at("أوكرانيا")].encode("utf-16-le")) // 2
    assert rows[ukraine][1] == f"{start16}-{start16 + 8}"
    # the stance's slots: the holder and the target, by their first unit and id
    assert rows["1-2"][7:13] == ["STANCE", "favor", "holder", "1-3[1]", "target", "1-5[2]"]
    assert rows["1-5"][4:7] == ["CLAIM[2]", "claimant[2]", "1-3[1]"]
    assert content(read, lambda s: True) == content(document, lambda s: True)


def test_cli_export_then_import_gives_the_same_annotations(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a/1", "text": "قال ستولتنبرغ 😀 إن الحلف سيدعم كييف.\\n\\nانتهى", '
        '"spans": [{"id": "T1", "start": 4, "end": 13, "layer": "entity", "label": "PER"},'
        '{"id": "T2", "start": 19, "end": 36, "layer": "claim", "label": "CLAIM"}],'
        '"relations": [{"id": "R1", "type": "claimant", "from": "T2", "to": "T1"}]}\n',
        encoding="utf-8",
    )
    assert run_cli("import", "--db", db, source).exit_code == 0
    out = tmp_path / "tsv"
    result = run_cli("export", "--db", db, "--format", "webanno-tsv", "--out", out)
    assert result.exit_code == 0, result.output
    assert "1 documents (webanno-tsv), 2 spans, 1 relations" in result.output
    assert "sentence breaks not written" in result.output  # the blank line
    back = tmp_path / "back.db"
    result = run_cli("import", "--db", back, out)
    assert result.exit_code == 0, result.output
    with Store.open(db, readonly=True) as a, Store.open(back, readonly=True) as b:
        before, after = a.document("a/1"), b.document("a/1")
    assert after.text == before.text
    assert content(after, lambda s: True) == content(before, lambda s: True)


def test_force_replaces_an_earlier_tsv_export(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "قال ينس"}\n{"id": "b", "text": "زار سيئول"}\n', "utf-8")
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, source).exit_code == 0
    out = tmp_path / "tsv"
    assert run_cli("export", "--db", db, "--format", "webanno-tsv", "--out", out).exit_code == 0
    again = run_cli("export", "--db", db, "--format", "webanno-tsv", "--out", out)
    assert again.exit_code == 1 and "--force" in again.output
    forced = run_cli("export", "--db", db, "--format", "webanno-tsv", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in out.iterdir()) == ["a.tsv", "b.tsv"]
