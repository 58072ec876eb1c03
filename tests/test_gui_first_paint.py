"""The article paints first: the docks paint only after the event loop has turned once past
the article's first paint, in the places they had all along."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget

from annotator.gui import create_main_window
from tests.guitools import make_project


class PaintLog(QObject):
    """Log the first paint of the article, a turn of the event loop queued right then, and
    the first paint of a dock's table."""

    def __init__(self, article, dock) -> None:
        super().__init__()
        self.article, self.dock, self.dock_table = article, dock, dock.table.viewport()
        self.log: list[str] = []
        self.dock_place = None  # the dock's geometry as the article first painted
        article.installEventFilter(self)
        self.dock_table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if watched is self.article and "article" not in self.log:
                self.log.append("article")
                self.dock_place = self.dock.geometry()
                QTimer.singleShot(0, lambda: self.log.append("loop"))
            elif watched is self.dock_table and "dock" not in self.log:
                self.log.append("dock")
        return False


def test_docks_paint_after_the_article_has_painted(qtbot, tmp_path: Path) -> None:
    window = create_main_window(make_project(tmp_path), annotator="ana")
    qtbot.addWidget(window)
    paints = PaintLog(window.view.viewport(), window.spans)
    window.show()
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert docks and not any(d.updatesEnabled() for d in docks)
    qtbot.waitUntil(lambda: "dock" in paints.log, timeout=5000)
    assert paints.log == ["article", "loop", "dock"]
    assert window.first_paint.done and all(d.updatesEnabled() for d in docks)
    assert window.spans.geometry() == paints.dock_place and window.spans.isVisible()


def test_closing_before_the_first_paint_lets_the_docks_paint_again(qtbot, tmp_path) -> None:
    window = create_main_window(make_project(tmp_path), annotator="ana")
    qtbot.addWidget(window)
    window.show()
    assert not window.documents.updatesEnabled()
    window.close()
    assert window.first_paint.done and window.documents.updatesEnabled()
    queued: list[str] = []
    window.first_paint.after(lambda: queued.append("ran"))  # once done, at once
    assert queued == ["ran"]
