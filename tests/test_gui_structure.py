"""The GUI is wiring: menus that never block, one error box, a non-blocking settings dialog,
and a window (and docks) that reach the database only through the session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox

from annotator.store import Store
from tests.guitools import RTL, char_point, make_project, shown_window

GUI = Path(__file__).resolve().parents[1] / "annotator" / "gui"
PERSON = RTL.index("ينس ستولتنبرغ")


@pytest.fixture
def window(qtbot, tmp_path: Path):
    return shown_window(qtbot, make_project(tmp_path))


def label(window, start: int, end: int, key: Qt.Key) -> None:
    window.view.set_selection(start, end)
    QTest.keyClick(window.view, key)


def right_click(window, offset: int) -> QPoint:
    """Send the context-menu event a right click on character `offset` makes."""
    viewport = window.view.viewport()
    point = char_point(window.view, offset)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    returned: list[bool] = []
    # Were the menu to run its own event loop (QMenu.exec), this closes it: a failure, no hang.
    QTimer.singleShot(0, lambda: returned or QApplication.activePopupWidget().close())
    QApplication.sendEvent(viewport, event)
    returned.append(True)
    return point


def open_menu(qtbot, window, name: str) -> QMenu:
    qtbot.waitUntil(lambda: any(m.isVisible() for m in window.findChildren(QMenu, name)))
    return next(m for m in window.findChildren(QMenu, name) if m.isVisible())


def click_entry(menu: QMenu, starts_with: str) -> None:
    action = next(a for a in menu.actions() if a.text().startswith(starts_with))
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def stored_relations(window) -> list[str]:
    with Store.open(window.session.store.path) as store:
        return [r.type for r in store.relations("nato")]


def test_right_click_opens_a_menu_without_blocking_and_selects_a_span(window, qtbot) -> None:
    assert window.view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    label(window, PERSON, PERSON + 3, Qt.Key.Key_1)
    person = window.session.selected
    window.editor.cancel()
    right_click(window, PERSON + 1)  # returns at once: the menu is a popup
    menu = open_menu(qtbot, window, "articleMenu")
    assert window.session.selected is None
    click_entry(menu, f"Select PER {person.id}")
    qtbot.waitUntil(lambda: window.session.selected == person)
    assert not menu.isVisible()


def test_right_click_on_an_entity_links_the_selected_stance(window, qtbot) -> None:
    label(window, PERSON, PERSON + 13, Qt.Key.Key_1)
    label(window, 0, RTL.index("،"), Qt.Key.Key_7)  # STANCE over the sentence, selected
    stance = window.session.selected
    window.view.clear_selection()
    right_click(window, PERSON + 5)
    menu = open_menu(qtbot, window, "articleMenu")
    entries = [a.text() for a in menu.actions() if a.text().startswith("Link")]
    assert [e.split(" → ")[1].split(":")[0] for e in entries] == ["holder", "target"]
    click_entry(menu, f"Link STANCE {stance.id} → target")
    qtbot.waitUntil(lambda: stored_relations(window) == ["target"])


def test_linking_by_click_asks_the_relation_type_in_a_popup(window, qtbot) -> None:
    label(window, PERSON, PERSON + 13, Qt.Key.Key_1)
    label(window, 0, RTL.index("،"), Qt.Key.Key_7)
    window.view.clear_selection()
    QTest.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.linking
    point = char_point(window.view, PERSON + 5)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    menu = open_menu(qtbot, window, "linkKindMenu")  # holder or target: the user picks
    assert [a.text() for a in menu.actions()] == ["holder", "target"]
    assert not window.editor.linking and stored_relations(window) == []
    click_entry(menu, "holder")
    qtbot.waitUntil(lambda: stored_relations(window) == ["holder"])


def test_errors_reuse_one_non_modal_box(window) -> None:
    window.show_error("first problem")
    window.show_error("second problem")
    boxes = window.findChildren(QMessageBox)
    assert len(boxes) == 1
    assert boxes[0].text() == "second problem" and not boxes[0].isModal()
    assert window.statusBar().currentMessage() == "second problem"


def test_settings_dialog_does_not_block_and_applies_on_ok(window, qtbot) -> None:
    returned = []
    # Were the dialog to run its own event loop, this closes it so the test fails, not hangs.
    QTimer.singleShot(0, lambda: returned or QApplication.activeModalWidget().reject())
    window.open_settings()
    returned.append(True)
    dialog = _dialog(window)
    assert dialog is not None and dialog.isVisible()
    dialog.font_size.setValue(20)
    dialog.snap.setChecked(False)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view.font().pointSizeF() == 20)
    assert window.view.snap_to_words is False


def _dialog(window):
    from annotator.gui.settings_dialog import SettingsDialog

    return window.findChild(SettingsDialog)


def test_a_click_on_a_span_while_linking_still_selects_when_not_linking(window) -> None:
    label(window, PERSON, PERSON + 3, Qt.Key.Key_1)
    person = window.session.selected
    window.editor.cancel()
    QTest.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=char_point(window.view, PERSON + 1)
    )
    assert window.session.selected == person


# -- the shape of the package ---------------------------------------------------------------------


def test_gui_modules_stay_small_and_the_window_is_composition() -> None:
    sizes = {
        p.relative_to(GUI).as_posix(): len(p.read_text().splitlines()) for p in GUI.rglob("*.py")
    }
    assert sizes["main_window.py"] < 400
    # article_view.py (painting, owned with the performance work) is the one exception.
    assert {name for name, lines in sizes.items() if lines > 400} <= {"article_view.py"}


def test_only_the_session_talks_to_the_store() -> None:
    offenders = [
        f"{path.relative_to(GUI)}:{number}"
        for path in GUI.rglob("*.py")
        if path.relative_to(GUI).parts[0] != "session"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.store\.|\bself\.store\b", line)
    ]
    assert offenders == []


def test_no_blocking_menus_or_dialogs_in_the_gui() -> None:
    for path in GUI.rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"(?<!app)\.exec\(", text), path  # app.exec() runs the app
        assert "menu_builder" not in text and "contextMenuEvent" not in text, path
