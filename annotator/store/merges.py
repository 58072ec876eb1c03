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
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, SchemaError
from annotator.store.annotations import AnnotationStore
from annotator.store.connection import dump_json, now
from annotator.store.migrations import SCHEMA_VERSION

BATCH = 200
_SPAN_KEY = tuple[int, int, str, str, str]  # start, end, layer, label, annotator


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


def digest(*values: object) -> int:
    """A stable 64-bit digest of a row's values (Python's hash() changes per process):
    CRC-32 and Adler-32 side by side, cheap enough for a million rows."""
    data = "\x1f".join(map(str, values)).encode("utf-8", "surrogatepass")
    value = zlib.crc32(data) << 32 | zlib.adler32(data)
    return value - (1 << 64) if value >= 1 << 63 else value


def _number(identifier: str, prefix: str) -> int:
    """N of an id shaped `{prefix}N`, else 0 (as rows.highest_number, for one id)."""
    digits = identifier[1:]
    if identifier[:1] == prefix and digits.isascii() and digits.isdigit():
        return int(digits)
    return 0


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
        rows = self.db.conn.execute(
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
        conn = self.db.conn
        row = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM merges").fetchone()
        merge_id = int(row[0])
        last = conn.execute(
            "SELECT coalesce(max(last_change), 0) FROM merges WHERE source = ?", [source]
        ).fetchone()[0]
        src = open_source(path)
        try:
            doc_ids = [r[0] for r in src.execute("SELECT id FROM documents ORDER BY rowid")]
            for chunk in _chunks(doc_ids, BATCH):
                _Batch(self, src, path, source, chunk, result.counts, merge_id, by).run()
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


class _Batch:
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
        self.conn = store.db.conn
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
        for part, rows in (
            (
                "spans",
                self._src(
                    'SELECT doc_id, id, start, "end", layer, label, attrs, annotator, created_at'
                    " FROM spans WHERE doc_id IN ({marks}) ORDER BY doc_id, rowid"
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
                    'SELECT doc_id, id, start, "end", layer, label, annotator FROM spans'
                    " WHERE doc_id IN ({marks})"
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
            _Document(
                self, doc_id, lengths[doc_id], by_doc[doc_id], counters.get(doc_id, [0, 0])
            ).run()
        self.conn.executemany(
            'INSERT INTO spans (doc_id, id, start, "end", layer, label, attrs, annotator,'
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


class _Document:
    """The merge of one document: relations and spans gone or changed since the last
    merge of this source first, then new and changed spans, then new relations."""

    def __init__(
        self,
        batch: _Batch,
        doc_id: str,
        length: int,
        rows: dict[str, list[tuple[Any, ...]]],
        counter: list[int],
    ) -> None:
        self.batch, self.doc_id, self.length, self.rows = batch, doc_id, length, rows
        self.counter = counter  # [spans, relations]: the document's id counters here
        self.counter_before = list(counter)
        self.conn = batch.conn
        self.schema = batch.store.schema
        self.items: dict[tuple[str, str], tuple[str, int]] = {
            (kind, source_id): (team_id, value) for kind, source_id, team_id, value in rows["items"]
        }
        self.team_ids = {r[0] for r in rows["team"]}
        self.team_layers = {r[0]: r[3] for r in rows["team"]}
        self.team_keys: dict[_SPAN_KEY, str] = {
            (r[1], r[2], r[3], r[4], r[5]): r[0] for r in rows["team"]
        }
        self.span_map: dict[str, str | None] = {}
        self.summary: Counter[str] = Counter()
        self.renamed: dict[str, str] = {}

    def run(self) -> None:
        spans = self.rows["spans"]
        relations = self.rows["relations"]
        for span in spans:
            self._check_span(span)
        span_digests = {s[0]: digest(*s[1:7]) for s in spans}
        relation_digests = {r[0]: digest(*r[1:5]) for r in relations}
        self._drop_gone("relation", relation_digests)
        self._drop_gone("span", span_digests)
        for span in spans:
            self._merge_span(span, span_digests[span[0]])
        for relation in relations:
            self._merge_relation(relation, relation_digests[relation[0]])
        for annotator, status in self.rows["statuses"]:
            self._merge_status(annotator, status)
        self._save_counters()
        self.batch.counts.update(self.summary)
        if any(self.summary.values()):
            after: dict[str, Any] = {"source": self.batch.source, **self.summary}
            if self.renamed:
                after["renamed"] = self.renamed
            self.batch.new_logs.append(
                (now(), self.batch.by, self.doc_id, dump_json(after), self.batch.merge_id)
            )

    def _count(self, key: str, amount: int = 1) -> None:
        self.summary[key] += amount

    def _check_span(self, span: tuple[Any, ...]) -> None:
        span_id, start, end, layer, label, attrs = span[:6]
        where = f"document {self.doc_id!r}, span {span_id!r}"
        if (layer, label, attrs) not in self.batch.allowed:  # a few kinds: check each once
            try:
                self.schema.check_span(layer, label, {} if attrs == "{}" else json.loads(attrs))
            except SchemaError as error:
                raise self.batch._error(
                    f"{where}: {error.message} (the team schema lacks it); nothing was merged"
                ) from None
            self.batch.allowed.add((layer, label, attrs))
        if not (
            isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= self.length
        ):
            raise self.batch._error(f"{where}: offsets {start}-{end} are outside the text")

    def _remember(self, kind: str, source_id: str, team_id: str, value: int) -> None:
        self.items[(kind, source_id)] = (team_id, value)
        self.batch.new_items.append(
            (self.batch.source, self.doc_id, kind, source_id, team_id, value)
        )

    def _forget(self, kind: str, source_id: str) -> None:
        del self.items[(kind, source_id)]
        self.conn.execute(
            "DELETE FROM merge_items WHERE source = ? AND doc_id = ? AND kind = ?"
            " AND source_id = ?",
            [self.batch.source, self.doc_id, kind, source_id],
        )

    def _drop_gone(self, kind: str, digests: dict[str, int]) -> None:
        """Delete what this source brought before and no longer has (or has changed, for
        relations, which are put back below)."""
        table = "spans" if kind == "span" else "relations"
        for (item_kind, source_id), (team_id, value) in list(self.items.items()):
            if item_kind != kind:
                continue
            if source_id in digests and (kind == "span" or digests[source_id] == value):
                continue
            deleted = self.conn.execute(
                f"DELETE FROM {table} WHERE doc_id = ? AND id = ?", [self.doc_id, team_id]
            ).rowcount
            self._forget(kind, source_id)
            if deleted:
                self._count(f"{table}_deleted")
                if kind == "span":
                    self.team_ids.discard(team_id)
                    self.team_keys = {k: v for k, v in self.team_keys.items() if v != team_id}

    def _new_id(self, kind: str, wanted: str) -> str:
        """Keep the source's id when it was never given here; otherwise the next one."""
        slot, prefix = (0, "T") if kind == "span" else (1, "R")
        number = _number(wanted, prefix)
        taken = self.team_ids if kind == "span" else self.relation_ids
        if wanted not in taken and (number == 0 or number > self.counter[slot]):
            identifier = wanted
            self.counter[slot] = max(self.counter[slot], number)
        else:
            number = self.counter[slot] + 1
            while f"{prefix}{number}" in taken:
                number += 1
            identifier = f"{prefix}{number}"
            self.renamed[wanted] = identifier
            self._count(f"{kind}s_renamed")
            self.counter[slot] = number
        taken.add(identifier)
        return identifier

    def _merge_span(self, span: tuple[Any, ...], value: int) -> None:
        source_id, start, end, layer, label, attrs, annotator, created_at = span
        key = (start, end, layer, label, annotator)
        known = self.items.get(("span", source_id))
        if known is not None:
            team_id = known[0]
            if known[1] == value or team_id not in self.team_ids:
                self.span_map[source_id] = team_id if team_id in self.team_ids else None
                if known[1] != value:
                    self._remember("span", source_id, team_id, value)
                return
            self.conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, layer = ?, label = ?, attrs = ?,'
                " annotator = ? WHERE doc_id = ? AND id = ?",
                [start, end, layer, label, attrs, annotator, self.doc_id, team_id],
            )
            self.team_keys = {k: v for k, v in self.team_keys.items() if v != team_id}
            self.team_keys[key] = team_id
            self.team_layers[team_id] = layer
            self._remember("span", source_id, team_id, value)
            self.span_map[source_id] = team_id
            self._count("spans_updated")
            return
        existing = self.team_keys.get(key)
        if existing is not None:  # the same annotation is here already: adopt it
            self._remember("span", source_id, existing, value)
            self.span_map[source_id] = existing
            return
        team_id = self._new_id("span", source_id)
        self.batch.new_spans.append(
            (self.doc_id, team_id, start, end, layer, label, attrs, annotator, created_at)
        )
        self.team_keys[key] = team_id
        self.team_layers[team_id] = layer
        self._remember("span", source_id, team_id, value)
        self.span_map[source_id] = team_id
        self._count("spans_added")

    @property
    def relation_ids(self) -> set[str]:
        if not hasattr(self, "_relation_ids"):
            self._relation_ids = {
                r[0]
                for r in self.conn.execute(
                    "SELECT id FROM relations WHERE doc_id = ?", [self.doc_id]
                )
            }
        return self._relation_ids

    def _merge_relation(self, relation: tuple[Any, ...], value: int) -> None:
        source_id, kind, from_id, to_id, annotator, created_at = relation
        if ("relation", source_id) in self.items:
            return  # unchanged since the last merge (changed ones were dropped above)
        team_from, team_to = self.span_map.get(from_id), self.span_map.get(to_id)
        if team_from is None or team_to is None:
            self._count("relations_skipped")  # an end was deleted here since
            return
        try:
            self.schema.check_relation(kind, self.team_layers[team_from], self.team_layers[team_to])
        except SchemaError as error:
            raise self.batch._error(
                f"document {self.doc_id!r}, relation {source_id!r}: {error.message} "
                "(the team schema lacks it); nothing was merged"
            ) from None
        existing = self.conn.execute(
            "SELECT id FROM relations WHERE doc_id = ? AND type = ? AND from_span = ?"
            " AND to_span = ?",
            [self.doc_id, kind, team_from, team_to],
        ).fetchone()
        if existing is not None:
            self._remember("relation", source_id, existing[0], value)
            return
        team_id = self._new_id("relation", source_id)
        self.batch.new_relations.append(
            (self.doc_id, team_id, kind, team_from, team_to, annotator, created_at)
        )
        self._remember("relation", source_id, team_id, value)
        self._count("relations_added")

    def _merge_status(self, annotator: str, status: str) -> None:
        value = digest(status)
        known = self.items.get(("status", annotator))
        if known is not None and known[1] == value:
            return
        self.conn.execute(
            "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (doc_id, annotator)"
            " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
            [self.doc_id, annotator, status, now()],
        )
        self._remember("status", annotator, annotator, value)
        self._count("statuses")

    def _save_counters(self) -> None:
        if self.counter != self.counter_before:
            self.batch.new_counters.append((self.doc_id, *self.counter))
