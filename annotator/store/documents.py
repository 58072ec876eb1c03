"""Documents: reading them (one at a time or in batches, so memory stays flat), the
document list, statuses, and adding an imported document with its annotations."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from annotator.errors import AnnotatorError, StoreError
from annotator.model import STATUSES, Document, Relation, Span, check_unicode, validate_document
from annotator.store.changes import ChangeLog
from annotator.store.connection import dump_json, now
from annotator.store.rows import (
    INSERT_RELATION,
    INSERT_SPAN,
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    highest_number,
    relation_row,
    span_from_row,
    span_row,
)


class DocumentInfo(NamedTuple):
    """One row of the document list: what `annotator list` and the GUI's list show."""

    id: str
    length: int
    spans: int
    status: str
    preview: str


class DocumentStore(ChangeLog):
    def has_document(self, doc_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
            is not None
        )

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT id FROM documents ORDER BY rowid")]

    def text(self, doc_id: str) -> str:
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id!r} in {self.path}")
        return str(row[0])

    def document(self, doc_id: str, annotator: str | None = None) -> Document:
        """Return a document with its spans and relations (of one annotator if given)."""
        return next(self.documents_by_id([doc_id], annotator))

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
        conn = self.conn
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
                f"SELECT doc_id, {SPAN_COLUMNS} FROM spans"
                f' WHERE doc_id IN ({marks}){mine} ORDER BY doc_id, start, "end", rowid',
                chunk + extra,
            ):
                spans[row[0]].append(span_from_row(row[1:]))
            relations: dict[str, list[Relation]] = {doc_id: [] for doc_id in chunk}
            for row in conn.execute(
                f"SELECT doc_id, {RELATION_COLUMNS} FROM relations"
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
        return [row[0] for row in self.conn.execute(sql, args)]

    def list_documents(
        self, annotator: str, status: str | None = None, *, details: bool = True
    ) -> list[DocumentInfo]:
        """Return the document list for `annotator`: status, span count, text preview.

        Without `details`, length and preview stay empty and no document text is read,
        which keeps the list cheap next to megabyte documents.
        """
        wanted = set(self._filtered_ids(annotator, status)) if status else None
        text_columns = "d.length, substr(d.text, 1, 80)" if details else "d.length, ''"
        rows = self.conn.execute(
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

    def document_page(
        self,
        annotator: str,
        *,
        after: int = 0,
        limit: int = 200,
        status: str | None = None,
        id_contains: str = "",
    ) -> list[tuple[int, DocumentInfo]]:
        """Return up to `limit` rows of the document list after position `after` (a rowid),
        in import order, each with its position: the GUI fetches the list page by page.

        `id_contains` keeps ids holding it (case-blind); `status` keeps documents with that
        status for `annotator`. Span counts come from one grouped query for the page, so a
        page costs the same in a project of 100,000 documents as in one of ten.
        """
        if status is not None and status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r} (known: {', '.join(STATUSES)})")
        needle = id_contains.casefold()
        cursor = self.conn.execute(
            "SELECT d.rowid, d.id, d.length, coalesce(st.status, 'todo') FROM documents d"
            " LEFT JOIN document_status st ON st.doc_id = d.id AND st.annotator = ?"
            " WHERE d.rowid > ?"
            + (" AND coalesce(st.status, 'todo') = ?" if status else "")
            + " ORDER BY d.rowid",
            [annotator, after, status] if status else [annotator, after],
        )
        page: list[tuple[int, str, int, str]] = []
        for row in cursor:  # the id filter in Python: casefold() is Unicode-aware
            if not needle or needle in row[1].casefold():
                page.append(row)
                if len(page) >= limit:
                    break
        cursor.close()
        counts = self.span_counts([row[1] for row in page])
        return [
            (rowid, DocumentInfo(doc_id, length, counts.get(doc_id, 0), state, ""))
            for rowid, doc_id, length, state in page
        ]

    def span_counts(self, doc_ids: list[str]) -> dict[str, int]:
        """Return the number of spans of each document in `doc_ids` (grouped queries)."""
        counts: dict[str, int] = {}
        for offset in range(0, len(doc_ids), 500):
            chunk = doc_ids[offset : offset + 500]
            counts.update(
                self.conn.execute(
                    "SELECT doc_id, count(*) FROM spans"
                    f" WHERE doc_id IN ({','.join('?' * len(chunk))}) GROUP BY doc_id",
                    chunk,
                ).fetchall()
            )
        return counts

    def first_open_document(self, annotator: str) -> str | None:
        """Return the first document (import order) not done by `annotator`, else the
        first one; stops at the first match instead of listing the project."""
        row = self.conn.execute(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_status s"
            " WHERE s.doc_id = d.id AND s.annotator = ? AND s.status = 'done')"
            " ORDER BY d.rowid LIMIT 1",
            [annotator],
        ).fetchone()
        return str(row[0]) if row is not None else self.first_document_id()

    def first_document_id(self) -> str | None:
        """Return the first document in import order (None in an empty project)."""
        row = self.conn.execute("SELECT id FROM documents ORDER BY rowid LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def adjacent_document(self, doc_id: str | None, step: int) -> str | None:
        """Return the document `step` places after (or before, when negative) `doc_id` in
        import order, None past either end; the first document when `doc_id` is unknown."""
        here = None
        if doc_id is not None:
            here = self.conn.execute(
                "SELECT rowid FROM documents WHERE id = ?", [doc_id]
            ).fetchone()
        if here is None:
            return self.first_document_id()
        if step == 0:
            return doc_id
        forward = step > 0
        row = self.conn.execute(
            "SELECT id FROM documents WHERE rowid "
            + ("> ? ORDER BY rowid" if forward else "< ? ORDER BY rowid DESC")
            + " LIMIT 1 OFFSET ?",
            [here[0], abs(step) - 1],
        ).fetchone()
        return None if row is None else str(row[0])

    def status(self, doc_id: str, annotator: str) -> str:
        row = self.conn.execute(
            "SELECT status FROM document_status WHERE doc_id = ? AND annotator = ?",
            [doc_id, annotator],
        ).fetchone()
        return row[0] if row else "todo"

    def progress(self, annotator: str) -> tuple[int, int]:
        """Return (documents done by `annotator`, all documents)."""
        done = self.conn.execute(
            "SELECT count(*) FROM document_status WHERE annotator = ? AND status = 'done'",
            [annotator],
        ).fetchone()[0]
        total = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return done, total

    def add_document(self, document: Document, annotator: str, source: str | None = None) -> bool:
        """Validate and insert a document with its spans, relations and statuses, in the
        open transaction; spans and relations without an annotator get `annotator`.

        Returns False (and changes nothing) when the same id with the same text exists;
        raises AnnotatorError when the id exists with a different text.
        """
        check_unicode(annotator, "the annotator name")
        validate_document(document, self.schema, annotator)
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        row = self.conn.execute(
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
        self.conn.execute(
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
        self.conn.executemany(
            INSERT_SPAN, [span_row(document.id, s, annotator, stamp) for s in document.spans]
        )
        self.conn.executemany(
            INSERT_RELATION,
            [relation_row(document.id, r, annotator, stamp) for r in document.relations],
        )
        if document.statuses:
            self.conn.executemany(
                "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [(document.id, name, status, stamp) for name, status in document.statuses.items()],
            )
        self.conn.execute(
            "INSERT INTO id_counters (doc_id, spans, relations) VALUES (?, ?, ?)",
            [
                document.id,
                highest_number((s.id for s in document.spans), "T"),
                highest_number((r.id for r in document.relations), "R"),
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
            self.conn.execute(
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

    def _touch_status(self, doc_id: str, annotator: str) -> None:
        """Move a `todo` document to `in_progress` on its annotator's first edit."""
        self.conn.execute(
            "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
            " VALUES (?, ?, 'in_progress', ?) ON CONFLICT (doc_id, annotator) DO UPDATE"
            " SET status = 'in_progress', updated_at = excluded.updated_at"
            " WHERE status = 'todo'",
            [doc_id, annotator, now()],
        )
