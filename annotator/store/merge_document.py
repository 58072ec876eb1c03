"""The merge of one document of an annotator's file (see annotator/store/merges.py):
compare the file's rows with what the last merge of the same file name brought, then
delete, update and add; new rows are handed to the batch, which writes them together."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from typing import TYPE_CHECKING, Any

from annotator.errors import SchemaError
from annotator.store.connection import dump_json, now

if TYPE_CHECKING:
    from annotator.store.merges import Batch

_SPAN_KEY = tuple[int, int, str, str, str]  # start, end, layer, label, annotator


def digest(*values: object) -> int:
    """A stable 64-bit digest of a row's values (Python's hash() changes per process):
    CRC-32 and Adler-32 side by side, cheap enough for a million rows."""
    data = "\x1f".join(map(str, values)).encode("utf-8", "surrogatepass")
    value = zlib.crc32(data) << 32 | zlib.adler32(data)
    return value - (1 << 64) if value >= 1 << 63 else value


def span_digest(span: tuple[Any, ...]) -> int:
    """The digest of a source span row (id, start, end, layer, label, attrs, note, unsure,
    ...); a span without note or flag digests as before notes existed, so files merged
    then are not all "updated" by the next merge."""
    start, end, layer, label, attrs, note, unsure, annotator = span[1:9]
    if note or unsure:
        return digest(start, end, layer, label, attrs, annotator, note, bool(unsure))
    return digest(start, end, layer, label, attrs, annotator)


def _number(identifier: str, prefix: str) -> int:
    """N of an id shaped `{prefix}N`, else 0 (as rows.highest_number, for one id)."""
    digits = identifier[1:]
    if identifier[:1] == prefix and digits.isascii() and digits.isdigit():
        return int(digits)
    return 0


class DocumentMerge:
    """The merge of one document: relations and spans gone or changed since the last
    merge of this source first, then new and changed spans, then new relations."""

    def __init__(
        self,
        batch: Batch,
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
        self.team_notes = {r[0]: (r[6], r[7]) for r in rows["team"]}
        self.span_map: dict[str, str | None] = {}
        self.summary: Counter[str] = Counter()
        self.renamed: dict[str, str] = {}

    def run(self) -> None:
        spans = self.rows["spans"]
        relations = self.rows["relations"]
        for span in spans:
            self._check_span(span)
        span_digests = {s[0]: span_digest(s) for s in spans}
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
        source_id, start, end, layer, label, attrs, note, unsure, annotator, created_at = span
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
                " note = ?, unsure = ?, annotator = ? WHERE doc_id = ? AND id = ?",
                [start, end, layer, label, attrs, note, unsure, annotator, self.doc_id, team_id],
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
            if (note or unsure) and self.team_notes.get(existing) != (note, unsure):
                self.conn.execute(  # with the file's note and flag
                    "UPDATE spans SET note = ?, unsure = ? WHERE doc_id = ? AND id = ?",
                    [note, unsure, self.doc_id, existing],
                )
                self._count("spans_updated")
            self._remember("span", source_id, existing, value)
            self.span_map[source_id] = existing
            return
        team_id = self._new_id("span", source_id)
        self.batch.new_spans.append(
            (self.doc_id, team_id, start, end, layer, label, attrs, note, unsure, annotator)
            + (created_at,)
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
