"""Suggestions in the window, by real key presses: next / previous, accept (durable, undoable,
redoable), accept with another label or moved edges, reject, accept all above a threshold,
the sources shown, the suggestions' table, the score on hover, and glyphs that never change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.store import Store
from tests.guitools import TEXT, char_point, make_project, shown_window
from tests.helpers import run_cli

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SOURCE = "model:ner"
WORD = TEXT.index("لأوكرانيا")


def at(word: str, label: str, score: float | None, occurrence: int = 0) -> dict:
    start = TEXT.index(word)
    for _ in range(occurrence):
        start = TEXT.index(word, start + 1)
    span = {"start": start, "end": start + len(word), "layer": "entity", "label": label}
    return span | ({} if score is None else {"score": score})


# In text order: ناتو, ستولتنبرغ (Arabic), Stoltenberg (Latin), لأوكرانيا, Seoul.
MODEL = [
    at("لأوكرانيا", "GPE", 0.93),  # with its proclitic: the annotator trims it
    at("ناتو", "ORG", 0.97),
    at("ستولتنبرغ", "PER", 0.62),
    at("Stoltenberg", "PER", 0.88),
    at("Seoul", "GPE", None),
]


def add_suggestions(db: Path, tmp_path: Path, spans: list[dict], source: str = SOURCE) -> None:
    """Suggest `spans` for the nato document through the real CLI, for ana."""
    path = tmp_path / f"{source.replace(':', '_')}.jsonl"
    line = {"id": "nato", "text": TEXT, "spans": spans}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_cli(
        "import", "--db", db, "--as-suggestions", "--source", source, "--annotator", "ana", path
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    db = make_project(tmp_path)
    add_suggestions(db, tmp_path, MODEL)
    return db


@pytest.fixture
def window(qtbot, project: Path):
    return shown_window(qtbot, project)


def press(window, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.view, key, modifiers)


def stored(db: Path) -> dict[str, str]:
    """Each suggestion's text and state for ana, read from the file by a fresh connection."""
    with Store.open(db) as store:
        return {f"{TEXT[s.start : s.end]}": s.state for s in store.suggestions("nato", "ana")}


def stored_spans(db: Path) -> list[tuple[str, str, str]]:
    with Store.open(db) as store:
        return [(TEXT[s.start : s.end], s.label, s.annotator) for s in store.spans("nato")]


def reopen(qtbot, window, db: Path):
    """Close the window and open the project again in a new one, active for keys."""
    window.close()
    again = shown_window(qtbot, db)
    again.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is again)
    return again


def current_text(window) -> str:
    current = window.suggestions.current
    return "" if current is None else TEXT[current.start : current.end]


# -- next / previous ----------------------------------------------------------------------------


def test_f8_and_shift_f8_step_through_suggestions_in_text_order_and_wrap(window) -> None:
    seen = []
    for _ in range(6):
        press(window, Qt.Key.Key_F8)
        seen.append(current_text(window))
        current = window.suggestions.current
        # The suggestion's text is selected: edges and label keys act on it.
        assert window.view.selection_range() == (current.start, current.end)
    assert seen == ["ناتو", "ستولتنبرغ", "Stoltenberg", "لأوكرانيا", "Seoul", "ناتو"]
    press(window, Qt.Key.Key_F8, SHIFT)
    assert current_text(window) == "Seoul"
    press(window, Qt.Key.Key_F8, SHIFT)
    assert current_text(window) == "لأوكرانيا"
    assert "score 0.93" in window.statusBar().currentMessage()


def test_next_starts_from_the_text_cursor(window) -> None:
    window.view.set_selection(WORD - 3, WORD - 3)
    press(window, Qt.Key.Key_F8)
    assert current_text(window) == "لأوكرانيا"


# -- accept ---------------------------------------------------------------------------------------


def test_f9_accepts_durably_then_undo_and_redo(window, project: Path) -> None:
    press(window, Qt.Key.Key_F8)
    press(window, Qt.Key.Key_F9)
    assert stored_spans(project) == [("ناتو", "ORG", "ana")]
    assert stored(project)["ناتو"] == "accepted"
    assert current_text(window) == "ستولتنبرغ"  # went on to the next one
    with Store.open(project) as store:
        logged = [c for c in store.changes("nato") if c["action"] == "suggestion.accept"]
    assert SOURCE in str(logged[0]["after"])  # the change names the source
    span_id = window.session.spans.all()[0].id

    press(window, Qt.Key.Key_Z, CTRL)
    assert stored_spans(project) == []
    assert stored(project)["ناتو"] == "pending"
    assert [s.id for s in window.suggestions.shown][0] == window.suggestions.all[0].id

    press(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored_spans(project) == [("ناتو", "ORG", "ana")]
    assert window.session.spans.all()[0].id == span_id  # the same span again
    assert stored(project)["ناتو"] == "accepted"


def test_moved_edges_and_another_label_key_accept_the_current_suggestion(
    window,
    project: Path,
) -> None:
    for _ in range(4):
        press(window, Qt.Key.Key_F8)
    assert current_text(window) == "لأوكرانيا"
    press(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # RTL: leave out ل
    assert window.view.selection_range() == (WORD + 1, WORD + len("لأوكرانيا"))
    press(window, Qt.Key.Key_4)  # LOC, not the suggested GPE
    assert stored_spans(project) == [("أوكرانيا", "LOC", "ana")]
    assert stored(project)["لأوكرانيا"] == "accepted"
    press(window, Qt.Key.Key_Z, CTRL)
    assert stored_spans(project) == []
    assert stored(project)["لأوكرانيا"] == "pending"


def test_a_label_key_elsewhere_labels_as_usual(window, project: Path) -> None:
    press(window, Qt.Key.Key_F8)  # ناتو is current
    start = TEXT.index("الأطلسي")
    window.view.set_selection(start, start + len("الأطلسي"))
    press(window, Qt.Key.Key_3)
    assert stored_spans(project) == [("الأطلسي", "GPE", "ana")]
    assert stored(project)["ناتو"] == "pending"


# -- reject ---------------------------------------------------------------------------------------


def test_f7_rejects_durably_and_undo_brings_it_back(window, project: Path) -> None:
    press(window, Qt.Key.Key_F8)
    press(window, Qt.Key.Key_F7)
    assert stored(project)["ناتو"] == "rejected"
    assert stored_spans(project) == []
    assert current_text(window) == "ستولتنبرغ"
    assert "ناتو" not in [TEXT[s.start : s.end] for s in window.suggestions.shown]
    press(window, Qt.Key.Key_Z, CTRL)
    assert stored(project)["ناتو"] == "pending"
    press(window, Qt.Key.Key_Y, CTRL)
    assert stored(project)["ناتو"] == "rejected"


def test_a_rejected_suggestion_stays_away_after_importing_it_again(
    qtbot,
    window,
    project: Path,
    tmp_path: Path,
) -> None:
    press(window, Qt.Key.Key_F8)
    press(window, Qt.Key.Key_F7)
    add_suggestions(project, tmp_path, MODEL)
    again = reopen(qtbot, window, project)
    assert "ناتو" not in [TEXT[s.start : s.end] for s in again.suggestions.shown]


# -- accept all above the threshold ----------------------------------------------------------


def test_shift_f9_accepts_all_above_the_threshold_as_one_undo_step(window, project: Path) -> None:
    assert window.suggestions.threshold == 0.8
    press(window, Qt.Key.Key_F9, SHIFT)
    assert sorted(stored_spans(project)) == sorted(
        [("ناتو", "ORG", "ana"), ("لأوكرانيا", "GPE", "ana"), ("Stoltenberg", "PER", "ana")]
    )
    assert [TEXT[s.start : s.end] for s in window.suggestions.shown] == ["ستولتنبرغ", "Seoul"]
    press(window, Qt.Key.Key_Z, CTRL)
    assert stored_spans(project) == []
    assert set(stored(project).values()) == {"pending"}


def test_the_threshold_is_kept_in_the_settings(qtbot, window, project: Path) -> None:
    window.suggestions.set_threshold(0.6)
    assert "0.60" in window.findChild(QAction, "suggest:accept-above").text()
    again = reopen(qtbot, window, project)
    assert again.suggestions.threshold == 0.6
    press(again, Qt.Key.Key_F9, SHIFT)
    assert len(stored_spans(project)) == 4  # all scored ones; Seoul has no score


# -- sources shown, the table, hover ------------------------------------------------------------


def test_hiding_a_source_in_its_menu_hides_its_suggestions_and_is_remembered(
    qtbot,
    window,
    project: Path,
    tmp_path: Path,
) -> None:
    add_suggestions(project, tmp_path, [at("سيئول", "GPE", 0.7)], source="gazetteer:places")
    window.session.follow_outside_changes()
    assert "سيئول" in [TEXT[s.start : s.end] for s in window.suggestions.shown]
    menu = window.suggestions.sources_menu
    menu.popup(window.mapToGlobal(QPoint(200, 200)))
    qtbot.waitUntil(menu.isVisible)
    action = window.findChild(QAction, "suggest:source:gazetteer:places")
    assert action.isChecked()
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert "سيئول" not in [TEXT[s.start : s.end] for s in window.suggestions.shown]
    assert len(window.suggestions.shown) == len(MODEL)
    again = reopen(qtbot, window, project)
    assert "سيئول" not in [TEXT[s.start : s.end] for s in again.suggestions.shown]
    for _ in range(len(MODEL) + 1):
        press(again, Qt.Key.Key_F8)
        assert current_text(again) != "سيئول"


def test_the_span_list_shows_suggestions_apart_with_their_scores(qtbot, window) -> None:
    table = window.suggestions.table
    assert not table.isVisibleTo(window.spans)
    window.findChild(QAction, "suggest:in-span-list").trigger()
    window.spans.show()
    window.spans.raise_()  # the dock may share its place with others as a tab
    qtbot.waitUntil(table.isVisible)
    model = table.model()
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert rows[0] == ["0.97", "entity: ORG", SOURCE, "ناتو"]
    assert rows[-1][0] == ""  # Seoul: no score
    assert window.spans.model.rowCount() == 0  # not mixed with the spans
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(model.index(1, 0)).center(),
    )
    assert current_text(window) == "ستولتنبرغ"


def test_hovering_a_suggestion_tells_its_score_and_source(window) -> None:
    start = TEXT.index("ناتو")
    point = QPointF(char_point(window.view, start + 1))
    text = window.suggestions.painter.tooltip_at(point)
    assert text == f"suggestion entity: ORG (score 0.97) from {SOURCE}"
    elsewhere = QPointF(char_point(window.view, TEXT.index("الأمين") + 1))
    assert window.suggestions.painter.tooltip_at(elsewhere) == ""


def test_review_keys_work_under_any_layout_and_collide_with_nothing(window) -> None:
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            owners.setdefault(text, []).append(action.objectName())
    for name in ("next", "previous", "accept", "reject", "accept-above"):
        keys = window.findChild(QAction, f"suggest:{name}").shortcuts()
        assert keys
        for key in keys:
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert text.removeprefix("Shift+") in {"F7", "F8", "F9"}  # no letter, no digit
            assert owners[text] == [f"suggest:{name}"]


# -- glyphs ----------------------------------------------------------------------------------------


def test_suggestion_frames_never_change_a_glyph(qtbot, tmp_path: Path) -> None:
    """A suggestion that starts between lam and alef (لأوكرانيا) keeps the ligature whole:
    glyph runs are identical, and every pixel away from the frame's lines is unchanged."""
    from tests.test_gui_glyphs import TEXT as GLYPH_TEXT
    from tests.test_gui_glyphs import WORD as GLYPH_WORD
    from tests.test_gui_glyphs import glyphs, render, white_schema

    source = tmp_path / "d.jsonl"
    source.write_text(json.dumps({"id": "d", "text": GLYPH_TEXT}, ensure_ascii=False), "utf-8")
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, "--schema", white_schema(tmp_path), source).exit_code == 0
    window = shown_window(qtbot, db)
    window.view.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #000000; }")
    before_pixels, before_glyphs = render(window), glyphs(window)

    spans = [{"start": GLYPH_WORD + 1, "end": GLYPH_WORD + 9, "layer": "entity", "label": "GPE"}]
    line = {"id": "d", "text": GLYPH_TEXT, "spans": [spans[0] | {"score": 0.9}]}
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    result = run_cli("import", "--db", db, "--as-suggestions", "--source", SOURCE, path)
    assert result.exit_code == 0, result.output
    window.session.follow_outside_changes()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(window, Qt.Key.Key_F8)  # current: the stronger frame
    window.view.clear_selection()  # the text selection is not what is tested here
    suggestion = window.suggestions.current
    assert suggestion is not None
    from annotator.gui.suggestion_views import stand_in

    rects = window.view.span_rects(stand_in(suggestion))
    assert len(rects) == 1
    after_pixels = render(window)
    assert glyphs(window) == before_glyphs
    assert after_pixels != before_pixels  # the frame is drawn (grey on white)
    frame = rects[0]
    changed_inside = [
        (x, y)
        for x in range(int(frame.left()) + 4, int(frame.right()) - 3)
        for y in range(int(frame.top()) + 4, int(frame.bottom()) - 3)
        if after_pixels.pixel(x, y) != before_pixels.pixel(x, y)
    ]
    assert changed_inside == []
    changed_outside = [
        (x, y)
        for x in range(after_pixels.width())
        for y in range(0, after_pixels.height(), 2)
        if not frame.adjusted(-3, -3, 3, 3).contains(QPointF(x, y))
        and after_pixels.pixel(x, y) != before_pixels.pixel(x, y)
    ]
    assert changed_outside == []
