"""The annotation workspace driven with real mouse and keyboard events, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from annotator.gui import create_main_window
from annotator.store import Store
from tests.guitools import EMOJI, RTL, TEXT, boundary_point, char_point, make_project, shown_window


@pytest.fixture
def window(qtbot, tmp_path: Path):
    return shown_window(qtbot, make_project(tmp_path))


def stored_spans(window) -> list[tuple[str, str, str]]:
    with Store.open(window.session.store.path) as store:
        text = store.text("nato")
        return [(text[s.start : s.end], s.layer, s.label) for s in store.spans("nato")]


def drag(view, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press inside character `start`, move, release inside character `end - 1`."""
    viewport = view.viewport()
    a, b = char_point(view, start), char_point(view, end - 1)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, a)
    QTest.mouseMove(viewport, b)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, b)


def test_automation_contract(window) -> None:
    view = window.findChild(type(window.view), "articleView")
    assert view is window.view
    assert view.document().toRawText().replace("\u2029", "\n") == TEXT
    names = {a.objectName() for a in window.findChildren(QAction)}
    for label in (
        "entity:PER",
        "entity:ORG",
        "entity:GPE",
        "entity:LOC",
        "entity:MISC",
        "claim:CLAIM",
        "stance:STANCE",
    ):
        assert f"label:{label}" in names
    assert window.findChild(QAction, "undo").shortcut().toString() == "Ctrl+Z"


def test_drag_in_rtl_paragraph_snaps_to_words_and_digit_labels(window, qtbot) -> None:
    start = RTL.index("نس ستولت")  # from inside ينس to inside ستولتنبرغ
    drag(window.view, start, start + len("نس ستولت"))
    assert window.view.selection_range() == (RTL.index("ينس"), RTL.index(" (Jens"))
    assert "ينس ستولتنبرغ" in window.selection_label.text()
    QTest.keyClick(window.view, Qt.Key.Key_1)
    latin = RTL.index("ens Stolten")
    drag(window.view, latin, latin + len("ens Stolten"))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert stored_spans(window) == [
        ("ينس ستولتنبرغ", "entity", "PER"),
        ("Jens Stoltenberg", "entity", "PER"),
    ]


def test_ctrl_drag_selects_exact_characters(window) -> None:
    word = RTL.index("لأوكرانيا")
    view, ctrl = window.view, Qt.KeyboardModifier.ControlModifier
    a, b = boundary_point(view, word + 1), boundary_point(view, word + 9)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, ctrl, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, ctrl, b)
    assert window.view.selection_range() == (word + 1, word + 9)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    assert stored_spans(window) == [("أوكرانيا", "entity", "GPE")]


def test_span_after_emoji_has_code_point_offsets(window) -> None:
    paragraph = len(RTL) + 1
    word = paragraph + EMOJI.index("سيئول")
    drag(window.view, word, word + len("سيئول"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    with Store.open(window.session.store.path) as store:
        [span] = store.spans("nato")
    assert (span.start, span.end) == (word, word + 5)
    assert TEXT[span.start : span.end] == "سيئول"


def test_arabic_indic_and_persian_digits_label(window) -> None:
    view = window.view
    nato = RTL.index("ناتو")
    QTest.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        char_point(view, nato + 1),
    )
    assert view.selection_range() == (nato, nato + 4)
    # An Arabic layout sends the key code of ٢ and its text.
    QTest.sendKeyEvent(
        QTest.KeyAction.Click, view, Qt.Key(0x0662), "٢", Qt.KeyboardModifier.NoModifier
    )
    view.set_selection(RTL.index("العسكري"), RTL.index("العسكري") + 7)
    # A Persian layout: only the text says which digit it is.
    QTest.sendKeyEvent(QTest.KeyAction.Click, view, Qt.Key(0), "۵", Qt.KeyboardModifier.NoModifier)
    assert stored_spans(window) == [("ناتو", "entity", "ORG"), ("العسكري", "entity", "MISC")]


def test_undo_and_redo_are_stored(window) -> None:
    view = window.view
    view.set_selection(RTL.index("ناتو"), RTL.index("ناتو") + 4)
    QTest.keyClick(view, Qt.Key.Key_2)
    assert len(stored_spans(window)) == 1
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(window) == [] and len(window.session.spans) == 0
    QTest.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(window) == [("ناتو", "entity", "ORG")]
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert stored_spans(window) == [("ناتو", "entity", "ORG")]
    with Store.open(window.session.store.path) as store:
        vias = [(c["action"], c["via"]) for c in reversed(store.changes("nato"))]
    assert vias[1:] == [
        ("span.create", "edit"),
        ("span.delete", "undo"),
        ("span.create", "redo"),
        ("span.delete", "undo"),
        ("span.create", "redo"),
    ]


def test_delete_relabel_attribute_and_edge_moves_undo(window) -> None:
    view = window.view
    word = RTL.index("لأوكرانيا")
    view.set_selection(word, word + 9)
    QTest.keyClick(view, Qt.Key.Key_3)
    # RTL paragraph: the start is on the right; Alt+Left moves it one character inwards.
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert stored_spans(window) == [("أوكرانيا", "entity", "GPE")]
    window.editor.relabel_selected("LOC")
    assert stored_spans(window) == [("أوكرانيا", "entity", "LOC")]
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert stored_spans(window) == []
    for expected in (
        [("أوكرانيا", "entity", "LOC")],
        [("أوكرانيا", "entity", "GPE")],
        [("لأوكرانيا", "entity", "GPE")],
        [],
    ):
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert stored_spans(window) == expected


def test_stance_polarity_and_relations_by_mouse_and_keyboard(window) -> None:
    view = window.view
    person = RTL.index("ينس ستولتنبرغ")
    view.set_selection(person, person + 13)
    QTest.keyClick(view, Qt.Key.Key_1)
    view.set_selection(0, RTL.index("،"))
    QTest.keyClick(view, Qt.Key.Key_7)  # STANCE
    stance = window.session.selected
    assert stance.label == "STANCE"
    box = window.inspector.attribute_boxes["polarity"]
    box.setCurrentIndex(box.findData("favor"))
    box.activated.emit(box.currentIndex())
    # Link by mouse: Ctrl+L, then click the person; two relation types fit, pick "holder".
    QTest.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.linking
    window.editor.link_selected("holder", window.session.spans.at(person)[0].id)
    # Link by keyboard through the inspector: type "target", first candidate.
    inspector = window.inspector
    inspector.link_type.setCurrentIndex(inspector.link_type.findData("target"))
    QTest.mouseClick(inspector.link_button, Qt.MouseButton.LeftButton)
    with Store.open(window.session.store.path) as store:
        relations = store.relations("nato")
        spans = {s.id: s for s in store.spans("nato")}
    assert [r.type for r in relations] == ["holder", "target"]
    assert spans[stance.id].attrs == {"polarity": "favor"}
    assert inspector.relations.count() == 2
    assert window.view.linked_ids == {relations[0].to_id}
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Store.open(window.session.store.path) as store:
        assert [r.type for r in store.relations("nato")] == ["holder"]


def test_click_selects_span_and_repeated_clicks_cycle(window) -> None:
    view = window.view
    person = RTL.index("ينس ستولتنبرغ")
    view.set_selection(person, person + 13)
    QTest.keyClick(view, Qt.Key.Key_1)
    view.set_selection(person, person + 3)
    QTest.keyClick(view, Qt.Key.Key_5)
    window.editor.cancel()
    assert window.session.selected is None
    point = char_point(view, person + 1)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    first = window.session.selected
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    second = window.session.selected
    assert {first.label, second.label} == {"PER", "MISC"}
    assert first.label == "MISC"  # innermost first
    assert "entity: MISC" in view.tooltip_for(view.spans_at(point.toPointF()))


def test_next_document_and_mark_done(qtbot, tmp_path: Path) -> None:
    db = make_project(tmp_path)
    other = tmp_path / "second.jsonl"
    other.write_text('{"id": "second", "text": "نص ثان"}', encoding="utf-8")
    from tests.helpers import run_cli

    run_cli("import", "--db", db, other)
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    window.show()
    assert window.session.doc_id == "nato"
    window.findChild(QAction, "mark_done").trigger()
    assert "1 of 2" in window.progress_label.text()
    window.findChild(QAction, "next_document").trigger()
    assert window.session.doc_id == "second"
    with Store.open(db) as store:
        assert store.status("nato", "ana") == "done"


def test_locked_database_shows_no_span_until_it_is_saved(window, qtbot) -> None:
    import sqlite3

    locker = sqlite3.connect(window.session.store.path)
    locker.execute("BEGIN IMMEDIATE")
    try:
        window.view.set_selection(0, 3)
        QTest.keyClick(window.view, Qt.Key.Key_1)
        assert window.writer.label.isVisible()  # waiting for the database, not an error
        assert len(window.session.spans) == 0
        assert window.spans.model.rowCount() == 0
    finally:
        locker.rollback()
        locker.close()
    qtbot.waitUntil(lambda: window.spans.model.rowCount() == 1, timeout=5000)
    assert stored_spans(window) == [("دعا", "entity", "PER")] and window.last_error is None


def test_screenshot_command_renders_the_window(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    db = make_project(tmp_path)
    png = tmp_path / "shot.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "gui",
            "--db",
            str(db),
            "--doc",
            "nato",
            "--screenshot",
            str(png),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() >= 1000 and image.height() >= 600


def test_unknown_document_is_a_clean_error(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    db = make_project(tmp_path)
    result = run_cli("gui", "--db", db, "--doc", "missing", "--screenshot", tmp_path / "x.png")
    assert result.exit_code == 1 and "no document 'missing'" in result.output


def test_read_only_database_is_reported_and_view_unchanged(window) -> None:
    window.session.store.db.conn.execute("PRAGMA query_only = ON")
    window.view.set_selection(0, 3)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert "read-only" in (window.last_error or "")
    assert len(window.session.spans) == 0


def test_undo_on_a_locked_database_keeps_the_span_until_it_is_saved(window, qtbot) -> None:
    import sqlite3

    window.view.set_selection(0, 3)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    locker = sqlite3.connect(window.session.store.path)
    locker.execute("BEGIN IMMEDIATE")
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.spans) == 1 and window.undo_stacks.activeStack().index() == 1
    locker.rollback()
    locker.close()
    assert stored_spans(window) == [("دعا", "entity", "PER")]
    qtbot.waitUntil(lambda: len(window.session.spans) == 0, timeout=5000)
    assert stored_spans(window) == [] and window.undo_stacks.activeStack().index() == 0
    assert window.last_error is None


def test_link_mode_by_mouse_click(window) -> None:
    view = window.view
    person = RTL.index("ينس ستولتنبرغ")
    view.set_selection(person, person + 13)
    QTest.keyClick(view, Qt.Key.Key_1)
    claim_start = RTL.index("إلى زيادة")
    view.set_selection(claim_start, len(RTL) - 1)
    QTest.keyClick(view, Qt.Key.Key_6)  # CLAIM, now selected
    QTest.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        char_point(view, person + 5),
    )
    assert not window.editor.linking
    with Store.open(window.session.store.path) as store:
        [relation] = store.relations("nato")
        spans = {s.id: s for s in store.spans("nato")}
    assert relation.type == "claimant"
    assert spans[relation.from_id].label == "CLAIM" and spans[relation.to_id].label == "PER"
    window.editor.unlink(relation.id)
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Store.open(window.session.store.path) as store:
        assert [r.id for r in store.relations("nato")] == [relation.id]


def test_find_zoom_and_document_filter(window) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    window.find_field.setText("سيئول")  # QTest.keyClicks types ASCII only
    QTest.keyClick(window.find_field, Qt.Key.Key_Return)
    start = TEXT.index("سيئول")
    assert window.view.selection_range() == (start, start + 5)
    size = window.view.font().pointSizeF()
    window.findChild(QAction, "zoom_in").trigger()
    assert window.view.font().pointSizeF() == size + 1
    window.findChild(QAction, "zoom_reset").trigger()
    dock = window.documents
    QTest.keyClicks(dock.search, "nat")
    assert dock.proxy.rowCount() == 1
    QTest.keyClicks(dock.search, "x")
    assert dock.proxy.rowCount() == 0
    dock.search.clear()
    dock.status.setCurrentIndex(dock.status.findData("done"))
    assert dock.proxy.rowCount() == 0
