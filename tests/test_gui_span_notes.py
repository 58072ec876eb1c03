"""Notes and the unsure flag in the window: real key presses and clicks, what the
database holds after each, undo, and the span list's filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from annotator.store import Store
from tests.guitools import RTL, make_project, shown_window

PERSON = "ينس ستولتنبرغ"
GROUP = "حلف شمال الأطلسي"
COUNTRY = "لأوكرانيا"
CTRL = Qt.KeyboardModifier.ControlModifier


def span_json(word: str, label: str, **extra: object) -> dict:
    start = RTL.index(word)
    span = {"start": start, "end": start + len(word), "layer": "entity", "label": label}
    return {**span, "annotator": "ana", **extra}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    spans = [
        span_json(GROUP, "ORG"),
        span_json(PERSON, "PER", note="من هو؟"),
        span_json(COUNTRY, "GPE", unsure=True),
    ]
    return make_project(tmp_path, text=RTL, spans=spans)


def stored(db: Path) -> dict[str, tuple[str, bool]]:
    """Each span's (note, unsure) as committed, by the span's text."""
    with Store.open(db) as store:
        return {RTL[s.start : s.end]: (s.note, s.unsure) for s in store.spans("nato")}


def press(window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the article of the active window, as the user does."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.view.setFocus()
    QTest.keyClick(window.view, key, modifier)


def type_text(widget, text: str) -> None:
    """Type `text` key by key, as an Arabic keyboard layout sends it."""
    for character in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key(0), character, Qt.KeyboardModifier.NoModifier
        )


def select(qtbot, window, word: str) -> None:
    """Select the span of `word` with Tab, as a user would."""
    for _ in range(4):
        selected = window.session.selected
        if selected is not None and RTL[selected.start : selected.end] == word:
            return
        press(window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {word}")


def test_ctrl_u_flags_the_selected_span_and_ctrl_z_takes_it_back(qtbot, db: Path) -> None:
    window = shown_window(qtbot, db)
    select(qtbot, window, GROUP)
    press(window, Qt.Key.Key_U, CTRL)
    qtbot.waitUntil(lambda: stored(db)[GROUP] == ("", True))
    assert window.span_notes.unsure.isChecked()
    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: stored(db)[GROUP] == ("", False))
    assert not window.span_notes.unsure.isChecked()
    assert stored(db)[COUNTRY] == ("", True)  # the others untouched


def test_a_note_typed_in_the_inspector_is_stored_on_enter_and_undone(qtbot, db: Path) -> None:
    window = shown_window(qtbot, db)
    select(qtbot, window, GROUP)
    press(window, Qt.Key.Key_F2)  # to the note field
    note = window.span_notes.note
    qtbot.waitUntil(note.hasFocus)
    type_text(note, "هل هو منظمة؟")
    assert stored(db)[GROUP] == ("", False)  # nothing written while typing
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(db)[GROUP] == ("هل هو منظمة؟", False))
    qtbot.waitUntil(window.view.hasFocus)  # back to the article: digits label again
    press(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: stored(db)[GROUP] == ("", False))
    assert note.text() == ""
    press(window, Qt.Key.Key_Y, CTRL)  # redo
    qtbot.waitUntil(lambda: stored(db)[GROUP] == ("هل هو منظمة؟", False))


def test_the_note_is_stored_when_the_field_loses_focus(qtbot, db: Path) -> None:
    window = shown_window(qtbot, db)
    select(qtbot, window, PERSON)
    note = window.span_notes.note
    assert note.text() == "من هو؟"
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClick(note, Qt.Key.Key_End)
    type_text(note, " الأمين العام")
    window.view.setFocus()  # the user goes back to the article
    qtbot.waitUntil(lambda: stored(db)[PERSON] == ("من هو؟ الأمين العام", False))


def test_the_unsure_checkbox_is_a_click_away_and_durable(qtbot, db: Path) -> None:
    window = shown_window(qtbot, db)
    select(qtbot, window, PERSON)
    box = window.span_notes.unsure
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.waitUntil(lambda: stored(db)[PERSON] == ("من هو؟", True))
    window.close()
    again = shown_window(qtbot, db)
    select(qtbot, again, PERSON)
    assert again.span_notes.unsure.isChecked()
    assert again.span_notes.note.text() == "من هو؟"


def test_without_a_selected_span_the_keys_do_nothing(qtbot, db: Path) -> None:
    window = shown_window(qtbot, db)
    before = stored(db)
    press(window, Qt.Key.Key_U, CTRL)
    assert "Select a span" in window.statusBar().currentMessage()
    assert not window.span_notes.note.isEnabled()
    assert stored(db) == before


def shown_texts(window) -> list[str]:
    table = window.spans.table
    model = table.model()
    rows = range(model.rowCount())
    return [str(model.index(row, 2).data()).strip("\u2068\u2069") for row in rows]


def test_the_span_list_shows_notes_and_filters_unsure_and_noted(qtbot, db: Path) -> None:
    window = shown_window(qtbot, db)
    notes = window.span_notes
    assert len(shown_texts(window)) == 3
    model = window.spans.model
    column = model.COLUMNS.index("Note")
    cells = {shown_texts(window)[r]: model.index(r, column).data() for r in range(3)}
    assert cells[PERSON] == "\u2068من هو؟\u2069" and cells[COUNTRY] == "?"
    box = notes.filter_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # Unsure
    assert shown_texts(window) == [COUNTRY]
    qtbot.keyClick(box, Qt.Key.Key_Down)  # With a note
    assert shown_texts(window) == [PERSON]
    qtbot.keyClick(box, Qt.Key.Key_Down)  # either
    assert sorted(shown_texts(window)) == sorted([PERSON, COUNTRY])
    # A click on a filtered row selects that row's span, not the unfiltered row's.
    table = window.spans.table
    row = shown_texts(window).index(COUNTRY)
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.session.selected is not None)
    assert RTL[window.session.selected.start : window.session.selected.end] == COUNTRY
    # Flagging another span shows it at once in the filtered list.
    select(qtbot, window, GROUP)
    press(window, Qt.Key.Key_U, CTRL)
    qtbot.waitUntil(lambda: GROUP in shown_texts(window))
    qtbot.keyClick(box, Qt.Key.Key_Home)  # all spans again, straight from the model
    assert table.model() is model and len(shown_texts(window)) == 3
