"""Undo without Qt: what one step of an undo stack does when the database refuses it.

The window keeps one QUndoStack per document in a QUndoGroup (see annotator.gui.commands,
which wraps each `Command` in a QUndoCommand around a `StackStep`). Two things differ from
the textbook QUndoCommand:

- A command is carried out once *before* it is pushed (a database error must stop it before
  it reaches the stack), so the redo() that QUndoStack.push calls does nothing.
- Undo and redo are stored and may fail: the database is busy (the step waits in the write
  queue and is retried) or someone else changed the span meanwhile. Then nothing changed in
  the database, so the stack must stay where it was. QUndoStack has moved its index by the
  time undo() returns and cannot be told that it failed; the standard way back is to step
  over the same command again with that step skipped: a failed undo is followed by a redo
  that does nothing, a failed redo by an undo that does nothing. Marking the command
  obsolete instead would drop it from the stack (the user could never retry), and
  QUndoStack.setIndex would take the same steps as undo/redo do here.

`take_step` carries this out over any stack with undo() and redo(); the decision (skip or
run, failed or not) lives in `StackStep`, so both are tested without Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Command(Protocol):
    """Something done already that can be undone and redone (each may raise)."""

    text: str

    def undo(self) -> None: ...

    def redo(self) -> None: ...


class StackStep:
    """A command as an undo stack sees it: done once already, its last failure kept.

    The stack calls undo() and redo(); neither raises (a Qt stack cannot carry an
    exception through C++). The next call after a push, or after a failed step, is skipped:
    the first is the push's redo, the second the step back over a failure.
    """

    def __init__(self, command: Command) -> None:
        self.command = command
        self.failure: Exception | None = None
        self._skip_next = True  # QUndoStack.push calls redo(): the command is done already

    @property
    def text(self) -> str:
        return self.command.text

    def undo(self) -> None:
        self._run(self.command.undo)

    def redo(self) -> None:
        self._run(self.command.redo)

    def _run(self, action: Callable[[], None]) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        try:
            action()
        except Exception as error:  # kept for take_step, which steps back and raises it
            self.failure = error
            self._skip_next = True

    def take_failure(self) -> Exception | None:
        failure, self.failure = self.failure, None
        return failure


def take_step(step: Callable[[], None], step_back: Callable[[], None], command: StackStep) -> None:
    """Take one stack step over `command` (undo or redo); if the command failed, step back
    (a skipped step) and raise its error, so the stack is where it was before."""
    step()
    failure = command.take_failure()
    if failure is not None:
        step_back()
        raise failure
