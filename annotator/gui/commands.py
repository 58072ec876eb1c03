"""Undoable actions (QUndoStack): each does, undoes and redoes through the session.

An action is carried out once *before* it is pushed (so a database error stops it before
it reaches the stack); the stack's first call to redo() is then skipped. Undo and redo are
themselves stored (`via` = undo or redo in the changes log). When an undo or redo fails
(database locked), the command records the error and the window puts the stack back.

Undo and redo act only on exactly what the command did: each passes the span or relation
it expects to find (`expected=`), and the store refuses (ConflictError, nothing changed)
when someone else has changed or removed it meanwhile; a redo re-creates its own id, which
the store never hands to anyone else.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.errors import AnnotatorError
from annotator.gui.session import Session
from annotator.model import Relation, Span


class StoredCommand(QUndoCommand):
    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self._skip_redo = True  # already done before push
        self._skip_undo = False
        self.error: AnnotatorError | None = None

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._guard(self.do_redo)

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        self._guard(self.do_undo)

    def _guard(self, action) -> None:  # noqa: ANN001
        try:
            action()
            self.error = None
        except AnnotatorError as error:
            self.error = error

    def skip_next_redo(self) -> None:
        """Let the stack step forward again without writing (after a failed undo)."""
        self._skip_redo = True

    def skip_next_undo(self) -> None:
        self._skip_undo = True

    def do_redo(self) -> None:
        raise NotImplementedError

    def do_undo(self) -> None:
        raise NotImplementedError


class CreateSpan(StoredCommand):
    def __init__(self, session: Session, span: Span) -> None:
        super().__init__(session, f"Label {span.label}")
        self.span = span

    def do_undo(self) -> None:
        self.session.remove_span(self.span.id, via="undo", expected=self.span)

    def do_redo(self) -> None:
        self.span = self.session.add_span(
            self.span.start,
            self.span.end,
            self.span.layer,
            self.span.label,
            self.span.attrs,
            span_id=self.span.id,
            via="redo",
        )


class DeleteSpan(StoredCommand):
    def __init__(self, session: Session, span: Span, relations: list[Relation]) -> None:
        super().__init__(session, f"Delete {span.label}")
        self.span = span
        self.relations = relations

    def do_undo(self) -> None:
        self.session.restore_span(self.span, self.relations, via="undo")

    def do_redo(self) -> None:
        self.session.remove_span(self.span.id, via="redo", expected=self.span)


class UpdateSpan(StoredCommand):
    """Relabel, change attributes or move edges: before and after are whole spans."""

    def __init__(self, session: Session, before: Span, after: Span, text: str) -> None:
        super().__init__(session, text)
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

    def do_undo(self) -> None:
        self._apply(self.before, self.after, "undo")

    def do_redo(self) -> None:
        self._apply(self.after, self.before, "redo")


class AddRelation(StoredCommand):
    def __init__(self, session: Session, relation: Relation) -> None:
        super().__init__(session, f"Link {relation.type}")
        self.relation = relation

    def do_undo(self) -> None:
        self.session.remove_relation(self.relation.id, via="undo", expected=self.relation)

    def do_redo(self) -> None:
        r = self.relation
        self.relation = self.session.add_relation(
            r.type, r.from_id, r.to_id, relation_id=r.id, via="redo"
        )


class RemoveRelation(StoredCommand):
    def __init__(self, session: Session, relation: Relation) -> None:
        super().__init__(session, f"Unlink {relation.type}")
        self.relation = relation

    def do_undo(self) -> None:
        self.session.restore_relation(self.relation, via="undo")

    def do_redo(self) -> None:
        self.session.remove_relation(self.relation.id, via="redo", expected=self.relation)


def undo_step(stack: QUndoStack | None) -> None:
    """Undo the stack's last command; if the database refused, step back and raise why.

    The stack then stays where it was (a busy database: the window retries the undo later;
    a conflict: someone else changed the span, so it is not ours to undo).
    """
    if stack is None or not stack.canUndo():
        return
    command = stack.command(stack.index() - 1)
    stack.undo()
    if isinstance(command, StoredCommand) and command.error is not None:
        error = command.error
        command.skip_next_redo()
        stack.redo()  # the change was not undone in the database: step back over it
        raise error


def redo_step(stack: QUndoStack | None) -> None:
    """Redo the stack's next command; if the database refused, step back and raise why."""
    if stack is None or not stack.canRedo():
        return
    command = stack.command(stack.index())
    stack.redo()
    if isinstance(command, StoredCommand) and command.error is not None:
        error = command.error
        command.skip_next_undo()
        stack.undo()
        raise error
