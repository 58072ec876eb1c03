"""User settings and the window's layout, kept with QSettings.

The settings file is the user's to edit: a value that does not read (`font_size=abc`) falls
back to its default instead of stopping the app. The layout (geometry, maximised state,
docks, toolbars) is saved when the window closes; the open document is remembered per
database as soon as it opens, so a crash does not forget it either.
"""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QMainWindow

LAYOUT_VERSION = 1  # bump when docks or toolbars change: an old saved state is then ignored
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def settings() -> QSettings:
    return QSettings("annotator", "annotator")


def read_float(key: str, default: float, lowest: float, highest: float) -> float:
    """Return a number setting within `[lowest, highest]`, or `default` if it does not read."""
    raw = settings().value(key, default)
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return value if math.isfinite(value) and lowest <= value <= highest else default


def read_bool(key: str, default: bool) -> bool:
    """Return a yes/no setting, or `default` if the stored value is neither."""
    raw = settings().value(key, default)
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else default


def read_text(key: str, default: str = "") -> str:
    raw = settings().value(key, default)
    return raw if isinstance(raw, str) else default


def _document_key(db_path: str | Path) -> str:
    # QSettings reads "/" as a group separator: escape the path into one key.
    return "last_document/" + quote(str(Path(db_path).resolve()), safe="")


def last_document(db_path: str | Path) -> str | None:
    """Return the document last open in the project at `db_path`, if remembered."""
    return read_text(_document_key(db_path)) or None


def remember_document(db_path: str | Path, doc_id: str) -> None:
    settings().setValue(_document_key(db_path), doc_id)


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
    return bool(restored)


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
