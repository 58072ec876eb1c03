"""Schema migrations of the project database, as a registry (sqlite-utils Migrations).

Each migration runs in its own transaction and is recorded in `_sqlite_migrations`;
`PRAGMA user_version` mirrors the count so other tools can read the version cheaply.
Never edit a released migration: add a new one, and count it in `version.py`.
Only opening a project that needs them imports this module (and sqlite-utils).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.store.version import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "migrations"]

migrations = Migrations("annotator")


@migrations()
def m001_initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE schema (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            toml TEXT NOT NULL,
            installed_at TEXT NOT NULL
        );
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        );
        CREATE TABLE document_status (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, annotator)
        );
        CREATE TABLE spans (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            layer TEXT NOT NULL,
            label TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            annotator TEXT NOT NULL REFERENCES annotators(name),
            created_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, id)
        );
        CREATE INDEX spans_by_position ON spans (doc_id, start, "end");
        CREATE TABLE relations (
            doc_id TEXT NOT NULL,
            id TEXT NOT NULL,
            type TEXT NOT NULL,
            from_span TEXT NOT NULL,
            to_span TEXT NOT NULL,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            created_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, id),
            FOREIGN KEY (doc_id, from_span) REFERENCES spans (doc_id, id) ON DELETE CASCADE,
            FOREIGN KEY (doc_id, to_span) REFERENCES spans (doc_id, id) ON DELETE CASCADE
        );
        CREATE INDEX relations_by_from ON relations (doc_id, from_span);
        CREATE INDEX relations_by_to ON relations (doc_id, to_span);
        -- Every change, append-only: who did what to which document, before and after.
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            annotator TEXT NOT NULL,
            action TEXT NOT NULL,
            via TEXT NOT NULL DEFAULT 'edit',
            doc_id TEXT,
            target TEXT,
            before TEXT,
            after TEXT
        );
        CREATE INDEX changes_by_document ON changes (doc_id, id);
        CREATE TRIGGER changes_are_append_only_update BEFORE UPDATE ON changes
            BEGIN SELECT RAISE(ABORT, 'the changes log is append-only'); END;
        CREATE TRIGGER changes_are_append_only_delete BEFORE DELETE ON changes
            BEGIN SELECT RAISE(ABORT, 'the changes log is append-only'); END;
        """,
    )


@migrations()
def m002_document_length(db: Database) -> None:
    """Keep each text's length in code points, so the document list never reads texts."""
    db.execute("ALTER TABLE documents ADD COLUMN length INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE documents SET length = length(text)")


@migrations()
def m003_id_counters(db: Database) -> None:
    """Number span and relation ids per document from a counter that only grows, so an id
    is never given twice, even after a delete; start each counter past every id the
    document ever had (also the deleted ones, which the change log remembers)."""
    db.execute(
        "CREATE TABLE id_counters (doc_id TEXT PRIMARY KEY REFERENCES documents(id)"
        " ON DELETE CASCADE, spans INTEGER NOT NULL DEFAULT 0,"
        " relations INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
    )
    numbered = (
        "SELECT max(CAST(substr(ids.id, 2) AS INTEGER)) FROM ({ids}) AS ids"
        " WHERE ids.id GLOB '{prefix}[0-9]*' AND NOT substr(ids.id, 2) GLOB '*[^0-9]*'"
    )
    ever = (
        "SELECT id FROM {table} WHERE doc_id = d.id UNION ALL"
        " SELECT target FROM changes WHERE doc_id = d.id AND action LIKE '{kind}.%'"
    )
    spans = numbered.format(ids=ever.format(table="spans", kind="span"), prefix="T")
    relations = numbered.format(ids=ever.format(table="relations", kind="relation"), prefix="R")
    db.execute(
        "INSERT INTO id_counters (doc_id, spans, relations)"
        f" SELECT d.id, coalesce(({spans}), 0), coalesce(({relations}), 0) FROM documents d"
    )


@migrations()
def m005_merges(db: Database) -> None:
    """Remember team merges: one row per merged file (name, SHA-256, time, counts), what
    each source's rows became here (so a newer version of the file brings only what
    changed, deletions too), and which merge each copied change came from."""
    _run_script(
        db,
        """
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            at TEXT NOT NULL,
            last_change INTEGER NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX merges_by_source ON merges (source, id);
        CREATE TABLE merge_items (
            source TEXT NOT NULL,
            doc_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('span', 'relation', 'status')),
            source_id TEXT NOT NULL,
            team_id TEXT NOT NULL,
            digest INTEGER NOT NULL,
            PRIMARY KEY (source, doc_id, kind, source_id)
        ) WITHOUT ROWID;
        ALTER TABLE changes ADD COLUMN merge_id INTEGER;
        """,
    )


@migrations()
def m006_suggestions(db: Database) -> None:
    """Keep suggestions (a model's, a gazetteer's, the project's own labels) apart from the
    annotators' spans, so no export, agreement or progress counts them unless asked; the
    documents each source was run on (a document without suggestions is a prediction too);
    and each annotator's decisions, keyed by what was suggested (not by row), so that
    importing the same predictions again never brings back what was rejected."""
    _run_script(
        db,
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            layer TEXT NOT NULL,
            label TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
            created_at TEXT NOT NULL,
            UNIQUE (doc_id, source, start, "end", layer, label)
        );
        CREATE INDEX suggestions_by_source ON suggestions (source, doc_id);
        CREATE TABLE suggestion_documents (
            source TEXT NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (source, doc_id)
        ) WITHOUT ROWID;
        CREATE TABLE suggestion_reviews (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            layer TEXT NOT NULL,
            label TEXT NOT NULL,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            span_id TEXT,
            at TEXT NOT NULL,
            PRIMARY KEY (doc_id, source, start, "end", layer, label, annotator)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m007_span_notes(db: Database) -> None:
    """Let every span carry its annotator's free-text note and an "unsure" flag."""
    db.execute("ALTER TABLE spans ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    db.execute(
        "ALTER TABLE spans ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0 CHECK (unsure IN (0, 1))"
    )


def _run_script(db: Database, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement!r}")
