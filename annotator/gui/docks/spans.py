"""The span list dock: every span of the open document, the selected one highlighted."""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel, Signal
from PySide6.QtWidgets import QDockWidget, QHeaderView

from annotator.gui.docks.common import table_view
from annotator.gui.i18n import translate
from annotator.gui.models import SpanListModel
from annotator.gui.session import Session
from annotator.model import Span


class SpansDock(QDockWidget):
    spanActivated = Signal(object)  # Span

    def __init__(self, session: Session) -> None:
        super().__init__(translate("Spans", "Spans"))
        self.setObjectName("spansDock")
        self.model = SpanListModel(session)
        self.table = table_view(self.model, translate("Spans", "Spans"))
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self.setWidget(self.table)

    def _activated(self, index) -> None:
        shown = self.table.model()
        if isinstance(shown, QAbstractProxyModel):  # a filter (span_notes) sits between
            index = shown.mapToSource(index)
        self.spanActivated.emit(self.model.span_at(index.row()))

    def show_span(self, span: Span | None) -> None:
        if span is None or span.id not in self.model.session.spans:
            # Clear the current row too: Qt would select a neighbour when that row goes.
            self.table.selectionModel().clear()
            return
        index = self.model.index(self.model.row_of(span.id), 0)
        shown = self.table.model()
        if isinstance(shown, QAbstractProxyModel):
            index = shown.mapFromSource(index)
            if not index.isValid():  # filtered out
                self.table.selectionModel().clear()
                return
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
