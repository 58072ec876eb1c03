"""Guidelines at hand: the schema's guidelines file in a dock (kept in the project), label
descriptions as tips in the label menu, the right-click menu and the inspector."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.resources import default_schema_source
from tests.guitools import shown_window
from tests.helpers import run_cli

GUIDE = "# دليل التوسيم\n\nLabel **countries** as GPE, never the proclitic ل.\n"


def test_the_guidelines_dock_shows_the_file_the_schema_names(qtbot, tmp_path: Path) -> None:
    schema = tmp_path / "schema.toml"
    schema.write_text('guidelines = "guide.md"\n' + default_schema_source(), encoding="utf-8")
    (tmp_path / "guide.md").write_text(GUIDE, encoding="utf-8")
    document = tmp_path / "d.txt"
    document.write_text("قال الأمين العام", encoding="utf-8")
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, "--schema", schema, document).exit_code == 0
    (tmp_path / "guide.md").unlink()  # the project keeps its own copy
    window = shown_window(qtbot, db)
    dock = window.findChild(type(window.tools.guidelines), "guidelinesDock")
    shown = dock.browser.toPlainText()
    assert "دليل التوسيم" in shown and "Label countries as GPE" in shown
    assert "Geo-political entity" in shown  # and every label's description below
    assert dock.toggleViewAction() in window.menus["&View"].actions()


def test_label_descriptions_are_tips_in_menus_and_the_inspector(qtbot, tmp_path: Path) -> None:
    from tests.guitools import make_project

    db = make_project(tmp_path, spans=[{"start": 0, "end": 3, "layer": "entity", "label": "PER"}])
    window = shown_window(qtbot, db, annotator="tester")  # who imported the span
    labels_menu = window.menus["&Labels"]
    assert labels_menu.toolTipsVisible()
    entity_menu = labels_menu.actions()[0].menu()
    assert entity_menu.toolTipsVisible()
    gpe = next(a for a in entity_menu.actions() if a.objectName() == "label:entity:GPE")
    assert "Geo-political entity" in gpe.toolTip()
    window.session.select(window.session.spans.all()[0])
    box = window.inspector.label
    tips = [box.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(box.count())]
    assert any(tip and tip.startswith("Geo-political entity") for tip in tips)
    assert all(tips)
