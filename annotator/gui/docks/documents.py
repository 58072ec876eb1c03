"""The document list dock: search by id, filter by status, open a document."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from annotator.gui.docks.common import table_view, wrap
from annotator.gui.models import DocumentListModel
from annotator.gui.session import Session
from annotator.model import STATUSES


class DocumentsDock(QDockWidget):
    documentActivated = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__("Documents")
        self.setObjectName("documentsDock")
        self.model = DocumentListModel(session)
        self.proxy = _DocumentFilter()
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(placeholderText="Search by id…")
        self.search.setAccessibleName("Search documents by id")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.status = QComboBox()
        self.status.setAccessibleName("Filter documents by status")
        self.status.addItem("All statuses", None)
        for status in STATUSES:
            self.status.addItem(status.replace("_", " "), status)
        self.status.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status.currentData())
        )
        self.table = table_view(self.proxy, "Documents")
        # Ids differ at their ends: elide in the middle, on one line (wrapping would break
        # `sputnik-nato-...` at its hyphens and elide the rest).
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._activated)
        self.table.clicked.connect(self._activated)
        self.progress = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status, 1)
        layout = QVBoxLayout()
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.progress)
        self.setWidget(wrap(layout))

    def _activated(self, index) -> None:  # noqa: ANN001
        self.documentActivated.emit(self.proxy.data(index, Qt.ItemDataRole.UserRole))


class _DocumentFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.status: str | None = None

    def set_text(self, text: str) -> None:
        self._change(lambda: setattr(self, "text", text.strip().casefold()))

    def set_status(self, status: str | None) -> None:
        self._change(lambda: setattr(self, "status", status))

    def _change(self, apply) -> None:  # noqa: ANN001
        """Change the filter (Qt 6.9+ wants begin/endFilterChange around it)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange()
        else:
            apply()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: ANN001
        info = self.sourceModel().rows[row]
        if self.text and self.text not in info.id.casefold():
            return False
        return self.status is None or info.status == self.status
