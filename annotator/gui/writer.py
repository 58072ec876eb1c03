"""The window's writes, kept responsive while another program holds the database lock.

A thin Qt shell around `annotator.writequeue.WriteQueue`: a timer retries the waiting
actions, and a status-bar label says that the database is busy and how many actions wait.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from annotator.errors import AnnotatorError, StoreBusyError
from annotator.gui.i18n import translate
from annotator.writequeue import Action, WriteQueue

Result = TypeVar("Result")

# How long the GUI's store waits for a lock before an action is queued instead (seconds):
# short enough that a key press never feels stuck.
GUI_BUSY_TIMEOUT = 0.1
# How often queued actions are retried (ms); each retry waits at most GUI_BUSY_TIMEOUT.
RETRY_INTERVAL_MS = 300


class Writer(QObject):
    """Apply user actions now, or in order once the database is free again."""

    pendingChanged = Signal(int)  # how many actions wait for the database
    drained = Signal()  # the last waiting action was applied

    def __init__(self, on_error: Callable[[AnnotatorError], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_error = on_error
        self.queue = WriteQueue(on_error)
        self.retry = QTimer(self)
        self.retry.setInterval(RETRY_INTERVAL_MS)
        self.retry.timeout.connect(self.apply_waiting)
        self.label = QLabel()
        self.label.setObjectName("waitingLabel")
        self.label.setStyleSheet("QLabel { color: #a15c00; font-weight: bold; }")
        self.label.hide()

    @property
    def pending(self) -> int:
        return len(self.queue)

    @property
    def replaying(self) -> bool:
        """True while a queued action is applied (the user has moved on since)."""
        return self.queue.applying

    def submit(self, action: Action) -> bool:
        """Apply `action` now, or queue it behind the waiting ones; True if applied now."""
        if self.queue.applying:  # part of the queued action being applied: run it with it
            return self._nested(action)
        applied = self.queue.submit(action)
        self._show()
        return applied

    def run(
        self, action: Callable[[], Result], then: Callable[[Result], object] | None = None
    ) -> Result | None:
        """Apply a store-backed action now or in turn; report its failure to `on_error`.

        Returns its result (True for None) when it was applied now, else None; `then(result)`
        runs after a success, now or once the queue reaches it (push the undo command there).
        """
        outcome: list[Any] = []

        def apply() -> None:
            try:
                result = action()
            except StoreBusyError:
                raise  # nothing happened: it waits in the queue
            except AnnotatorError as error:
                self._on_error(error)
                return
            outcome.append(True if result is None else result)
            if then is not None:
                then(outcome[0])

        self.submit(apply)
        return outcome[0] if outcome else None

    def _nested(self, action: Action) -> bool:
        try:
            action()
        except AnnotatorError as error:  # busy here would be rare: report, do not loop
            self._on_error(error)
        return True

    def apply_waiting(self) -> None:
        """Retry the waiting actions (timer); stop retrying once none is left."""
        self.queue.drain()
        self._show()
        if not self.pending:
            self.drained.emit()

    def _show(self) -> None:
        count = self.pending
        if count:
            self.label.setText(
                translate(
                    "Writer",
                    "Waiting for the database… {count} actions not saved yet "
                    "(another program is writing)",
                ).format(count=count)
                if count > 1
                else translate(
                    "Writer",
                    "Waiting for the database… 1 action not saved yet (another program is writing)",
                )
            )
            self.label.show()
            if not self.retry.isActive():
                self.retry.start()
        else:
            self.label.hide()
            self.retry.stop()
        self.pendingChanged.emit(count)
