"""The search panel, the find bar and label all, with real clicks and keys: offsets exact
after emoji and diacritics, a project search in slices that Stop ends, a preview with
checkboxes, and one Ctrl+Z that takes a whole label-all back."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import Store
from tests.guitools import shown_window
from tests.helpers import run_cli

FIRST = "😀🇺🇦 قال الأمين العام إن الدعم لِأُوكْرَانِيَا مستمر."
SECOND = "👩‍💻 زار ستولتنبرغ أوكـرانيا\nثم تحدث عنأوكرانيا وعن وأوكرانيا، وأوكرانيا."


def project(tmp_path: Path, documents: dict[str, str], spans=None) -> Path:
    source = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": i, "text": t, "spans": (spans or {}).get(i, [])}, ensure_ascii=False)
        for i, t in documents.items()
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, "--annotator", "ana", source)
    assert result.exit_code == 0, result.output
    return db


def active_window(qtbot, db: Path):
    """The main window, shown and active (window shortcuts reach their actions)."""
    window = shown_window(qtbot, db, annotator="ana")
    qtbot.waitUntil(window.isActiveWindow)
    return window


def stored(db: Path, doc_id: str) -> list[tuple[int, int, str]]:
    with Store.open(db, readonly=True) as store:
        return [(s.start, s.end, s.label) for s in store.spans(doc_id, "ana")]


def click_row(qtbot, table, row: int, column: int = 2) -> None:
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def search(qtbot, window, query: str, scope: str = "document") -> None:
    panel = window.tools.search
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: panel.field.hasFocus())
    panel.scope.setCurrentIndex(panel.scope.findData(scope))
    panel.field.setText(query)  # QTest types ASCII only
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.running)


def test_a_clicked_hit_opens_its_document_with_exactly_the_hit_selected(
    qtbot, tmp_path: Path
) -> None:
    db = project(tmp_path, {"one": FIRST, "two": SECOND})
    window = active_window(qtbot, db)
    assert window.session.doc_id == "one"
    search(qtbot, window, "اوكرانيا", scope="project")
    panel = window.tools.search
    found = [(f.hit.doc_id, f.hit.text) for f in panel.model.found]
    # Diacritics and tatweel in the text, proclitics outside the hit, inside words listed.
    assert found == [
        ("one", "أُوكْرَانِيَا"),
        ("two", "أوكـرانيا"),
        ("two", "أوكرانيا"),  # in عنأوكرانيا: listed (whole word is off by default)
        ("two", "أوكرانيا"),
        ("two", "أوكرانيا"),
    ]
    click_row(qtbot, panel.table, 3)
    hit = panel.model.found[3].hit
    qtbot.waitUntil(lambda: window.session.doc_id == "two")
    qtbot.waitUntil(lambda: window.view.selection_range() == (hit.start, hit.end))
    assert SECOND[hit.start : hit.end] == "أوكرانيا" and SECOND[hit.start - 1] == "و"
    assert window.view.hasFocus()
    click_row(qtbot, panel.table, 0)  # back to the first document, after its emoji
    qtbot.waitUntil(lambda: window.session.doc_id == "one")
    start, end = window.view.selection_range()
    assert FIRST[start:end] == "أُوكْرَانِيَا" and FIRST[start - 2 : start] == "لِ"


def test_whole_word_checkbox_keeps_proclitics_out_and_words_apart(qtbot, tmp_path: Path) -> None:
    db = project(tmp_path, {"two": SECOND})
    window = active_window(qtbot, db)
    panel = window.tools.search
    qtbot.mouseClick(panel.boxes["whole_word"], Qt.MouseButton.LeftButton)
    assert panel.options().whole_word and panel.options().ignore_diacritics
    search(qtbot, window, "اوكرانيا")
    assert [f.hit.start for f in panel.model.found] == [
        SECOND.index("أوكـرانيا"),
        SECOND.index("وأوكرانيا،") + 1,
        SECOND.rindex("أوكرانيا"),
    ]


def test_a_project_search_runs_in_slices_and_stop_ends_it(qtbot, tmp_path: Path) -> None:
    db = project(tmp_path, {f"d{i:03}": f"خبر رقم {i} عن أوكرانيا" for i in range(40)})
    window = active_window(qtbot, db)
    panel = window.tools.search
    panel.open()
    panel.slice_seconds = 0.0  # one document per slice: the window runs between them
    panel.scope.setCurrentIndex(panel.scope.findData("project"))
    panel.field.setText("اوكرانيا")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    job = panel.job
    assert panel.running and job is not None and job.searched == 1  # one slice, then back
    QApplication.processEvents()  # the window's turn: the timer gives the search one more
    assert panel.running and 1 < job.searched < 40
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert not panel.running and job.cancelled and job.searched < 40
    assert "stopped" in panel.summary.text()
    assert len(panel.model.found) == job.searched  # one hit per searched document


def test_the_find_bar_matches_as_search_does(qtbot, tmp_path: Path) -> None:
    db = project(tmp_path, {"one": FIRST})
    window = active_window(qtbot, db)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    window.find_field.setText("اوكرانيا")
    qtbot.keyClick(window.find_field, Qt.Key.Key_Return)
    start, end = window.view.selection_range()
    assert FIRST[start:end] == "أُوكْرَانِيَا"


def dialog_rows(dialog) -> list[tuple[str, bool, bool, str]]:
    rows = []
    for row in range(dialog.tree.topLevelItemCount()):
        item = dialog.item(row)
        rows.append(
            (
                item.text(2),
                item.checkState(0) == Qt.CheckState.Checked,
                bool(item.flags() & Qt.ItemFlag.ItemIsEnabled),
                item.text(4),
            )
        )
    return rows


def test_label_all_previews_then_labels_in_one_step_that_one_undo_takes_back(
    qtbot, tmp_path: Path
) -> None:
    first = SECOND.index("أوكـرانيا")
    inner = SECOND.index("عنأوكرانيا") + 2
    after_wa = SECOND.index("وأوكرانيا،") + 1
    last = SECOND.rindex("أوكرانيا")
    spans = {
        "two": [
            {"start": first, "end": first + 9, "layer": "entity", "label": "GPE"},
            {"start": last - 1, "end": last + 8, "layer": "entity", "label": "ORG"},
        ]
    }
    db = project(tmp_path, {"two": SECOND}, spans)
    window = active_window(qtbot, db)
    panel = window.tools.search
    search(qtbot, window, "اوكرانيا")
    panel.choose_label("entity", "GPE")
    qtbot.mouseClick(panel.label_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tools.dialog is not None and window.tools.dialog.isVisible())
    dialog = window.tools.dialog
    assert not dialog.isModal()
    rows = dialog_rows(dialog)
    assert rows[0] == (f"{first}–{first + 9}", False, False, "already labelled")
    assert rows[1][:3] == (f"{inner}–{inner + 8}", False, True)  # inside عنأوكرانيا: off
    assert "inside a longer word" in rows[1][3]
    assert rows[2] == (f"{after_wa}–{after_wa + 8}", True, True, "")
    assert rows[3][:3] == (f"{last}–{last + 8}", True, True) and "overlaps" in rows[3][3]
    before = stored(db, "two")

    apply = dialog.apply_button
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stored(db, "two")) == len(before) + 2)
    added = sorted(set(stored(db, "two")) - set(before))
    assert added == [(after_wa, after_wa + 8, "GPE"), (last, last + 8, "GPE")]
    assert all(SECOND[s:e] == "أوكرانيا" for s, e, _ in added)  # never the و
    assert len(window.session.spans.all()) == len(before) + 2

    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(db, "two") == before)
    assert len(window.session.spans.all()) == len(before)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(stored(db, "two")) == len(before) + 2)


def test_label_all_like_this_labels_across_the_project_and_one_undo_takes_all_back(
    qtbot, tmp_path: Path
) -> None:
    documents = {"one": FIRST, "two": SECOND, "three": "لا شيء هنا"}
    start = FIRST.index("أُوكْرَانِيَا")
    spans = {"one": [{"start": start, "end": start + 13, "layer": "entity", "label": "GPE"}]}
    db = project(tmp_path, documents, spans)
    window = active_window(qtbot, db)
    window.tools.search.scope.setCurrentIndex(1)  # the whole project
    window.session.select(window.session.spans.all()[0])
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.tools.dialog is not None and window.tools.dialog.isVisible())
    dialog = window.tools.dialog
    assert window.tools.search.field.text() == FIRST[start : start + 13]
    # The span itself is already labelled; in the second document, 3 new, 1 inside a word.
    assert [r[1] for r in dialog_rows(dialog)] == [False, True, False, True, True]
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stored(db, "two")) == 3)
    assert stored(db, "one") == [(start, start + 13, "GPE")]
    assert window.session.doc_id == "one"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: stored(db, "two") == [])
    assert stored(db, "one") == [(start, start + 13, "GPE")]
    QApplication.processEvents()


def test_opening_another_document_with_text_selected_raises_nothing(qtbot, tmp_path: Path) -> None:
    """The old selection's UTF-16 positions mean nothing in the new text (they used to reach
    selection_range as -1 and raise in every selectionChanged slot)."""
    db = project(tmp_path, {"one": FIRST, "two": SECOND})
    window = active_window(qtbot, db)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.doc_id == "two")
    window.view.set_selection(40, 48)
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.doc_id == "one")
    assert window.view.selection_range() == (0, 0)
