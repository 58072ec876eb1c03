"""Whose spans the article shows: yours only (the default, so nobody copies a colleague),
everyone's, or one colleague's beside yours; the choice is kept in the settings.

The session holds only the shown spans, so the article, clicks, Tab and the span list all
act on what is shown. With more than your own on screen, each colleague's spans get a
mark in their colour under the text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QAction, QActionGroup, QColor, QPainter
from PySide6.QtWidgets import QMenu

from annotator.compare import SHOW_EVERYONE, SHOW_MINE, shown_annotators
from annotator.gui.i18n import translate
from annotator.gui.settings import read_text, settings

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


def saved_choice() -> str:
    """Return whose spans the user chose to see last time (mine by default)."""
    return read_text("annotator_filter").strip() or SHOW_MINE


class AnnotatorFilter(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.menu = QMenu(translate("AnnotatorFilter", "Show spans &of"), window)
        self.menu.setObjectName("annotatorFilterMenu")
        self.menu.aboutToShow.connect(self._fill)
        self.group = QActionGroup(self)
        self.choice = saved_choice()
        view_menu = getattr(window, "menus", {}).get("&View")  # by id: its title is translated
        (view_menu or window.menuBar()).addMenu(self.menu)
        self._fill()
        window.view.overlays_under_text.append(self.paint_colleagues)
        self.apply()

    def _fill(self) -> None:
        """List the choices: mine, everyone, then each colleague of the project."""
        self.menu.clear()
        for action in self.group.actions():
            self.group.removeAction(action)
        me = self.session.annotator
        self.names = self.session.annotator_names()
        choices = [
            (SHOW_MINE, translate("AnnotatorFilter", "&Mine only")),
            (SHOW_EVERYONE, translate("AnnotatorFilter", "&Everyone")),
        ]
        mine = translate("AnnotatorFilter", "{name} and mine")
        choices += [(n, mine.format(name=n)) for n in self.names if n != me]
        for choice, text in choices:
            action = QAction(text, self.menu)
            action.setObjectName(f"view:annotators:{choice}")
            action.setCheckable(True)
            action.setChecked(choice == self.choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.choose(c))
            self.group.addAction(action)
            self.menu.addAction(action)

    def choose(self, choice: str) -> None:
        """Show `choice`'s spans (mine, everyone or a colleague's) and remember it."""
        self.choice = choice
        settings().setValue("annotator_filter", choice)
        self.apply()

    def apply(self) -> None:
        """Show what the choice says (compare mode decides for itself while on)."""
        compare = getattr(self.window, "compare", None)
        if compare is not None and compare.enabled:
            return
        self.session.show_annotators(shown_annotators(self.choice, self.session.annotator))
        self.window.view.viewport().update()

    def paint_colleagues(self, painter: QPainter, start: int, end: int) -> None:
        """Mark each colleague's span with their colour (a bar under its text)."""
        me, shown = self.session.annotator, self.session.shown
        if shown is not None and shown <= {me}:
            return
        names = self.names
        for span in self.session.visible_spans(start, end + 1):
            if span.annotator == me:
                continue
            number = names.index(span.annotator) if span.annotator in names else 0
            color = QColor(COLOURS[number % len(COLOURS)])
            for rect in self.window.view.span_rects(span):
                painter.fillRect(QRectF(rect.left(), rect.bottom() - 3, rect.width(), 3), color)
