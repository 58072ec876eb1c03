"""The search panel: Arabic-aware search in the open document or the whole project.

Hits are listed with their document, code-point offsets and the line around them (right to
left for an Arabic line, the hit painted behind, never formatted); a click opens the
document and selects the hit. A project-wide search runs a slice at a time on a zero-delay
timer (`annotator.search_job`), so the window never freezes and Stop ends it at once.
Matching is `annotator.search`'s, with its defaults as the checkboxes' defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
)

from annotator.editing import is_rtl_paragraph
from annotator.errors import AnnotatorError
from annotator.gui.docks.common import table_view, wrap
from annotator.gui.i18n import QT_TRANSLATE_NOOP, offsets_text, translate
from annotator.gui.session import Session
from annotator.search import MatchOptions
from annotator.search_job import Found, SearchJob

Index = QModelIndex | QPersistentModelIndex
DEFAULTS = MatchOptions()

# The checkboxes, in this order: MatchOptions field -> what the box says (marked for
# lupdate here, translated where the boxes are made).
OPTION_TEXTS = {
    "ignore_diacritics": QT_TRANSLATE_NOOP("SearchDock", "Ignore diacritics"),
    "ignore_tatweel": QT_TRANSLATE_NOOP("SearchDock", "Ignore tatweel"),
    "unify_alef": "أ إ آ = ا",
    "unify_ya": "ى = ي",
    "unify_persian": "ک ی = ك ي",
    "ignore_case": QT_TRANSLATE_NOOP("SearchDock", "Ignore case"),
    "unify_ta_marbuta": "ة = ه",
    "unify_hamza_seats": "ؤ ئ = و ي",
    "unify_digits": "٣ = 3",
    "whole_word": QT_TRANSLATE_NOOP("SearchDock", "Whole word (proclitics apart)"),
    "regex": QT_TRANSLATE_NOOP("SearchDock", "Regular expression"),
}


class HitsModel(QAbstractTableModel):
    """The hits found so far: document, offsets, the line around the hit."""

    HEADERS = (
        QT_TRANSLATE_NOOP("SearchDock", "Document"),
        QT_TRANSLATE_NOOP("SearchDock", "Offsets"),
        QT_TRANSLATE_NOOP("SearchDock", "Context"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Found] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.found)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("SearchDock", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        found = self.found[index.row()]
        hit = found.hit
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.doc_id, offsets_text(hit.start, hit.end), found.context)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.doc_id} {offsets_text(hit.start, hit.end)}: {hit.text}"
        if role == Qt.ItemDataRole.UserRole:
            return found
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self.found = []
        self.endResetModel()

    def extend(self, found: list[Found]) -> None:
        if found:
            first = len(self.found)
            self.beginInsertRows(QModelIndex(), first, first + len(found) - 1)
            self.found.extend(found)
            self.endInsertRows()


class ContextDelegate(QStyledItemDelegate):
    """Paint a hit's line in its own direction (right to left for Arabic), right-aligned
    when right to left, with the hit marked by a painted background."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        found: Found = index.data(Qt.ItemDataRole.UserRole)
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(style.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        text = found.context.replace("\n", " ")
        rtl = is_rtl_paragraph(text)
        layout = QTextLayout(text, option.font)
        text_option = QTextOption()
        text_option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        # Absolute left: the line's glyphs start at x = 0 in either direction; placed below.
        text_option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        layout.setTextOption(text_option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1_000_000)
        layout.endLayout()
        rect = option.rect
        width = line.naturalTextWidth()
        x = rect.right() - 4 - width if rtl else rect.left() + 4  # an Arabic line: right
        origin = QPointF(x, rect.top() + (rect.height() - line.height()) / 2)
        start = found.at
        end = start + len(found.hit.text)
        u_start, u_end = _utf16(text, start), _utf16(text, end)
        xs = sorted((_x(line.cursorToX(u_start)), _x(line.cursorToX(u_end))))
        painter.save()
        painter.setClipRect(rect)
        painter.fillRect(
            QRectF(origin.x() + xs[0], origin.y(), xs[1] - xs[0], line.height()),
            QColor(255, 214, 0, 140),
        )
        painter.setPen(option.palette.text().color())
        layout.draw(painter, origin)
        painter.restore()


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _x(result: object) -> float:
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


class SearchDock(QDockWidget):
    """Search box, options, scope, the hits; `hitActivated(doc, start, end)` on a click."""

    hitActivated = Signal(str, int, int)
    finished = Signal()  # a search ended (done, stopped or cut at the hit limit)

    def __init__(self, session: Session) -> None:
        super().__init__(translate("SearchDock", "Search"))
        self.setObjectName("searchDock")
        self.session = session
        self.job: SearchJob | None = None
        self.slice_seconds = 0.03  # per timer tick: the window answers between slices
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._step)
        self.field = QLineEdit(placeholderText=translate("SearchDock", "Search (Enter)"))
        self.field.setObjectName("searchField")
        self.field.setAccessibleName(translate("SearchDock", "Search text"))
        self.field.returnPressed.connect(self.start)
        self.scope = QComboBox()
        self.scope.setObjectName("searchScope")
        self.scope.addItem(translate("SearchDock", "This document"), "document")
        self.scope.addItem(translate("SearchDock", "Whole project"), "project")
        self.search_button = QPushButton(translate("SearchDock", "Search"))
        self.search_button.clicked.connect(self.start)
        self.stop_button = QPushButton(translate("SearchDock", "Stop"))
        self.stop_button.setObjectName("searchStop")
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.boxes: dict[str, QCheckBox] = {}
        options = QGridLayout()
        for number, field in enumerate(fields(MatchOptions)):
            box = QCheckBox(translate("SearchDock", OPTION_TEXTS.get(field.name, field.name)))
            box.setObjectName(f"option:{field.name}")
            box.setChecked(getattr(DEFAULTS, field.name))
            self.boxes[field.name] = box
            options.addWidget(box, number // 4, number % 4)
        self.model = HitsModel()
        self.table = table_view(self.model, translate("SearchDock", "Search hits"))
        self.table.setObjectName("searchHits")
        self.table.setItemDelegateForColumn(2, ContextDelegate(self.table))
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.label_box = QComboBox()
        self.label_box.setObjectName("labelAllLabel")
        self.label_box.setAccessibleName(translate("SearchDock", "Label for label all"))
        for label in session.schema.labels():
            self.label_box.addItem(label.name, f"{label.layer}:{label.name}")
            self.label_box.setItemData(
                self.label_box.count() - 1, label.description, Qt.ItemDataRole.ToolTipRole
            )
        self.label_all_button = QPushButton(translate("SearchDock", "Label all…"))
        self.label_all_button.setObjectName("labelAllButton")
        self.label_all_button.setToolTip(
            translate("SearchDock", "Preview the hits with checkboxes, then label them")
        )
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.scope)
        row.addWidget(self.search_button)
        row.addWidget(self.stop_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.label_box)
        bottom.addWidget(self.label_all_button)
        layout = QVBoxLayout()
        layout.addLayout(row)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setWidget(wrap(layout))
        self.on_finished: Callable[[], object] | None = None

    def options(self) -> MatchOptions:
        """Return the matching options the checkboxes say."""
        return replace(DEFAULTS, **{name: box.isChecked() for name, box in self.boxes.items()})

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def open(self) -> None:
        self.show()
        self.raise_()
        self.field.setFocus()
        self.field.selectAll()

    def start(self, then: Callable[[], object] | None = None) -> bool:
        """Start searching (the open document, or the project a slice at a time); False
        with the reason shown when the query cannot be searched."""
        self.stop()
        self.model.clear()
        self.on_finished = then if callable(then) else None
        project = self.scope.currentData() == "project"
        if project:
            ids: list[str] = self.session.document_ids()
        else:
            ids = [self.session.doc_id] if self.session.doc_id is not None else []
        try:
            self.job = SearchJob(ids, self.session.document_text, self.field.text(), self.options())
        except AnnotatorError as error:
            self.job = None
            self.summary.setText(str(error))
            return False
        self.stop_button.setEnabled(True)
        self.timer.start()
        self._step()
        return True

    def stop(self) -> None:
        if self.job is not None and self.running:
            self.job.cancel()
            self._step()

    def _step(self) -> None:
        job = self.job
        if job is None:
            return
        try:
            self.model.extend(job.step(self.slice_seconds))
        except AnnotatorError as error:  # the database could not be read: say so, stop
            job.cancel()
            self.summary.setText(str(error))
        if not job.done:
            self.summary.setText(
                translate(
                    "SearchDock", "{found} hits · searching {searched} of {total} documents…"
                ).format(found=job.found, searched=job.searched, total=job.total)
            )
            return
        self.timer.stop()
        self.stop_button.setEnabled(False)
        what = (
            translate("SearchDock", "stopped")
            if job.cancelled
            else translate("SearchDock", "cut at the first")
            if job.truncated
            else ""
        )
        self.summary.setText(
            translate("SearchDock", "{found} hits in {searched} of {total} documents").format(
                found=job.found, searched=job.searched, total=job.total
            )
            + (f" ({what})" if what else "")
        )
        then, self.on_finished = self.on_finished, None
        self.finished.emit()
        if then is not None and not job.cancelled:
            then()

    def _on_clicked(self, index: QModelIndex) -> None:
        found = self.model.data(index, Qt.ItemDataRole.UserRole)
        assert isinstance(found, Found)
        self.hitActivated.emit(found.hit.doc_id, found.hit.start, found.hit.end)

    def chosen_label(self) -> tuple[str, str]:
        """Return (layer, label) of the label box."""
        layer, _, label = str(self.label_box.currentData()).partition(":")
        return layer, label

    def choose_label(self, layer: str, label: str) -> None:
        self.label_box.setCurrentIndex(max(0, self.label_box.findData(f"{layer}:{label}")))
