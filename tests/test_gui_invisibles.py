"""Invisible characters, visible: marks painted with the toggle on, gone with it off, and
never a changed glyph (the glyph-identity check of test_gui_glyphs, with the toggle)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.test_gui_glyphs import glyphs, render
from tests.test_gui_search import active_window, project

# RLM, NBSP, ZWJ, an isolate pair, tatweel, and the lam-alef ligature of لأوكرانيا.
TEXT = "دعا\u200f الأمين\u00a0العام إلى دعم لأوكرانيـا\u200d وقال \u2067ناتو\u2069 كذلك"


def toggle(qtbot, window) -> None:
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def test_marks_are_painted_on_and_off_and_no_glyph_changes(qtbot, tmp_path: Path) -> None:
    window = active_window(qtbot, project(tmp_path, {"d": TEXT}))
    window.view.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #000000; }")
    action = window.findChild(type(window.tools.invisibles.action), "view:invisibles")
    assert action is window.tools.invisibles.action and action.isCheckable()
    assert action in window.menus["&View"].actions()
    before_pixels, before_glyphs = render(window), glyphs(window)
    text_before = window.view.document().toPlainText()

    toggle(qtbot, window)
    assert action.isChecked()
    shown = render(window)
    assert shown != before_pixels  # the marks are there
    assert glyphs(window) == before_glyphs  # every glyph as it was, ligature included
    assert window.view.document().toPlainText() == text_before
    assert window.view.document().blockCount() == 1

    toggle(qtbot, window)
    assert not action.isChecked()
    assert render(window) == before_pixels
    assert glyphs(window) == before_glyphs


def test_each_invisible_gets_a_mark_where_it_sits(qtbot, tmp_path: Path) -> None:
    """Turning the marks on changes pixels only near each invisible character."""
    window = active_window(qtbot, project(tmp_path, {"d": "كلمة\u200fكلمة كلمة كلمة كلمة"}))
    window.view.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #000000; }")
    off = render(window)
    toggle(qtbot, window)
    on = render(window)
    changed = [
        x
        for x in range(on.width())
        for y in range(on.height())
        if on.pixel(x, y) != off.pixel(x, y)
    ]
    cursor = window.view.textCursor()
    cursor.setPosition(window.session.offsets.to_utf16(4))
    mark_x = window.view.cursorRect(cursor).center().x()
    assert changed and max(abs(x - mark_x) for x in changed) < 20


def test_the_status_bar_names_the_characters_of_a_short_selection(qtbot, tmp_path: Path) -> None:
    window = active_window(qtbot, project(tmp_path, {"d": TEXT}))
    names = window.tools.invisibles.names
    rlm = TEXT.index("\u200f")
    window.view.set_selection(rlm, rlm + 1)
    assert names.text() == "U+200F RIGHT-TO-LEFT MARK"
    window.view.set_selection(0, len(TEXT))
    assert names.text() == (
        "U+200F RIGHT-TO-LEFT MARK · U+00A0 NO-BREAK SPACE · U+0640 ARABIC TATWEEL · "
        "U+200D ZERO WIDTH JOINER · U+2067 RIGHT-TO-LEFT ISOLATE · U+2069 POP DIRECTIONAL ISOLATE"
    )
    window.view.clear_selection()
    assert names.text() == ""


def test_the_inspector_names_them_too(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    window = active_window(qtbot, project(tmp_path, {"d": TEXT}))
    names = window.inspector.findChild(QLabel, "inspectorCharacterNames")
    assert names is not None
    rlm = TEXT.index("\u200f")
    window.view.set_selection(rlm, rlm + 1)
    assert names.text() == "U+200F RIGHT-TO-LEFT MARK" and not names.isHidden()
    window.view.clear_selection()
    assert names.isHidden()
