"""Span notes and unsure flags (issue 11) without the GUI: stored, logged and undoable in
the store; kept by our JSONL byte for byte, by brat (AnnotatorNotes lines, the binary
attribute Unsure) and doccano; counted where a format cannot carry them; kept by merge."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import ConflictError
from annotator.formats import ReadContext, ReadOptions
from annotator.formats.brat import ann_lines, read_brat
from annotator.formats.jsonl import document_json, parse_object
from annotator.formats.report import Report
from annotator.model import Document, Span
from annotator.resources import default_schema_source
from annotator.schema import parse_schema
from annotator.store import Store
from annotator.team.assign import AssignOptions, assign
from annotator.team.merge import merge_files
from tests.conftest import shared_file
from tests.helpers import run_cli
from tests.team_helpers import WORDS, make_team

TEXT = "قال ينس ستولتنبرغ في سيئول إن حلف شمال الأطلسي سيدعم أوكرانيا."
NOTES = ["هل هو شخص أم منظمة؟", "two\nlines", "tab\there", " padded ", "50% sure \\n"]


def project(path: Path) -> Store:
    """A project with one document, three spans: one with a note, one unsure, one plain."""
    store = Store.open(path)
    with store.transaction():
        store.add_document(Document("d1", TEXT), "ana")
    person = store.add_span("d1", *WORDS["ينس ستولتنبرغ"], "entity", "PER", "ana")
    place = store.add_span("d1", *WORDS["سيئول"], "entity", "GPE", "ana")
    store.add_span("d1", *WORDS["أوكرانيا"], "entity", "GPE", "ana")
    store.update_span("d1", person.id, "ana", note="هل هو شخص أم منظمة؟\nسطر ثان")
    store.update_span("d1", place.id, "ana", unsure=True)
    return store


def test_a_note_and_a_flag_are_durable_and_logged(tmp_path: Path) -> None:
    project(tmp_path / "p.db").close()
    with Store.open(tmp_path / "p.db") as store:
        person, place, plain = store.spans("d1")
        assert person.note == "هل هو شخص أم منظمة؟\nسطر ثان" and not person.unsure
        assert place.unsure and place.note == ""
        assert plain.note == "" and not plain.unsure
        latest = store.changes("d1", limit=1)[0]
    assert latest["action"] == "span.update"
    before, after = (json.loads(latest[key]) for key in ("before", "after"))
    assert "unsure" not in before and after["unsure"] is True


def test_undo_puts_the_note_back_and_refuses_what_changed_elsewhere(tmp_path: Path) -> None:
    with project(tmp_path / "p.db") as store:
        person = store.spans("d1")[0]
        before, after = store.update_span("d1", person.id, "ana", note="", unsure=True)
        assert (after.note, after.unsure) == ("", True)
        store.update_span("d1", person.id, "ana", note=before.note, unsure=False, expected=after)
        assert store.span("d1", person.id) == before
        store.update_span("d1", person.id, "omar", note="changed by omar")
        with pytest.raises(ConflictError):  # the undo of ana's change must not clobber it
            store.update_span("d1", person.id, "ana", note="", expected=before)
        assert store.span("d1", person.id).note == "changed by omar"


def export(db: Path, fmt: str, out: Path) -> str:
    result = run_cli("export", "--db", db, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    return result.output


def test_jsonl_round_trip_is_byte_identical_with_notes_and_flags(tmp_path: Path) -> None:
    project(tmp_path / "p.db").close()
    export(tmp_path / "p.db", "jsonl", tmp_path / "a.jsonl")
    line = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8"))
    person, place, plain = line["spans"]
    assert person["note"] == "هل هو شخص أم منظمة؟\nسطر ثان" and "unsure" not in person
    assert place["unsure"] is True and "note" not in place
    assert "note" not in plain and "unsure" not in plain  # files without notes keep their bytes
    assert run_cli("import", "--db", tmp_path / "q.db", tmp_path / "a.jsonl").exit_code == 0
    export(tmp_path / "q.db", "jsonl", tmp_path / "b.jsonl")
    assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()


@given(note=st.text(), unsure=st.booleans())
def test_any_note_survives_jsonl_and_brat(
    tmp_path_factory: pytest.TempPathFactory, note: str, unsure: bool
) -> None:
    note = note.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    schema = parse_schema(default_schema_source())
    span = Span("T1", 4, 17, "entity", "PER", {}, "ana", note, unsure)
    document = Document("d1", TEXT, {}, [span], [], {})
    line = json.loads(json.dumps(document_json(document), ensure_ascii=False))
    context = ReadContext(schema, ReadOptions(), Report("jsonl"))
    assert parse_object(line, context, "x").spans == [span]
    folder = tmp_path_factory.mktemp("brat")
    (folder / "d1.txt").write_text(TEXT, encoding="utf-8")
    ann = "".join(f"{row}\n" for row in ann_lines(document, Report("brat")))
    (folder / "d1.ann").write_text(ann, encoding="utf-8", newline="")
    assert read_brat(folder / "d1.ann", schema).spans == [span]


def test_brat_writes_annotator_notes_and_the_unsure_attribute(tmp_path: Path) -> None:
    project(tmp_path / "p.db").close()
    export(tmp_path / "p.db", "brat", tmp_path / "brat")
    ann = (tmp_path / "brat" / "d1.ann").read_text(encoding="utf-8").splitlines()
    assert "#3\tAnnotatorNotes T1\tهل هو شخص أم منظمة؟ سطر ثان" in ann  # one line for brat
    assert "A1\tUnsure T2" in ann
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "Unsure\tArg:<ENTITY>" in conf.split("[attributes]")[1]
    assert run_cli("import", "--db", tmp_path / "q.db", tmp_path / "brat").exit_code == 0
    with Store.open(tmp_path / "p.db") as source, Store.open(tmp_path / "q.db") as copy:
        assert copy.spans("d1") == source.spans("d1")  # the exact note, line break and all


def test_annotator_notes_of_a_real_brat_file_are_read(tmp_path: Path) -> None:
    """brat's own tutorial file: notes on spans are kept, notes on relations and events
    (which our model has no place for) are left out with them."""
    real = shared_file("interop", "brat", "example-data", "tutorials", "news")
    lines = (real / "110-note_annotation.ann").read_text(encoding="utf-8").splitlines()
    kept = [
        line
        for line in lines
        if (line.startswith("T") and "Merge-org" not in line)
        or (line.startswith("#") and "AnnotatorNotes T" in line)
    ]
    assert any("AnnotatorNotes T1" in line for line in kept)
    (tmp_path / "notes.txt").write_bytes((real / "110-note_annotation.txt").read_bytes())
    (tmp_path / "notes.ann").write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = run_cli(
        "import",
        "--db",
        tmp_path / "p.db",
        "--label-map",
        "Organization=ORG",
        "--label-map",
        "Person=PER",
        tmp_path / "notes.ann",
    )
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "p.db") as store:
        spans = store.spans("notes")
        text = store.text("notes")
    noted = [(text[s.start : s.end], s.note) for s in spans if s.note]
    assert noted == [("Discworld", "Should fictional places be annotated?")]


def test_a_binary_attribute_other_than_unsure_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("Paris", encoding="utf-8")
    (tmp_path / "d.ann").write_text("T1\tGPE 0 5\tParis\nA1\tNegated T1\n", encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "p.db", tmp_path / "d.ann")
    assert result.exit_code == 1 and "binary attributes" in result.output
    (tmp_path / "d.ann").write_text("T1\tGPE 0 5\tParis\nA1\tUnsure T1\n", encoding="utf-8")
    assert run_cli("import", "--db", tmp_path / "p.db", tmp_path / "d.ann").exit_code == 0
    with Store.open(tmp_path / "p.db") as store:
        assert store.spans("d")[0].unsure


@pytest.mark.parametrize("fmt", ["doccano", "doccano-seq"])
def test_doccano_keeps_them_in_its_metadata(tmp_path: Path, fmt: str) -> None:
    project(tmp_path / "p.db").close()
    output = export(tmp_path / "p.db", fmt, tmp_path / "a.jsonl")
    assert "2 span notes and unsure flags only in doccano metadata" in output
    assert run_cli("import", "--db", tmp_path / "q.db", tmp_path / "a.jsonl").exit_code == 0
    with Store.open(tmp_path / "p.db") as source, Store.open(tmp_path / "q.db") as copy:
        assert copy.spans("d1") == source.spans("d1")


@pytest.mark.parametrize("fmt", ["conll", "label-studio", "claims-csv"])
def test_formats_without_a_place_for_them_count_them_as_lost(tmp_path: Path, fmt: str) -> None:
    project(tmp_path / "p.db").close()
    output = export(tmp_path / "p.db", fmt, tmp_path / "out.txt")
    assert "2 span notes and unsure flags not carried by this format" in output


def annotators_file(team: Path, tmp_path: Path) -> Path:
    with Store.open(team) as store:
        report = assign(store, tmp_path / "work", AssignOptions(("ana",), per_document=1))
    return report.files["ana"]


def test_merge_keeps_notes_and_flags_and_brings_their_changes(tmp_path: Path) -> None:
    make_team(tmp_path / "team.db", documents=1).close()
    ana = annotators_file(tmp_path / "team.db", tmp_path)
    with Store.open(ana) as own:
        span = own.add_span("t0", *WORDS["سيئول"], "entity", "GPE", "ana")
        own.update_span("t0", span.id, "ana", note="مدينة أم دولة؟", unsure=True)
    with Store.open(tmp_path / "team.db") as store:
        merge_files(store, [ana], "lead")
        (merged,) = store.spans("t0")
        assert (merged.note, merged.unsure) == ("مدينة أم دولة؟", True)
    with Store.open(ana) as own:  # ana settles it: no longer unsure, another note
        own.update_span("t0", span.id, "ana", note="دولة", unsure=False)
    with Store.open(tmp_path / "team.db") as store:
        (result,) = merge_files(store, [ana], "lead")
        assert result.counts["spans_updated"] == 1
        (merged,) = store.spans("t0")
        assert (merged.note, merged.unsure) == ("دولة", False)


def test_a_file_from_before_notes_still_merges(tmp_path: Path) -> None:
    make_team(tmp_path / "team.db", documents=1).close()
    ana = annotators_file(tmp_path / "team.db", tmp_path)
    with Store.open(ana) as own:
        own.add_span("t0", *WORDS["سيئول"], "entity", "GPE", "ana")
    conn = sqlite3.connect(ana)  # as the version before m007 wrote it
    conn.execute("ALTER TABLE spans DROP COLUMN note")
    conn.execute("ALTER TABLE spans DROP COLUMN unsure")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with Store.open(tmp_path / "team.db") as store:
        (result,) = merge_files(store, [ana], "lead")
        assert result.counts["spans_added"] == 1
        (merged,) = store.spans("t0")
        assert (merged.note, merged.unsure) == ("", False)
