"""The team: whose spans are shown, every annotator's for comparing, and curation."""

from __future__ import annotations

import math
from collections.abc import Sequence

from annotator.gui.session.core import _collector_paused
from annotator.gui.session.project import ProjectSession
from annotator.model import Relation, Span
from annotator.spanindex import SpanIndex


class TeamSession(ProjectSession):
    def show_annotators(self, names: frozenset[str] | None) -> None:
        """Show only these annotators' spans (None: everyone's): the article, the span
        list, clicks and Tab all act on what is shown."""
        if names == self.shown:
            return
        self.shown = names
        if self.doc_id is None:
            return
        if self.selected is not None and not self.shows(self.selected.annotator):
            self.select(None)
        with _collector_paused():
            self._index = SpanIndex.from_rows(self._shown_rows(self.doc_id))
        self._loaded_until = math.inf
        self.spansLoaded.emit()

    def annotator_names(self) -> list[str]:
        """Return everyone who has worked in the project, by name."""
        names = self.store.conn.execute("SELECT name FROM annotators ORDER BY name")
        return [row[0] for row in names]

    def team_charts(self) -> list:
        """Return the team dashboard's charts (progress, labels, agreement)."""
        from annotator.dashboard import team_charts  # only when the dashboard is shown

        return team_charts(self.store)

    def all_spans(self) -> list[Span]:
        """Return every annotator's spans of the open document, shown or not."""
        return [] if self.doc_id is None or self.closed else self.store.spans(self.doc_id)

    def replace_spans(
        self,
        remove: list[Span],
        add: list[Span],
        restore: Sequence[tuple[Span, list[Relation]]] = (),
        via: str = "curate",
        as_annotator: str | None = None,
    ) -> tuple[list[tuple[Span, list[Relation]]], list[Span]]:
        """In ONE transaction delete exactly `remove`, put back `restore` and create `add`
        (as this annotator or `as_annotator`; a set id re-creates that span); then update
        the views. Return what was deleted (with its relations) and created, for undo."""
        assert self.doc_id is not None
        doc_id, who = self.doc_id, as_annotator or self.annotator
        with self.store.transaction():
            removed = self.store.delete_spans(doc_id, remove, who, via)
            for span, relations in restore:
                self.store.restore_span(doc_id, span, relations, who, via)
            added = self.store.add_spans(doc_id, add, who, via) if add else []
        for span, relations in removed:
            for relation in relations:
                self.relations.pop(relation.id, None)
            if self.selected is not None and self.selected.id == span.id:
                self.select(None)
            if self._index.remove(span.id) is not None:
                self.spanRemoved.emit(span)
        for span in [s for s, _ in restore] + added:
            if self.shows(span.annotator):
                self._index.add(span)
                self.spanAdded.emit(span)
        for _span, relations in restore:
            self.relations.update({r.id: r for r in relations})
        if any(relations for _, relations in [*removed, *restore]):
            self.relationsChanged.emit()
        return removed, added
