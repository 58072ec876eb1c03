import sqlite3
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, SchemaError, StoreError
from annotator.model import Document
from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION

TEXT = "قال 😀 ينس ستولتنبرغ إن حلف الناتو سيدعم أوكرانيا."


@pytest.fixture
def store(db_path: Path):
    with Store.open(db_path) as store:
        with store.transaction():
            store.add_document(Document("d1", TEXT), "tester")
        yield store


def test_new_database_is_wal_with_foreign_keys_and_versioned(store: Store, db_path: Path) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.version == SCHEMA_VERSION
    tables = set(store.db.table_names())
    assert {
        "schema",
        "annotators",
        "documents",
        "document_status",
        "spans",
        "relations",
        "changes",
        "_sqlite_migrations",
    } <= tables
    assert "[[layers]]" in store.db["schema"].get(1)["toml"]


def test_span_lifecycle_is_logged(store: Store) -> None:
    start = TEXT.index("ينس")
    span = store.add_span("d1", start, start + len("ينس ستولتنبرغ"), "entity", "PER", "ana")
    assert store.spans("d1") == [span]
    assert store.status("d1", "ana") == "in_progress"
    before, after = store.update_span("d1", span.id, "ana", label="ORG")
    assert (before.label, after.label) == ("PER", "ORG")
    store.delete_span("d1", span.id, "ana")
    assert store.spans("d1") == []
    actions = [c["action"] for c in store.changes("d1")]
    assert actions == ["span.delete", "span.update", "span.create", "document.import"]


def test_delete_then_restore_brings_back_relations(store: Store) -> None:
    claim = store.add_span("d1", 0, len(TEXT) - 1, "claim", "CLAIM", "ana")
    person = store.add_span("d1", TEXT.index("ينس"), TEXT.index(" إن"), "entity", "PER", "ana")
    relation = store.add_relation("d1", "claimant", claim.id, person.id, "ana")
    span, relations = store.delete_span("d1", person.id, "ana")
    assert relations == [relation] and store.relations("d1") == []
    store.restore_span("d1", span, relations, "ana")
    assert store.relations("d1") == [relation]
    assert person in store.spans("d1")


def test_invalid_changes_are_refused_and_leave_nothing(store: Store) -> None:
    with pytest.raises(AnnotatorError, match="out of range"):
        store.add_span("d1", 0, len(TEXT) + 1, "entity", "PER", "ana")
    with pytest.raises(SchemaError):
        store.add_span("d1", 0, 3, "entity", "NOPE", "ana")
    stance = store.add_span("d1", 0, 3, "stance", "STANCE", "ana", {"polarity": "favor"})
    with pytest.raises(SchemaError, match="cannot point"):
        store.add_relation("d1", "holder", stance.id, stance.id, "ana")
    with pytest.raises(StoreError, match="no span"):
        store.delete_span("d1", "T999", "ana")
    assert store.spans("d1") == [stance]


def test_changes_log_is_append_only(store: Store) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM changes")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE changes SET annotator = 'mallory'")


def test_generated_ids_do_not_collide_with_imported_ones(db_path: Path) -> None:
    with Store.open(db_path) as store:
        from annotator.model import Span

        with store.transaction():
            store.add_document(
                Document("d", "abcdef", spans=[Span("T1", 0, 1, "entity", "PER")]), "a"
            )
        new = store.add_span("d", 1, 2, "entity", "PER", "a")
        assert new.id != "T1"


def test_status_and_progress(store: Store) -> None:
    assert store.status("d1", "ana") == "todo"
    store.set_status("d1", "ana", "done")
    assert store.progress("ana") == (1, 1)
    assert store.progress("bob") == (0, 1)
    with pytest.raises(AnnotatorError):
        store.set_status("d1", "ana", "finished")


def test_newer_database_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer annotator"):
        Store.open(db_path)


def test_schema_cannot_be_swapped_on_an_existing_database(db_path: Path) -> None:
    Store.open(db_path).close()
    other = "[[layers]]\nname = 'topic'\n[[layers.labels]]\nname = 'TOPIC'\n"
    with pytest.raises(StoreError, match="different schema"):
        Store.open(db_path, schema_source=other)
    with Store.open(db_path.with_name("other.db"), schema_source=other) as store:
        assert [lab.name for lab in store.schema.labels()] == ["TOPIC"]


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="not an annotator database|damaged"):
        Store.open(path)


def test_two_connections_share_the_file(store: Store, db_path: Path) -> None:
    with Store.open(db_path) as other:
        other.add_span("d1", 0, 3, "entity", "PER", "bob")
    assert [s.annotator for s in store.spans("d1")] == ["bob"]


def test_restored_relation_keeps_its_annotator(store: Store) -> None:
    claim = store.add_span("d1", 0, 10, "claim", "CLAIM", "ana")
    person = store.add_span("d1", 11, 14, "entity", "PER", "ana")
    relation = store.add_relation("d1", "claimant", claim.id, person.id, "ana")
    store.delete_relation("d1", relation.id, "bob")
    store.restore_relation("d1", relation, "bob")
    assert store.relations("d1") == [relation]
    assert store.changes("d1")[0]["annotator"] == "bob"


def test_the_version_counts_the_migrations(db_path: Path) -> None:
    with Store.open(db_path) as store:
        applied = store.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert applied == SCHEMA_VERSION == store.version


def test_opening_an_up_to_date_project_does_not_load_sqlite_utils(db_path: Path) -> None:
    """Every start of the app opens a project: it must not pay for sqlite-utils' imports."""
    import subprocess
    import sys

    Store.open(db_path).close()
    code = (
        "import sys; from annotator.store import Store; Store.open(sys.argv[1]).close();"
        "print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
