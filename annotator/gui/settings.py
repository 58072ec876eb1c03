"""User settings, typed, kept with QSettings; and the document last open in each database.

The settings file is the user's to edit: a value that does not read (`font_size=abc`) falls
back to its default instead of stopping the app. The open document is remembered per
database as soon as it opens, so a crash does not forget it either. (The window's layout is
kept by gui/layout.py; the dialog that edits these settings is gui/settings_dialog.py.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QSettings

from annotator.gui.fonts import DEFAULT_SIZE, MAX_SIZE, MIN_SIZE

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass
class UserSettings:
    """What the user chose in the settings dialog (an empty name or font: the default)."""

    annotator: str = ""
    font_family: str = ""
    font_size: float = DEFAULT_SIZE
    snap_words: bool = True
    language: str = ""  # "en", "ar"; empty: the system's

    @classmethod
    def load(cls) -> UserSettings:
        """Read the settings; each value that does not read falls back to its default."""
        return cls(
            annotator=read_text("annotator").strip(),
            font_family=read_text("font_family"),
            font_size=read_float("font_size", DEFAULT_SIZE, MIN_SIZE, MAX_SIZE),
            snap_words=read_bool("snap_words", True),
            language=read_text("language").strip(),
        )

    def save(self) -> None:
        """Write the settings (an empty annotator name keeps the one stored)."""
        stored = settings()
        if self.annotator.strip():
            stored.setValue("annotator", self.annotator.strip())
        stored.setValue("font_family", self.font_family)
        stored.setValue("font_size", self.font_size)
        stored.setValue("snap_words", self.snap_words)
        stored.setValue("language", self.language)


def save_font_size(size: float) -> None:
    """Keep the size chosen by zooming."""
    settings().setValue("font_size", size)


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
