"""Merging another project file (an annotator's) into this one, with provenance.

The source is read through its own read-only connection, a batch of documents at a time,
so memory stays flat however many spans it holds. `merge_items` remembers, per source
file name, what each of its spans, relations and statuses became here and a digest of
its values: merging the same file again finds nothing to do, and a newer version brings
only what changed since, deletions included. Span and relation ids already given in a
document here are renamed (the document's next id, in the source's row order, so the
result is deterministic) and relations follow their spans. The source's change log is
copied with `via = 'merge'` and the id of the `merges` row that brought it.

Everything happens in the caller's transaction: an error leaves the project unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.store.annotations import AnnotationStore
from annotator.store.connection import dump_json, now
from annotator.store.merge_document import DocumentMerge
from annotator.store.version import SCHEMA_VERSION

BATCH = 200


@dataclass
class MergeCounts:
    """What one merge did; `counts` keys: documents, spans_added, spans_updated,
    spans_deleted, spans_renamed, relations_added, relations_deleted, relations_renamed,
    relations_skipped, statuses, changes."""

    source: str
    sha256: str
    counts: Counter[str] = field(default_factory=Counter)
    merge_id: int | None = None

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for offset in range(0, len(items), size):
        yield items[offset : offset + size]


def open_source(path: Path) -> sqlite3.Connection:
    """Open an annotator's project file read-only; AnnotatorError naming the file when it
    is missing, no project, or written by a newer annotator."""
    if not path.is_file():
        raise AnnotatorError("no such project file", path=path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise AnnotatorError(f"not an annotator project ({error})", path=path) from None
    needed = {"schema", "documents", "spans", "relations", "document_status", "changes"}
    if not needed <= tables:
        conn.close()
        raise AnnotatorError("not an annotator project file", path=path)
    if version > SCHEMA_VERSION:
        conn.close()
        raise AnnotatorError(
            f"written by a newer annotator (database version {version}, this program knows "
            f"{SCHEMA_VERSION}); upgrade annotator before merging it",
            path=path,
        )
    return conn


class MergeStore(AnnotationStore):
    def merge_history(self) -> list[dict[str, Any]]:
        """Return every merge, oldest first, with its counts."""
        rows = self.conn.execute(
            "SELECT id, source, path, sha256, at, counts FROM merges ORDER BY id"
        )
        return [
            {
                "id": r[0],
                "source": r[1],
                "path": r[2],
                "sha256": r[3],
                "at": r[4],
                "counts": json.loads(r[5]),
            }
            for r in rows
        ]

    def merge_project(self, path: Path, source: str, sha256: str, by: str) -> MergeCounts:
        """Merge the project file at `path`, known here as `source` (its file name), in the
        open transaction, logged as done by `by`; record a `merges` row only when
        something changed."""
        result = MergeCounts(source, sha256)
        conn = self.conn
        row = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM merges").fetchone()
        merge_id = int(row[0])
        last = conn.execute(
            "SELECT coalesce(max(last_change), 0) FROM merges WHERE source = ?", [source]
        ).fetchone()[0]
        src = open_source(path)
        try:
            doc_ids = [r[0] for r in src.execute("SELECT id FROM documents ORDER BY rowid")]
            for chunk in _chunks(doc_ids, BATCH):
                Batch(self, src, path, source, chunk, result.counts, merge_id, by).run()
            newest = src.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]
            copied = conn.executemany(
                "INSERT INTO changes (at, annotator, action, via, doc_id, target, before,"
                " after, merge_id) VALUES (?, ?, ?, 'merge', ?, ?, ?, ?, ?)",
                (
                    (*r, merge_id)
                    for r in src.execute(
                        "SELECT at, annotator, action, doc_id, target, before, after"
                        " FROM changes WHERE id > ? ORDER BY id",
                        [last],
                    )
                ),
            ).rowcount
        finally:
            src.close()
        result.counts["changes"] += max(copied, 0)
        if result.changed:
            result.merge_id = merge_id
            counts = {key: value for key, value in sorted(result.counts.items()) if value}
            conn.execute(
                "INSERT INTO merges (id, source, path, sha256, at, last_change, counts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [merge_id, source, str(path), sha256, now(), max(newest, last), dump_json(counts)],
            )
        return result


class Batch:
    """Merge one batch of the source's documents: read their rows on both sides, then
    delete, update and insert what differs from what this source brought last time."""

    def __init__(
        self,
        store: MergeStore,
        src: sqlite3.Connection,
        path: Path,
        source: str,
        doc_ids: list[str],
        counts: Counter[str],
        merge_id: int,
        by: str,
    ) -> None:
        self.by = by
        self.store, self.src, self.path, self.source = store, src, path, source
        self.doc_ids, self.counts, self.merge_id = doc_ids, counts, merge_id
        self.conn = store.conn
        # Rows written at the end of the batch, in this order (relations need their spans).
        self.new_spans: list[tuple[Any, ...]] = []
        self.new_relations: list[tuple[Any, ...]] = []
        self.new_items: list[tuple[Any, ...]] = []
        self.new_logs: list[tuple[Any, ...]] = []
        self.new_counters: list[tuple[Any, ...]] = []
        self.allowed: set[tuple[str, str, str]] = set()  # (layer, label, attrs) in the schema
        self.marks = ",".join("?" * len(doc_ids))

    def _src(self, sql: str) -> list[tuple[Any, ...]]:
        return self.src.execute(sql.format(marks=self.marks), self.doc_ids).fetchall()

    def _team(self, sql: str, extra: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql.format(marks=self.marks), [*extra, *self.doc_ids]).fetchall()

    def _error(self, message: str) -> AnnotatorError:
        return AnnotatorError(message, path=self.path)

    def run(self) -> None:
        lengths = self._documents()
        by_doc: dict[str, dict[str, list[tuple[Any, ...]]]] = {
            d: {"spans": [], "relations": [], "statuses": [], "items": [], "team": []}
            for d in self.doc_ids
        }
        # A file from before notes (m007) has no note columns: its spans have none.
        has_notes = self.src.execute(
            "SELECT 1 FROM pragma_table_info('spans') WHERE name = 'note'"
        ).fetchone()
        notes = "note, unsure" if has_notes else "'', 0"
        for part, rows in (
            (
                "spans",
                self._src(
                    f'SELECT doc_id, id, start, "end", layer, label, attrs, {notes}, annotator,'
                    " created_at FROM spans WHERE doc_id IN ({marks}) ORDER BY doc_id, rowid"
                ),
            ),
            (
                "relations",
                self._src(
                    "SELECT doc_id, id, type, from_span, to_span, annotator, created_at"
                    " FROM relations WHERE doc_id IN ({marks}) ORDER BY doc_id, rowid"
                ),
            ),
            (
                "statuses",
                self._src(
                    "SELECT doc_id, annotator, status FROM document_status"
                    " WHERE doc_id IN ({marks}) ORDER BY doc_id, annotator"
                ),
            ),
            (
                "items",
                self._team(
                    "SELECT doc_id, kind, source_id, team_id, digest FROM merge_items"
                    " WHERE source = ? AND doc_id IN ({marks})",
                    [self.source],
                ),
            ),
            (
                "team",
                self._team(
                    'SELECT doc_id, id, start, "end", layer, label, annotator, note, unsure'
                    " FROM spans WHERE doc_id IN ({marks})"
                ),
            ),
        ):
            for row in rows:
                by_doc[row[0]][part].append(row[1:])
        counters = {
            r[0]: [r[1], r[2]]
            for r in self._team(
                "SELECT doc_id, spans, relations FROM id_counters WHERE doc_id IN ({marks})"
            )
        }
        names = {r[-2] for d in by_doc.values() for r in d["spans"] + d["relations"]}
        names |= {r[0] for d in by_doc.values() for r in d["statuses"]}
        for name in sorted(names):
            self.store.ensure_annotator(name)
        for doc_id in self.doc_ids:
            DocumentMerge(
                self, doc_id, lengths[doc_id], by_doc[doc_id], counters.get(doc_id, [0, 0])
            ).run()
        self.conn.executemany(
            'INSERT INTO spans (doc_id, id, start, "end", layer, label, attrs, note, unsure,'
            " annotator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.new_spans,
        )
        self.conn.executemany(
            "INSERT INTO relations (doc_id, id, type, from_span, to_span, annotator,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.new_relations,
        )
        self.conn.executemany(
            "INSERT INTO merge_items (source, doc_id, kind, source_id, team_id, digest)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE"
            " SET team_id = excluded.team_id, digest = excluded.digest",
            self.new_items,
        )
        self.conn.executemany(
            "INSERT INTO id_counters (doc_id, spans, relations) VALUES (?, ?, ?)"
            " ON CONFLICT (doc_id) DO UPDATE SET spans = max(spans, excluded.spans),"
            " relations = max(relations, excluded.relations)",
            self.new_counters,
        )
        self.conn.executemany(
            "INSERT INTO changes (at, annotator, action, via, doc_id, after, merge_id)"
            " VALUES (?, ?, 'document.merge', 'merge', ?, ?, ?)",
            self.new_logs,
        )

    def _documents(self) -> dict[str, int]:
        """Check each document against ours (same id, same text) and add the new ones;
        return their lengths."""
        ours = dict(self._team("SELECT id, text_sha256 FROM documents WHERE id IN ({marks})"))
        lengths: dict[str, int] = {}
        for doc_id, sha, length in self._src(
            "SELECT id, text_sha256, length(text) FROM documents WHERE id IN ({marks})"
        ):
            lengths[doc_id] = length
            if doc_id in ours:
                if ours[doc_id] != sha:
                    raise self._error(
                        f"document {doc_id!r} has another text than in the team project "
                        "(same id, different text); nothing was merged"
                    )
                continue
            text, meta = self.src.execute(
                "SELECT text, meta FROM documents WHERE id = ?", [doc_id]
            ).fetchone()
            self.conn.execute(
                "INSERT INTO documents (id, text, text_sha256, meta, imported_at, length)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [doc_id, text, sha, meta, now(), length],
            )
            self.conn.execute("INSERT INTO id_counters (doc_id) VALUES (?)", [doc_id])
            self.counts["documents"] += 1
        return lengths
