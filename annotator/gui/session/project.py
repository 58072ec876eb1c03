"""What the search panel and label-all need: other documents than the open one, and spans
added or removed in many documents in one transaction."""

from __future__ import annotations

from collections.abc import Mapping

from annotator.gui.session.core import SessionCore
from annotator.model import Span
from annotator.store import DocumentInfo


class ProjectSession(SessionCore):
    def document_ids(self) -> list[str]:
        return self.store.document_ids()

    def document_page(
        self, after: int, limit: int, status: str | None, id_contains: str
    ) -> list[tuple[int, DocumentInfo]]:
        """One page of the document list, for this annotator (status, span counts)."""
        return self.store.document_page(
            self.annotator, after=after, limit=limit, status=status, id_contains=id_contains
        )

    def span_count(self, doc_id: str) -> int:
        """Every annotator's spans in a document, as the document list counts them."""
        return self.store.span_count(doc_id)

    def document_text(self, doc_id: str) -> str:
        return self.text if doc_id == self.doc_id else self.store.text(doc_id)

    def spans_of(self, doc_id: str) -> list[Span]:
        """Return this annotator's spans of a document."""
        return self.store.spans(doc_id, self.annotator)

    @property
    def project_folder(self):
        return self.store.path.parent

    def add_spans(self, batch: Mapping[str, list[Span]], via: str = "edit") -> dict:
        """Create spans in several documents in ONE transaction (label all; a redo passes
        their ids); return them by document. The open document's views follow."""
        with self.store.transaction():
            made = {d: self.store.add_spans(d, s, self.annotator, via) for d, s in batch.items()}
        for span in made.get(self.doc_id or "", []):
            self._index.add(span)
            self.spanAdded.emit(span)
        return made

    def remove_spans(self, batch: Mapping[str, list[Span]], via: str = "undo") -> None:
        """Delete exactly these spans of several documents in one transaction (the undo of
        `add_spans`; ConflictError, nothing changed, when one was changed elsewhere)."""
        with self.store.transaction():
            gone = {d: self.store.delete_spans(d, s, self.annotator, via) for d, s in batch.items()}
        for span, relations in gone.get(self.doc_id or "", []):
            self.relations = {k: r for k, r in self.relations.items() if r not in relations}
            self._index.remove(span.id)
            if self.selected is not None and self.selected.id == span.id:
                self.select(None)
            self.spanRemoved.emit(span)
            if relations:
                self.relationsChanged.emit()
