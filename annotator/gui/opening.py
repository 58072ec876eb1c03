"""Open a project in a main window: the store with the GUI's short busy timeout, the
annotator's name, and (for the app) the layout and the document the user left."""

from __future__ import annotations

from pathlib import Path

from annotator.compare import shown_annotators
from annotator.errors import AnnotatorError
from annotator.gui.annotator_filter import saved_choice
from annotator.gui.i18n import Language, chosen_language
from annotator.gui.layout import LayoutKeeper, restore_layout
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.gui.settings import UserSettings, last_document, remember_document
from annotator.gui.writer import GUI_BUSY_TIMEOUT
from annotator.store import Store, default_annotator


def create_main_window(
    db_path: str | Path,
    doc_id: str | None = None,
    annotator: str | None = None,
    lang: str | None = None,
    remember: bool = False,
) -> MainWindow:
    """Open the project at `db_path` and return its main window, not yet shown.

    With `remember` (the app does, screenshots and tests do not), the window comes back as
    the user left it: layout, and the document last open in this database. The interface
    speaks `lang` ("en", "ar"; default: the settings' language, else the system's), and
    its translation is installed here, so tests and automation see what the app shows.
    """
    chosen = UserSettings.load()
    Language.apply(chosen_language(lang, chosen.language))
    name = annotator or chosen.annotator or default_annotator()
    session = Session(Store.open(db_path, busy_timeout=GUI_BUSY_TIMEOUT), name)
    target = doc_id
    if remember:
        last = last_document(db_path)
        if target is None and last is not None and session.has_document(last):
            target = last
    target = target or session.first_document()
    if target is not None:
        if doc_id is not None and not session.has_document(doc_id):
            session.close()
            raise AnnotatorError(f"no document {doc_id!r} in {db_path}")
        # Its span index, on another thread while the window is built, of the annotators
        # the window will show (see AnnotatorFilter).
        session.shown = shown_annotators(saved_choice(), name)
        session.read_ahead(target)
    window = MainWindow(session)
    if remember:
        restore_layout(window)
        LayoutKeeper(window)
        session.documentOpened.connect(lambda opened: remember_document(db_path, opened))
    if target is not None:
        window.open_document(target)
    return window
