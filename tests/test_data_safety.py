"""Issue 8, the store's and the command line's promises: ids never reused, no duplicate
spans or links on any path, undo and redo touch only their own span, JSONL keeps statuses,
one clear error instead of a traceback, and never a change to a file that is not ours."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, ConflictError, DuplicateSpanError, StoreError
from annotator.model import Document, Relation, Span
from annotator.schema import parse_schema
from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "قال ينس ستولتنبرغ إن أوكرانيا ستنضم إلى الناتو 😀 قريبا."
PERSON = (TEXT.index("ينس"), TEXT.index("ينس") + len("ينس ستولتنبرغ"))
UKRAINE = (TEXT.index("أوكرانيا"), TEXT.index("أوكرانيا") + len("أوكرانيا"))


@pytest.fixture
def project(db_path: Path) -> Path:
    with Store.open(db_path) as store, store.transaction():
        store.add_document(Document("d1", TEXT), "tester")
    return db_path


def write_jsonl(path: Path, *objects: dict) -> Path:
    path.write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects), encoding="utf-8"
    )
    return path


def entity(span_id: str, bounds: tuple[int, int], label: str = "PER", **extra: object) -> dict:
    start, end = bounds
    return {"id": span_id, "start": start, "end": end, "layer": "entity", "label": label, **extra}


# -- ids ------------------------------------------------------------------------------------


def test_a_deleted_span_id_is_never_given_again(project: Path) -> None:
    with Store.open(project) as store:
        first = store.add_span("d1", *PERSON, "entity", "PER", "ana")
        store.delete_span("d1", first.id, "ana")
        second = store.add_span("d1", *UKRAINE, "entity", "GPE", "ana")
        link = store.add_span("d1", 0, 3, "claim", "CLAIM", "ana")
        relation = store.add_relation("d1", "claimant", link.id, second.id, "ana")
        store.delete_relation("d1", relation.id, "ana")
        again = store.add_relation("d1", "claimant", link.id, second.id, "ana")
    assert second.id != first.id
    assert again.id != relation.id


def test_two_windows_undo_and_redo_never_touch_each_others_spans(project: Path) -> None:
    """A labels, A undoes, B labels, A redoes, A undoes: B's span survives it all."""
    with Store.open(project) as a, Store.open(project) as b:
        mine = a.add_span("d1", *PERSON, "entity", "PER", "ana")
        a.delete_span("d1", mine.id, "ana", "undo", expected=mine)
        theirs = b.add_span("d1", *UKRAINE, "entity", "GPE", "omar")
        assert theirs.id != mine.id
        redone = a.add_span("d1", *PERSON, "entity", "PER", "ana", span_id=mine.id, via="redo")
        assert redone == mine
        a.delete_span("d1", mine.id, "ana", "undo", expected=mine)
        assert [s.id for s in b.spans("d1")] == [theirs.id]
        log = [(c["action"], c["target"]) for c in b.changes("d1")]
    # One id, one span: the log never shows one id for two different spans.
    assert ("span.create", theirs.id) in log and log.count(("span.create", mine.id)) == 2


def test_undo_of_a_span_changed_elsewhere_fails_and_changes_nothing(project: Path) -> None:
    with Store.open(project) as a, Store.open(project) as b:
        mine = a.add_span("d1", *PERSON, "entity", "PER", "ana")
        b.update_span("d1", mine.id, "omar", label="ORG")
        before = database_dump(project)
        with pytest.raises(ConflictError, match="changed elsewhere"):
            a.delete_span("d1", mine.id, "ana", "undo", expected=mine)
        with pytest.raises(ConflictError, match="changed elsewhere"):
            a.update_span("d1", mine.id, "ana", label="GPE", via="undo", expected=mine)
        b.delete_span("d1", mine.id, "omar")
        with pytest.raises(ConflictError, match="no longer"):
            a.delete_span("d1", mine.id, "ana", "undo", expected=mine)
    assert database_dump(project).count("INSERT INTO") >= before.count("INSERT INTO")


def test_a_redo_whose_id_is_taken_is_a_conflict_not_a_crash(project: Path) -> None:
    with Store.open(project) as store:
        span = store.add_span("d1", *PERSON, "entity", "PER", "ana")
        with pytest.raises(ConflictError, match="already in document"):
            store.add_span("d1", *UKRAINE, "entity", "GPE", "ana", span_id=span.id, via="redo")
        with pytest.raises(ConflictError):
            store.restore_span("d1", span, [], "ana")


def test_counters_of_an_older_database_skip_the_ids_it_deleted(project: Path) -> None:
    with Store.open(project) as store:
        for label in ("PER", "ORG", "GPE"):
            store.add_span("d1", *PERSON, "entity", label, "ana")
        store.delete_span("d1", "T3", "ana")
    conn = sqlite3.connect(project)  # back to version 2: no counters yet
    conn.executescript(
        "DROP TABLE id_counters; DELETE FROM _sqlite_migrations WHERE name = 'm003_id_counters';"
        "PRAGMA user_version = 2;"
    )
    conn.close()
    with Store.open(project) as store:
        assert store.add_span("d1", *UKRAINE, "entity", "GPE", "ana").id == "T4"


# -- duplicates -------------------------------------------------------------------------------


def test_the_same_span_twice_is_refused_with_the_existing_one(project: Path) -> None:
    with Store.open(project) as a, Store.open(project) as b:
        span = a.add_span("d1", *PERSON, "entity", "PER", "ana")
        with pytest.raises(DuplicateSpanError) as caught:
            b.add_span("d1", *PERSON, "entity", "PER", "ana")  # another window
        assert caught.value.existing == span
        b.add_span("d1", *PERSON, "entity", "PER", "omar")  # another annotator may
        b.add_span("d1", *PERSON, "entity", "ORG", "ana")  # another label may
        with pytest.raises(DuplicateSpanError):  # moving onto an identical span neither
            b.update_span("d1", "T3", "ana", label="PER")
        assert len(a.spans("d1")) == 3


@pytest.mark.parametrize(
    ("spans", "relations", "problem"),
    [
        ([entity("T1", PERSON), entity("T2", PERSON)], [], "repeats span 'T1'"),
        (
            [entity("T1", PERSON), {**entity("T2", PERSON), "annotator": "tester"}],
            [],
            "repeats span 'T1'",
        ),
        (
            [entity("T1", PERSON), {**entity("C1", (0, 3), "CLAIM"), "layer": "claim"}],
            [
                {"id": "R1", "type": "claimant", "from": "C1", "to": "T1"},
                {"id": "R2", "type": "claimant", "from": "C1", "to": "T1"},
            ],
            "already linked",
        ),
        (
            [{**entity("C1", (0, 3), "CLAIM"), "layer": "claim"}],
            [{"id": "R1", "type": "claimant", "from": "C1", "to": "C1"}],
            "claimant",
        ),
    ],
)
def test_imports_refuse_repeated_spans_and_links(
    tmp_path: Path, db_path: Path, spans: list, relations: list, problem: str
) -> None:
    source = write_jsonl(
        tmp_path / "in.jsonl", {"id": "d1", "text": TEXT, "spans": spans, "relations": relations}
    )
    result = run_cli("import", "--db", db_path, source)
    assert result.exit_code == 1 and f"{source}:1:" in result.output
    assert problem in result.output and "Traceback" not in result.output
    assert not db_path.exists()


# -- JSONL is lossless --------------------------------------------------------------------------


def test_jsonl_round_trip_keeps_statuses_of_every_annotator(tmp_path: Path, project: Path) -> None:
    with Store.open(project) as store:
        store.add_span("d1", *PERSON, "entity", "PER", "ana")
        store.set_status("d1", "ana", "done")
        store.set_status("d1", "omar", "in_progress")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run_cli("export", "--db", project, "--out", first).exit_code == 0
    assert run_cli("import", "--db", tmp_path / "copy.db", first).exit_code == 0
    assert run_cli("export", "--db", tmp_path / "copy.db", "--out", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text("utf-8"))["status"] == {
        "ana": "done",
        "omar": "in_progress",
    }
    with Store.open(tmp_path / "copy.db") as copy:
        assert copy.status("d1", "ana") == "done" and copy.status("d1", "omar") == "in_progress"


def test_a_status_that_does_not_exist_is_refused(tmp_path: Path, db_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "x", "status": {"a": "ok"}})
    result = run_cli("import", "--db", db_path, source)
    assert result.exit_code == 1 and "unknown status 'ok'" in result.output


# -- one clear error, never a traceback -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "d", "text": "a\\ud800b"}',
        '{"id": "\\ud800", "text": "ab"}',
        '{"id": "d", "text": "ab", "meta": {"k": ["\\udfff"]}}',
        '{"id": "d", "text": "ab", "spans": [{"start": 0, "end": 1, "layer": "entity",'
        ' "label": "PER", "annotator": "\\ud800"}]}',
    ],
)
def test_a_lone_surrogate_is_one_clear_error(tmp_path: Path, db_path: Path, line: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    result = run_cli("import", "--db", db_path, source)
    assert result.exit_code == 1, result.output
    assert f"{source}:1:" in result.output and "lone surrogate" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_file_name_that_is_not_utf8_is_one_clear_error(tmp_path: Path, db_path: Path) -> None:
    name = os.fsdecode(b"news-\xe4.txt")  # Latin-1 bytes: not UTF-8
    (tmp_path / name).write_text("نص", encoding="utf-8")
    result = run_cli("import", "--db", db_path, tmp_path / name)
    assert result.exit_code == 1 and "not valid UTF-8" in result.output
    assert "\\udce4" in result.output  # the name is shown, escaped
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('relations = "abc"\n[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"', "relations"),
        ('relations = [1]\n[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"', "relations"),
        ('[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"\nattributes = "xy"', "attributes"),
        ('[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X\\n"', "name must be"),
        (
            '[[layers]]\nname = "a"\n[[layers.labels]]\nname = "X"\n'
            '[[layers]]\nname = "b"\n[[layers.labels]]\nname = "X"',
            "declared in layers 'a' and 'b'",
        ),
        (
            '[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"\nshortcut = "Ctrl+Z"',
            "window's own commands",
        ),
        (
            '[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"\n'
            '[[layers.labels.attributes]]\nname = "p"\nvalues = "abc"',
            "values must be",
        ),
    ],
)
def test_a_bad_schema_is_one_clear_error(
    tmp_path: Path, db_path: Path, toml: str, problem: str
) -> None:
    schema = tmp_path / "schema.toml"
    schema.write_text(toml, encoding="utf-8")
    source = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "x"})
    result = run_cli("import", "--db", db_path, "--schema", schema, source)
    assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
    assert problem in result.output
    assert not db_path.exists()


def test_a_schema_that_is_not_utf8_names_file_and_line(tmp_path: Path, db_path: Path) -> None:
    schema = tmp_path / "schema.toml"
    schema.write_bytes('name = "x"\n# \u0639\n'.encode("cp1256"))
    source = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "x"})
    result = run_cli("import", "--db", db_path, "--schema", schema, source)
    assert result.exit_code == 1 and f"{schema}:2: the schema is not UTF-8" in result.output


def test_a_stored_schema_is_read_leniently_so_old_projects_still_open() -> None:
    toml = '[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"\nshortcut = "Ctrl+Z"'
    with pytest.raises(AnnotatorError):
        parse_schema(toml)
    assert parse_schema(toml, strict=False).labels()[0].shortcut == "1"


def damage(path: Path, how: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    if how == "missing table":
        conn.executescript("PRAGMA foreign_keys = OFF; DROP TABLE relations; DROP TABLE spans;")
        conn.close()
        return
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
    conn.close()
    with open(path, "r+b") as file:  # scribble over the documents table's root page
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)


@pytest.mark.parametrize("how", ["missing table", "damaged page"])
@pytest.mark.parametrize("command", ["export", "list"])
def test_a_damaged_database_is_one_clear_error(
    tmp_path: Path, project: Path, how: str, command: str
) -> None:
    damage(project, how)
    args = {
        "export": ["export", "--db", project, "--out", tmp_path / "out.jsonl"],
        "list": ["list", "--db", project],
    }[command]
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and "damaged" in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_a_new_database_in_a_folder_under_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    source = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "x"})
    result = run_cli("import", "--db", tmp_path / "file" / "p.db", source)
    assert result.exit_code == 1 and result.output.startswith("Error: cannot create"), result.output


# -- files that are not ours ---------------------------------------------------------------------


def foreign_database(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", ["list", "schema", "log", "export", "status", "import"])
def test_another_programs_database_is_left_untouched(tmp_path: Path, command: str) -> None:
    path = tmp_path / "contacts.sqlite"
    original = foreign_database(path)
    source = write_jsonl(tmp_path / "in.jsonl", {"id": "d", "text": "x"})
    args = {
        "list": ["list"],
        "schema": ["schema"],
        "log": ["log"],
        "export": ["export", "--out", tmp_path / "o.jsonl"],
        "status": ["status", "d", "done"],
        "import": ["import", source],
    }[command]
    result = run_cli(args[0], "--db", path, *args[1:])
    assert result.exit_code == 1 and "another program" in result.output
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.sqlite", "in.jsonl"]


@pytest.mark.parametrize("command", ["list", "schema", "log", "export"])
def test_reading_commands_never_write_an_empty_file(tmp_path: Path, command: str) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    extra = ["--out", tmp_path / "o.jsonl"] if command == "export" else []
    result = run_cli(command, "--db", path, *extra)
    assert result.exit_code == 1 and "empty file" in result.output
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_reading_commands_leave_a_project_byte_for_byte_unchanged(
    tmp_path: Path, project: Path
) -> None:
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = project.read_bytes()
    for args in (["list"], ["schema"], ["log"], ["export", "--out", tmp_path / "o.jsonl"]):
        assert run_cli(args[0], "--db", project, *args[1:]).exit_code == 0
    assert project.read_bytes() == before


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder on a read-only mount (root ignores file modes, so chmod proves nothing)."""
    source, mounted = tmp_path / "rw", tmp_path / "ro"
    source.mkdir()
    mounted.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only folder needs root")
    done = subprocess.run(["mount", "--bind", source, mounted], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {done.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", mounted], check=True)
        yield source, mounted
    finally:
        subprocess.run(["umount", "--lazy", mounted], check=True)


def test_a_project_on_a_read_only_medium_reads_and_refuses_writes(
    tmp_path: Path, read_only_folder: tuple[Path, Path]
) -> None:
    source, mounted = read_only_folder
    with Store.open(source / "p.db") as store, store.transaction():
        store.add_document(Document("d1", TEXT, spans=[Span("T1", *PERSON, "entity", "PER")]), "a")
    listing = run_cli("list", "--db", mounted / "p.db")
    assert listing.exit_code == 0 and "d1" in listing.output
    assert run_cli("schema", "--db", mounted / "p.db").exit_code == 0
    assert run_cli("log", "--db", mounted / "p.db").exit_code == 0
    out = tmp_path / "o.jsonl"
    assert run_cli("export", "--db", mounted / "p.db", "--out", out).exit_code == 0
    assert json.loads(out.read_text("utf-8"))["spans"][0]["id"] == "T1"
    result = run_cli("status", "--db", mounted / "p.db", "d1", "done")
    assert result.exit_code == 1 and "read-only" in result.output
    with Store.open(mounted / "p.db", readonly=True) as store, pytest.raises(StoreError):
        store.add_span("d1", *UKRAINE, "entity", "GPE", "a")


# -- terminal output -----------------------------------------------------------------------------


def test_terminal_output_shows_control_characters_instead_of_obeying_them(
    tmp_path: Path, db_path: Path
) -> None:
    hostile = "x\x1b[2J\x1b]0;pwned\x07\x9b"
    text = "نص عربي طويل بما يكفي " * 20 + hostile  # a few controls in a real text
    source = write_jsonl(tmp_path / "in.jsonl", {"id": hostile, "text": text})
    imported = run_cli("import", "--db", db_path, "--annotator", "a\x1bb", source)
    assert imported.exit_code == 0, imported.output
    outputs = [
        run_cli("list", "--db", db_path).output,
        run_cli("log", "--db", db_path).output,
        run_cli("status", "--db", db_path, hostile, "done").output,
        run_cli("status", "--db", db_path, hostile + "?", "done").output,  # an error
    ]
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output and "\x9b" not in output
        assert "\\x1b" in output
    with Store.open(db_path) as store:
        assert store.document_ids() == [hostile]  # stored verbatim


def test_relation_rules_are_the_same_in_the_store_and_the_import(project: Path) -> None:
    with Store.open(project) as store:
        claim = store.add_span("d1", 0, 3, "claim", "CLAIM", "ana")
        person = store.add_span("d1", *PERSON, "entity", "PER", "ana")
        store.add_relation("d1", "claimant", claim.id, person.id, "ana")
        with pytest.raises(AnnotatorError, match="already linked"):
            store.add_relation("d1", "claimant", claim.id, person.id, "omar")
        removed = store.delete_relation("d1", "R1", "ana")
        store.restore_relation("d1", removed, "ana")
        with pytest.raises(ConflictError):
            store.delete_relation("d1", "R1", "ana", expected=Relation("R1", "x", "a", "b"))


def test_a_link_from_a_span_to_itself_is_refused_by_the_domain() -> None:
    from annotator.model import check_relation

    schema = parse_schema(
        '[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"\n'
        '[[relations]]\nname = "same"\nfrom = "e"\nto = "e"'
    )
    span = Span("T1", 0, 1, "e", "X")
    with pytest.raises(AnnotatorError, match="itself"):
        check_relation(schema, Relation("R1", "same", "T1", "T1"), span, span, [])


def test_a_project_opens_while_another_program_holds_the_write_lock(project: Path) -> None:
    """The app starts during a long import: opening an up-to-date project writes nothing."""
    holder = sqlite3.connect(project, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(project, busy_timeout=0.05) as store:
            assert store.document_ids() == ["d1"]
            with pytest.raises(StoreError, match="locked"):
                store.add_span("d1", *PERSON, "entity", "PER", "ana")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
