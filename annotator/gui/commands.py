"""Undoable actions: each does, undoes and redoes through the session.

An action is carried out once *before* it is pushed on the document's QUndoStack (so a
database error stops it before it gets there); `StackCommand` adapts it to QUndoCommand,
and `undo`/`redo` step a stack so that a failed step leaves it where it was (the decision
is Qt-free, in `annotator.undo`). Undo and redo are themselves stored (`via` = undo or redo
in the changes log).

Undo and redo act only on exactly what the command did: each passes the span or relation
it expects to find (`expected=`), and the store refuses (ConflictError, nothing changed)
when someone else has changed or removed it meanwhile; a redo re-creates its own id, which
the store never hands to anyone else.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand, QUndoGroup, QUndoStack

from annotator.gui.i18n import translate
from annotator.gui.session import Session
from annotator.model import Relation, Span
from annotator.undo import Command, StackStep, take_step


class StackCommand(QUndoCommand):
    """A plain command on a QUndoStack: its first redo (the push's) is skipped, failures
    are kept for `undo`/`redo` below instead of escaping through Qt."""

    def __init__(self, command: Command) -> None:
        super().__init__(command.text)
        self.step = StackStep(command)

    def undo(self) -> None:
        self.step.undo()

    def redo(self) -> None:
        self.step.redo()


class DocumentStacks(QUndoGroup):
    """One QUndoStack per document, the open document's the active one."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._stacks: dict[str, QUndoStack] = {}

    def activate(self, doc_id: str) -> QUndoStack:
        """Make `doc_id`'s stack the active one (a new, empty one the first time)."""
        stack = self._stacks.get(doc_id)
        if stack is None:
            stack = self._stacks[doc_id] = QUndoStack(self)  # a group parent adds it
        self.setActiveStack(stack)
        return stack

    def drive(self, undo_action: QAction, redo_action: QAction) -> None:
        """Enable and name the Undo and Redo actions as createUndoAction/createRedoAction
        do; their triggers stay the editor's, which go through the write queue."""
        for action, can, text in (
            (undo_action, self.canUndoChanged, self.undoTextChanged),
            (redo_action, self.canRedoChanged, self.redoTextChanged),
        ):
            title = action.text()
            can.connect(action.setEnabled)
            text.connect(lambda name, a=action, t=title: a.setText(f"{t} {name}".strip()))
        undo_action.setEnabled(self.canUndo())
        redo_action.setEnabled(self.canRedo())


def push(stack: QUndoStack, command: Command) -> None:
    """Put a command that was just carried out on `stack` (the undone ones after it go)."""
    stack.push(StackCommand(command))


def undo(stack: QUndoStack) -> None:
    """Undo the stack's last command; if the database refuses, raise and stay put."""
    if stack.canUndo():
        command = stack.command(stack.index() - 1)
        assert isinstance(command, StackCommand)
        take_step(stack.undo, stack.redo, command.step)


def redo(stack: QUndoStack) -> None:
    """Redo the stack's next command; if the database refuses, raise and stay put."""
    if stack.canRedo():
        command = stack.command(stack.index())
        assert isinstance(command, StackCommand)
        take_step(stack.redo, stack.undo, command.step)


class CreateSpan:
    def __init__(self, session: Session, span: Span) -> None:
        self.session = session
        self.text = translate("Commands", "Label {label}").format(label=span.label)
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
        self.text = translate("Commands", "Delete {label}").format(label=span.label)
        self.span = span
        self.relations = relations

    def undo(self) -> None:
        self.session.restore_span(self.span, self.relations, via="undo")

    def redo(self) -> None:
        self.session.remove_span(self.span.id, via="redo", expected=self.span)


class UpdateSpan:
    """Relabel, change attributes, note or flag, or move edges: before and after are whole
    spans."""

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
            note=span.note,
            unsure=span.unsure,
        )

    def undo(self) -> None:
        self._apply(self.before, self.after, "undo")

    def redo(self) -> None:
        self._apply(self.after, self.before, "redo")


class AddRelation:
    def __init__(self, session: Session, relation: Relation) -> None:
        self.session = session
        self.text = translate("Commands", "Link {type}").format(type=relation.type)
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
        self.text = translate("Commands", "Unlink {type}").format(type=relation.type)
        self.relation = relation

    def undo(self) -> None:
        self.session.restore_relation(self.relation, via="undo")

    def redo(self) -> None:
        self.session.remove_relation(self.relation.id, via="redo", expected=self.relation)
