"""Start the Qt application (behind `annotator gui` and `annotator-gui`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.gui.fonts import load_bundled_fonts
from annotator.gui.main_window import create_main_window


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    load_bundled_fonts()
    return app  # type: ignore[return-value]


def run(
    db_path: Path,
    doc_id: str | None = None,
    annotator: str | None = None,
    screenshot: Path | None = None,
) -> int:
    """Show the main window until it closes; with `screenshot`, render it to a PNG and exit."""
    app = application()
    window = create_main_window(db_path, doc_id, annotator)
    window.show()
    if screenshot is not None:
        app.processEvents()
        ok = window.grab().save(str(screenshot))
        window.close()
        return 0 if ok else 1
    return app.exec()
