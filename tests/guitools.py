"""Helpers for GUI tests: a project on disk, a shown main window, points on characters."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from annotator.cli import cli  # noqa: F401 - same entry as users
from tests.helpers import run_cli

RTL = (
    'دعا الأمين العام لحلف شمال الأطلسي "ناتو"، ينس ستولتنبرغ (Jens Stoltenberg)، '
    "في عام 2024 إلى زيادة الدعم العسكري لأوكرانيا."
)
EMOJI = "😀🇺🇦 قال ستولتنبرغ في سيئول إن الحرب 👩‍💻 طويلة."
LTR = "NATO chief Jens Stoltenberg visited Seoul on 29 January."
TEXT = "\n".join([RTL, EMOJI, LTR])


def make_project(folder: Path, text: str = TEXT, doc_id: str = "nato", spans=()) -> Path:
    """Create a project database holding one document (through the real CLI)."""
    source = folder / f"{doc_id}.jsonl"
    source.write_text(
        json.dumps({"id": doc_id, "text": text, "spans": list(spans)}, ensure_ascii=False),
        encoding="utf-8",
    )
    db = folder / "project.db"
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 0, result.output
    return db


def char_point(view, offset: int) -> QPoint:
    """Return a viewport point inside the character at code-point `offset`."""
    offsets = view.session.offsets
    cursor = QTextCursor(view.document())
    cursor.setPosition(offsets.to_utf16(offset))
    before = view.cursorRect(cursor)
    cursor.setPosition(offsets.to_utf16(offset + 1))
    after = view.cursorRect(cursor)
    if abs(before.center().y() - after.center().y()) > 2:  # wrapped: stay on the first line
        return QPoint(
            before.center().x() + (-3 if view.session.text[offset] > "\u0590" else 3),
            before.center().y(),
        )
    return QPoint((before.center().x() + after.center().x()) // 2, before.center().y())


def boundary_point(view, offset: int) -> QPoint:
    """Return the viewport point of the cursor position before code point `offset`."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.session.offsets.to_utf16(offset))
    return view.cursorRect(cursor).center()


def shown_window(qtbot, db: Path, annotator: str = "ana"):
    """Open the main window on `db`, shown, active, the article focused and painted."""
    from annotator.gui import create_main_window

    window = create_main_window(db, annotator=annotator)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.view.setFocus()
    window.view.viewport().repaint()
    window.first_paint.finish()  # the article has painted: the docks may paint too
    return window


def press(window, key, modifier=None) -> None:
    """Press a key in `window`'s article, made the active window first (shortcuts need it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.view.setFocus()
    QTest.keyClick(window.view, key, modifier or Qt.KeyboardModifier.NoModifier)
