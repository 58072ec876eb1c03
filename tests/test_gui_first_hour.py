"""What a linguist hit in the first hour, driven with real key and mouse events, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from annotator.gui import create_main_window
from annotator.store import Store
from tests.guitools import boundary_point, char_point, make_project

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
    db = make_project(tmp_path, text=TEXT)
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.view.setFocus()
    window.view.viewport().repaint()
    return window


def stored_spans(window) -> list[tuple[str, str]]:  # noqa: ANN001
    with Store.open(window.store.path) as store:
        text = store.text("nato")
        return [(text[s.start : s.end], s.label) for s in store.spans("nato")]


def double_click(view, offset: int) -> None:  # noqa: ANN001
    QTest.mouseDClick(view.viewport(), LEFT, NO, char_point(view, offset))


# -- 1. double-click selects a word by our definition of a word ------------------------------


@pytest.mark.parametrize("inside", [0, 2, 4])  # first, middle and last letter of موسكو
def test_double_click_leaves_the_arabic_comma_out(window, inside: int) -> None:  # noqa: ANN001
    moscow = TEXT.index("موسكو")
    double_click(window.view, moscow + inside)
    assert window.view.selection_range() == (moscow, moscow + len("موسكو"))


@pytest.mark.parametrize("word", ["لأوكرانيا", "الحلف", "يتوسع", "وأضافت", "نعم"])
def test_double_click_stops_at_arabic_punctuation(window, word: str) -> None:  # noqa: ANN001
    start = TEXT.index(word)
    for inside in (0, len(word) // 2, len(word) - 1):
        window.view.clear_selection()
        double_click(window.view, start + inside)
        assert window.view.selection_range() == (start, start + len(word)), inside


def test_double_clicked_word_labels_without_its_comma(window) -> None:  # noqa: ANN001
    double_click(window.view, TEXT.index("موسكو") + 1)
    QTest.keyClick(window.view, Qt.Key.Key_3)
    assert stored_spans(window) == [("موسكو", "GPE")]


# -- 3. a drag starting inside the selection starts a new selection ------------------------


def test_drag_inside_the_selection_starts_a_new_selection(window) -> None:  # noqa: ANN001
    view = window.view
    first = TEXT.index("في بيان")
    view.set_selection(TEXT.index("موسكو"), TEXT.index("إن «"))
    a, b = boundary_point(view, first), boundary_point(view, first + len("في بيان"))
    QTest.mousePress(view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, b)
    assert view.selection_range() == (first, first + len("في بيان"))


def test_plain_drag_inside_the_selection_snaps_to_the_words_dragged(window) -> None:  # noqa: ANN001
    view = window.view
    start = TEXT.index("بيان")
    view.set_selection(0, TEXT.index("«"))
    a, b = char_point(view, start + 1), char_point(view, start + len("بيان لأوكر"))
    QTest.mousePress(view.viewport(), LEFT, NO, a)
    QTest.mouseMove(view.viewport(), b)
    QTest.mouseRelease(view.viewport(), LEFT, NO, b)
    assert view.selection_range() == (start, start + len("بيان لأوكرانيا"))


# -- 4. after Delete: status bar, span list and inspector agree -----------------------------


def test_delete_leaves_nothing_selected_everywhere(window) -> None:  # noqa: ANN001
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


def test_escape_in_find_returns_to_the_article(window, qtbot) -> None:  # noqa: ANN001
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


def _unused(point: QPoint) -> QPoint:  # keep QPoint imported for later tests
    return point
