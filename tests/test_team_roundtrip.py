"""The three-annotator round trip from the command line: assign, label (as each annotator,
through the store), merge, agreement, adjudicate, export gold in every format."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.formats import EXPORT_FORMATS
from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli
from tests.team_helpers import WORDS, jsonl_lines, label, make_team

AGREED = {"ينس ستولتنبرغ": "PER", "حلف شمال الأطلسي": "ORG"}


def test_three_annotators_round_trip(tmp_path: Path) -> None:
    team_db = tmp_path / "team.db"
    make_team(team_db, documents=6).close()
    work = tmp_path / "work"
    result = run_cli(
        "assign",
        "--db",
        team_db,
        "--annotators",
        "ana,omar,sara",
        "--per-document",
        "2",
        "--seed",
        "7",
        "--out-dir",
        work,
    )
    assert result.exit_code == 0, result.output
    assert "6 documents assigned, 6 of them to two annotators or more" in result.output
    files = [work / f"{name}.db" for name in ("ana", "omar", "sara")]
    for name, path in zip(("ana", "omar"), files, strict=False):
        label(path, name, {**AGREED, "سيئول": "GPE"}, claim=True)
    label(files[2], "sara", {**AGREED, "سيئول": "LOC"}, claim=True)

    merged = run_cli("merge", "--db", team_db, *files)
    assert merged.exit_code == 0, merged.output
    assert merged.output.count("spans added") == 3
    with Store.open(team_db) as team:
        for doc_id in team.document_ids():
            document = team.document(doc_id)
            assert len(document.spans) == 8 and len(document.relations) == 2
            assert len({s.id for s in document.spans}) == 8  # colliding ids were renamed
            by_id = {s.id: s for s in document.spans}
            for relation in document.relations:  # relations follow their renamed spans
                ends = by_id[relation.from_id], by_id[relation.to_id]
                assert {e.annotator for e in ends} == {relation.annotator}
                assert (ends[0].label, ends[1].label) == ("CLAIM", "PER")
            assert sum(s == "done" for s in document.statuses.values()) == 2

    before = database_dump(team_db)
    again = run_cli("merge", "--db", team_db, *files)
    assert again.exit_code == 0
    assert again.output.count("already merged, nothing changed") == 3
    assert database_dump(team_db) == before

    figures = tmp_path / "agreement.json"
    disagreements = tmp_path / "disagreements.jsonl"
    shown = run_cli(
        "agreement", "--db", team_db, "--json", figures, "--disagreements", disagreements
    )
    assert shown.exit_code == 0, shown.output
    entity = json.loads(figures.read_text(encoding="utf-8"))["layers"]["entity"]
    pairs = {(p["a"], p["b"]): p for p in entity["pairs"]}
    assert pairs[("ana", "omar")]["kappa"] == 1.0
    assert pairs[("ana", "omar")]["strict"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert pairs[("ana", "sara")]["labels"]["PER"]["strict"]["f1"] == 1.0
    assert pairs[("ana", "sara")]["strict"]["f1"] == 2 / 3
    assert entity["documents"] == 6 and entity["alpha"] < 1
    rows = jsonl_lines(disagreements)
    assert {r["text"] for r in rows} == {"سيئول"}
    assert all(set(r["labels"].values()) == {"GPE", "LOC"} for r in rows)
    assert "alpha" in shown.output and "ana / omar" in shown.output

    adjudicated = run_cli("adjudicate", "--db", team_db, "--into", "gold", "--min-agree", "2")
    assert adjudicated.exit_code == 0, adjudicated.output
    # Every document has two annotators: PER, ORG and the claim agree everywhere; the
    # city agrees (GPE) only where ana and omar share the document.
    with Store.open(team_db) as team:
        gold = [team.document(d, "gold") for d in team.document_ids()]
    both = sum(1 for d in gold if any(s.label == "GPE" for s in d.spans))
    assert f"{6 * 3 + both} spans and 6 relations accepted into gold" in adjudicated.output
    for document in gold:
        assert {(s.label, s.start, s.end) for s in document.spans} >= {
            ("PER", *WORDS["ينس ستولتنبرغ"]),
            ("ORG", *WORDS["حلف شمال الأطلسي"]),
            ("CLAIM", *WORDS["سيدعم أوكرانيا"]),
        }
        assert [r.type for r in document.relations] == ["claimant"]
    before = database_dump(team_db)
    twice = run_cli("adjudicate", "--db", team_db, "--into", "gold", "--min-agree", "2")
    assert "0 spans and 0 relations accepted" in twice.output
    assert database_dump(team_db) == before

    for fmt in EXPORT_FORMATS:
        out = tmp_path / f"gold-{fmt}"
        exported = run_cli(
            "export", "--db", team_db, "--annotator", "gold", "--format", fmt, "--out", out
        )
        assert exported.exit_code == 0, (fmt, exported.output)
        assert out.exists()
    lines = jsonl_lines(tmp_path / "gold-jsonl")
    assert len(lines) == 6
    for line in lines:
        assert {s["annotator"] for s in line["spans"]} == {"gold"}
        for span in line["spans"]:
            assert line["text"][span["start"] : span["end"]] == span["text"]
    conll = (tmp_path / "gold-conll").read_text(encoding="utf-8")
    assert "B-PER" in conll and "B-ORG" in conll and "LOC" not in conll

    stats = run_cli("stats", "--db", team_db)
    assert stats.exit_code == 0, stats.output
    assert "ana: 0 in_progress, 4 done" in stats.output
    assert "agreement entity: alpha" in stats.output
