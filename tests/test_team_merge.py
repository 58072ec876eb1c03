"""Merging annotators' project files: provenance, renamed ids, re-merging, newer versions
and every error path (one clear error naming the file, nothing written)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.model import Document
from annotator.resources import default_schema_source
from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION
from annotator.team.assign import AssignOptions, assign
from annotator.team.merge import merge_files
from tests.conftest import database_dump
from tests.helpers import run_cli
from tests.team_helpers import TEXT, WORDS, label, make_team


@pytest.fixture
def team(tmp_path: Path) -> Path:
    make_team(tmp_path / "team.db", documents=2).close()
    return tmp_path / "team.db"


def assigned(team: Path, tmp_path: Path, *names: str) -> list[Path]:
    with Store.open(team) as store:
        report = assign(store, tmp_path / "work", AssignOptions(names, per_document=len(names)))
    return [report.files[name] for name in names]


def test_merge_keeps_provenance(team: Path, tmp_path: Path) -> None:
    (ana,) = assigned(team, tmp_path, "ana")
    label(ana, "ana", {"سيئول": "GPE"})
    result = run_cli("merge", "--db", team, "--annotator", "lead", ana)
    assert result.exit_code == 0, result.output
    assert "2 spans added" in result.output and "2 statuses" in result.output
    with Store.open(team) as store:
        (merge,) = store.merge_history()
        assert merge["source"] == "ana.db" and merge["path"] == str(ana)
        assert merge["sha256"] == hashlib.sha256(ana.read_bytes()).hexdigest()
        assert merge["counts"]["spans_added"] == 2 and merge["at"]
        assert {s.annotator for s in store.spans("t0")} == {"ana"}
        rows = store.db.conn.execute(
            "SELECT action, via, annotator, merge_id FROM changes WHERE merge_id IS NOT NULL"
        ).fetchall()
    actions = {(action, annotator) for action, via, annotator, _ in rows}
    assert ("span.create", "ana") in actions and ("document.status", "ana") in actions
    assert ("document.merge", "lead") in actions
    assert {(via, merge_id) for _, via, _, merge_id in rows} == {("merge", 1)}


def test_ids_that_collide_are_renamed_deterministically(team: Path, tmp_path: Path) -> None:
    ana, omar = assigned(team, tmp_path, "ana", "omar")
    label(ana, "ana", {"سيئول": "GPE"}, claim=True)
    label(omar, "omar", {"سيئول": "LOC"}, claim=True)
    shutil.copy(team, tmp_path / "second.db")
    outcomes = []
    for target in (team, tmp_path / "second.db"):
        with Store.open(target) as store:
            merge_files(store, [ana, omar], "lead")
            outcomes.append([(s.id, s.label, s.annotator) for s in store.spans("t0")])
            relations = store.relations("t0")
            spans = {s.id: s for s in store.spans("t0")}
    assert outcomes[0] == outcomes[1]
    assert sorted(i for i, _, _ in outcomes[0]) == ["T1", "T2", "T3", "T4", "T5", "T6"]
    for relation in relations:
        assert spans[relation.from_id].annotator == relation.annotator
        assert spans[relation.to_id].annotator == relation.annotator
    assert len({r.id for r in relations}) == 2


def test_a_newer_version_brings_only_what_changed(team: Path, tmp_path: Path) -> None:
    ana, omar = assigned(team, tmp_path, "ana", "omar")
    label(ana, "ana", {"سيئول": "GPE", "أوكرانيا": "GPE"}, claim=True)
    label(omar, "omar", {"سيئول": "LOC"})
    with Store.open(team) as store:
        merge_files(store, [ana, omar], "lead")
    with Store.open(ana) as own:  # ana goes on working: delete, relabel, add, reopen
        spans = {own.text("t0")[s.start : s.end]: s for s in own.spans("t0")}
        own.delete_span("t0", spans["ينس ستولتنبرغ"].id, "ana")  # and its relation
        own.update_span("t0", spans["سيئول"].id, "ana", label="LOC")
        own.add_span("t0", *WORDS["حلف شمال الأطلسي"], "entity", "ORG", "ana")
        own.set_status("t1", "ana", "in_progress")
    with Store.open(team) as store:
        omar_before = [s for s in store.spans("t0") if s.annotator == "omar"]
        (result,) = merge_files(store, [ana], "lead")
        counts = result.counts
        assert counts["spans_deleted"] == 1 and counts["spans_updated"] == 1
        assert counts["spans_added"] == 1 and counts["relations_deleted"] == 1
        assert counts["statuses"] == 1 and counts["documents"] == 0
        t0 = store.document("t0", "ana")
        assert sorted((TEXT[s.start : s.end], s.label) for s in t0.spans) == [
            ("أوكرانيا", "GPE"),
            ("حلف شمال الأطلسي", "ORG"),
            ("سيئول", "LOC"),
            ("سيدعم أوكرانيا", "CLAIM"),
        ]
        assert t0.relations == []
        assert store.status("t1", "ana") == "in_progress"
        assert [s for s in store.spans("t0") if s.annotator == "omar"] == omar_before
        assert len(store.merge_history()) == 3


def test_merging_the_same_file_again_changes_nothing(team: Path, tmp_path: Path) -> None:
    (ana,) = assigned(team, tmp_path, "ana")
    label(ana, "ana", {"سيئول": "GPE"}, claim=True)
    assert run_cli("merge", "--db", team, ana).exit_code == 0
    before = database_dump(team)
    result = run_cli("merge", "--db", team, ana)
    assert result.exit_code == 0
    assert result.output.strip().endswith("ana.db: already merged, nothing changed")
    assert database_dump(team) == before


def test_a_merge_adds_documents_the_team_lacks(team: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "kim.db"
    with Store.open(other) as own, own.transaction():
        own.add_document(Document("new-doc", "نص جديد"), "kim")
    with Store.open(team) as store:
        (result,) = merge_files(store, [other], "lead")
        assert result.counts["documents"] == 1 and store.text("new-doc") == "نص جديد"


def fails_cleanly(team: Path, *args: object) -> str:
    before = database_dump(team)
    result = run_cli("merge", "--db", team, *args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert database_dump(team) == before
    return result.output


def test_same_document_id_with_another_text_is_refused(team: Path, tmp_path: Path) -> None:
    ana, omar = assigned(team, tmp_path, "ana", "omar")
    label(ana, "ana", {"سيئول": "GPE"})
    other = tmp_path / "other" / "omar.db"
    with Store.open(other) as own, own.transaction():
        own.add_document(Document("t1", "نص آخر"), "omar")
    output = fails_cleanly(team, ana, other)  # ana's file is not merged either
    assert f"Error: {other}: document 't1' has another text" in output


def test_a_label_the_team_schema_lacks_is_refused(team: Path, tmp_path: Path) -> None:
    schema = default_schema_source().replace(
        'name = "MISC"', 'name = "MISC"\n\n  [[layers.labels]]\n  name = "EVENT"', 1
    )
    kim = tmp_path / "kim.db"
    with Store.open(kim, schema_source=schema) as own:
        with own.transaction():
            own.add_document(Document("t0", TEXT), "kim")
        own.add_span("t0", *WORDS["سيئول"], "entity", "EVENT", "kim")
    output = fails_cleanly(team, kim)
    assert f"Error: {kim}: document 't0', span 'T1':" in output and "EVENT" in output


def test_a_relation_the_team_schema_lacks_is_refused(team: Path, tmp_path: Path) -> None:
    schema = (
        default_schema_source()
        + '\n[[relations]]\nname = "sameas"\nfrom = ["entity"]\nto = ["entity"]\n'
    )
    kim = tmp_path / "kim.db"
    with Store.open(kim, schema_source=schema) as own:
        with own.transaction():
            own.add_document(Document("t0", TEXT), "kim")
        a = own.add_span("t0", *WORDS["سيئول"], "entity", "GPE", "kim")
        b = own.add_span("t0", *WORDS["أوكرانيا"], "entity", "GPE", "kim")
        own.add_relation("t0", "sameas", a.id, b.id, "kim")
    output = fails_cleanly(team, kim)
    assert f"Error: {kim}: document 't0', relation 'R1':" in output and "sameas" in output


def test_a_file_from_a_newer_version_is_refused(team: Path, tmp_path: Path) -> None:
    (ana,) = assigned(team, tmp_path, "ana")
    conn = sqlite3.connect(ana)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    output = fails_cleanly(team, ana)
    assert f"Error: {ana}: written by a newer annotator" in output


def test_files_that_are_no_project_are_refused(team: Path, tmp_path: Path) -> None:
    assert "no such project file" in fails_cleanly(team, tmp_path / "missing.db")
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    assert f"Error: {text}: not an annotator project" in fails_cleanly(team, text)
    assert "the team project itself" in fails_cleanly(team, team)
    (ana,) = assigned(team, tmp_path, "ana")
    copy = tmp_path / "copy" / "ana.db"
    copy.parent.mkdir()
    shutil.copy(ana, copy)
    assert "same file name" in fails_cleanly(team, ana, copy)


def test_a_merge_streams(tmp_path: Path) -> None:
    """Merging four times the documents and spans takes about the same peak memory: the
    file is read a batch of documents at a time, never whole."""
    import tracemalloc

    from annotator.model import Span

    def peak(documents: int) -> int:
        source = tmp_path / f"big{documents}" / "ana.db"
        with Store.open(source) as own, own.transaction():
            for number in range(documents):
                spans = [
                    Span(f"T{k + 1}", k * 5, k * 5 + 4, "entity", "PER", {}, "ana")
                    for k in range(10)
                ]
                own.add_document(Document(f"d{number}", "بببب " * 200, spans=spans), "ana")
        with Store.open(tmp_path / f"team{documents}.db") as team:
            tracemalloc.start()
            merge_files(team, [source], "lead")
            _, highest = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert team.db.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == (
                10 * documents
            )
        return highest

    assert peak(800) < 1.5 * peak(200)
