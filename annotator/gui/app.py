"""Start the Qt application (entry point of `annotator gui` and `annotator-gui`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import create_main_window


def run(
    db_path: Path,
    doc_id: str | None = None,
    annotator: str | None = None,
    screenshot: Path | None = None,
) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = create_main_window(db_path, doc_id, annotator)
    if screenshot is not None:
        window.show()
        app.processEvents()
        ok = window.grab().save(str(screenshot))
        window.close()
        return 0 if ok else 1
    window.show()
    return app.exec()
