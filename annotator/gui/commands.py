"""Undoable actions: each does, undoes and redoes through the session.

An action is carried out once *before* it is pushed on the document's history (so a
database error stops it before it gets there); see `annotator.undo` for the history and for
what a failed undo leaves behind (nothing moves). Undo and redo are themselves stored
(`via` = undo or redo in the changes log).

Undo and redo act only on exactly what the command did: each passes the span or relation
it expects to find (`expected=`), and the store refuses (ConflictError, nothing changed)
when someone else has changed or removed it meanwhile; a redo re-creates its own id, which
the store never hands to anyone else.
"""

from __future__ import annotations

from annotator.gui.session import Session
from annotator.model import Relation, Span


class CreateSpan:
    def __init__(self, session: Session, span: Span) -> None:
        self.session = session
        self.text = f"Label {span.label}"
        self.span = span

    def undo(self) -> None:
        self.session.remove_span(self.span.id, via="undo", expected=self.span)

    def redo(self) -> None:
        self.span = self.session.add_span(
            self.span.start,
            self.span.end,
            self.span.layer,
            self.span.label,
            self.span.attrs,
            span_id=self.span.id,
            via="redo",
        )


class DeleteSpan:
    def __init__(self, session: Session, span: Span, relations: list[Relation]) -> None:
        self.session = session
        self.text = f"Delete {span.label}"
        self.span = span
        self.relations = relations

    def undo(self) -> None:
        self.session.restore_span(self.span, self.relations, via="undo")

    def redo(self) -> None:
        self.session.remove_span(self.span.id, via="redo", expected=self.span)


class UpdateSpan:
    """Relabel, change attributes or move edges: before and after are whole spans."""

    def __init__(self, session: Session, before: Span, after: Span, text: str) -> None:
        self.session = session
        self.text = text
        self.before = before
        self.after = after

    def _apply(self, span: Span, expected: Span, via: str) -> None:
        self.session.update_span(
            span.id,
            via=via,
            expected=expected,
            start=span.start,
            end=span.end,
            label=span.label,
            attrs=dict(span.attrs),
        )

    def undo(self) -> None:
        self._apply(self.before, self.after, "undo")

    def redo(self) -> None:
        self._apply(self.after, self.before, "redo")


class AddRelation:
    def __init__(self, session: Session, relation: Relation) -> None:
        self.session = session
        self.text = f"Link {relation.type}"
        self.relation = relation

    def undo(self) -> None:
        self.session.remove_relation(self.relation.id, via="undo", expected=self.relation)

    def redo(self) -> None:
        r = self.relation
        self.relation = self.session.add_relation(
            r.type, r.from_id, r.to_id, relation_id=r.id, via="redo"
        )


class RemoveRelation:
    def __init__(self, session: Session, relation: Relation) -> None:
        self.session = session
        self.text = f"Unlink {relation.type}"
        self.relation = relation

    def undo(self) -> None:
        self.session.restore_relation(self.relation, via="undo")

    def redo(self) -> None:
        self.session.remove_relation(self.relation.id, via="redo", expected=self.relation)
