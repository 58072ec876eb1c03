"""The find bar: a field over the article; Enter goes to the next match, Esc closes it.

Matching is the search panel's (`annotator.search`, default options): diacritics, tatweel
and alef forms do not stop a match, and the match selected is exact in the stored text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QStatusBar, QToolBar

from annotator.errors import AnnotatorError
from annotator.gui.article_view import ArticleView
from annotator.gui.i18n import translate
from annotator.gui.session import Session
from annotator.search_job import next_match


class FindBar(QToolBar):
    def __init__(self, session: Session, view: ArticleView, status: QStatusBar) -> None:
        super().__init__(translate("FindBar", "Find"))
        self.setObjectName("findBar")
        self.session = session
        self.view = view
        self.status = status
        self.field = QLineEdit(
            placeholderText=translate("FindBar", "Find in document (Enter: next)")
        )
        self.field.setAccessibleName(translate("FindBar", "Find text"))
        self.field.returnPressed.connect(self.find_next)
        # Esc leaves the find bar: the next digit labels the match instead of being typed here.
        leave = QAction(translate("FindBar", "Close find"), self.field)
        leave.setObjectName("close_find")
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        leave.triggered.connect(self.close_find)
        self.field.addAction(leave)
        self.addWidget(self.field)

    def open(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_find(self) -> None:
        self.hide()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_next(self) -> None:
        """Select the next match after the selection, wrapping to the top (see find_next)."""
        needle = self.field.text()
        if not needle:
            self.open()
            return
        start, end = self.view.selection_range()
        try:  # after the selection; an empty one is the cursor, where a match may start
            found = next_match(self.session.text, needle, end if end > start else start)
        except AnnotatorError as error:  # only diacritics, say
            self.status.showMessage(str(error), 4000)
            return
        if found is None:
            self.status.showMessage(
                translate("FindBar", "Not found: {text}").format(text=needle), 4000
            )
        else:
            self.view.set_selection(*found)
