"""A highlight never changes a glyph: the lam-alef ligature of لأوكرانيا stays whole when a
span starts inside the word. Character formats do split it (the control below shows the
test can see the difference)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor

from annotator.gui import create_main_window
from annotator.resources import default_schema_source
from tests.helpers import run_cli

TEXT = "دعا الأمين العام إلى زيادة الدعم لأوكرانيا"
WORD = TEXT.index("لأوكرانيا")


def white_schema(tmp_path: Path) -> Path:
    """The default schema with white labels: a painted highlight is then invisible on white,
    so any pixel that changes must come from changed glyphs."""
    source = default_schema_source()
    for color in ("#f4a3a3", "#9cc8f0", "#a8dca0", "#f3d27a", "#d2b4ee"):
        source = source.replace(color, "#ffffff")
    path = tmp_path / "white.toml"
    path.write_text(source, encoding="utf-8")
    return path


def render(window):
    window.view.viewport().repaint()
    return window.view.viewport().grab().toImage()


def glyphs(window) -> list[tuple[tuple[int, ...], tuple[tuple[float, float], ...]]]:
    block = window.view.document().firstBlock()
    runs = block.layout().glyphRuns(0, block.length())
    assert runs, "the paragraph must be laid out"
    return [
        (tuple(run.glyphIndexes()), tuple((p.x(), p.y()) for p in run.positions())) for run in runs
    ]


def test_painted_highlight_keeps_every_glyph(qtbot, tmp_path: Path) -> None:
    source = tmp_path / "d.jsonl"
    source.write_text(f'{{"id": "d", "text": "{TEXT}"}}', encoding="utf-8")
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, "--schema", white_schema(tmp_path), source).exit_code == 0
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    window.view.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #000000; }")
    window.show()
    qtbot.waitExposed(window)
    before_pixels, before_glyphs = render(window), glyphs(window)

    # A span that starts inside the word, between lam and alef (the ligature).
    window.session.add_span(WORD + 1, WORD + 9, "entity", "GPE")
    assert len(window.view.span_rects(window.session.spans.all()[0])) == 1
    assert glyphs(window) == before_glyphs
    assert render(window) == before_pixels

    # Control: a white character format on the same range splits the ligature.
    cursor = QTextCursor(window.view.document())
    u_start, u_end = window.session.offsets.span_to_utf16(WORD + 1, WORD + 9)
    cursor.setPosition(u_start)
    cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
    white = QTextCharFormat()
    white.setBackground(QColor("#ffffff"))
    cursor.mergeCharFormat(white)
    assert render(window) != before_pixels
    assert glyphs(window) != before_glyphs
