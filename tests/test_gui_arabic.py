"""The interface in Arabic (issue 11): every visible string translated, the layout mirrored,
the article unchanged (each paragraph keeps its own direction, every glyph stays), the
language chosen by argument, setting or system, and the translation files up to date."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QFontComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
)

from annotator.gui.i18n import (
    ARABIC,
    ENGLISH,
    TRANSLATIONS,
    Language,
    chosen_language,
    mirrored_area,
)
from tests.guitools import LTR, TEXT, boundary_point, make_project

ROOT = Path(__file__).resolve().parents[1]
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# What may stay Latin inside a translated text: key names, the command line, the app's name.
KEYS = (
    "Ctrl", "Shift", "Alt", "Enter", "Return", "Esc", "PgDown", "PgUp", "Tab", "Del",
    "F6", "F7", "F8", "F9", "annotator import --db PROJECT.db FILES", "annotator",
    "English", "gold",
)  # fmt: skip


@pytest.fixture(autouse=True)
def english_afterwards():
    """Leave the application in English for the tests that follow in this process."""
    yield
    Language.apply(ENGLISH)


def open_window(qtbot, db: Path, lang: str | None):
    from annotator.gui import create_main_window

    window = create_main_window(db, annotator="ana", lang=lang)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.first_paint.finish()
    return window


@pytest.fixture
def arabic_window(qtbot, tmp_path: Path):
    return open_window(qtbot, make_project(tmp_path), ARABIC)


def schema_words(window) -> list[str]:
    """Data of the project that the interface shows as it is: label and layer names, their
    descriptions, relation types, the annotator's name and the document's id."""
    schema = window.session.schema
    words = [window.session.annotator, window.session.doc_id or ""]
    words += window.session.annotator_names()
    for layer in schema.layers:
        words += [layer.name, layer.description or ""]
        for label in layer.labels:
            words += [label.name, label.description or ""]
            words += [a.name for a in label.attributes]
            words += [v for a in label.attributes for v in a.values]
    words += [relation.name for relation in schema.relations]
    return sorted((w for w in words if w), key=len, reverse=True)


def untranslated(text: str, allowed: list[str]) -> bool:
    """Tell whether `text` still holds an English word (data and key names aside)."""
    for word in allowed + list(KEYS):
        text = text.replace(word, " ")
    return bool(LATIN_WORD.search(text.replace("&", "")))


def visible_texts(window) -> dict[str, str]:
    """Every interface text of the window and its menus, docks, dialogs: where -> text."""
    texts: dict[str, str] = {}
    for action in window.findChildren(QAction):
        if action.isSeparator() or action.objectName().startswith("label:"):
            continue  # a label action's text is the label's name (data)
        name = action.objectName() or action.text()
        texts[f"action {name}"] = action.text()
        texts[f"tip {name}"] = action.toolTip()
    for menu in window.findChildren(QMenu):
        texts[f"menu {menu.objectName() or menu.title()}"] = menu.title()
    for dock in window.findChildren(QDockWidget):
        texts[f"dock {dock.objectName()}"] = dock.windowTitle()
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if isinstance(widget, QToolButton):
            continue  # the label bar's buttons show the label names (data)
        texts[f"{type(widget).__name__} {widget.objectName()}"] = widget.text()
    for field in window.findChildren(QLineEdit):
        texts[f"placeholder {field.objectName()}"] = field.placeholderText()
    for box in window.findChildren(QComboBox):
        if isinstance(box, QFontComboBox) or box is window.inspector.label:
            continue  # font families and label names
        for row in range(box.count()):
            texts[f"combo {box.objectName()}:{row}"] = box.itemText(row)
    for table in window.findChildren(QTableView):
        model = table.model()
        for column in range(model.columnCount()):
            header = model.headerData(column, Qt.Orientation.Horizontal)
            texts[f"header {table.accessibleName()}:{column}"] = str(header or "")
    return texts


def test_every_visible_string_is_arabic(arabic_window, qtbot) -> None:
    window = arabic_window
    window.dashboard.show()  # docks and dialogs made on demand
    window.tools.search.show()
    window.open_settings()
    qtbot.waitUntil(lambda: window.findChild(QComboBox, "languageBox") is not None)
    texts = visible_texts(window)
    assert len(texts) > 150  # the walk sees the whole window
    assert texts["action undo"].startswith("&تراجع")
    assert texts["dock documentsDock"] == "المستندات"
    allowed = schema_words(window)
    left = {where: text for where, text in texts.items() if untranslated(text, allowed)}
    assert left == {}


def test_status_bar_idle_message_and_counts_are_arabic(arabic_window) -> None:
    window = arabic_window
    assert ARABIC_LETTER.search(window.selection_label.text())
    assert "(\u20661–9\u2069)" in window.selection_label.text()  # not shown as 9–1
    # Counts follow the Arabic locale (Arabic-Indic digits), as Qt writes them.
    assert "١" in window.progress_label.text() and "1" not in window.progress_label.text()
    window.view.set_selection(0, 3)
    assert "عدد المحارف" in window.selection_label.text()
    # Offsets read start–end also inside right-to-left text: isolated left to right.
    assert window.selection_label.text().startswith("\u20660–3\u2069")
    span = window.session.add_span(4, 10, "entity", "PER")
    model = window.spans.model
    cell = model.data(model.index(model.row_of(span.id), 5))
    assert cell == "\u20664–10\u2069"


def test_qt_own_buttons_are_arabic_too(arabic_window, qtbot) -> None:
    arabic_window.open_settings()
    qtbot.waitUntil(lambda: arabic_window.findChild(QComboBox, "languageBox") is not None)
    buttons = [b.text() for b in arabic_window.findChildren(QAbstractButton) if b.text()]
    assert "حسنًا" in buttons and "OK" not in buttons  # qtbase_ar.qm: the dialog's buttons
    assert "Cancel" not in buttons


def test_arabic_layout_is_mirrored(arabic_window) -> None:
    window = arabic_window
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    view = window.view.geometry()
    # The document list, left of the article in English, is on its right; the inspector left.
    assert window.documents.geometry().left() >= view.right()
    assert window.inspector.geometry().right() <= view.left()
    # Menus and the label bar run from the right: File right of Edit, PER right of STANCE.
    bar = window.menuBar()
    file_menu, edit_menu = window.menus["&File"], window.menus["&Edit"]
    assert (
        bar.actionGeometry(file_menu.menuAction()).left()
        > bar.actionGeometry(edit_menu.menuAction()).left()
    )
    first = window.label_bar.widgetForAction(window.findChild(QAction, "label:entity:PER"))
    last = window.label_bar.widgetForAction(window.findChild(QAction, "label:stance:STANCE"))
    assert first.x() > last.x()


def test_english_window_after_an_arabic_one_is_english_and_left_to_right(
    qtbot, tmp_path: Path
) -> None:
    db = make_project(tmp_path)
    open_window(qtbot, db, ARABIC).close()
    window = open_window(qtbot, db, ENGLISH)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.findChild(QAction, "undo").text() == "&Undo"
    assert window.documents.geometry().right() <= window.view.geometry().left()
    assert QLocale().language() == QLocale.Language.English


def block_layouts(window) -> list[tuple[bool, tuple, tuple]]:
    """Per paragraph: right-aligned?, its glyph indexes and their positions."""
    found = []
    block = window.view.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        runs = layout.glyphRuns(0, block.length())
        right = bool(layout.textOption().alignment() & Qt.AlignmentFlag.AlignRight)
        glyphs = tuple(tuple(run.glyphIndexes()) for run in runs)
        positions = tuple(tuple((p.x(), p.y()) for p in run.positions()) for run in runs)
        found.append((right, glyphs, positions))
        block = block.next()
    return found


def settled_layouts(qtbot, window) -> list[tuple[bool, tuple, tuple]]:
    """The paragraphs' layouts once painted (alignment is set as a paragraph paints)."""

    def painted() -> bool:
        window.view.viewport().repaint()
        return block_layouts(window)[0][0]

    qtbot.waitUntil(painted)
    return block_layouts(window)


def test_article_keeps_each_paragraphs_direction_in_the_arabic_interface(
    qtbot, tmp_path: Path
) -> None:
    db = make_project(tmp_path, text=TEXT)
    english = open_window(qtbot, db, ENGLISH)
    before = settled_layouts(qtbot, english)
    english.close()
    arabic = open_window(qtbot, db, ARABIC)
    after = settled_layouts(qtbot, arabic)
    assert after[0][0] and not after[-1][0]  # the Arabic paragraph right, the English left
    assert after == before  # same glyphs at the same places: the article is unchanged
    # The English paragraph starts at the left edge, the Arabic one ends at the right.
    view = arabic.view
    ltr_start = TEXT.index(LTR)
    assert view.cursorRect().left() >= 0
    assert boundary_point(view, ltr_start).x() < view.viewport().width() // 4
    assert boundary_point(view, 0).x() > view.viewport().width() * 3 // 4


def test_glyphs_stay_whole_under_a_painted_span_in_the_arabic_interface(
    qtbot, tmp_path: Path
) -> None:
    from annotator.gui import create_main_window
    from tests.helpers import run_cli
    from tests.test_gui_glyphs import TEXT as LAM_ALEF_TEXT
    from tests.test_gui_glyphs import WORD, glyphs, render, white_schema

    source = tmp_path / "d.jsonl"
    source.write_text(f'{{"id": "d", "text": "{LAM_ALEF_TEXT}"}}', encoding="utf-8")
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, "--schema", white_schema(tmp_path), source).exit_code == 0
    window = create_main_window(db, annotator="ana", lang=ARABIC)
    qtbot.addWidget(window)
    window.view.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #000000; }")
    window.show()
    qtbot.waitExposed(window)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    before_pixels, before_glyphs = render(window), glyphs(window)
    window.session.add_span(WORD + 1, WORD + 9, "entity", "GPE")  # inside the lam-alef
    assert glyphs(window) == before_glyphs
    assert render(window) == before_pixels


def test_language_comes_from_argument_then_setting_then_system() -> None:
    assert chosen_language("ar", "en") == "ar"
    assert chosen_language(None, "ar") == "ar"
    assert chosen_language("", "xx") == "en"  # tests run under LANG=C.UTF-8
    assert chosen_language(None, "") == "en"


def test_settings_language_opens_the_window_in_arabic(qtbot, tmp_path: Path) -> None:
    from annotator.gui.settings import UserSettings

    stored = UserSettings.load()
    stored.language = "ar"
    stored.save()
    window = open_window(qtbot, make_project(tmp_path), None)
    assert window.findChild(QAction, "undo").text().startswith("&تراجع")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_settings_dialog_keeps_the_chosen_language(arabic_window, qtbot) -> None:
    from annotator.gui.settings import UserSettings

    arabic_window.open_settings()
    qtbot.waitUntil(lambda: arabic_window.findChild(QComboBox, "languageBox") is not None)
    box = arabic_window.findChild(QComboBox, "languageBox")
    box.setCurrentIndex(box.findData("en"))
    box.window().accept()
    assert UserSettings.load().language == "en"
    assert QSettings("annotator", "annotator").value("language") == "en"


def test_cli_renders_the_arabic_interface(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    db = make_project(tmp_path)
    shot = tmp_path / "ar.png"
    result = run_cli("gui", "--db", db, "--lang", "ar", "--screenshot", shot)
    assert result.exit_code == 0, result.output
    assert shot.stat().st_size > 10_000
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    bad = run_cli("gui", "--db", db, "--lang", "fr", "--screenshot", shot)
    assert bad.exit_code == 2


def test_mirrored_area_swaps_only_the_sides_in_right_to_left() -> None:
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    bottom, rtl = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.LayoutDirection.RightToLeft
    assert mirrored_area(left, rtl) == right and mirrored_area(right, rtl) == left
    assert mirrored_area(bottom, rtl) == bottom
    assert mirrored_area(left, Qt.LayoutDirection.LeftToRight) == left


# -- the translation files -------------------------------------------------------------------


def test_every_message_has_an_arabic_translation_with_its_placeholders() -> None:
    import string
    import xml.etree.ElementTree as ET

    messages = ET.parse(TRANSLATIONS / "annotator_ar.ts").getroot().iter("message")
    checked = 0
    for message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, source
        text = translation.text or ""
        assert ARABIC_LETTER.search(text), source

        def fields(t: str) -> list[str]:
            return sorted(f for _, f, _, _ in string.Formatter().parse(t) if f)

        assert fields(text) == fields(source), source
        assert ("&" in source) == ("&" in text), source  # a menu mnemonic in both
        checked += 1
    assert checked > 200


def test_translation_files_are_up_to_date(tmp_path: Path) -> None:
    """The .ts holds exactly the strings the code marks, and the .qm is its compilation:
    run `make translations` (tools/translations.py) after changing a visible string."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import translations
    finally:
        sys.path.remove(str(ROOT / "tools"))
    ts_copy = tmp_path / "annotator_ar.ts"
    shutil.copy(TRANSLATIONS / "annotator_ar.ts", ts_copy)
    translations.update(ts_copy)
    assert ts_copy.read_text(encoding="utf-8") == (TRANSLATIONS / "annotator_ar.ts").read_text(
        encoding="utf-8"
    ), "strings changed: run `make translations` and translate the new ones"
    qm_copy = tmp_path / "annotator_ar.qm"
    translations.release(ts_copy, qm_copy)
    assert qm_copy.read_bytes() == (TRANSLATIONS / "annotator_ar.qm").read_bytes()


def test_translation_is_installed_on_the_application(arabic_window) -> None:
    assert QCoreApplication.translate("Menus", "&File") == "&ملف"
    assert QLocale().language() == QLocale.Language.Arabic
