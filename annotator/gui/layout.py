"""The window's layout: the article gets the room first, and the layout outlives a restart.

On a narrow window the side docks share one column. At 1280 px the documents (left) and
the inspector (right) leave the article about 720 px; below about 1100 px they would leave
it 200-460 px, too little for a line of Arabic. So a narrow window puts the document list
as a tab beside the inspector, and a wide one puts it back on the left. Docks the user
moved elsewhere or floated are left alone.

The layout (geometry, maximised state, docks, toolbars) is saved when the window closes
and restored before it shows again.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from annotator.gui.settings import settings

NARROW_WIDTH = 1200  # px: below this the side docks share one column (article: 720 px at 1280)
SIDE_WIDTH = 300  # px: the preferred width of a side dock
SIDE_SHARE = 0.3  # a side dock never takes more than this share of a narrow window
LAYOUT_VERSION = 1  # bump when docks or toolbars change: an old saved state is then ignored
FRAME_ALLOWANCE = 40  # px: the title bar and borders a window manager adds around the window


def side_width(window_width: int) -> int:
    """Return the width to give the shared side column of a window this wide."""
    return max(200, min(SIDE_WIDTH, int(window_width * SIDE_SHARE)))


class DockFitter(QObject):
    """Tab the document list with the inspector while the window is narrow."""

    def __init__(self, window: QMainWindow, documents: QDockWidget, inspector: QDockWidget):
        super().__init__(window)
        self.window = window
        self.documents = documents
        self.inspector = inspector
        self.narrow: bool | None = None  # as at the last fit; None before the first
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit(self.window.width())
        return False

    def _docked(self, dock: QDockWidget, area: Qt.DockWidgetArea) -> bool:
        return not dock.isFloating() and self.window.dockWidgetArea(dock) == area

    def tabbed(self) -> bool:
        """Tell whether the document list is a tab beside the inspector."""
        return self.documents in self.window.tabifiedDockWidgets(self.inspector)

    def fit(self, width: int) -> None:
        """Rearrange only when the width crosses the threshold (or on the first show, also
        after a restored layout), so a dock the user moves stays where it is put."""
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        narrow = width < NARROW_WIDTH
        if narrow != self.narrow:
            self.narrow = narrow
            if (
                narrow
                and self._docked(self.documents, left)
                and self._docked(self.inspector, right)
            ):
                self.window.tabifyDockWidget(self.inspector, self.documents)
                self.inspector.raise_()
            elif not narrow and self.tabbed():
                self.window.addDockWidget(left, self.documents)
                self.window.resizeDocks(
                    [self.documents, self.inspector], [250, SIDE_WIDTH], Qt.Orientation.Horizontal
                )
        if narrow and self.tabbed():
            self.window.resizeDocks(
                [self.inspector], [side_width(width)], Qt.Orientation.Horizontal
            )


def restore_layout(window: QMainWindow) -> bool:
    """Restore the window's geometry (with its maximised state), docks and toolbars.

    Call before the window is shown; returns False when nothing usable was saved.
    """
    stored = settings()
    geometry = stored.value("window/geometry")
    state = stored.value("window/state")
    restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    if isinstance(state, QByteArray):
        restored = window.restoreState(state, LAYOUT_VERSION) and restored
    if not restored:
        fit_to_screen(window)
    return bool(restored)


def fit_to_screen(window: QMainWindow) -> None:
    """Shrink the default size to the screen's free room, frame included: at 1280x800 on a
    1280x800 (or 1366x768) laptop the frame pushed the status bar below the screen's edge."""
    screen = window.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    window.resize(
        min(window.width(), room.width()),
        min(window.height(), room.height() - FRAME_ALLOWANCE),
    )


def save_layout(window: QMainWindow) -> None:
    stored = settings()
    stored.setValue("window/geometry", window.saveGeometry())
    stored.setValue("window/state", window.saveState(LAYOUT_VERSION))


class LayoutKeeper(QObject):
    """Save the window's layout when it closes (an event filter, so closeEvent stays as is)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            save_layout(self.window)
        return False
