"""The document list dock: search by id, filter by status, open a document.

The list is fetched as it scrolls and filtered in the query (see DocumentListModel); its
status and count columns have fixed widths, so a changed row never makes Qt measure every
row again (resizing to contents cost 16,000 data() calls per label in a big project).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from annotator.gui.i18n import status_name, translate
from annotator.gui.models import DocumentListModel
from annotator.gui.session import Session
from annotator.model import STATUSES


class DocumentsDock(QDockWidget):
    documentActivated = Signal(str)

    def __init__(self, session: Session) -> None:
        super().__init__(translate("Documents", "Documents"))
        self.setObjectName("documentsDock")
        self.model = DocumentListModel(session)
        self.proxy = self.model  # the table's model: filtering happens in the query
        self.search = QLineEdit(placeholderText=translate("Documents", "Search by id…"))
        self.search.setAccessibleName(translate("Documents", "Search documents by id"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.model.set_filter(id_contains=text))
        self.status = QComboBox()
        self.status.setAccessibleName(translate("Documents", "Filter documents by status"))
        self.status.addItem(translate("Documents", "All statuses"), None)
        for status in STATUSES:
            self.status.addItem(status_name(status), status)
        self.status.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(status=self.status.currentData())
        )
        self.table = table_view(self.model, translate("Documents", "Documents"))
        # Ids differ at their ends: elide in the middle, on one line (wrapping would break
        # `sputnik-nato-...` at its hyphens and elide the rest).
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, widest in ((1, status_name("in_progress")), (2, "88888")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            title = self.model.headerData(column, Qt.Orientation.Horizontal, 0)
            width = max(
                self.table.fontMetrics().horizontalAdvance(widest),
                header.fontMetrics().horizontalAdvance(title),
            )
            header.resizeSection(column, width + 16)  # the cell's margins
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

    def _activated(self, index) -> None:
        self.documentActivated.emit(self.model.data(index, Qt.ItemDataRole.UserRole))
