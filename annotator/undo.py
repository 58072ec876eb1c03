"""Undo histories without Qt: one per document, and what happens when an undo fails.

Every command is carried out once before it is pushed (so a database error stops it before
it reaches the history). Undo and redo are themselves stored; when one fails (the database
is busy, or someone else changed the span meanwhile) the command raises and the history
stays exactly where it was: nothing was undone in the database, so nothing moves here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Protocol

Listener = Callable[[], None]


class Command(Protocol):
    """Something done already that can be undone and redone (each may raise)."""

    text: str

    def undo(self) -> None: ...

    def redo(self) -> None: ...


class UndoHistory:
    """The commands of one document; `index` is how many of them are in effect."""

    def __init__(self, on_change: Listener | None = None) -> None:
        self._commands: list[Command] = []
        self.index = 0
        self._on_change = on_change

    @property
    def count(self) -> int:
        return len(self._commands)

    @property
    def can_undo(self) -> bool:
        return self.index > 0

    @property
    def can_redo(self) -> bool:
        return self.index < len(self._commands)

    def push(self, command: Command) -> None:
        """Record a command that was just carried out; the undone ones after it are gone."""
        del self._commands[self.index :]
        self._commands.append(command)
        self.index += 1
        self._changed()

    def undo(self) -> None:
        """Undo the last command in effect; if it raises, the history does not move."""
        if self.can_undo:
            self._commands[self.index - 1].undo()
            self.index -= 1
            self._changed()

    def redo(self) -> None:
        """Redo the next undone command; if it raises, the history does not move."""
        if self.can_redo:
            self._commands[self.index].redo()
            self.index += 1
            self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()


class UndoHistories:
    """One history per document, one of them active; listeners hear of every change."""

    def __init__(self) -> None:
        self._histories: dict[Hashable, UndoHistory] = {}
        self.active: UndoHistory | None = None
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` whenever what can be undone or redone may have changed."""
        self._listeners.append(listener)

    def activate(self, key: Hashable) -> UndoHistory:
        """Make the history of `key` (a document id) the active one, creating it if new."""
        history = self._histories.get(key)
        if history is None:
            history = self._histories[key] = UndoHistory(self._notify)
        self.active = history
        self._notify()
        return history

    @property
    def can_undo(self) -> bool:
        return self.active is not None and self.active.can_undo

    @property
    def can_redo(self) -> bool:
        return self.active is not None and self.active.can_redo

    def push(self, command: Command) -> None:
        if self.active is not None:
            self.active.push(command)

    def undo(self) -> None:
        if self.active is not None:
            self.active.undo()

    def redo(self) -> None:
        if self.active is not None:
            self.active.redo()

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()
