"""Actions waiting for a busy database, applied in the order the user made them.

The GUI opens its store with a short busy timeout so that no key press waits long on a
lock held by another program (a CLI import holds it for its whole transaction). A write
that meets the lock raises StoreBusyError before it changes anything; it then waits here,
and so does every later action, until a retry finds the database free. Nothing is lost,
nothing is reordered, and nothing is shown before it is committed: each action updates the
view itself, after its own write.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from annotator.errors import AnnotatorError, StoreBusyError

Action = Callable[[], object]


class WriteQueue:
    """A FIFO of user actions; an action that raises StoreBusyError stays at the head.

    An action must raise StoreBusyError only before its first side effect (the store's
    IMMEDIATE transaction guarantees this for a single write). Any other AnnotatorError
    drops the action and goes to `on_error`: retrying would not help.
    """

    def __init__(self, on_error: Callable[[AnnotatorError], None]) -> None:
        self._pending: deque[Action] = deque()
        self._on_error = on_error
        self._applying = False
        self.last_busy: StoreBusyError | None = None

    def __len__(self) -> int:
        return len(self._pending)

    @property
    def applying(self) -> bool:
        """True while an action taken from the queue (not a fresh one) is being applied."""
        return self._applying

    def submit(self, action: Action) -> bool:
        """Apply `action` now if nothing is waiting, else queue it; True if it was applied."""
        if self._pending:
            self._pending.append(action)
            return False
        if self._attempt(action):
            return True
        self._pending.append(action)
        return False

    def drain(self) -> int:
        """Apply waiting actions in order until one meets the lock; return how many ran."""
        applied = 0
        self._applying = True
        try:
            while self._pending:
                try:
                    done = self._attempt(self._pending[0])
                except BaseException:
                    self._pending.popleft()  # a bug, not a lock: retrying would repeat it
                    raise
                if not done:
                    break
                self._pending.popleft()
                applied += 1
        finally:
            self._applying = False
        return applied

    def _attempt(self, action: Action) -> bool:
        """Run `action`; False when the database was busy (nothing happened)."""
        try:
            action()
        except StoreBusyError as busy:
            self.last_busy = busy
            return False
        except AnnotatorError as error:
            self._on_error(error)
        self.last_busy = None
        return True
