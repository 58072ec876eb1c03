"""Two windows, other annotators and a busy database: nothing freezes, nothing is lost,
and undo or redo touch only what this window did (issue 8)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from annotator.errors import AnnotatorError, StoreBusyError
from annotator.gui import create_main_window
from annotator.gui.writer import GUI_BUSY_TIMEOUT
from annotator.model import Relation, Span
from annotator.store import Store
from annotator.sync import diff_annotations
from annotator.writequeue import WriteQueue
from tests.guitools import RTL, TEXT, make_project, press

CTRL = Qt.KeyboardModifier.ControlModifier
NATO = RTL.index("ناتو")
JENS = RTL.index("ينس")
KYIV = RTL.index("لأوكرانيا")


def open_window(qtbot, db: Path, annotator: str):
    window = create_main_window(db, annotator=annotator)
    window.annotator_filter.choose("everyone")  # these windows follow colleagues' spans too
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.view.setFocus()
    return window



def label(window, start: int, end: int, key: Qt.Key) -> None:
    """Select `[start, end)` and press a label key, as a user would."""
    window.view.set_selection(start, end)
    press(window, key)


def stored(db: Path) -> list[tuple[str, str, str, str]]:
    """Return (id, text, label, annotator) of every stored span, read by another connection."""
    with Store.open(db) as store:
        text = store.text("nato")
        return [(s.id, text[s.start : s.end], s.label, s.annotator) for s in store.spans("nato")]


def shown(window) -> list[tuple[str, str, str]]:
    text = window.session.text
    return [(s.id, text[s.start : s.end], s.label) for s in window.session.spans.all()]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def write_lock(db: Path) -> Iterator[sqlite3.Connection]:
    """Another connection that takes the write lock (`BEGIN IMMEDIATE`) and holds it, as a
    long CLI import does, until the test rolls back."""
    locker = sqlite3.connect(db, isolation_level=None)
    try:
        yield locker
    finally:
        if locker.in_transaction:
            locker.rollback()
        locker.close()


# -- 1. undo and redo act only on their own span ------------------------------------------------


def test_redo_after_another_window_labelled_keeps_both_spans_apart(qtbot, db: Path) -> None:
    ana, bob = open_window(qtbot, db, "ana"), open_window(qtbot, db, "bob")
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    [(ana_id, _, _, _)] = stored(db)
    press(ana, Qt.Key.Key_Z, CTRL)
    label(bob, JENS, JENS + 3, Qt.Key.Key_1)
    press(ana, Qt.Key.Key_Y, CTRL)  # redo: its own id, never bob's span
    assert ana.last_error is None
    assert stored(db) == [
        (ana_id, "ناتو", "ORG", "ana"),
        (bob.session.spans.all()[0].id, "ينس", "PER", "bob"),
    ]
    press(ana, Qt.Key.Key_Z, CTRL)
    assert [row[3] for row in stored(db)] == ["bob"]
    assert ana.last_error is None


def test_undo_of_a_span_changed_elsewhere_fails_and_the_stack_stays(qtbot, db: Path) -> None:
    ana = open_window(qtbot, db, "ana")
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    stack = ana.undo_stacks.activeStack()
    [(span_id, _, _, _)] = stored(db)
    with Store.open(db) as other:  # another annotator relabels ana's span meanwhile
        other.update_span("nato", span_id, "bob", label="MISC")
    press(ana, Qt.Key.Key_Z, CTRL)
    assert "changed elsewhere" in (ana.last_error or "")
    assert stack.index() == 1 and stack.canUndo()
    assert stored(db) == [(span_id, "ناتو", "MISC", "ana")]


def test_undo_of_a_relabel_changed_again_elsewhere_leaves_theirs(qtbot, db: Path) -> None:
    ana = open_window(qtbot, db, "ana")
    label(ana, KYIV, KYIV + 9, Qt.Key.Key_3)
    ana.editor.relabel_selected("LOC")
    [(span_id, _, _, _)] = stored(db)
    with Store.open(db) as other:
        other.update_span("nato", span_id, "bob", start=KYIV + 1)
    press(ana, Qt.Key.Key_Z, CTRL)
    assert "changed elsewhere" in (ana.last_error or "")
    assert stored(db) == [(span_id, "أوكرانيا", "LOC", "ana")]
    assert ana.undo_stacks.activeStack().index() == 2


def test_undo_of_a_span_removed_elsewhere_fails_and_can_be_skipped(qtbot, db: Path) -> None:
    ana = open_window(qtbot, db, "ana")
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    [(span_id, _, _, _)] = stored(db)
    with Store.open(db) as other:
        other.delete_span("nato", span_id, "bob")
    press(ana, Qt.Key.Key_Z, CTRL)
    assert "removed elsewhere" in (ana.last_error or "")
    assert ana.undo_stacks.activeStack().index() == 1 and stored(db) == []


# -- 2. labelling what is labelled already ------------------------------------------------------


def test_labelling_an_existing_span_selects_it_and_adds_nothing(qtbot, db: Path) -> None:
    ana = open_window(qtbot, db, "ana")
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    label(ana, JENS, JENS + 3, Qt.Key.Key_1)
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    existing = ana.session.spans.all()[0]
    assert ana.session.selected == existing
    assert "Already labelled" in ana.statusBar().currentMessage()
    assert ana.last_error is None
    assert ana.undo_stacks.activeStack().count() == 2
    assert [row[1] for row in stored(db)] == ["ناتو", "ينس"]


def test_the_same_span_from_a_second_window_selects_the_first(qtbot, db: Path) -> None:
    first, second = open_window(qtbot, db, "ana"), open_window(qtbot, db, "ana")
    label(first, NATO, NATO + 4, Qt.Key.Key_2)
    label(second, NATO, NATO + 4, Qt.Key.Key_2)
    assert len(stored(db)) == 1
    assert second.session.selected is not None
    assert second.session.selected.id == stored(db)[0][0]
    assert "Already labelled" in second.statusBar().currentMessage()
    assert second.undo_stacks.activeStack().count() == 0


# -- 3. a busy database never freezes the window ------------------------------------------------


def test_actions_wait_in_order_while_another_program_holds_the_lock(
    qtbot, db: Path, write_lock: sqlite3.Connection
) -> None:
    ana = open_window(qtbot, db, "ana")
    assert ana.session.store.busy_timeout == GUI_BUSY_TIMEOUT
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    write_lock.execute("BEGIN IMMEDIATE")
    label(ana, JENS, JENS + 3, Qt.Key.Key_1)
    press(ana, Qt.Key.Key_Z, CTRL)  # after the label before it: undoes ينس
    label(ana, KYIV, KYIV + 9, Qt.Key.Key_3)
    # Every key press returned while the lock is still held, and nothing unsaved is shown.
    assert write_lock.in_transaction
    assert shown(ana) == [("T1", "ناتو", "ORG")]
    assert ana.writer.pending == 3 and ana.writer.label.isVisible()
    assert "Waiting for the database" in ana.writer.label.text()
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks))  # the event loop runs meanwhile
    assert write_lock.in_transaction and ana.writer.pending == 3
    write_lock.rollback()
    qtbot.waitUntil(lambda: ana.writer.pending == 0, timeout=5000)
    assert not ana.writer.label.isVisible()
    assert [row[1:3] for row in stored(db)] == [("ناتو", "ORG"), ("لأوكرانيا", "GPE")]
    assert [text for _id, text, _label in shown(ana)] == ["ناتو", "لأوكرانيا"]
    with Store.open(db) as store:
        log = [(c["action"], c["via"]) for c in reversed(store.changes("nato"))][1:]
    assert log == [
        ("span.create", "edit"),
        ("span.create", "edit"),
        ("span.delete", "undo"),
        ("span.create", "edit"),
    ]
    assert ana.last_error is None


def test_closing_with_waiting_actions_closes_once_they_are_saved(
    qtbot, db: Path, write_lock: sqlite3.Connection
) -> None:
    ana = open_window(qtbot, db, "ana")
    write_lock.execute("BEGIN IMMEDIATE")
    label(ana, NATO, NATO + 4, Qt.Key.Key_2)
    ana.close()
    assert ana.isVisible() and write_lock.in_transaction
    write_lock.rollback()
    qtbot.waitUntil(lambda: not ana.isVisible(), timeout=5000)
    assert [row[1] for row in stored(db)] == ["ناتو"]


# -- 4. following changes made elsewhere --------------------------------------------------------


def test_window_follows_another_window_and_keeps_selection_and_scroll(
    qtbot, tmp_path: Path
) -> None:
    long_text = "\n".join([TEXT] * 60)
    db = make_project(tmp_path, text=long_text)
    ana, bob = open_window(qtbot, db, "ana"), open_window(qtbot, db, "bob")
    late = long_text.rindex("ناتو")
    label(ana, late, late + 4, Qt.Key.Key_2)
    mine = ana.session.selected
    scroll = ana.view.verticalScrollBar()
    assert mine is not None and scroll.value() > 0
    position = scroll.value()
    label(bob, NATO, NATO + 4, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: len(ana.session.spans) == 2, timeout=5000)
    assert ana.spans.model.rowCount() == 2
    assert ana.session.selected == mine and scroll.value() == position
    with Store.open(db) as cli:  # a CLI-style write: another annotator relabels ana's span
        cli.update_span("nato", mine.id, "carla", label="MISC")
    qtbot.waitUntil(lambda: ana.session.selected.label == "MISC", timeout=5000)
    assert ana.session.selected.id == mine.id and scroll.value() == position
    qtbot.waitUntil(lambda: len(bob.session.spans) == 2, timeout=5000)
    with Store.open(db) as cli:
        cli.delete_span("nato", mine.id, "carla")
    qtbot.waitUntil(lambda: len(ana.session.spans) == 1, timeout=5000)
    assert ana.session.selected is None and ana.spans.model.rowCount() == 1
    press(ana, Qt.Key.Key_Z, CTRL)  # ana's span is gone: not ours to undo
    assert "removed elsewhere" in (ana.last_error or "")
    assert [row[3] for row in stored(db)] == ["bob"]


def test_relations_made_elsewhere_appear(qtbot, db: Path) -> None:
    ana = open_window(qtbot, db, "ana")
    with Store.open(db) as cli:
        claim = cli.add_span("nato", 0, len(RTL), "claim", "CLAIM", "bob")
        person = cli.add_span("nato", JENS, JENS + 13, "entity", "PER", "bob")
        cli.add_relation("nato", "claimant", claim.id, person.id, "bob")
    qtbot.waitUntil(lambda: len(ana.session.relations) == 1, timeout=5000)
    assert len(ana.session.spans) == 2


# -- the parts without Qt ------------------------------------------------------------------------


def test_write_queue_keeps_order_and_reports_other_errors(
    db: Path, write_lock: sqlite3.Connection
) -> None:
    errors: list[AnnotatorError] = []
    queue = WriteQueue(errors.append)
    with Store.open(db, busy_timeout=0.05) as store:
        write_lock.execute("BEGIN IMMEDIATE")

        def add(start: int, end: int) -> None:
            store.add_span("nato", start, end, "entity", "PER", "ana")

        assert not queue.submit(lambda: add(0, 3))
        assert not queue.submit(lambda: add(0, 999))  # out of range: fails when applied
        assert not queue.submit(lambda: add(4, 9))
        assert queue.drain() == 0 and len(queue) == 3
        assert isinstance(queue.last_busy, StoreBusyError)
        write_lock.rollback()
        assert queue.drain() == 3 and len(queue) == 0
        assert [(s.start, s.end) for s in store.spans("nato")] == [(0, 3), (4, 9)]
    assert len(errors) == 1 and "out of range" in str(errors[0])


def test_diff_of_annotations_by_id() -> None:
    a = Span("T1", 0, 3, "entity", "PER", {}, "ana")
    b = Span("T2", 4, 9, "entity", "ORG", {}, "ana")
    moved = a._replace(start=1)
    c = Span("T3", 5, 6, "stance", "STANCE", {"polarity": "favor"}, "bob")
    link = Relation("R1", "holder", "T3", "T2", "bob")
    diff = diff_annotations({"T1": a, "T2": b}, [moved, c], {}, [link])
    assert diff.removed == [b] and diff.added == [c] and diff.changed == [(a, moved)]
    assert diff.relations_changed
    assert not diff_annotations({"T1": a}, [a._replace(attrs={})], {"R1": link}, [link])
