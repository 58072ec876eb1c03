"""Item models for the document and span lists; both read through the session, lazily."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.gui.i18n import QT_TRANSLATE_NOOP, offsets_text, status_name, translate
from annotator.gui.session import Session
from annotator.model import Span
from annotator.notes import note_cell
from annotator.store import DocumentInfo

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class _Table(QAbstractTableModel):
    """A flat table with named columns (in English, marked for lupdate; shown translated)."""

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("Columns", self.COLUMNS[section])
        return None


class DocumentListModel(_Table):
    """The document list, fetched page by page as the view scrolls (canFetchMore/fetchMore).

    Opening a project of 100,000 documents reads one page; labelling updates one row,
    found through a dictionary. Search and status filters run in the query, so they find
    documents not fetched yet.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Document"),
        QT_TRANSLATE_NOOP("Columns", "Status"),
        QT_TRANSLATE_NOOP("Columns", "Spans"),
    )
    PAGE = 200

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows: list[DocumentInfo] = []
        self.id_filter = ""
        self.status_filter: str | None = None
        self.fetched = 0  # rows read from the database so far (tests check it stays small)
        self.data_calls = 0  # how often the view asked for a cell (tests: labelling is cheap)
        self._row_of: dict[str, int] = {}
        self._after = 0  # position (rowid) of the last row fetched
        self._exhausted = False
        self._current: str | None = None
        self._reload(self.PAGE)
        session.statusChanged.connect(self._status_changed)
        session.spanAdded.connect(self._count_changed)
        session.spanRemoved.connect(self._count_changed)

    # -- fetching ---------------------------------------------------------------------------

    def _page(self, after: int, limit: int) -> list[tuple[int, DocumentInfo]]:
        page = self.session.document_page(after, limit, self.status_filter, self.id_filter)
        self.fetched += len(page)
        return page

    def _reload(self, count: int) -> None:
        """Read the first `count` rows again (at least a page), resetting the view."""
        page = self._page(0, max(count, self.PAGE))
        self.beginResetModel()
        self.rows = [info for _position, info in page]
        self._row_of = {info.id: row for row, info in enumerate(self.rows)}
        self._after = page[-1][0] if page else 0
        self._exhausted = len(page) < max(count, self.PAGE)
        self.endResetModel()

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted and not self.session.closed

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        page = self._page(self._after, self.PAGE)
        self._exhausted = len(page) < self.PAGE
        if not page:
            return
        first = len(self.rows)
        self.beginInsertRows(_ROOT, first, first + len(page) - 1)
        for position, info in page:
            self._row_of[info.id] = len(self.rows)
            self.rows.append(info)
            self._after = position
        self.endInsertRows()

    def set_filter(self, id_contains: str | None = None, status: object = ...) -> None:
        """Show only ids holding `id_contains` (case-blind) and/or one status (None: all)."""
        if id_contains is not None:
            self.id_filter = id_contains.strip()
        if status is not ...:
            self.status_filter = status  # type: ignore[assignment]
        self._reload(self.PAGE)

    def refresh(self) -> None:
        """Read the rows fetched so far again (others may have changed them), and let the
        view fetch documents added at the end; costs what was fetched, not the project."""
        page = self._page(0, max(len(self.rows), self.PAGE))
        ids = [info.id for _position, info in page]
        if ids != [info.id for info in self.rows]:
            self._reload(len(self.rows))
            return
        for row, (_position, info) in enumerate(page):
            if info != self.rows[row]:
                self.rows[row] = info
                self.dataChanged.emit(self.index(row, 1), self.index(row, 2))
        self._exhausted = False  # documents may have been added after the last one

    # -- following the session --------------------------------------------------------------

    def mark_current(self) -> None:
        """Show which document is open (bold): repaint the old and the new row only."""
        previous, self._current = self._current, self.session.doc_id
        for doc_id in {previous, self._current}:
            row = self._row_of.get(doc_id) if doc_id is not None else None
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def _update_open_row(self, status: str | None = None) -> None:
        doc_id = self.session.doc_id
        row = self._row_of.get(doc_id) if doc_id is not None else None
        if row is None:
            return
        info = self.rows[row]
        # Every annotator's spans, as the page query counts them: the article may show
        # only the linguist's own, the list counts the document.
        count = self.session.span_count(doc_id) if doc_id is not None else 0
        status = status or self.session.status()
        if (count, status) != (info.spans, info.status):
            self.rows[row] = DocumentInfo(info.id, info.length, count, status, info.preview)
            self.dataChanged.emit(self.index(row, 1), self.index(row, 2))

    def _count_changed(self, _span: Span) -> None:
        self._update_open_row()

    def _status_changed(self, doc_id: str, status: str) -> None:
        if doc_id == self.session.doc_id:
            self._update_open_row(status)

    # -- reading ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        self.data_calls += 1
        info = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (info.id, status_name(info.status), info.spans)[index.column()]
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

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Layer"),
        QT_TRANSLATE_NOOP("Columns", "Label"),
        QT_TRANSLATE_NOOP("Columns", "Text"),
        QT_TRANSLATE_NOOP("Columns", "Attributes"),
        QT_TRANSLATE_NOOP("Columns", "Annotator"),
        QT_TRANSLATE_NOOP("Columns", "Offsets"),
        QT_TRANSLATE_NOOP("Columns", "Note"),
    )

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._forget()
        session.documentOpened.connect(self._reset)
        session.spansLoaded.connect(self._reset)
        session.spanAdded.connect(self._added)
        session.spanRemoved.connect(self._removed)
        session.spanChanged.connect(self._changed)

    def _forget(self) -> None:
        """Drop the span kept for the row being painted (rows moved or changed)."""
        self._painted: tuple[int, Span] | None = None

    def _reset(self, *_args: object) -> None:
        self._forget()
        self.beginResetModel()
        self.endResetModel()

    def _added(self, span: Span) -> None:
        # The index already holds the span: announce the row it took (O(log n)).
        self._forget()
        row = self.session.loaded_spans.position(span.id)
        self.beginInsertRows(_ROOT, row, row)
        self.endInsertRows()

    def _removed(self, span: Span) -> None:
        self._forget()
        row = self.session.loaded_spans.insertion_row(span)
        self.beginRemoveRows(_ROOT, row, row)
        self.endRemoveRows()

    def _changed(self, _before: Span, _after: Span) -> None:
        self._forget()
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()

    def span_at(self, row: int) -> Span:
        """Return the span of `row`; Qt asks data() about one row a dozen times in a row
        (columns x roles), so the last one is kept instead of being built each time."""
        if self._painted is None or self._painted[0] != row:
            self._painted = (row, self.session.loaded_spans.row(row))
        return self._painted[1]

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
            if column == 6:
                return note_cell(span)
            return offsets_text(span.start, span.end)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and span.note:
            return span.note
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            label = self.session.schema.layer(span.layer).label(span.label)
            return QColor(label.color) if label else None
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None
