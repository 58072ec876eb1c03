"""Placeholder main window (the annotation workspace replaces it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

from annotator.store import Store, default_annotator


class MainWindow(QMainWindow):
    def __init__(self, store: Store, doc_id: str | None, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        view = QPlainTextEdit(self)
        view.setObjectName("articleView")
        view.setReadOnly(True)
        ids = store.document_ids()
        doc_id = doc_id or (ids[0] if ids else None)
        if doc_id:
            view.setPlainText(store.text(doc_id))
        self.setCentralWidget(view)
        self.setWindowTitle("annotator")
        self.resize(1000, 700)


def create_main_window(
    db_path: str | Path, doc_id: str | None = None, annotator: str | None = None
) -> MainWindow:
    store = Store.open(db_path)
    return MainWindow(store, doc_id, annotator or default_annotator())
