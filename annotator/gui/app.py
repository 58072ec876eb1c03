"""Start the Qt application (behind `annotator gui` and `annotator-gui`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.errors import AnnotatorError
from annotator.gui.fonts import load_bundled_fonts
from annotator.gui.opening import create_main_window

NO_DISPLAY = (
    "no display found (DISPLAY and WAYLAND_DISPLAY are not set): start annotator in a "
    "desktop session, or render the window offscreen with "
    "`annotator gui --screenshot FILE.png`"
)


def has_display() -> bool:
    """Tell whether Qt can open a window: on Linux only with X11, Wayland or a chosen platform.

    Without this check Qt's xcb plugin stops the process with a message about missing
    libraries (libxcb-cursor0), which sends the user looking in the wrong place.
    """
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def require_display(screenshot: bool = False) -> None:
    """Raise a clear error when no window can open; a screenshot renders offscreen instead."""
    if has_display():
        return
    if not screenshot:
        raise AnnotatorError(NO_DISPLAY)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


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
    leave: bool = False,
    lang: str | None = None,
) -> int:
    """Show the main window until it closes; with `screenshot`, render it to a PNG and exit.

    A screenshot shows the default layout, not the one the user left. With `leave` (a
    real process, not a test calling the command), the process ends right here once the
    window has closed its store, skipping the interpreter's teardown of Qt and Python
    objects (about 80 ms): every action was committed before the screen showed it.
    """
    require_display(screenshot is not None)
    app = application()
    window = create_main_window(db_path, doc_id, annotator, lang, remember=screenshot is None)
    window.show()
    if screenshot is not None:
        app.processEvents()
        window.first_paint.finish()  # the docks, shown right after the article's first paint
        app.processEvents()
        code = 0 if window.grab().save(str(screenshot)) else 1
        window.close()
    else:
        code = app.exec()
    if leave and window.session.closed:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
