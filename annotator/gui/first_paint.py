"""The first paint first: the article and the label bar are painted before the docks are.

Opening a long document, the user waits for its text; the docks (document list, span list,
inspector and the features' docks) can be painted a moment later. When the window is first
shown, `FirstPaint` turns the docks' updates off, so their painting (a third of the first
frame of a 1 MB document) does not delay the article; once the article's viewport has
painted, it turns them back on (QTimer.singleShot(0) after that paint), and the docks paint
then. They keep their places all along: the article is laid out once, at its final width,
and hiding the docks instead would also lose which tab of a tabbed group was raised. Work
queued with `after()` runs then too. Tests and screenshots wait for `done`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget


class FirstPaint(QObject):
    """Keep a window's docks from painting until its article has painted once."""

    finished = Signal()

    def __init__(self, window: QMainWindow, viewport: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.article = viewport  # the article's viewport: its paint is the one awaited
        self.done = False
        self._held: list[QDockWidget] = []
        self._work: list[Callable[[], object]] = []
        self._scheduled = False
        window.installEventFilter(self)
        viewport.installEventFilter(self)

    def after(self, work: Callable[[], object]) -> None:
        """Run `work` once the first paint is done (now, if it is)."""
        if self.done:
            work()
        else:
            self._work.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Show and not self.done:
            self._hold()
        elif watched is self.window and kind == QEvent.Type.Close:
            self.finish()
        elif watched is self.article and kind == QEvent.Type.Paint and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self.finish)
        return False

    def _hold(self) -> None:
        if self._held:
            return
        docks = self.window.findChildren(QDockWidget)
        self._held = [d for d in docks if d.parent() is self.window and d.updatesEnabled()]
        for dock in self._held:
            dock.setUpdatesEnabled(False)

    def finish(self) -> None:
        """Let the held docks paint and run the queued work (once; also before a screenshot)."""
        if self.done:
            return
        self.done = True
        self.window.removeEventFilter(self)
        self.article.removeEventFilter(self)
        for dock in self._held:
            dock.setUpdatesEnabled(True)
        self._held = []
        work, self._work = self._work, []
        for item in work:
            item()
        self.finished.emit()
