"""The session's core: the open document, its span index, selection and edits, and the
signals every view listens to. Store first, then the view."""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal

from annotator.background import BackgroundRead, collector_paused
from annotator.errors import AnnotatorError
from annotator.model import Relation, Span
from annotator.offsets import OffsetMap
from annotator.spanindex import SpanIndex
from annotator.store import Store
from annotator.sync import diff_annotations

# Characters whose spans are loaded before the first paint of a long document.
PRELOAD_CHARACTERS = 20_000


class SessionCore(QObject):
    """The open document of one annotator's project: its text, spans, relations, selection."""

    documentOpened = Signal(str)
    spanAdded = Signal(object)  # Span
    spanRemoved = Signal(object)  # Span
    spanChanged = Signal(object, object)  # before, after
    relationsChanged = Signal()
    statusChanged = Signal(str, str)  # doc id, status
    selectedSpanChanged = Signal(object)  # Span | None
    spansLoaded = Signal()  # the whole index is in memory (after the first paint)
    suggestionsChanged = Signal()  # decided here, or maybe added or decided elsewhere

    def __init__(self, store: Store, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.doc_id: str | None = None
        self.text = ""
        self.offsets = OffsetMap("")
        self._index = SpanIndex()
        self._loaded_until = math.inf
        self._rest: _IndexRead | None = None  # the whole index, read on another thread
        self._ahead: tuple[str, frozenset[str] | None, _IndexRead] | None = None
        self.relations: dict[str, Relation] = {}
        self.selected: Span | None = None
        self.shown: frozenset[str] | None = None  # whose spans the views show (None: all)
        self._seen_change = 0  # the latest change of the open document we have read
        self.closed = False  # the store is closed: views stop reading (a late fetchMore)

    @property
    def schema(self):
        return self.store.schema

    def shows(self, annotator: str) -> bool:
        return self.shown is None or annotator in self.shown

    def _shown_rows(self, doc_id: str, before: int | None = None) -> list:
        return _only_shown(self.store.span_index_rows(doc_id, before=before), self.shown)

    def open_document(self, doc_id: str) -> None:
        """Open a document; a long one gets the spans of its first screens at once and the
        rest on `complete_loading()` (the view calls it right after its first paint)."""
        text = self.store.text(doc_id)
        ahead, self._ahead, self._rest = self._ahead, None, None
        if len(text) > PRELOAD_CHARACTERS:
            bound: int | None = PRELOAD_CHARACTERS
            self._loaded_until = PRELOAD_CHARACTERS
            if ahead is not None and ahead[:2] == (doc_id, self.shown):
                self._rest = ahead[2]
            else:
                self._rest = self._read_whole_index(doc_id)
        else:
            bound = None
            self._loaded_until = math.inf
        with _collector_paused():
            index = SpanIndex.from_rows(self._shown_rows(doc_id, before=bound))
        self._seen_change = self._latest_change(doc_id)
        self.doc_id = doc_id
        self.text = text
        self.offsets = OffsetMap(text)
        self._index = index
        self.relations = {r.id: r for r in self.store.relations(doc_id)}
        had_selection = self.selected is not None
        self.selected = None
        self.documentOpened.emit(doc_id)
        if had_selection:  # the inspector and the span list let go of the old document's span
            self.selectedSpanChanged.emit(None)

    def read_ahead(self, doc_id: str) -> None:
        """Start reading a document's whole span index on another thread now, for the
        `open_document(doc_id)` to come (the window is built meanwhile)."""
        self._ahead = (doc_id, self.shown, self._read_whole_index(doc_id))

    def _latest_change(self, doc_id: str) -> int:
        latest = self.store.changes(doc_id, limit=1)
        return int(latest[0]["id"]) if latest else 0

    def follow_outside_changes(self) -> bool:
        """Show what others committed to the open document; True if anything changed.

        Cheap when nothing did: one look at the document's latest change. Otherwise the
        spans and relations are read again and only the difference is applied, through
        the usual signals, so views keep their selection and scroll position.
        """
        if self.doc_id is None:
            return False
        self.suggestionsChanged.emit()  # suggestions added elsewhere leave no change row
        latest = self._latest_change(self.doc_id)
        if latest == self._seen_change:
            return False
        self.complete_loading()
        spans = [s for s in self.store.spans(self.doc_id) if self.shows(s.annotator)]
        relations = self.store.relations(self.doc_id)
        self._seen_change = latest
        diff = diff_annotations(
            {s.id: s for s in self._index.all()}, spans, self.relations, relations
        )
        self.relations = {r.id: r for r in relations}
        if self.selected is not None and self.selected.id in {s.id for s in diff.removed}:
            self.select(None)
        for span in diff.removed:  # one at a time: a row model follows each step
            self._index.remove(span.id)
            self.spanRemoved.emit(span)
        for before, after in diff.changed:
            self._index.add(after)
            self.spanChanged.emit(before, after)
            if self.selected is not None and self.selected.id == after.id:
                self.selected = after
                self.selectedSpanChanged.emit(after)
        for span in diff.added:
            self._index.add(span)
            self.spanAdded.emit(span)
        if diff.relations_changed:
            self.relationsChanged.emit()
        return bool(diff)

    def close(self) -> None:
        """Forget the document and close the store (a pending full load becomes a no-op)."""
        self.doc_id = None
        self.closed = True
        self.store.close()

    @property
    def complete(self) -> bool:
        return self._loaded_until == math.inf

    def complete_loading(self) -> None:
        """Load the whole span index (spans added meanwhile are in the store already):
        the one read on another thread since the document opened, unless something was
        committed after that read began, else here."""
        if self.complete or self.doc_id is None:
            return
        index, self._rest = self._rest.result(self._write_stamp()) if self._rest else None, None
        if index is None:
            with _collector_paused():
                index = SpanIndex.from_rows(self._shown_rows(self.doc_id))
        self._index = index
        self._loaded_until = math.inf
        self.spansLoaded.emit()

    def _write_stamp(self) -> tuple[int, int]:
        """What moves when anyone commits: rows this connection changed, and SQLite's data
        version (which moves on other connections' commits)."""
        return self.store.conn.total_changes, self.store.data_version()

    def _read_whole_index(self, doc_id: str) -> _IndexRead:
        read = self.store.span_index_reader(doc_id, self.shown)

        def build() -> SpanIndex:
            columns = read()
            return SpanIndex.from_columns(
                columns.ids, columns.starts, columns.ends, columns.kinds, columns.notes
            )

        return _IndexRead(self._write_stamp(), BackgroundRead(build))

    @property
    def spans(self) -> SpanIndex:
        """The span index of the open document, complete."""
        self.complete_loading()
        return self._index

    @property
    def loaded_spans(self) -> SpanIndex:
        """The span index as loaded so far (for views that refresh on spansLoaded)."""
        return self._index

    def visible_spans(self, start: int, end: int) -> list[Span]:
        """Return the spans overlapping `[start, end)`, without waiting for a full load
        when that stretch is already covered."""
        if end <= self._loaded_until:
            return self._index.overlapping(start, end)
        return self.spans.overlapping(start, end)

    def first_document(self) -> str | None:
        """Return the first document not yet done by this annotator, else the first one."""
        return self.store.first_open_document(self.annotator)

    def neighbour(self, step: int) -> str | None:
        """Return the document `step` places away in import order (the first when none is
        open), without listing the project."""
        return self.store.adjacent_document(self.doc_id, step)

    def has_document(self, doc_id: str) -> bool:
        return self.store.has_document(doc_id)

    def progress(self) -> tuple[int, int]:
        """Return how many documents this annotator has done, of how many."""
        return self.store.progress(self.annotator)

    def data_version(self) -> int:
        """Return SQLite's data version: it moves only when another connection commits."""
        return self.store.data_version()

    def set_status(self, status: str) -> None:
        assert self.doc_id is not None
        self.store.set_status(self.doc_id, self.annotator, status)
        self.statusChanged.emit(self.doc_id, status)

    def status(self) -> str:
        return self.store.status(self.doc_id, self.annotator) if self.doc_id else "todo"

    def select(self, span: Span | None) -> None:
        if span is not None:
            span = self.spans.get(span.id)
        if span != self.selected:
            self.selected = span
            self.selectedSpanChanged.emit(span)

    def relations_of(self, span_id: str) -> list[Relation]:
        return [r for r in self.relations.values() if span_id in (r.from_id, r.to_id)]

    def add_span(
        self,
        start: int,
        end: int,
        layer: str,
        label: str,
        attrs: Mapping[str, str] | None = None,
        span_id: str | None = None,
        via: str = "edit",
    ) -> Span:
        assert self.doc_id is not None
        span = self.store.add_span(
            self.doc_id, start, end, layer, label, self.annotator, attrs, span_id=span_id, via=via
        )
        self._index.add(span)
        self.spanAdded.emit(span)
        return span

    def remove_span(
        self, span_id: str, via: str = "edit", expected: Span | None = None
    ) -> tuple[Span, list[Relation]]:
        """Delete a span; with `expected` (undo, redo) only if it is still exactly that."""
        assert self.doc_id is not None
        span, relations = self.store.delete_span(
            self.doc_id, span_id, self.annotator, via, expected=expected
        )
        self._index.remove(span_id)
        for relation in relations:
            self.relations.pop(relation.id, None)
        if self.selected is not None and self.selected.id == span_id:
            self.select(None)
        self.spanRemoved.emit(span)
        if relations:
            self.relationsChanged.emit()
        return span, relations

    def restore_span(self, span: Span, relations: list[Relation], via: str = "undo") -> None:
        assert self.doc_id is not None
        self.store.restore_span(self.doc_id, span, relations, self.annotator, via)
        self._index.add(span)
        self.relations.update({r.id: r for r in relations})
        self.spanAdded.emit(span)
        if relations:
            self.relationsChanged.emit()

    def update_span(
        self, span_id: str, via: str = "edit", expected: Span | None = None, **changes: object
    ) -> Span:
        """Change a span; with `expected` (undo, redo) only if it is still exactly that."""
        assert self.doc_id is not None
        before, after = self.store.update_span(
            self.doc_id,
            span_id,
            self.annotator,
            via=via,
            expected=expected,
            **changes,  # type: ignore[arg-type]
        )
        self._index.add(after)
        if self.selected is not None and self.selected.id == span_id:
            self.selected = after
        self.spanChanged.emit(before, after)
        if self.selected is not None and self.selected.id == span_id:
            self.selectedSpanChanged.emit(after)
        return after

    def add_relation(
        self,
        kind: str,
        from_id: str,
        to_id: str,
        relation_id: str | None = None,
        via: str = "edit",
    ) -> Relation:
        assert self.doc_id is not None
        relation = self.store.add_relation(
            self.doc_id, kind, from_id, to_id, self.annotator, relation_id=relation_id, via=via
        )
        self.relations[relation.id] = relation
        self.relationsChanged.emit()
        return relation

    def restore_relation(self, relation: Relation, via: str = "undo") -> None:
        assert self.doc_id is not None
        self.store.restore_relation(self.doc_id, relation, self.annotator, via)
        self.relations[relation.id] = relation
        self.relationsChanged.emit()

    def remove_relation(
        self, relation_id: str, via: str = "edit", expected: Relation | None = None
    ) -> Relation:
        """Delete a relation; with `expected` (undo, redo) only if it is still exactly that."""
        assert self.doc_id is not None
        relation = self.store.delete_relation(
            self.doc_id, relation_id, self.annotator, via, expected=expected
        )
        self.relations.pop(relation_id, None)
        self.relationsChanged.emit()
        return relation


class _IndexRead:
    """A span index being read on another thread, and the commits it has seen."""

    def __init__(self, stamp: tuple[int, int], read: BackgroundRead[SpanIndex]) -> None:
        self.stamp = stamp
        self.read = read

    def result(self, stamp: tuple[int, int]) -> SpanIndex | None:
        """Return the index, or None when it cannot be trusted: the read failed, or
        something was committed since it began (`stamp` differs)."""
        try:
            index = self.read.result()
        except AnnotatorError:
            return None
        return index if stamp == self.stamp else None


def _only_shown(rows: list, shown: frozenset[str] | None) -> list:
    return rows if shown is None else [row for row in rows if row[6] in shown]


# Pause Python's cycle collector while a span index is built from thousands of rows: the
# row tuples hold no cycles, and each collection they trigger would also walk every Qt
# wrapper of the window (about half the build time at 10,000 spans).
_collector_paused = collector_paused
