"""The team in the GUI, offscreen with real key presses: whose spans are shown, compare mode
on a three-annotator project, curating into gold (durable, undoable, logged), the dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from annotator.store import Store
from tests.guitools import char_point, press
from tests.team_helpers import TEXT, WORDS, make_team

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
PERSON, CITY, NATO, UKRAINE = "ينس ستولتنبرغ", "سيئول", "حلف شمال الأطلسي", "أوكرانيا"

# Everyone agrees on PER and GPE (Ukraine); Seoul: ana and omar GPE, sara LOC; NATO: ana only.
LABELS = {
    "ana": {PERSON: "PER", CITY: "GPE", NATO: "ORG", UKRAINE: "GPE"},
    "omar": {PERSON: "PER", CITY: "GPE", UKRAINE: "GPE"},
    "sara": {PERSON: "PER", CITY: "LOC", UKRAINE: "GPE"},
}


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A merged three-annotator project: one document, each annotator's spans, all done."""
    path = tmp_path / "team.db"
    store = make_team(path, documents=1)
    for name, labels in LABELS.items():
        for word, label in labels.items():
            store.add_span("t0", *WORDS[word], "entity", label, name)
        store.set_status("t0", name, "done")
    store.close()
    return path


def open_window(qtbot, db: Path, annotator: str):
    from annotator.gui import create_main_window

    window = create_main_window(db, annotator=annotator)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.view.setFocus()
    return window



def gold(db: Path) -> list[tuple[str, str]]:
    """(text, label) of the gold spans, read by another connection."""
    with Store.open(db) as store:
        return [(TEXT[s.start : s.end], s.label) for s in store.spans("t0", "gold")]


# -- whose spans ---------------------------------------------------------------------------


def test_a_linguist_sees_only_their_own_spans_by_default(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "sara")
    assert {s.annotator for s in window.session.spans.all()} == {"sara"}
    assert window.spans.model.rowCount() == 3
    # Tab cycles through sara's spans only.
    seen = []
    for _ in range(4):
        press(window, Qt.Key.Key_Tab)
        seen.append(window.session.selected.label)
    assert seen == ["PER", "LOC", "GPE", "PER"]
    # A click on NATO (only ana labelled it) selects nothing.
    press(window, Qt.Key.Key_Escape)
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=char_point(window.view, WORDS[NATO][0] + 2),
    )
    assert window.session.selected is None


def test_the_filter_shows_everyone_and_is_remembered(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "sara")
    menu = window.findChild(QMenu, "annotatorFilterMenu")
    menu.aboutToShow.emit()
    names = [a.objectName() for a in menu.actions()]
    assert names == [
        "view:annotators:mine",
        "view:annotators:everyone",
        "view:annotators:ana",
        "view:annotators:lead",
        "view:annotators:omar",
    ]
    menu.actions()[1].trigger()
    assert len(window.session.spans) == 10 and window.spans.model.rowCount() == 10
    window.grab()  # the colleagues' colour marks paint
    again = open_window(qtbot, team, "sara")
    assert len(again.session.spans) == 10
    [a for a in menu.actions() if a.objectName() == "view:annotators:omar"][0].trigger()
    assert {s.annotator for s in window.session.spans.all()} == {"omar", "sara"}


# -- compare and curate ----------------------------------------------------------------------


def test_compare_mode_shows_lanes_and_steps_through_disagreements(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    compare = window.compare
    assert window.findChild(object, "view:compare").isChecked()
    assert window.session.annotator == "gold" and len(window.session.spans) == 0
    assert compare.comparison.annotators == ("ana", "omar", "sara")
    assert [TEXT[s.start : s.end] for s in compare.comparison.disagreements] == [CITY, NATO]
    assert compare.paint_lanes in window.view.overlays_under_text
    window.view.viewport().repaint()
    press(window, Qt.Key.Key_PageDown, ALT)
    assert window.view.selection_range() == WORDS[CITY]
    assert "ana, omar" in window.statusBar().currentMessage()
    press(window, Qt.Key.Key_PageDown, ALT)
    assert window.view.selection_range() == WORDS[NATO]
    press(window, Qt.Key.Key_PageDown, ALT)  # wraps around
    assert window.view.selection_range() == WORDS[CITY]
    press(window, Qt.Key.Key_PageUp, ALT)
    assert window.view.selection_range() == WORDS[NATO]
    press(window, Qt.Key.Key_F6)  # off: back to the lead's own view
    assert (
        window.session.annotator == "lead"
        and compare.paint_lanes not in window.view.overlays_under_text
    )


def test_accepting_a_version_is_durable_undoable_and_logged(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    press(window, Qt.Key.Key_PageDown, ALT)  # Seoul: GPE (ana, omar) or LOC (sara)
    press(window, Qt.Key.Key_Return, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert [a.objectName() for a in menu.actions()] == ["curate:version:1", "curate:version:2"]
    assert "LOC «سيئول» — sara" in menu.actions()[1].text()
    QTest.keyClick(menu, Qt.Key.Key_2)
    assert gold(team) == [(CITY, "LOC")]
    assert [s.label for s in window.session.spans.all()] == ["LOC"]
    with Store.open(team) as store:
        latest = store.changes("t0", limit=1)[0]
    assert (latest["annotator"], latest["via"]) == ("gold", "curate")
    # Another version replaces gold's: one answer per stretch.
    press(window, Qt.Key.Key_Return, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_1)
    assert gold(team) == [(CITY, "GPE")]
    press(window, Qt.Key.Key_Z, CTRL)
    assert gold(team) == [(CITY, "LOC")]
    press(window, Qt.Key.Key_Z, CTRL)
    assert gold(team) == [] and len(window.session.spans) == 0
    press(window, Qt.Key.Key_Y, CTRL)
    assert gold(team) == [(CITY, "LOC")]


def test_a_single_version_is_accepted_at_once_and_reject_takes_it_out(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    press(window, Qt.Key.Key_PageUp, ALT)  # NATO: only ana's ORG
    press(window, Qt.Key.Key_Return, ALT)
    assert gold(team) == [(NATO, "ORG")]
    press(window, Qt.Key.Key_Delete, ALT)
    assert gold(team) == []
    assert window.view.selection_range() == WORDS[CITY]  # and on to the next one
    press(window, Qt.Key.Key_Z, CTRL)
    assert gold(team) == [(NATO, "ORG")]


def test_accept_agreed_is_one_undo_step(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    press(window, Qt.Key.Key_Return, CTRL_SHIFT)
    assert sorted(gold(team)) == sorted([(PERSON, "PER"), (UKRAINE, "GPE")])
    assert len(window.session.spans) == 2
    press(window, Qt.Key.Key_Return, CTRL_SHIFT)  # nothing left to accept
    assert len(gold(team)) == 2
    press(window, Qt.Key.Key_Z, CTRL)
    assert gold(team) == [] and len(window.session.spans) == 0
    press(window, Qt.Key.Key_Y, CTRL)
    assert len(gold(team)) == 2


def test_the_curator_name_comes_from_the_settings(qtbot, team: Path) -> None:
    from annotator.gui.settings import settings

    settings().setValue("curator", "chief")
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    press(window, Qt.Key.Key_Return, CTRL_SHIFT)
    with Store.open(team) as store:
        assert len(store.spans("t0", "chief")) == 2 and store.spans("t0", "gold") == []


def test_compare_mode_follows_annotators_changing_their_files(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    assert len(window.compare.comparison.disagreements) == 2
    with Store.open(team) as store:  # omar labels NATO too, as ana did: still not everyone
        store.add_span("t0", *WORDS[NATO], "entity", "ORG", "omar")
        store.add_span("t0", *WORDS[NATO], "entity", "ORG", "sara")
    qtbot.waitUntil(lambda: len(window.compare.comparison.disagreements) == 1, timeout=5000)


# -- dashboard -------------------------------------------------------------------------------


def test_the_dashboard_is_built_on_demand_and_paints_the_numbers(qtbot, team: Path) -> None:
    window = open_window(qtbot, team, "lead")
    assert window.findChild(object, "dashboardDock") is None  # nothing at start-up
    press(window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    dock = window.dashboard.dock
    assert dock is not None and dock.isVisible()
    done, labels, f1, kappa = dock.charts
    assert [(b.group, b.value) for b in done.bars] == [("ana", 1), ("omar", 1), ("sara", 1)]
    assert labels.value("ana", "ORG") == 1 and labels.value("sara", "LOC") == 1
    assert (
        f1.value("ana–omar", "GPE") == 1.0 and f1.value("omar–sara", "GPE") == 0.667
    )  # 1 of 2, 1 of 1
    charts = dock.chart_area.findChildren(object, "barChart")
    assert [c.chart.title for c in charts] == [c.title for c in dock.charts]
    assert charts[1].rows()[:2] == [("ana", "GPE", 2), ("", "ORG", 1)]
    assert not dock.grab().isNull()
    with Store.open(team) as store:  # refreshed on demand
        store.add_span("t0", *WORDS[NATO], "entity", "ORG", "omar")
    dock.refresh_button.click()
    assert dock.charts[1].value("omar", "ORG") == 1


def test_the_document_list_counts_every_annotators_spans_before_and_after_a_label(
    qtbot, team: Path
) -> None:
    """Found by hand: the open row counted only the spans shown (mine) after a label, the
    page every annotator's, so the number jumped from 10 to 5 and back."""
    window = open_window(qtbot, team, "ana")
    model = window.documents.model
    qtbot.waitUntil(lambda: any(info.id == "t0" for info in model.rows))
    row = next(i for i, info in enumerate(model.rows) if info.id == "t0")
    assert model.rows[row].spans == 10
    window.session.add_span(*WORDS[CITY], "entity", "LOC")  # ana's second label of Seoul
    qtbot.waitUntil(lambda: model.rows[row].spans == 11)
