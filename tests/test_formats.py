"""Training-corpus formats: CoNLL IOB2, brat, doccano, claim/stance tables, splits."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.formats.filenames import doc_id_from_stem, file_stem
from annotator.store import Store
from tests.conftest import shared_file
from tests.helpers import iob2_entities, run_cli

TEXT = (
    "قال د. ينس ستولتنبرغ (Jens Stoltenberg) إن الدعم لأوكرانيا بلغ 3.5 مليار يورو، "
    "وحضر 1,250 شخصا. وزار سيئول 😀 https://example.com/a يوم 29 يناير!\n"
    "وكتب @nato_news: «الحلف سيبقى» #ناتو"
)


def at(text: str, word: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(word, start + 1)
    return start, start + len(word)


def spans_of(text: str) -> tuple[list[dict], list[dict]]:
    entries = [
        ("T1", "ينس ستولتنبرغ", "entity", "PER", {}),
        ("T2", "Jens Stoltenberg", "entity", "PER", {}),
        ("T3", "أوكرانيا", "entity", "GPE", {}),  # inside لأوكرانيا: the ل stays outside
        ("T4", "سيئول", "entity", "GPE", {}),
        ("T5", "ستولتنبرغ", "entity", "MISC", {}),  # nested in T1
        ("T6", "الدعم لأوكرانيا بلغ 3.5 مليار يورو", "claim", "CLAIM", {}),
        ("T7", "«الحلف سيبقى»", "stance", "STANCE", {"polarity": "favor"}),
        ("T8", "nato_news", "entity", "ORG", {}),
    ]
    spans = []
    for span_id, words, layer, label, attrs in entries:
        start, end = at(text, words)
        spans.append(
            {
                "id": span_id,
                "start": start,
                "end": end,
                "text": words,
                "layer": layer,
                "label": label,
                "attrs": attrs,
            }
        )
    relations = [
        {"id": "R1", "type": "claimant", "from": "T6", "to": "T1"},
        {"id": "R2", "type": "holder", "from": "T7", "to": "T8"},
        {"id": "R3", "type": "target", "from": "T7", "to": "T3"},
    ]
    return spans, relations


@pytest.fixture
def project(tmp_path: Path) -> Path:
    spans, relations = spans_of(TEXT)
    lines = [
        {"id": "nato/1", "text": TEXT, "spans": spans, "relations": relations},
        {
            "id": "second",
            "text": "زار ستولتنبرغ سيئول.",
            "spans": [{"start": 4, "end": 13, "layer": "entity", "label": "PER"}],
        },
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 0, result.output
    return db


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Return documents as lists of (token, tag), sentences flattened."""
    documents: list[list[tuple[str, str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            documents.append([])
        elif line:
            token, tag = line.split("\t")
            documents[-1].append((token, tag))
    return documents


def test_conll_tokens_tags_and_peer_decoding(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.conll"
    result = run_cli("export", "--db", project, "--format", "conll", "--out", out)
    assert result.exit_code == 0, result.output
    assert "split 2 words" in result.output  # لأوكرانيا -> ل | أوكرانيا, @ | nato_news
    assert "1 overlapping or empty spans could not be represented" in result.output
    first, second = read_conll(out)
    tokens = [t for t, _ in first]
    for whole in ("3.5", "1,250", "https://example.com/a", "nato_news", "#ناتو", "😀", "«"):
        assert whole in tokens
    assert tokens[tokens.index("أوكرانيا") - 1] == "ل"
    assert dict(first)["ل"] == "O"
    # Decode the tags independently (tests/helpers) and map tokens back: exactly the entities.
    offsets, position = [], 0
    for token in tokens:
        position = TEXT.index(token, position)
        offsets.append((position, position + len(token)))
        position += len(token)
    decoded = {
        (label, offsets[a][0], offsets[b][1])
        for label, a, b in iob2_entities([tag for _, tag in first])
    }
    with Store.open(project) as store:
        spans = store.spans("nato/1")
    outer = {(s.label, s.start, s.end) for s in spans if s.layer == "entity" and s.id != "T5"}
    assert decoded == outer
    assert [t for t, _ in second] == ["زار", "ستولتنبرغ", "سيئول", "."]


def test_conll_inner_keeps_the_nested_span(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "inner.conll"
    run_cli("export", "--db", project, "--format", "conll", "--nested", "inner", "--out", out)
    first, _ = read_conll(out)
    tags = dict(first)
    assert tags["ينس"] == "O" and tags["ستولتنبرغ"] == "B-MISC"


def test_conll_sentences_never_cut_spans_or_abbreviations(project: Path, tmp_path: Path):
    out = tmp_path / "c.conll"
    run_cli("export", "--db", project, "--format", "conll", "--layer", "claim", "--out", out)
    blocks = out.read_text(encoding="utf-8").split("\n\n")
    sentences = [b for b in blocks if b.strip() and not b.startswith("-DOCSTART-")]
    first = [line.split("\t")[0] for line in sentences[0].splitlines()]
    assert first[:3] == ["قال", "د", "."]  # "د." (doctor) does not end the sentence
    assert "يورو" in first and first[-1] == "."
    assert any("B-CLAIM" in b for b in sentences)


def test_conll_import_and_export_reach_a_fixed_point(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.conll"
    run_cli("export", "--db", project, "--format", "conll", "--out", first)
    again = tmp_path / "again.db"
    result = run_cli("import", "--db", again, first)
    assert result.exit_code == 0, result.output
    second = tmp_path / "b.conll"
    run_cli("export", "--db", again, "--format", "conll", "--out", second)
    assert read_conll(first) == read_conll(second)


def test_conll_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("ينس B-PER\nستولتنبرغ I-PER\nفي OO\n", encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "x.db", bad)
    assert result.exit_code == 1
    assert f"{bad}:3: malformed tag 'OO'" in result.output
    unknown = tmp_path / "unknown.conll"
    unknown.write_text("Madrid B-MIS1\n", encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "x.db", unknown)
    assert "unknown.conll:1: unknown label 'MIS1'" in result.output
    result = run_cli("import", "--db", tmp_path / "x.db", "--label-map", "MIS*=MISC", unknown)
    assert result.exit_code == 0


def test_aqmar_arabic_corpus_imports_and_round_trips(tmp_path: Path) -> None:
    folder = shared_file("interop", "aqmar")
    db = tmp_path / "aqmar.db"
    result = run_cli(
        "import",
        "--db",
        db,
        "--format",
        "conll",
        "--label-map",
        "MIS*=MISC",
        "--label-map",
        "SPANISH=MISC",
        "--label-map",
        "ENGLISH=MISC",
        "--bad-tags",
        "outside",
        folder,
    )
    assert result.exit_code == 0, result.output
    assert "imported 28 documents" in result.output
    assert "repaired" in result.output
    with Store.open(db) as store:
        document = store.document("Damascus")
        assert len(document.spans) > 50
        assert "دمشق" in {document.text[s.start : s.end] for s in document.spans}
    out = tmp_path / "aqmar.conll"
    assert run_cli("export", "--db", db, "--format", "conll", "--out", out).exit_code == 0
    again = tmp_path / "again.db"
    assert run_cli("import", "--db", again, out).exit_code == 0
    with Store.open(db) as one, Store.open(again) as two:
        count_one = sum(len(one.spans(i)) for i in one.document_ids())
        count_two = sum(len(two.spans(i)) for i in two.document_ids())
    assert count_one == count_two


def test_brat_export_opens_as_is_and_round_trips(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    result = run_cli("export", "--db", project, "--format", "brat", "--out", folder)
    assert result.exit_code == 0, result.output
    stem = file_stem("nato/1")
    assert stem == "nato%2F1" and doc_id_from_stem(stem) == "nato/1"
    text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
    assert text == TEXT
    ann = (folder / f"{stem}.ann").read_text(encoding="utf-8").splitlines()
    for line in ann:
        if line.startswith("T"):
            _, annotation, shown = line.split("\t")
            offsets = annotation.split(" ", 1)[1]
            pieces = [text[int(a) : int(b)] for a, b in (f.split() for f in offsets.split(";"))]
            assert " ".join(pieces) == shown  # character offsets, right after the emoji too
    assert "A1\tpolarity T7 favor" in ann
    assert "R2\tholder Arg1:T7 Arg2:T8" in ann
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "polarity\tArg:STANCE, Value:favor|against|neutral" in conf
    assert "claimant\tArg1:CLAIM, Arg2:PER|ORG|GPE|LOC|MISC" in conf
    assert "bgColor:#" in (folder / "visual.conf").read_text(encoding="utf-8")
    again = tmp_path / "again.db"
    result = run_cli("import", "--db", again, folder)
    assert result.exit_code == 0, result.output
    with Store.open(project) as one, Store.open(again) as two:
        for doc_id in one.document_ids():
            a, b = one.document(doc_id), two.document(doc_id)
            assert a.text == b.text
            assert {(s.id, s.start, s.end, s.label, tuple(s.attrs.items())) for s in a.spans} == {
                (s.id, s.start, s.end, s.label, tuple(s.attrs.items())) for s in b.spans
            }
            assert {(r.type, r.from_id, r.to_id) for r in a.relations} == {
                (r.type, r.from_id, r.to_id) for r in b.relations
            }


def test_brat_multiline_span_and_crlf_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "doc.txt").write_bytes("سطر أول\r\nسطر ثان\r\n".encode())
    (folder / "doc.ann").write_text("T1\tCLAIM 4 7;9 12\tأول سطر\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = run_cli("import", "--db", db, folder)
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        [span] = store.spans("doc")
        assert store.text("doc")[span.start : span.end] == "أول\nسطر"


def test_real_brat_relations_corpus(tmp_path: Path) -> None:
    corpus = shared_file(
        "interop", "brat", "example-data", "corpora", "BioNLP-ST_2011", "BioNLP-ST_2011_REL"
    )
    schema = tmp_path / "bio.toml"
    schema.write_text(
        "[[layers]]\nname = 'bio'\n[[layers.labels]]\nname = 'Entity'\n"
        "[[layers.labels]]\nname = 'Protein'\n"
        "[[relations]]\nname = 'Protein-Component'\nfrom = ['bio']\nto = ['bio']\n",
        encoding="utf-8",
    )
    db = tmp_path / "bio.db"
    result = run_cli("import", "--db", db, "--schema", schema, corpus)
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        document = store.document("PMID-1527859")
        assert len(document.spans) == 21 and len(document.relations) == 1
        assert document.text[document.spans[0].start : document.spans[0].end]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("BioNLP-ST_2011", "BioNLP-ST_2011_GE"), "is not supported"),
    ],
)
def test_brat_events_are_clear_errors(tmp_path: Path, parts, message: str) -> None:
    corpus = shared_file("interop", "brat", "example-data", "corpora", *parts)
    result = run_cli("import", "--db", tmp_path / "x.db", corpus)
    assert result.exit_code == 1
    assert ".ann:" in result.output and (message in result.output or "unknown" in result.output)


def test_doccano_both_shapes_round_trip(project: Path, tmp_path: Path) -> None:
    relation_file = tmp_path / "re.jsonl"
    result = run_cli("export", "--db", project, "--format", "doccano", "--out", relation_file)
    assert "1 attribute values" in result.output
    first = json.loads(relation_file.read_text(encoding="utf-8").splitlines()[0])
    assert {"id", "text", "entities", "relations"} <= set(first)  # plus our metadata keys
    assert {"from_id", "to_id", "type", "id"} == set(first["relations"][0])
    seq_file = tmp_path / "seq.jsonl"
    run_cli("export", "--db", project, "--format", "doccano-seq", "--out", seq_file)
    for path in (relation_file, seq_file):
        db = tmp_path / f"{path.stem}.db"
        assert run_cli("import", "--db", db, path).exit_code == 0
        with Store.open(project) as one, Store.open(db) as two:
            a, b = one.document("nato/1"), two.document("nato/1")
            assert {(s.start, s.end, s.label) for s in a.spans} == {
                (s.start, s.end, s.label) for s in b.spans
            }
            if path is relation_file:
                assert len(b.relations) == len(a.relations)


def test_claim_and_stance_tables(project: Path, tmp_path: Path) -> None:
    claims = tmp_path / "claims.csv"
    assert (
        run_cli("export", "--db", project, "--format", "claims-csv", "--out", claims).exit_code == 0
    )
    raw = claims.read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(claims.open(encoding="utf-8", newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["claim_text"] == TEXT[int(row["claim_start"]) : int(row["claim_end"])]
    assert row["claimant_text"] == "ينس ستولتنبرغ" and row["claimants"] == "1"
    stances = tmp_path / "stances.jsonl"
    run_cli("export", "--db", project, "--format", "stances-jsonl", "--out", stances)
    stance = json.loads(stances.read_text(encoding="utf-8"))
    assert stance["polarity"] == "favor" and stance["holder_text"] == "nato_news"
    assert stance["target_layer"] == "entity" and stance["target_text"] == "أوكرانيا"


def test_csv_cells_never_run_as_formulas(tmp_path: Path) -> None:
    text = '=HYPERLINK("http://x","y") قال @someone: -1 +2'
    doc = {
        "id": "=cmd|' /C calc'!A0",
        "text": text,
        "spans": [{"id": "T1", "start": 0, "end": 26, "layer": "claim", "label": "CLAIM"}],
    }
    source = tmp_path / "f.jsonl"
    source.write_text(json.dumps(doc), encoding="utf-8")
    db = tmp_path / "f.db"
    run_cli("import", "--db", db, source)
    out = tmp_path / "claims.csv"
    run_cli("export", "--db", db, "--format", "claims-csv", "--out", out)
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@"))
    assert rows[1][2] == "'" + text[:26]


def test_split_is_reproducible_and_partitions(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"d{i}", "text": f"نص رقم {i}"}, ensure_ascii=False) for i in range(20)
    ]
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "m.db"
    run_cli("import", "--db", db, source)
    ids = {}
    for attempt in ("a", "b"):
        out = tmp_path / attempt / "corpus.jsonl"
        result = run_cli("export", "--db", db, "--split", "80/10/10", "--seed", "3", "--out", out)
        assert result.exit_code == 0, result.output
        ids[attempt] = {
            name: [
                json.loads(x)["id"]
                for x in (out.parent / f"corpus.{name}.jsonl").read_text("utf-8").splitlines()
            ]
            for name in ("train", "dev", "test")
        }
    assert ids["a"] == ids["b"]
    assert [len(ids["a"][n]) for n in ("train", "dev", "test")] == [16, 2, 2]
    assert sorted(sum(ids["a"].values(), [])) == sorted(f"d{i}" for i in range(20))
    brat = tmp_path / "brat"
    run_cli("export", "--db", db, "--format", "brat", "--split", "50/50", "--out", brat)
    assert (brat / "train" / "annotation.conf").exists() and (brat / "dev").is_dir()
    bad = run_cli("export", "--db", db, "--split", "80/30", "--out", tmp_path / "x.jsonl")
    assert bad.exit_code == 1 and "sum to 100" in bad.output


HARD = "\ufeffسطر 😀 فيه\r\nمُحَمَّدٌ \u200fقال\u200f \u2067Jens\u2069 🇸🇦 لأوكرانيا\r\nآخر"


def test_every_format_keeps_span_text_at_its_offsets(tmp_path: Path) -> None:
    """Emoji, CRLF originals, diacritics and bidi controls: text[start:end] holds everywhere."""
    source = tmp_path / "hard.txt"
    source.write_bytes(HARD.encode("utf-8"))
    db = tmp_path / "h.db"
    run_cli("import", "--db", db, source)
    with Store.open(db) as store:
        text = store.text("hard")
        words = ["😀 فيه", "مُحَمَّدٌ", "\u200fقال\u200f", "Jens", "أوكرانيا", "فيه\nمُحَمَّدٌ"]
        labels = ["MISC", "PER", "MISC", "PER", "GPE", None]
        for word, label in zip(words, labels, strict=True):
            start = text.index(word)
            if label:
                store.add_span("hard", start, start + len(word), "entity", label, "t")
            else:
                store.add_span("hard", start, start + len(word), "claim", "CLAIM", "t")
        expected = {text[s.start : s.end] for s in store.spans("hard")}
    assert "\r" not in text and not text.startswith("\ufeff")
    for fmt in ("jsonl", "doccano", "claims-jsonl"):
        out = tmp_path / f"out.{fmt}"
        assert run_cli("export", "--db", db, "--format", fmt, "--out", out).exit_code == 0
        for line in out.read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            if fmt == "jsonl":
                for span in obj["spans"]:
                    assert obj["text"][span["start"] : span["end"]] == span["text"]
                assert {s["text"] for s in obj["spans"]} == expected
            elif fmt == "doccano":
                got = {obj["text"][e["start_offset"] : e["end_offset"]] for e in obj["entities"]}
                assert got == expected
            else:
                assert text[obj["claim_start"] : obj["claim_end"]] == obj["claim_text"]
    brat = tmp_path / "brat"
    run_cli("export", "--db", db, "--format", "brat", "--out", brat)
    assert (brat / "hard.txt").read_text(encoding="utf-8") == text
    again = tmp_path / "again.db"
    assert run_cli("import", "--db", again, brat).exit_code == 0
    with Store.open(again) as store:
        assert {store.text("hard")[s.start : s.end] for s in store.spans("hard")} == expected
    conll = tmp_path / "h.conll"
    run_cli("export", "--db", db, "--format", "conll", "--out", conll)
    position = 0
    for token, _tag in read_conll(conll)[0]:
        position = text.index(token, position) + len(token)  # each token is text, in order
