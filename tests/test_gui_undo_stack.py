"""Undo and redo through Qt's own QUndoStack: one stack per document in a QUndoGroup, the
Edit menu's Undo/Redo following the group, and a refused step that leaves its stack put."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtTest import QTest

from annotator.errors import ConflictError
from annotator.gui.commands import StackCommand, redo, undo
from annotator.store import Store
from tests.guitools import RTL, make_project, shown_window
from tests.helpers import run_cli

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NATO = RTL.index("ناتو")


@pytest.fixture
def window(qtbot, tmp_path: Path):
    db = make_project(tmp_path)
    second = tmp_path / "seoul.jsonl"
    second.write_text(json.dumps({"id": "seoul", "text": "زار ستولتنبرغ سيئول."}), "utf-8")
    assert run_cli("import", "--db", db, second).exit_code == 0
    return shown_window(qtbot, db)


def key(window, sequence: str) -> None:
    combo = QKeySequence(sequence)[0]
    QTest.keyClick(window.view, combo.key(), combo.keyboardModifiers())


def stored_labels(window, doc_id: str = "nato") -> list[str]:
    with Store.open(window.session.store.path) as store:
        return [span.label for span in store.spans(doc_id)]


def test_each_document_has_its_own_qundostack_in_one_group(window) -> None:
    group = window.undo_stacks
    assert isinstance(group, QUndoGroup)
    nato = group.activeStack()
    assert isinstance(nato, QUndoStack) and nato.count() == 0
    window.view.set_selection(NATO, NATO + 4)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    assert nato.count() == 1 and isinstance(nato.command(0), QUndoCommand)
    assert nato.undoText() == "Label ORG"
    assert stored_labels(window) == ["ORG"]  # done once: the push's redo did not add a twin
    window.step_document(+1)
    assert window.session.doc_id == "seoul"
    seoul = group.activeStack()
    assert seoul is not nato and seoul.count() == 0 and set(group.stacks()) == {nato, seoul}
    undo_action = window.findChild(QAction, "undo")
    assert not undo_action.isEnabled()
    key(window, "Ctrl+Z")  # nothing to undo in this document: nato's span stays
    assert stored_labels(window) == ["ORG"]
    window.step_document(-1)
    assert group.activeStack() is nato and undo_action.isEnabled()
    key(window, "Ctrl+Z")
    assert stored_labels(window) == [] and nato.index() == 0


def test_undo_and_redo_actions_follow_the_group(window) -> None:
    undo_action = window.findChild(QAction, "undo")
    redo_action = window.findChild(QAction, "redo")
    assert undo_action.shortcut().matches(QKeySequence("Ctrl+Z"))
    redo_keys = {k.toString() for k in redo_action.shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= redo_keys
    assert not undo_action.isEnabled() and not redo_action.isEnabled()
    window.view.set_selection(NATO, NATO + 4)
    QTest.keyClick(window.view, Qt.Key.Key_2)
    assert undo_action.isEnabled() and "Label ORG" in undo_action.text()
    key(window, "Ctrl+Z")
    assert not undo_action.isEnabled() and redo_action.isEnabled()
    assert "Label ORG" in redo_action.text()
    key(window, "Ctrl+Shift+Z")
    assert stored_labels(window) == ["ORG"] and undo_action.isEnabled()
    key(window, "Ctrl+Z")
    key(window, "Ctrl+Y")
    assert stored_labels(window) == ["ORG"] and window.undo_stacks.activeStack().index() == 1


class Flaky:
    """A plain command that the database refuses while `refuse` is set."""

    text = "Flaky"

    def __init__(self) -> None:
        self.refuse = False
        self.calls: list[str] = []

    def undo(self) -> None:
        self._call("undo")

    def redo(self) -> None:
        self._call("redo")

    def _call(self, name: str) -> None:
        if self.refuse:
            raise ConflictError("changed elsewhere")
        self.calls.append(name)


def test_a_refused_step_leaves_a_real_qundostack_where_it_was(qapp) -> None:
    stack = QUndoStack()
    flaky = Flaky()
    stack.push(StackCommand(flaky))
    assert flaky.calls == [] and stack.index() == 1  # carried out before the push
    flaky.refuse = True
    with pytest.raises(ConflictError):
        undo(stack)
    assert stack.index() == 1 and stack.canUndo() and flaky.calls == []
    flaky.refuse = False
    undo(stack)
    assert stack.index() == 0 and flaky.calls == ["undo"]
    flaky.refuse = True
    with pytest.raises(ConflictError):
        redo(stack)
    assert stack.index() == 0 and stack.canRedo() and flaky.calls == ["undo"]
    flaky.refuse = False
    redo(stack)
    assert stack.index() == 1 and flaky.calls == ["undo", "redo"]
