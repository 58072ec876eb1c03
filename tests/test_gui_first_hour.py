"""What a linguist hit in the first hour, driven with real key and mouse events, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from annotator.gui import create_main_window
from annotator.store import Store
from tests.guitools import boundary_point, char_point, make_project, shown_window

MOSCOW = "قالت موسكو، في بيان لأوكرانيا؛ إن «الحلف» يتوسع؟ وأضافت: نعم."
LONG_CLAIM = (
    "إن الحلف سيشتري أسلحة جديدة بقيمة مليارات الدولارات لأوكرانيا خلال الأعوام المقبلة "
    "وإن الدول الأعضاء وافقت على ذلك"
)
TEXT = f"{MOSCOW}\nوقال ستولتنبرغ {LONG_CLAIM}."
NO = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, tmp_path: Path):
    return shown_window(qtbot, make_project(tmp_path, text=TEXT))


def stored_spans(window) -> list[tuple[str, str]]:
    with Store.open(window.session.store.path) as store:
        text = store.text("nato")
        return [(text[s.start : s.end], s.label) for s in store.spans("nato")]


def double_click(view, offset: int) -> None:
    QTest.mouseDClick(view.viewport(), LEFT, NO, char_point(view, offset))


# -- 1. double-click selects a word by our definition of a word ------------------------------


@pytest.mark.parametrize("inside", [0, 2, 4])  # first, middle and last letter of موسكو
def test_double_click_leaves_the_arabic_comma_out(window, inside: int) -> None:
    moscow = TEXT.index("موسكو")
    double_click(window.view, moscow + inside)
    assert window.view.selection_range() == (moscow, moscow + len("موسكو"))


@pytest.mark.parametrize("word", ["لأوكرانيا", "الحلف", "يتوسع", "وأضافت", "نعم"])
def test_double_click_stops_at_arabic_punctuation(window, word: str) -> None:
    start = TEXT.index(word)
    for inside in (0, len(word) // 2, len(word) - 1):
        window.view.clear_selection()
        double_click(window.view, start + inside)
        assert window.view.selection_range() == (start, start + len(word)), inside


def test_double_clicked_word_labels_without_its_comma(window) -> None:
    double_click(window.view, TEXT.index("موسكو") + 1)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    assert stored_spans(window) == [("موسكو", "GPE")]


# -- 3. a drag starting inside the selection starts a new selection ------------------------


def test_drag_inside_the_selection_starts_a_new_selection(window) -> None:
    view = window.view
    first = TEXT.index("في بيان")
    view.set_selection(TEXT.index("موسكو"), TEXT.index("إن «"))
    a, b = boundary_point(view, first), boundary_point(view, first + len("في بيان"))
    QTest.mousePress(view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, b)
    assert view.selection_range() == (first, first + len("في بيان"))


def test_plain_drag_inside_the_selection_snaps_to_the_words_dragged(window) -> None:
    view = window.view
    start = TEXT.index("بيان")
    view.set_selection(0, TEXT.index("«"))
    a, b = char_point(view, start + 1), char_point(view, start + len("بيان لأوكر"))
    QTest.mousePress(view.viewport(), LEFT, NO, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), LEFT, NO, b)
    assert view.selection_range() == (start, start + len("بيان لأوكرانيا"))


# -- 4. after Delete: status bar, span list and inspector agree -----------------------------


def test_delete_leaves_nothing_selected_everywhere(window) -> None:
    view = window.view
    for word, key in (("موسكو", Qt.Key.Key_3), ("بيان", Qt.Key.Key_5), ("الحلف", Qt.Key.Key_2)):
        view.set_selection(TEXT.index(word), TEXT.index(word) + len(word))
        QTest.keyClick(view, key)
    middle = window.session.spans.at(TEXT.index("بيان"))[0]
    QTest.mouseClick(
        window.spans.table.viewport(),
        LEFT,
        NO,
        window.spans.table.visualRect(window.spans.model.index(1, 0)).center(),
    )
    assert window.session.selected == middle
    assert "بيان" in window.selection_label.text()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert stored_spans(window) == [("موسكو", "GPE"), ("الحلف", "ORG")]
    assert window.session.selected is None
    assert window.inspector.summary.text() == "No span selected"
    assert window.spans.table.selectionModel().selectedRows() == []
    assert "بيان" not in window.selection_label.text()
    assert middle.id not in window.selection_label.text()


# -- 5. Esc leaves the find bar and gives the keys back to the article -----------------------


def test_escape_in_find_returns_to_the_article(window, qtbot) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_field.hasFocus()
    window.find_field.setText("بيان")
    QTest.keyClick(window.find_field, Qt.Key.Key_Return)
    QTest.keyClick(window.find_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.view.hasFocus())
    assert not window.find_bar.isVisible()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_5)
    assert window.find_field.text() == "بيان"
    assert stored_spans(window) == [("بيان", "MISC")]


# -- 7. a restart keeps the window, its docks and the open document --------------------------


@pytest.fixture
def user_settings(tmp_path: Path):
    """Point QSettings at a fresh folder for one test (Qt caches the path per process)."""
    from annotator.gui.settings import settings

    before = Path(settings().fileName()).parent.parent
    folder = tmp_path / "settings"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(before))


def open_window(qtbot, db: Path):
    window = create_main_window(db, remember=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_restart_keeps_geometry_docks_and_document(qtbot, tmp_path: Path, user_settings) -> None:
    db = make_project(tmp_path, text=TEXT)
    from tests.helpers import run_cli

    second = tmp_path / "second.jsonl"
    second.write_text('{"id": "second", "text": "نص ثان"}', encoding="utf-8")
    assert run_cli("import", "--db", db, second).exit_code == 0
    window = open_window(qtbot, db)
    assert window.session.doc_id == "nato"
    window.findChild(QAction, "next_document").trigger()
    window.resize(701, 503)  # the offscreen screen is 800x600: restoring clamps to it
    window.spans.hide()
    qtbot.waitUntil(lambda: window.width() == 701)
    window.close()

    again = open_window(qtbot, db)
    assert again.session.doc_id == "second"
    assert (again.width(), again.height()) == (701, 503)
    assert not again.spans.isVisible() and again.inspector.isVisible()


def test_remembered_document_is_per_database(qtbot, tmp_path: Path, user_settings) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = make_project(tmp_path / "a", text=TEXT, doc_id="alpha")
    other = make_project(tmp_path / "b", text=TEXT, doc_id="beta")
    open_window(qtbot, first).close()
    assert open_window(qtbot, other).session.doc_id == "beta"


# -- 9. a bad value in the settings file falls back to the default --------------------------


def test_bad_settings_values_fall_back_to_defaults(qtbot, tmp_path: Path, user_settings) -> None:
    from annotator.gui.fonts import DEFAULT_SIZE

    stored = QSettings("annotator", "annotator")
    stored.setValue("font_size", "abc")
    stored.setValue("snap_words", "maybe")
    stored.setValue("window/geometry", "not a geometry")
    stored.setValue("window/state", "garbage")
    stored.sync()
    assert (user_settings / "annotator" / "annotator.conf").exists()
    window = open_window(qtbot, make_project(tmp_path, text=TEXT))
    assert window.view.font().pointSizeF() == DEFAULT_SIZE
    assert window.view.snap_to_words is True
    assert window.session.doc_id == "nato"


def test_out_of_range_font_size_falls_back(qtbot, tmp_path: Path, user_settings) -> None:
    from annotator.gui.fonts import DEFAULT_SIZE

    QSettings("annotator", "annotator").setValue("font_size", "1e9")
    window = open_window(qtbot, make_project(tmp_path, text=TEXT))
    assert window.view.font().pointSizeF() == DEFAULT_SIZE


# -- 10. no display: a clear message, not Qt's libxcb-cursor0 abort -------------------------


def _without_display() -> dict[str, str]:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return {k: v for k, v in os.environ.items() if k not in hidden}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux's")
def test_no_display_is_one_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "gui", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_without_display(),
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no display found"), result.stderr
    assert "--screenshot" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux's")
def test_screenshot_without_display_renders_offscreen(tmp_path: Path) -> None:
    db = make_project(tmp_path, text=TEXT)
    png = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "gui", "--db", str(db), "--screenshot", str(png)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_without_display(),
    )
    assert result.returncode == 0, result.stderr
    assert png.stat().st_size > 1000


# -- 2. edge keys that survive Alt+Shift layout switching and window managers ---------------


def test_alt_up_and_down_move_the_end_edge_along_the_text(window) -> None:
    view, alt = window.view, Qt.KeyboardModifier.AltModifier
    word = TEXT.index("لأوكرانيا")
    view.set_selection(word, word + len("لأوكرانيا") - 1)
    QTest.keyClick(view, Qt.Key.Key_3)
    QTest.keyClick(view, Qt.Key.Key_Down, alt)  # RTL: the end edge moves left, one letter on
    assert stored_spans(window) == [("لأوكرانيا", "GPE")]
    QTest.keyClick(view, Qt.Key.Key_Up, alt)
    QTest.keyClick(view, Qt.Key.Key_Up, alt)
    assert stored_spans(window) == [("لأوكران", "GPE")]
    QTest.keyClick(view, Qt.Key.Key_Left, alt)  # the start-edge keys still work
    assert stored_spans(window) == [("أوكران", "GPE")]


def test_end_edge_keys_under_an_arabic_layout(window) -> None:
    """Under the Arabic layout an arrow key is still the same key: Alt+Down arrives as is."""
    view = window.view
    word = TEXT.index("ستولتنبرغ")
    view.set_selection(word, word + 4)
    QTest.sendKeyEvent(
        QTest.KeyAction.Click, view, Qt.Key(0x0663), "٣", Qt.KeyboardModifier.NoModifier
    )
    for _ in range(5):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert stored_spans(window) == [("ستولتنبرغ", "GPE")]
    assert window.findChild(QAction, "end_forward").shortcut().toString() == "Alt+Down"


# -- 6. a narrow window gives the article the room; document ids are never cut unseen --------


def side_by_side(window) -> bool:
    """The default wide layout: documents left of the article, the inspector right of it."""
    return (
        not window.tabifiedDockWidgets(window.inspector)
        and window.dockWidgetArea(window.documents) == Qt.DockWidgetArea.LeftDockWidgetArea
        and 0 <= window.documents.x() < window.view.x() < window.inspector.x()
    )


@pytest.mark.parametrize("width", [1000, 900])
def test_narrow_window_gives_the_article_the_room(window, qtbot, width: int) -> None:
    window.resize(width, 560)
    qtbot.waitUntil(lambda: window.width() == width)
    qtbot.waitUntil(lambda: window.view.width() >= width * 0.6)  # was 438 px at 1000
    assert window.tabifiedDockWidgets(window.inspector) == [window.documents]  # one click away
    window.resize(1280, 560)
    qtbot.waitUntil(lambda: side_by_side(window))
    assert window.documents.isVisible() and window.inspector.isVisible()


def test_document_ids_have_their_full_id_as_tooltip(window) -> None:
    from tests.helpers import run_cli

    long_id = "sputnik-nato-secretary-general-statement-2024-01-29-ukraine"
    source = window.session.store.path.parent / f"{long_id}.txt"
    source.write_text("نص", encoding="utf-8")
    assert run_cli("import", "--db", window.session.store.path, source).exit_code == 0
    window.documents.model.refresh()
    table = window.documents.table
    rows = [table.model().index(r, 0) for r in range(table.model().rowCount())]
    [index] = [i for i in rows if i.data() == long_id]
    assert index.data(Qt.ItemDataRole.ToolTipRole) == long_id
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert not table.wordWrap()  # else Qt breaks the id at a hyphen and elides the rest


def test_restored_narrow_layout_widens_again(qtbot, tmp_path: Path, user_settings) -> None:
    db = make_project(tmp_path, text=TEXT)
    window = open_window(qtbot, db)
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.tabifiedDockWidgets(window.inspector) == [window.documents])
    window.close()
    again = open_window(qtbot, db)
    assert again.tabifiedDockWidgets(again.inspector) == [again.documents]  # as it was left
    again.resize(1280, 560)
    qtbot.waitUntil(lambda: side_by_side(again))


# -- 8. the inspector shows Arabic relation text from its start; lists stay on screen --------


def _claim_with_claimant(window):
    view = window.view
    person = TEXT.index("ستولتنبرغ")
    view.set_selection(person, person + len("ستولتنبرغ"))
    QTest.keyClick(view, Qt.Key.Key_1)
    view.set_selection(TEXT.index(LONG_CLAIM), TEXT.index(LONG_CLAIM) + len(LONG_CLAIM))
    QTest.keyClick(view, Qt.Key.Key_6)
    claim = window.session.selected
    window.editor.link_selected("claimant", window.session.spans.at(person)[0].id)
    return claim, person


def test_inspector_relation_shows_arabic_text_from_its_start(window, qtbot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    claim, person = _claim_with_claimant(window)
    window.select_span(window.session.spans.at(person)[0])  # the person: ← claimant: the claim
    relations = window.inspector.relations
    item = relations.item(0)
    assert LONG_CLAIM[:20] in item.text()
    assert LONG_CLAIM in item.toolTip()
    qtbot.waitUntil(lambda: relations.visualItemRect(item).height() > 0)
    width = relations.viewport().width() - 8
    needed = QFontMetrics(relations.font()).boundingRect(
        QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, item.text()
    )
    assert relations.visualItemRect(item).height() >= needed.height()  # wrapped, not cut


def test_link_target_list_stays_within_the_screen(window, qtbot) -> None:
    view = window.view
    view.set_selection(TEXT.index(LONG_CLAIM), TEXT.index(LONG_CLAIM) + len(LONG_CLAIM))
    QTest.keyClick(view, Qt.Key.Key_6)
    view.set_selection(0, TEXT.index("إن «"))
    QTest.keyClick(view, Qt.Key.Key_7)  # a stance: its target may be the long claim
    inspector = window.inspector
    inspector.link_type.setCurrentIndex(inspector.link_type.findData("target"))
    assert inspector.link_target.count() >= 1
    assert inspector.minimumSizeHint().width() <= 220  # 268 with the link row on one line
    screen = window.screen().availableGeometry()
    inspector.link_target.showPopup()
    popup = inspector.link_target.view().window()
    qtbot.waitUntil(popup.isVisible)
    assert screen.contains(popup.frameGeometry())
    inspector.link_target.hidePopup()


def test_span_list_elides_arabic_text_at_its_logical_end(window) -> None:
    from PySide6.QtGui import QTextLayout, QTextOption

    view = window.view
    view.set_selection(TEXT.index(LONG_CLAIM), TEXT.index(LONG_CLAIM) + len(LONG_CLAIM))
    QTest.keyClick(view, Qt.Key.Key_6)
    shown = window.spans.model.index(0, 2).data()
    assert shown.strip("\u2068\u2069") == LONG_CLAIM[:79] + "…"
    # Laid out in the list's left-to-right cell, the "…" must be the leftmost glyph run
    # (after the logical end of the Arabic text), not the rightmost (beside its first word).
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)  # as in the table's cells
    layout = QTextLayout(shown, window.spans.table.font())
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()

    def left_of(start: int, length: int) -> float:
        return min(r.positions()[0].x() for r in layout.glyphRuns(start, length))

    first_word = shown.index(LONG_CLAIM[:2])
    assert left_of(shown.index("…"), 1) < left_of(first_word, 2)


def test_closed_link_target_box_shows_the_start_of_arabic_text(window, qtbot) -> None:
    from PySide6.QtGui import QFontMetrics

    view = window.view
    view.set_selection(TEXT.index(LONG_CLAIM), TEXT.index(LONG_CLAIM) + len(LONG_CLAIM))
    QTest.keyClick(view, Qt.Key.Key_6)
    view.set_selection(0, TEXT.index("إن «"))
    QTest.keyClick(view, Qt.Key.Key_7)
    box = window.inspector.link_type
    box.setCurrentIndex(box.findData("target"))
    target = window.inspector.link_target
    shown = target.itemText(target.currentIndex())
    qtbot.waitUntil(lambda: target.width() > 0)
    # The whole item fits the closed box at the dock's default width: nothing is cut.
    assert QFontMetrics(target.font()).horizontalAdvance(shown) <= target.width() - 30
    assert shown.startswith("CLAIM ") and LONG_CLAIM[:15] in shown


def test_delete_key_in_the_span_list_deletes_the_picked_span(window) -> None:
    view = window.view
    for word, key in (("موسكو", Qt.Key.Key_3), ("بيان", Qt.Key.Key_5)):
        view.set_selection(TEXT.index(word), TEXT.index(word) + len(word))
        QTest.keyClick(view, key)
    table = window.spans.table
    QTest.mouseClick(
        table.viewport(), LEFT, NO, table.visualRect(table.model().index(0, 0)).center()
    )
    assert table.hasFocus() and window.session.selected.label == "GPE"
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert stored_spans(window) == [("بيان", "MISC")]
    assert window.session.selected is None and table.selectionModel().selectedRows() == []
