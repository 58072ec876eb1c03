"""Item models for the document and span lists; both read through the session, lazily."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.gui.session import Session
from annotator.model import Span
from annotator.store import DocumentInfo

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class _Table(QAbstractTableModel):
    """A flat table with named columns."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class DocumentListModel(_Table):
    COLUMNS = ("Document", "Status", "Spans")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows: list[DocumentInfo] = []
        self.refresh()
        session.statusChanged.connect(lambda *_: self.refresh())
        session.spanAdded.connect(self._count_changed)
        session.spanRemoved.connect(self._count_changed)

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = self.session.store.list_documents(self.session.annotator, details=False)
        self.endResetModel()

    def mark_current(self) -> None:
        """Show which document is open (bold) without querying the database again."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def _count_changed(self, _span: Span) -> None:
        for row, info in enumerate(self.rows):
            if info.id == self.session.doc_id:
                count = len(self.session.spans)
                status = self.session.status()
                self.rows[row] = DocumentInfo(info.id, info.length, count, status, info.preview)
                self.dataChanged.emit(self.index(row, 1), self.index(row, 2))

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        info = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (info.id, info.status.replace("_", " "), info.spans)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return info.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return info.id  # a long id is elided in its column: the tooltip shows it whole
        if role == Qt.ItemDataRole.FontRole and info.id == self.session.doc_id:
            font = QFont()
            font.setBold(True)
            return font
        return None


class SpanListModel(_Table):
    """All spans of the open document in position order, straight from the span index."""

    COLUMNS = ("Layer", "Label", "Text", "Attributes", "Annotator", "Offsets")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        session.documentOpened.connect(self._reset)
        session.spansLoaded.connect(self._reset)
        session.spanAdded.connect(self._added)
        session.spanRemoved.connect(self._removed)
        session.spanChanged.connect(self._changed)

    def _reset(self, *_args: object) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _added(self, span: Span) -> None:
        # The index already holds the span: announce the row it took (O(log n)).
        row = self.session.loaded_spans.position(span.id)
        self.beginInsertRows(_ROOT, row, row)
        self.endInsertRows()

    def _removed(self, span: Span) -> None:
        row = self.session.loaded_spans.insertion_row(span)
        self.beginRemoveRows(_ROOT, row, row)
        self.endRemoveRows()

    def _changed(self, _before: Span, _after: Span) -> None:
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()

    def span_at(self, row: int) -> Span:
        return self.session.loaded_spans.row(row)

    def row_of(self, span_id: str) -> int:
        return self.session.spans.position(span_id)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.session.loaded_spans)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.session.loaded_spans):
            return None
        span = self.span_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return span.layer
            if column == 1:
                return span.label
            if column == 2:
                text = self.session.text[span.start : span.end].replace("\n", " ")
                text = text if len(text) <= 80 else text[:79] + "…"
                # Isolated, so the "…" stays at the text's logical end: left of Arabic text,
                # not at the right beside its first word, where it reads as a cut start.
                return f"\u2068{text}\u2069"
            if column == 3:
                return ", ".join(f"{k}={v}" for k, v in sorted(span.attrs.items()))
            if column == 4:
                return span.annotator
            return f"{span.start}–{span.end}"
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            label = self.session.schema.layer(span.layer).label(span.label)
            return QColor(label.color) if label else None
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None
