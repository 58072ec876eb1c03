"""Opening a project file and running transactions: pragmas, migrations, locks, and
SQLite's errors turned into one sentence for the user.

Every user action is one IMMEDIATE transaction, committed (synchronous FULL) before the
caller returns. WAL mode and a busy timeout let a GUI and a CLI share one file; only a new
or empty file becomes a project, and reading commands open it read-only.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from annotator.errors import AnnotatorError, ConflictError, StoreBusyError, StoreError
from annotator.resources import default_schema_source
from annotator.schema import Schema, parse_schema
from annotator.store.version import SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils import Database

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


class Connection:
    """An open project file: its schema, transactions and annotators. The store's other
    parts (documents, annotations, the change log) build on it."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.conn = conn
        self.path = path
        self.busy_timeout = busy_timeout
        self.schema = self._load_schema()
        self._known_annotators: set[str] = set()  # inserted in the open transaction

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        schema_source: str | None = None,
        create: bool = True,
        readonly: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Self:
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
                    if version == SCHEMA_VERSION:  # set up already: nothing to write, no lock
                        _check_schema(conn, path, schema_source)
                    else:
                        _set_up(conn, path, schema_source, busy_timeout)
                store = cls(conn, path, busy_timeout)
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self.conn.close()

    @cached_property
    def db(self) -> Database:
        """The same connection as a sqlite-utils Database, for exploring and migrating
        (imported on first use: everyday reads and writes go through `conn`)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_schema(self) -> Schema:
        row = self.conn.execute("SELECT toml FROM schema WHERE id = 1").fetchone()
        return parse_schema(row[0], strict=False)

    def data_version(self) -> int:
        """Return a number that changes when another connection commits (PRAGMA data_version)."""
        with _friendly_errors(self.path, self.busy_timeout):
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one IMMEDIATE transaction, committed on success.

        IMMEDIATE takes the write lock up front, so two processes never deadlock on a
        read-then-write; the busy timeout makes the second one wait instead of failing.
        """
        conn = self.conn
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

    def ensure_annotator(self, name: str) -> None:
        if name in self._known_annotators:
            return
        if not name or not name.strip():
            raise AnnotatorError("annotator name must not be empty")
        self.conn.execute(
            "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", [name, now()]
        )
        if self.conn.in_transaction:
            self._known_annotators.add(name)


def _set_up(
    conn: sqlite3.Connection, path: Path, schema_source: str | None, busy_timeout: float
) -> None:
    """Migrate and install the schema in one IMMEDIATE transaction: a second process
    opening the same new file waits here (for as long as an import may hold the lock, even
    when its own writes wait briefly), then finds everything in place."""
    from sqlite_utils import Database

    from annotator.store.migrations import migrations

    db = Database(conn, execute_plugins=False)
    wait = max(busy_timeout, BUSY_TIMEOUT_SECONDS)
    conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if migrations.pending(db):
            migrations.apply(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if conn.execute("SELECT 1 FROM schema WHERE id = 1").fetchone() is None:
            source = schema_source if schema_source is not None else default_schema_source()
            schema = parse_schema(source)
            conn.execute(
                "INSERT INTO schema (id, name, toml, installed_at) VALUES (1, ?, ?, ?)",
                [schema.name, source, now()],
            )
        _check_schema(conn, path, schema_source)
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")


def _check_schema(conn: sqlite3.Connection, path: Path, schema_source: str | None) -> None:
    """Refuse a --schema that differs from the project's own (it only applies when new)."""
    if schema_source is None:
        return
    row = conn.execute("SELECT toml FROM schema WHERE id = 1").fetchone()
    if parse_schema(row[0], strict=False) != parse_schema(schema_source):
        raise StoreError(
            f"{path} already has a different schema; --schema only applies to a new "
            "database (see `annotator schema`)"
        )


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
