"""The project database: one SQLite file per project, through sqlite-utils.

Every user action is one IMMEDIATE transaction, committed before the caller returns, and
recorded in the append-only `changes` table (who, what, when, before and after), so a
crash loses nothing that was shown and the history survives restarts. WAL mode and a busy
timeout let a GUI and a CLI share one file.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.errors import (
    AnnotatorError,
    ConflictError,
    StoreBusyError,
    StoreError,
)
from annotator.model import (
    STATUSES,
    Document,
    Relation,
    Span,
    check_not_duplicate,
    check_offsets,
    check_relation,
    check_unicode,
    validate_document,
)
from annotator.resources import default_schema_source
from annotator.schema import Schema, parse_schema
from annotator.store._sqlite_utils import Database
from annotator.store.migrations import SCHEMA_VERSION, migrations

BUSY_TIMEOUT_SECONDS = 10.0


def default_annotator() -> str:
    """Return the OS user name, the annotator when none is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "annotator"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def dump_json(value: Any) -> str:
    """Serialise for JSON columns: readable (not ASCII-escaped) and key-sorted."""
    if not value and isinstance(value, dict):
        return "{}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class DocumentInfo:
    """One row of the document list: what `annotator list` and the GUI's list show."""

    id: str
    length: int
    spans: int
    status: str
    preview: str


class Store:
    """A project database. Open with `Store.open`; close when done (or use `with`)."""

    def __init__(
        self, db: Database, path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.db = db
        self.path = path
        self.busy_timeout = busy_timeout
        self.schema = self._load_schema()
        self._known_annotators: set[str] = set()  # inserted in the open transaction

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        schema_source: str | None = None,
        create: bool = True,
        readonly: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Store:
        """Open (and if needed create and migrate) the database at `path`.

        `schema_source` is the schema TOML for a new database (default: the bundled one);
        for an existing database it must match the stored schema. Only a new or empty
        file becomes a project, and only when `create`; another program's SQLite file is
        refused untouched. `readonly` never writes (reading commands; a read-only medium).
        `busy_timeout` is how long a write waits for another connection's lock before
        StoreBusyError (the GUI waits briefly and queues instead of freezing).
        """
        path = Path(path)
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        is_new = not path.exists() or path.stat().st_size == 0
        if is_new and (readonly or not create):
            what = "no database" if not path.exists() else "an empty file, not a project,"
            raise StoreError(f"{what} at {path}; `annotator import` creates a project")
        if readonly:
            conn = _connect_readonly(path, busy_timeout)
        else:
            if not path.exists():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise StoreError(f"cannot create {path.parent}: {error.strerror}") from None
            try:
                conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
            except sqlite3.Error as error:
                raise StoreError(f"cannot open {path}: {error}") from None
        try:
            with _friendly_errors(path, busy_timeout):
                _refuse_foreign_database(conn, path)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{path} was written by a newer annotator (database version {version}, "
                        f"this program knows {SCHEMA_VERSION}); upgrade annotator"
                    )
                conn.execute("PRAGMA foreign_keys = ON")
                if readonly:
                    if version < SCHEMA_VERSION:
                        raise StoreError(
                            f"{path} is a project of an earlier annotator (database version "
                            f"{version}); open it once for writing (annotator gui, import or "
                            "status) to upgrade it"
                        )
                else:
                    conn.execute("PRAGMA synchronous = FULL")
                    conn.execute("PRAGMA journal_mode = WAL")
                    db = Database(conn, execute_plugins=False)
                    # One IMMEDIATE transaction: a second process opening the same new file
                    # waits here, then finds the migrations applied and the schema installed.
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        _migrate_and_install_schema(db, path, schema_source)
                        conn.execute("COMMIT")
                    finally:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK")
                store = cls(Database(conn, execute_plugins=False), path, busy_timeout)
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_schema(self) -> Schema:
        row = self.db.conn.execute("SELECT toml FROM schema WHERE id = 1").fetchone()
        return parse_schema(row[0], strict=False)

    def data_version(self) -> int:
        """Return a number that changes when another connection commits (PRAGMA data_version)."""
        with _friendly_errors(self.path, self.busy_timeout):
            return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def version(self) -> int:
        return int(self.db.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one IMMEDIATE transaction, committed on success.

        IMMEDIATE takes the write lock up front, so two processes never deadlock on a
        read-then-write; the busy timeout makes the second one wait instead of failing.
        """
        conn = self.db.conn
        if conn.in_transaction:  # nested: part of the caller's transaction
            yield
            return
        with _friendly_errors(self.path, self.busy_timeout):
            conn.execute("BEGIN IMMEDIATE")
            self._known_annotators = set()
            try:
                yield
            except BaseException:
                self._known_annotators = set()
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _log(
        self,
        annotator: str,
        action: str,
        doc_id: str | None,
        target: str | None,
        before: Any = None,
        after: Any = None,
        via: str = "edit",
    ) -> None:
        self.db.conn.execute(
            "INSERT INTO changes (at, annotator, action, via, doc_id, target, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now(),
                annotator,
                action,
                via,
                doc_id,
                target,
                None if before is None else dump_json(before),
                None if after is None else dump_json(after),
            ],
        )

    def ensure_annotator(self, name: str) -> None:
        if name in self._known_annotators:
            return
        if not name or not name.strip():
            raise AnnotatorError("annotator name must not be empty")
        self.db.conn.execute(
            "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", [name, now()]
        )
        if self.db.conn.in_transaction:
            self._known_annotators.add(name)

    # -- reading ---------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return (
            self.db.conn.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
            is not None
        )

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.db.conn.execute("SELECT id FROM documents ORDER BY rowid")]

    def text(self, doc_id: str) -> str:
        row = self.db.conn.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id!r} in {self.path}")
        return str(row[0])

    def document(self, doc_id: str, annotator: str | None = None) -> Document:
        """Return a document with its spans and relations (of one annotator if given)."""
        return next(self.documents_by_id([doc_id], annotator))

    def spans(self, doc_id: str, annotator: str | None = None) -> list[Span]:
        """Return a document's spans ordered by position (start, end, creation)."""
        sql = (
            f"SELECT {_SPAN_COLUMNS} FROM spans"
            " WHERE doc_id = ?"
            + (" AND annotator = ?" if annotator else "")
            + ' ORDER BY start, "end", rowid'
        )
        args = [doc_id, annotator] if annotator else [doc_id]
        return [_span(row) for row in self.db.conn.execute(sql, args)]

    def spans_starting_before(self, doc_id: str, bound: int) -> list[Span]:
        """Return the spans that start before code point `bound` (an index range scan)."""
        return [
            _span(row)
            for row in self.db.conn.execute(
                f"SELECT {_SPAN_COLUMNS} FROM spans"
                ' WHERE doc_id = ? AND start < ? ORDER BY start, "end", rowid',
                [doc_id, bound],
            )
        ]

    def span(self, doc_id: str, span_id: str) -> Span:
        row = self.db.conn.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND id = ?",
            [doc_id, span_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"no span {span_id!r} in document {doc_id!r}")
        return _span(row)

    def relations(self, doc_id: str, annotator: str | None = None) -> list[Relation]:
        sql = (
            "SELECT id, type, from_span, to_span, annotator FROM relations WHERE doc_id = ?"
            + (" AND annotator = ?" if annotator else "")
            + " ORDER BY rowid"
        )
        args = [doc_id, annotator] if annotator else [doc_id]
        return [Relation(*row) for row in self.db.conn.execute(sql, args)]

    def iter_documents(
        self, *, annotator: str | None = None, status: str | None = None
    ) -> Iterator[Document]:
        """Yield documents one at a time (memory stays flat), in import order."""
        return self.documents_by_id(self._filtered_ids(annotator, status), annotator)

    def documents_by_id(
        self, ids: list[str], annotator: str | None = None, batch: int = 200
    ) -> Iterator[Document]:
        """Yield the documents `ids` in that order, reading them in batches: three queries
        per batch instead of three per document, and never more than a batch in memory."""
        conn = self.db.conn
        mine = " AND annotator = ?" if annotator else ""
        for offset in range(0, len(ids), batch):
            chunk = ids[offset : offset + batch]
            marks = ",".join("?" * len(chunk))
            extra = [annotator] if annotator else []
            rows = {
                row[0]: row
                for row in conn.execute(
                    f"SELECT id, text, meta FROM documents WHERE id IN ({marks})", chunk
                )
            }
            spans: dict[str, list[Span]] = {doc_id: [] for doc_id in chunk}
            for row in conn.execute(
                'SELECT doc_id, id, start, "end", layer, label, attrs, annotator FROM spans'
                f' WHERE doc_id IN ({marks}){mine} ORDER BY doc_id, start, "end", rowid',
                chunk + extra,
            ):
                attrs = row[6]
                spans[row[0]].append(
                    Span(
                        row[1],
                        row[2],
                        row[3],
                        row[4],
                        row[5],
                        {} if attrs == "{}" else json.loads(attrs),
                        row[7],
                    )
                )
            relations: dict[str, list[Relation]] = {doc_id: [] for doc_id in chunk}
            for row in conn.execute(
                "SELECT doc_id, id, type, from_span, to_span, annotator FROM relations"
                f" WHERE doc_id IN ({marks}){mine} ORDER BY rowid",
                chunk + extra,
            ):
                relations[row[0]].append(Relation(*row[1:]))
            statuses: dict[str, dict[str, str]] = {doc_id: {} for doc_id in chunk}
            for row in conn.execute(
                "SELECT doc_id, annotator, status FROM document_status"
                f" WHERE doc_id IN ({marks}){mine} ORDER BY doc_id, annotator",
                chunk + extra,
            ):
                statuses[row[0]][row[1]] = row[2]
            for doc_id in chunk:
                row = rows.get(doc_id)
                if row is None:
                    raise StoreError(f"no document {doc_id!r} in {self.path}")
                yield Document(
                    doc_id,
                    row[1],
                    json.loads(row[2]),
                    spans[doc_id],
                    relations[doc_id],
                    statuses[doc_id],
                )

    def filtered_ids(self, annotator: str | None, status: str | None) -> list[str]:
        """Return document ids in import order, with `status` for `annotator` (or anyone)."""
        return self._filtered_ids(annotator, status)

    def _filtered_ids(self, annotator: str | None, status: str | None) -> list[str]:
        if status is None:
            return self.document_ids()
        if status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r} (known: {', '.join(STATUSES)})")
        if annotator:
            sql = (
                "SELECT d.id FROM documents d LEFT JOIN document_status s"
                " ON s.doc_id = d.id AND s.annotator = ?"
                " WHERE coalesce(s.status, 'todo') = ? ORDER BY d.rowid"
            )
            args: list[Any] = [annotator, status]
        elif status == "todo":  # nobody has started it
            sql = (
                "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_status s"
                " WHERE s.doc_id = d.id AND s.status != 'todo') ORDER BY rowid"
            )
            args = []
        else:
            sql = (
                "SELECT id FROM documents d WHERE EXISTS (SELECT 1 FROM document_status s"
                " WHERE s.doc_id = d.id AND s.status = ?) ORDER BY rowid"
            )
            args = [status]
        return [row[0] for row in self.db.conn.execute(sql, args)]

    def list_documents(
        self, annotator: str, status: str | None = None, *, details: bool = True
    ) -> list[DocumentInfo]:
        """Return the document list for `annotator`: status, span count, text preview.

        Without `details`, length and preview stay empty and no document text is read,
        which keeps the list cheap next to megabyte documents.
        """
        wanted = set(self._filtered_ids(annotator, status)) if status else None
        text_columns = "d.length, substr(d.text, 1, 80)" if details else "d.length, ''"
        rows = self.db.conn.execute(
            f"SELECT d.id, {text_columns},"
            " (SELECT count(*) FROM spans s WHERE s.doc_id = d.id),"
            " coalesce(st.status, 'todo')"
            " FROM documents d LEFT JOIN document_status st"
            " ON st.doc_id = d.id AND st.annotator = ? ORDER BY d.rowid",
            [annotator],
        )
        return [
            DocumentInfo(row[0], row[1], row[3], row[4], " ".join(row[2].split()))
            for row in rows
            if wanted is None or row[0] in wanted
        ]

    def status(self, doc_id: str, annotator: str) -> str:
        row = self.db.conn.execute(
            "SELECT status FROM document_status WHERE doc_id = ? AND annotator = ?",
            [doc_id, annotator],
        ).fetchone()
        return row[0] if row else "todo"

    def progress(self, annotator: str) -> tuple[int, int]:
        """Return (documents done by `annotator`, all documents)."""
        done = self.db.conn.execute(
            "SELECT count(*) FROM document_status WHERE annotator = ? AND status = 'done'",
            [annotator],
        ).fetchone()[0]
        total = self.db.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return done, total

    def changes(self, doc_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Return the latest changes, newest first."""
        where, args = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        return list(
            self.db.query(
                f"SELECT * FROM changes {where} ORDER BY id DESC LIMIT {int(limit)}", args
            )
        )

    # -- writing: documents ----------------------------------------------------------------

    def add_document(self, document: Document, annotator: str, source: str | None = None) -> bool:
        """Validate and insert a document with its spans, relations and statuses, in the
        open transaction; spans and relations without an annotator get `annotator`.

        Returns False (and changes nothing) when the same id with the same text exists;
        raises AnnotatorError when the id exists with a different text.
        """
        check_unicode(annotator, "the annotator name")
        validate_document(document, self.schema, annotator)
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        row = self.db.conn.execute(
            "SELECT text_sha256 FROM documents WHERE id = ?", [document.id]
        ).fetchone()
        if row is not None:
            if row[0] == digest:
                return False
            raise AnnotatorError(
                f"document {document.id!r} already exists with a different text; "
                "give this one another id"
            )
        stamp = now()
        self.ensure_annotator(annotator)
        for name in (
            {s.annotator for s in document.spans}
            | {r.annotator for r in document.relations}
            | set(document.statuses)
        ):
            if name:
                self.ensure_annotator(name)
        self.db.conn.execute(
            "INSERT INTO documents (id, text, text_sha256, meta, imported_at, length)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                document.id,
                document.text,
                digest,
                dump_json(document.meta),
                stamp,
                len(document.text),
            ],
        )
        self.db.conn.executemany(
            'INSERT INTO spans (doc_id, id, start, "end", layer, label, attrs, annotator,'
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    document.id,
                    s.id,
                    s.start,
                    s.end,
                    s.layer,
                    s.label,
                    dump_json(dict(s.attrs)),
                    s.annotator or annotator,
                    stamp,
                )
                for s in document.spans
            ],
        )
        self.db.conn.executemany(
            "INSERT INTO relations (doc_id, id, type, from_span, to_span, annotator, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (document.id, r.id, r.type, r.from_id, r.to_id, r.annotator or annotator, stamp)
                for r in document.relations
            ],
        )
        if document.statuses:
            self.db.conn.executemany(
                "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [(document.id, name, status, stamp) for name, status in document.statuses.items()],
            )
        self.db.conn.execute(
            "INSERT INTO id_counters (doc_id, spans, relations) VALUES (?, ?, ?)",
            [
                document.id,
                _highest_number((s.id for s in document.spans), "T"),
                _highest_number((r.id for r in document.relations), "R"),
            ],
        )
        self._log(
            annotator,
            "document.import",
            document.id,
            None,
            after={
                "source": source,
                "spans": len(document.spans),
                "relations": len(document.relations),
            },
            via="import",
        )
        return True

    def set_status(self, doc_id: str, annotator: str, status: str, via: str = "edit") -> None:
        if status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r} (known: {', '.join(STATUSES)})")
        with self.transaction():
            before = self.status(self._existing(doc_id), annotator)
            self.ensure_annotator(annotator)
            self.db.conn.execute(
                "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (doc_id, annotator)"
                " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                [doc_id, annotator, status, now()],
            )
            self._log(annotator, "document.status", doc_id, None, before, status, via)

    def _existing(self, doc_id: str) -> str:
        if not self.has_document(doc_id):
            raise StoreError(f"no document {doc_id!r} in {self.path}")
        return doc_id

    # -- writing: spans and relations --------------------------------------------------------

    def add_span(
        self,
        doc_id: str,
        start: int,
        end: int,
        layer: str,
        label: str,
        annotator: str,
        attrs: Mapping[str, str] | None = None,
        *,
        span_id: str | None = None,
        via: str = "edit",
    ) -> Span:
        """Create a span, durable when this returns; `span_id` re-creates a known one (redo).

        Raises DuplicateSpanError (with the stored span) when the annotator already has this
        span, and ConflictError when `span_id` is taken.
        """
        attrs = dict(attrs or {})
        self.schema.check_span(layer, label, attrs)
        check_unicode([annotator, attrs], "the span")
        with self.transaction():
            check_offsets(self.text(doc_id), start, end)
            span = Span(span_id or "", start, end, layer, label, attrs, annotator)
            check_not_duplicate(span, self._spans_at(doc_id, start, end))
            if span_id is not None:
                self._refuse_taken(doc_id, "spans", span_id)
                self._reserve_id("spans", doc_id, span_id)
            else:
                span = span._replace(id=self._next_id("spans", doc_id))
            self.ensure_annotator(annotator)
            self._insert_span(doc_id, span)
            self._touch_status(doc_id, annotator)
            self._log(annotator, "span.create", doc_id, span.id, None, _span_json(span), via)
        return span

    def _spans_at(self, doc_id: str, start: int, end: int) -> list[Span]:
        return [
            _span(row)
            for row in self.db.conn.execute(
                f'SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND start = ? AND "end" = ?',
                [doc_id, start, end],
            )
        ]

    def _refuse_taken(self, doc_id: str, kind: str, identifier: str) -> None:
        """Raise ConflictError when a span or relation id is in use (a redo or undo that
        would put back something that is already there)."""
        if self.db.conn.execute(
            f"SELECT 1 FROM {kind} WHERE doc_id = ? AND id = ?", [doc_id, identifier]
        ).fetchone():
            raise ConflictError(
                f"{identifier} is already in document {doc_id!r} (restored elsewhere?); "
                "nothing was changed"
            )

    def _current_span(self, doc_id: str, span_id: str, expected: Span | None) -> Span:
        """Return the stored span; with `expected`, raise ConflictError unless it is exactly
        that span (an undo or redo must not act on what someone else changed)."""
        try:
            span = self.span(doc_id, span_id)
        except StoreError:
            if expected is None:
                raise
            raise ConflictError(
                f"span {span_id} is no longer in the document (removed elsewhere); "
                "nothing was changed"
            ) from None
        if expected is not None and _span_json(span) != _span_json(expected):
            raise ConflictError(
                f"span {span_id} was changed elsewhere since (now {span.label} "
                f"{span.start}-{span.end} by {span.annotator}); nothing was changed"
            )
        return span

    def _insert_span(self, doc_id: str, span: Span) -> None:
        self.db.conn.execute(
            'INSERT INTO spans (doc_id, id, start, "end", layer, label, attrs, annotator,'
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_id,
                span.id,
                span.start,
                span.end,
                span.layer,
                span.label,
                dump_json(dict(span.attrs)),
                span.annotator,
                now(),
            ],
        )

    def delete_span(
        self,
        doc_id: str,
        span_id: str,
        annotator: str,
        via: str = "edit",
        *,
        expected: Span | None = None,
    ) -> tuple[Span, list[Relation]]:
        """Delete a span and the relations that touch it; return both, for undo.

        With `expected` (undo, redo), only exactly that span is deleted (ConflictError
        otherwise)."""
        with self.transaction():
            span = self._current_span(doc_id, span_id, expected)
            attached = [r for r in self.relations(doc_id) if span_id in (r.from_id, r.to_id)]
            self.ensure_annotator(annotator)
            self.db.conn.execute("DELETE FROM spans WHERE doc_id = ? AND id = ?", [doc_id, span_id])
            self._log(
                annotator,
                "span.delete",
                doc_id,
                span_id,
                {"span": _span_json(span), "relations": [_relation_json(r) for r in attached]},
                None,
                via,
            )
        return span, attached

    def restore_span(
        self,
        doc_id: str,
        span: Span,
        relations: list[Relation],
        annotator: str,
        via: str = "undo",
    ) -> None:
        """Put back a deleted span with its id, annotator and relations (undo of delete);
        ConflictError when its id is taken or one of its relations no longer fits."""
        with self.transaction():
            check_offsets(self.text(doc_id), span.start, span.end)
            self._refuse_taken(doc_id, "spans", span.id)
            check_not_duplicate(span, self._spans_at(doc_id, span.start, span.end))
            self.ensure_annotator(annotator)
            self.ensure_annotator(span.annotator)
            self._reserve_id("spans", doc_id, span.id)
            self._insert_span(doc_id, span)
            for relation in relations:
                self._check_restorable(doc_id, relation)
                self.ensure_annotator(relation.annotator)
                self._insert_relation(doc_id, relation)
            self._log(
                annotator,
                "span.create",
                doc_id,
                span.id,
                None,
                {"span": _span_json(span), "relations": [_relation_json(r) for r in relations]},
                via,
            )

    def update_span(
        self,
        doc_id: str,
        span_id: str,
        annotator: str,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
        attrs: Mapping[str, str] | None = None,
        via: str = "edit",
        expected: Span | None = None,
    ) -> tuple[Span, Span]:
        """Change a span's edges, label (within its layer) or attributes; return (before, after).

        On a label change, attributes the new label does not have are dropped. With
        `expected` (undo, redo), only exactly that span is changed (ConflictError otherwise).
        """
        with self.transaction():
            before = self._current_span(doc_id, span_id, expected)
            new_label = label if label is not None else before.label
            new_attrs = dict(attrs) if attrs is not None else dict(before.attrs)
            layer = self.schema.layer(before.layer)
            label_def = layer.label(new_label) if layer else None
            if label_def is not None and label is not None and attrs is None:
                new_attrs = {k: v for k, v in new_attrs.items() if label_def.attribute(k)}
            self.schema.check_span(before.layer, new_label, new_attrs)
            new_start = before.start if start is None else start
            new_end = before.end if end is None else end
            check_offsets(self.text(doc_id), new_start, new_end)
            after = Span(
                span_id, new_start, new_end, before.layer, new_label, new_attrs, before.annotator
            )
            check_not_duplicate(after, self._spans_at(doc_id, new_start, new_end))
            self.ensure_annotator(annotator)
            self.db.conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, attrs = ?'
                " WHERE doc_id = ? AND id = ?",
                [new_start, new_end, new_label, dump_json(new_attrs), doc_id, span_id],
            )
            self._log(
                annotator,
                "span.update",
                doc_id,
                span_id,
                _span_json(before),
                _span_json(after),
                via,
            )
        return before, after

    def add_relation(
        self,
        doc_id: str,
        kind: str,
        from_id: str,
        to_id: str,
        annotator: str,
        *,
        relation_id: str | None = None,
        via: str = "edit",
    ) -> Relation:
        """Link two spans; `relation_id` re-creates a known relation (redo)."""
        with self.transaction():
            relation = Relation(relation_id or "", kind, from_id, to_id, annotator)
            if relation_id is not None:
                self._refuse_taken(doc_id, "relations", relation_id)
            self._check_relation(doc_id, relation)
            if relation_id is not None:
                self._reserve_id("relations", doc_id, relation_id)
            else:
                relation = relation._replace(id=self._next_id("relations", doc_id))
            self.ensure_annotator(annotator)
            self._record_relation(doc_id, relation, annotator, via)
            self._touch_status(doc_id, annotator)
        return relation

    def _check_relation(self, doc_id: str, relation: Relation) -> None:
        """Apply the domain's relation rules against the stored spans and links."""
        source = self.span(doc_id, relation.from_id)
        target = self.span(doc_id, relation.to_id)
        others = [
            Relation(*row)
            for row in self.db.conn.execute(
                "SELECT id, type, from_span, to_span, annotator FROM relations"
                " WHERE doc_id = ? AND from_span = ? AND to_span = ?",
                [doc_id, relation.from_id, relation.to_id],
            )
        ]
        check_relation(self.schema, relation, source, target, others)

    def _check_restorable(self, doc_id: str, relation: Relation) -> None:
        self._refuse_taken(doc_id, "relations", relation.id)
        try:
            self._check_relation(doc_id, relation)
        except AnnotatorError as error:
            raise ConflictError(
                f"relation {relation.id} cannot be put back ({error.message}); nothing was changed"
            ) from None
        self._reserve_id("relations", doc_id, relation.id)

    def restore_relation(
        self, doc_id: str, relation: Relation, annotator: str, via: str = "undo"
    ) -> None:
        """Put back a removed relation with its id and original annotator (undo)."""
        with self.transaction():
            self._check_restorable(doc_id, relation)
            self.ensure_annotator(annotator)
            self.ensure_annotator(relation.annotator)
            self._record_relation(doc_id, relation, annotator, via)

    def _record_relation(self, doc_id: str, relation: Relation, annotator: str, via: str) -> None:
        """Insert a relation and log its creation by `annotator`."""
        self._insert_relation(doc_id, relation)
        self._log(
            annotator, "relation.create", doc_id, relation.id, None, _relation_json(relation), via
        )

    def _insert_relation(self, doc_id: str, relation: Relation) -> None:
        self.db.conn.execute(
            "INSERT INTO relations (doc_id, id, type, from_span, to_span, annotator, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                doc_id,
                relation.id,
                relation.type,
                relation.from_id,
                relation.to_id,
                relation.annotator,
                now(),
            ],
        )

    def delete_relation(
        self,
        doc_id: str,
        relation_id: str,
        annotator: str,
        via: str = "edit",
        *,
        expected: Relation | None = None,
    ) -> Relation:
        """Remove a relation; with `expected` (undo, redo) only exactly that one."""
        with self.transaction():
            row = self.db.conn.execute(
                "SELECT id, type, from_span, to_span, annotator FROM relations"
                " WHERE doc_id = ? AND id = ?",
                [doc_id, relation_id],
            ).fetchone()
            if row is None:
                error = ConflictError if expected is not None else StoreError
                raise error(f"no relation {relation_id!r} in document {doc_id!r}")
            relation = Relation(*row)
            if expected is not None and relation != expected:
                raise ConflictError(
                    f"relation {relation_id} was changed elsewhere since; nothing was changed"
                )
            self.ensure_annotator(annotator)
            self.db.conn.execute(
                "DELETE FROM relations WHERE doc_id = ? AND id = ?", [doc_id, relation_id]
            )
            self._log(
                annotator,
                "relation.delete",
                doc_id,
                relation_id,
                _relation_json(relation),
                None,
                via,
            )
        return relation

    def _touch_status(self, doc_id: str, annotator: str) -> None:
        """Move a `todo` document to `in_progress` on its annotator's first edit."""
        self.db.conn.execute(
            "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
            " VALUES (?, ?, 'in_progress', ?) ON CONFLICT (doc_id, annotator) DO UPDATE"
            " SET status = 'in_progress', updated_at = excluded.updated_at"
            " WHERE status = 'todo'",
            [doc_id, annotator, now()],
        )

    def _next_id(self, kind: str, doc_id: str) -> str:
        """Return the document's next span (T12) or relation (R3) id from a counter that only
        grows: an id deleted, undone or taken by another window is never given again."""
        column, prefix = ("spans", "T") if kind == "spans" else ("relations", "R")
        row = self.db.conn.execute(
            f"SELECT {column} FROM id_counters WHERE doc_id = ?", [doc_id]
        ).fetchone()
        number = (row[0] if row else 0) + 1
        while self.db.conn.execute(
            f"SELECT 1 FROM {kind} WHERE doc_id = ? AND id = ?", [doc_id, f"{prefix}{number}"]
        ).fetchone():
            number += 1
        self._reserve_id(kind, doc_id, f"{prefix}{number}")
        return f"{prefix}{number}"

    def _reserve_id(self, kind: str, doc_id: str, identifier: str) -> None:
        """Move the document's counter past `identifier` (a new or restored id)."""
        column, prefix = ("spans", "T") if kind == "spans" else ("relations", "R")
        number = _highest_number([identifier], prefix)
        if number:
            self.db.conn.execute(
                f"INSERT INTO id_counters (doc_id, {column}) VALUES (?, ?) ON CONFLICT (doc_id)"
                f" DO UPDATE SET {column} = max({column}, excluded.{column})",
                [doc_id, number],
            )


def _highest_number(ids: Iterable[str], prefix: str) -> int:
    """Return the highest N of the ids shaped `{prefix}N` (0 if none)."""
    numbers = [int(i[1:]) for i in ids if i[:1] == prefix and i[1:].isascii() and i[1:].isdigit()]
    return max(numbers, default=0)


def _migrate_and_install_schema(db: Database, path: Path, schema_source: str | None) -> None:
    if migrations.pending(db):
        migrations.apply(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    row = db.execute("SELECT toml FROM schema WHERE id = 1").fetchone()
    if row is None:
        source = schema_source if schema_source is not None else default_schema_source()
        schema = parse_schema(source)
        db.execute(
            "INSERT INTO schema (id, name, toml, installed_at) VALUES (1, ?, ?, ?)",
            [schema.name, source, now()],
        )
    elif schema_source is not None and parse_schema(row[0], strict=False) != parse_schema(
        schema_source
    ):
        raise StoreError(
            f"{path} already has a different schema; --schema only applies to a new "
            "database (see `annotator schema`)"
        )


_SPAN_COLUMNS = 'id, start, "end", layer, label, attrs, annotator'


def _span(row: tuple[Any, ...]) -> Span:
    attrs = row[5]
    return Span(
        row[0], row[1], row[2], row[3], row[4], {} if attrs == "{}" else json.loads(attrs), row[6]
    )


def _span_json(span: Span) -> dict[str, Any]:
    return {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "layer": span.layer,
        "label": span.label,
        "attrs": dict(span.attrs),
        "annotator": span.annotator,
    }


def _relation_json(relation: Relation) -> dict[str, Any]:
    return {
        "id": relation.id,
        "type": relation.type,
        "from": relation.from_id,
        "to": relation.to_id,
        "annotator": relation.annotator,
    }


def _is_read_only(path: Path, error: str) -> bool:
    """True when SQLite could not open a file for writing because it or its folder (where
    the WAL files go) cannot be written, as on a read-only medium."""
    if "unable to open" not in error:
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _connect_readonly(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open without ever writing. A WAL database on a read-only medium has no -shm file
    and cannot get one: there, open it as immutable (nobody can be writing to it)."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
            raise StoreError(f"cannot open {path} for reading") from None
    try:
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=busy_timeout)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None


# Tables every project has had since its first version (id_counters comes by migration).
_PROJECT_TABLES = {"schema", "documents", "spans", "relations", "annotators", "changes"}


def _refuse_foreign_database(conn: sqlite3.Connection, path: Path) -> None:
    """Raise StoreError for an SQLite file that holds tables but is no annotator project,
    before anything is written to it (no tables added, no switch to WAL)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and not {"schema", "_sqlite_migrations"} <= tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is an SQLite database of another program (tables: {shown}), not an "
            "annotator project; it was left untouched"
        )
    missing = _PROJECT_TABLES - tables
    if tables and missing:
        raise StoreError(
            f"the database {path} is damaged: its tables {', '.join(sorted(missing))} are missing"
        )


@contextmanager
def _friendly_errors(path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Iterator[None]:
    """Turn SQLite's errors into one clear sentence for the user."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            raise StoreBusyError(
                f"the database {path} is locked by another program and stayed locked for "
                f"{busy_timeout:g} s; nothing was saved, try again"
            ) from None
        if "readonly" in text or "read-only" in text or _is_read_only(path, text):
            message = f"the database {path} is read-only; nothing was saved"
        elif "disk is full" in text or "full" in text:
            message = f"the disk holding {path} is full; nothing was saved"
        elif "no such table" in text or "no such column" in text:
            message = f"the database {path} is damaged ({text})"
        else:
            message = f"the database {path} failed: {text}; nothing was saved"
        raise StoreError(message) from None
    except sqlite3.IntegrityError as error:
        raise ConflictError(
            f"the database {path} refused the change ({error}); nothing was saved"
        ) from None
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the database {path} is damaged or not a database ({error})") from None


def remove_database(path: Path) -> None:
    """Delete a database file and its WAL companions (for a failed first import)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{path}{suffix}")
        except (FileNotFoundError, NotADirectoryError):
            pass
