"""Suggestions of the open document: list, accept (maybe edited), reject, and their undo."""

from __future__ import annotations

from typing import NamedTuple

from annotator.gui.session.team import TeamSession
from annotator.model import Span
from annotator.store.suggestions import Suggestion


class SuggestionEdit(NamedTuple):
    """A suggestion to accept, maybe edited first (None: as suggested)."""

    suggestion_id: int
    start: int | None = None
    end: int | None = None
    label: str | None = None
    span_id: str | None = None


class SuggestionSession(TeamSession):
    def suggestions(self) -> list[Suggestion]:
        """Return the open document's suggestions with their state for this annotator."""
        if self.doc_id is None or self.closed:
            return []
        return self.store.suggestions(self.doc_id, self.annotator)

    def suggestion_sources(self) -> list[str]:
        return self.store.suggestion_sources()

    def accept_suggestions(self, accepted: list[SuggestionEdit]) -> list[tuple[int, Span]]:
        """Accept suggestions as spans by this annotator, in one transaction; each with
        its edited edges and label (None: as suggested) and, for a redo, its span id."""
        with self.store.transaction():
            spans = [
                (
                    edit.suggestion_id,
                    self.store.accept_suggestion(
                        edit.suggestion_id,
                        self.annotator,
                        start=edit.start,
                        end=edit.end,
                        label=edit.label,
                        span_id=edit.span_id,
                    ),
                )
                for edit in accepted
            ]
        for _suggestion_id, span in spans:
            self._index.add(span)
            self.spanAdded.emit(span)
        self.suggestionsChanged.emit()
        return spans

    def undo_accept_suggestions(self, accepted: list[tuple[int, Span]]) -> None:
        """Delete exactly the spans these acceptances created and clear them, in one
        transaction (ConflictError, nothing changed, when one changed since)."""
        with self.store.transaction():
            for suggestion_id, span in accepted:
                self.store.undo_accept_suggestion(suggestion_id, self.annotator, span)
        for _suggestion_id, span in accepted:
            self._index.remove(span.id)
            if self.selected is not None and self.selected.id == span.id:
                self.select(None)
            self.spanRemoved.emit(span)
        self.suggestionsChanged.emit()

    def reject_suggestion(self, suggestion_id: int) -> None:
        self.store.reject_suggestion(suggestion_id, self.annotator)
        self.suggestionsChanged.emit()

    def undo_reject_suggestion(self, suggestion_id: int) -> None:
        self.store.undo_reject_suggestion(suggestion_id, self.annotator)
        self.suggestionsChanged.emit()
