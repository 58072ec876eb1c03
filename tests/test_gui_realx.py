"""Found by using the app under a real X server with an Arabic keyboard layout (UX2):
a numbered menu answers the Arabic-Indic digits, and the first window fits a small screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from tests.guitools import press
from tests.team_helpers import WORDS
from tests.test_gui_team import ALT, gold, open_window, team  # noqa: F401 (fixture)

CITY = "سيئول"


def test_an_arabic_indic_digit_chooses_a_version_in_the_numbered_menu(
    qtbot,
    team: Path,  # noqa: F811
) -> None:
    window = open_window(qtbot, team, "lead")
    press(window, Qt.Key.Key_F6)
    press(window, Qt.Key.Key_PageDown, ALT)  # Seoul: GPE (ana, omar) or LOC (sara)
    assert window.view.selection_range() == WORDS[CITY]
    press(window, Qt.Key.Key_Return, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    # What the digit row's 2 sends under an Arabic layout: the key and text of ٢.
    QTest.sendKeyEvent(
        QTest.KeyAction.Click, menu, Qt.Key(0x0662), "٢", Qt.KeyboardModifier.NoModifier
    )
    assert gold(team) == [(CITY, "LOC")]
    assert not menu.isVisible()


def test_the_first_window_fits_the_screen_with_its_frame(qtbot, tmp_path: Path) -> None:
    from annotator.gui import create_main_window
    from tests.guitools import make_project

    window = create_main_window(make_project(tmp_path), remember=True)  # nothing saved yet
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()  # offscreen: 800x800, less than 1280x800
    assert window.width() <= room.width()
    assert window.height() + 40 <= room.height()  # the status bar stays on screen


def test_opening_another_document_lets_go_of_the_selected_span(qtbot, tmp_path: Path) -> None:
    """Found by hand: the inspector kept a span of the previous document (its note, its
    Delete button) after another document was opened."""
    import json

    from annotator.gui import create_main_window
    from tests.helpers import run_cli

    source = tmp_path / "two.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {
                    "id": doc,
                    "text": "قال ينس ستولتنبرغ في سيئول",
                    "spans": [{"start": 4, "end": 17, "layer": "entity", "label": "PER"}],
                },
                ensure_ascii=False,
            )
            + "\n"
            for doc in ("a", "b")
        ),
        encoding="utf-8",
    )
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, "--annotator", "ana", source).exit_code == 0
    window = create_main_window(db, "a", annotator="ana")
    qtbot.addWidget(window)
    window.show()
    window.session.select(window.session.spans.all()[0])
    assert window.inspector.delete.isEnabled()
    window.open_document("b")
    assert window.session.selected is None
    assert not window.inspector.delete.isEnabled()  # nothing of document a to delete
