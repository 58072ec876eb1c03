"""Reading spans and relations: by document, by position and by id, and the GUI's span
index as plain rows or as columns through a read-only connection of its own that another
thread can run (one aggregate row per document, built by SQLite without Python's lock; no
tuple per span)."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable
from typing import Any, NamedTuple

from annotator.errors import StoreError
from annotator.model import Relation, Span
from annotator.store.documents import DocumentStore
from annotator.store.rows import RELATION_COLUMNS, SPAN_COLUMNS, span_from_row


class SpanColumns(NamedTuple):
    """A document's spans by column, sorted by (start, end, id): each kind the JSON array
    [layer, label, attrs (JSON text), annotator]; notes only for spans that have a note
    or an unsure flag, as (id, note, unsure). (A named tuple: no dataclass code to compile
    when the store is imported.)"""

    ids: list[str]
    starts: array[int]
    ends: array[int]
    kinds: list[str]
    notes: list[tuple[str, str, int]]


class SpanReads(DocumentStore):
    def span_count(self, doc_id: str) -> int:
        """Return how many spans a document has, of every annotator (an index count)."""
        row = self.conn.execute("SELECT count(*) FROM spans WHERE doc_id = ?", [doc_id])
        return int(row.fetchone()[0])

    def spans(self, doc_id: str, annotator: str | None = None) -> list[Span]:
        """Return a document's spans ordered by position (start, end, creation)."""
        sql = (
            f"SELECT {SPAN_COLUMNS} FROM spans"
            " WHERE doc_id = ?"
            + (" AND annotator = ?" if annotator else "")
            + ' ORDER BY start, "end", rowid'
        )
        args = [doc_id, annotator] if annotator else [doc_id]
        return [span_from_row(row) for row in self.conn.execute(sql, args)]

    def spans_starting_before(self, doc_id: str, bound: int) -> list[Span]:
        """Return the spans that start before code point `bound` (an index range scan)."""
        return [
            span_from_row(row)
            for row in self.conn.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans"
                ' WHERE doc_id = ? AND start < ? ORDER BY start, "end", rowid',
                [doc_id, bound],
            )
        ]

    def span(self, doc_id: str, span_id: str) -> Span:
        row = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND id = ?",
            [doc_id, span_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"no span {span_id!r} in document {doc_id!r}")
        return span_from_row(row)

    def relations(self, doc_id: str, annotator: str | None = None) -> list[Relation]:
        sql = (
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ?"
            + (" AND annotator = ?" if annotator else "")
            + " ORDER BY rowid"
        )
        args = [doc_id, annotator] if annotator else [doc_id]
        return [Relation(*row) for row in self.conn.execute(sql, args)]

    def _spans_at(self, doc_id: str, start: int, end: int) -> list[Span]:
        return [
            span_from_row(row)
            for row in self.conn.execute(
                f'SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? AND start = ? AND "end" = ?',
                [doc_id, start, end],
            )
        ]

    def span_index_rows(self, doc_id: str, before: int | None = None) -> list[tuple[Any, ...]]:
        """Return a document's spans as plain rows for the GUI's span index, sorted by
        (start, end, id): id, start, end, layer, label, attrs (JSON text), annotator, note,
        unsure. With `before`, only the spans starting before that code point."""
        return _span_index_rows(self.conn, doc_id, before)

    def span_index_reader(
        self, doc_id: str, annotators: frozenset[str] | None = None
    ) -> Callable[[], SpanColumns]:
        """Return a function that reads a document's spans (of `annotators` only, when
        given) as columns through a read-only connection of its own, so another thread
        can run it: the GUI reads a long document's spans while Qt lays out its text.
        It raises StoreError when the file cannot be read that way or an id holds the
        column separator; the caller then reads rows on this connection."""
        uri, timeout, path = self.path.resolve().as_uri(), self.busy_timeout, self.path

        def read() -> SpanColumns:
            try:
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout)
            except sqlite3.Error as error:
                raise StoreError(f"cannot read {path}: {error}") from None
            try:
                return _span_columns(conn, doc_id, annotators)
            except sqlite3.Error as error:
                raise StoreError(f"cannot read {path}: {error}") from None
            finally:
                conn.close()

        return read


def _span_index_rows(
    conn: sqlite3.Connection, doc_id: str, before: int | None
) -> list[tuple[Any, ...]]:
    return conn.execute(
        f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ?"
        + (" AND start < ?" if before is not None else "")
        + ' ORDER BY start, "end", id',
        [doc_id] if before is None else [doc_id, before],
    ).fetchall()


# One aggregate row, so SQLite builds it in one step without Python's lock (the caller's
# thread keeps running) and Python makes a few strings instead of a tuple per span.
# json_array() escapes control characters: only the ids are split unescaped (checked).
_SPAN_COLUMNS_SQL = """
SELECT count(*), group_concat(id, char(31)), group_concat(start), group_concat("end"),
  group_concat(json_array(layer, label, attrs, annotator), char(31)),
  group_concat(CASE WHEN note != '' OR unsure THEN json_array(id, note, unsure) END, char(31))
FROM (SELECT * FROM spans WHERE doc_id = ?{only} ORDER BY start, "end", id)
"""


def _span_columns(
    conn: sqlite3.Connection, doc_id: str, annotators: frozenset[str] | None
) -> SpanColumns:
    names = sorted(annotators) if annotators is not None else []
    only = f" AND annotator IN ({','.join('?' * len(names))})" if annotators is not None else ""
    row = conn.execute(_SPAN_COLUMNS_SQL.format(only=only), [doc_id, *names]).fetchone()
    count, ids, starts, ends, kinds, notes = row
    if not count:
        return SpanColumns([], array("q"), array("q"), [], [])
    columns = SpanColumns(
        ids.split("\x1f"),
        array("q", map(int, starts.split(","))),
        array("q", map(int, ends.split(","))),
        kinds.split("\x1f"),
        [tuple(json.loads(note)) for note in notes.split("\x1f")] if notes else [],
    )
    if len(columns.ids) != count or len(columns.starts) != count or not _ascending(columns):
        raise StoreError("the spans did not read as columns")  # the caller reads rows
    return columns


def _ascending(columns: SpanColumns) -> bool:
    """Check the aggregate kept the subquery's order (SQLite does; cheap to be sure)."""
    starts = columns.starts
    return all(map(int.__le__, starts[:-1], starts[1:]))
