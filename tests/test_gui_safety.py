"""The app's side of issue 8's promises: label shortcuts never collide with the window's own
keys, and a damaged database is one clear error, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.schema import parse_schema
from tests.helpers import run_cli
from tests.test_data_safety import damage, project  # noqa: F401 - the fixture


def test_no_window_command_can_be_a_label_shortcut(qapp) -> None:
    """Label shortcuts that the schema accepts never collide with the window's commands."""
    from PySide6.QtGui import QKeySequence

    from annotator.gui.actions import SPECS

    for spec in SPECS:
        for key in spec.keys:
            for text in filter(None, QKeySequence(key).toString().split(", ")):
                toml = f'[[layers]]\nname = "e"\n[[layers.labels]]\nname = "X"\nshortcut = "{text}"'
                with pytest.raises(AnnotatorError, match="not allowed"):
                    parse_schema(toml)


@pytest.mark.parametrize("how", ["missing table", "damaged page"])
def test_the_app_on_a_damaged_database_is_one_clear_error(
    tmp_path: Path, project: Path, how: str  # noqa: F811
) -> None:
    damage(project, how)
    result = run_cli("gui", "--db", project, "--screenshot", tmp_path / "s.png")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and "damaged" in result.output


def test_the_first_start_shows_the_sample_labelled_as_the_linguist(qtbot, tmp_path: Path) -> None:
    """The app shows each linguist their own spans: the bundled sample must be theirs, or
    the first window would show an unlabelled article."""
    from annotator.gui import create_main_window
    from annotator.paths import default_database_path

    result = run_cli("gui", "--screenshot", tmp_path / "first.png")
    assert result.exit_code == 0, result.output
    window = create_main_window(default_database_path(), annotator="tester")
    qtbot.addWidget(window)
    assert len(window.session.spans) == 19
    assert {span.annotator for span in window.session.spans.all()} == {"tester"}
    window.close()
