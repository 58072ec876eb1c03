"""Notes and the unsure flag on spans, in the window: the inspector's note field and
Unsure checkbox, Ctrl+U to flag the selected span, F2 to write its note, and the span
list's filter (unsure, with a note). Every change goes through the editor, so it is
committed before it shows and one Ctrl+Z takes it back. What the filter keeps and how a
note reads in the list are decided in `annotator.notes`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.models import SpanListModel
from annotator.model import Span
from annotator.notes import ALL, UNSURE, UNSURE_OR_NOTE, WITH_NOTE, keeps

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

UNSURE_KEY = "Ctrl+U"  # layout-safe: a chord, no plain letter
NOTE_KEY = "F2"


class NoteFilter(QSortFilterProxyModel):
    """The span list showing only the spans a filter of `annotator.notes` keeps."""

    def __init__(self, source: SpanListModel, mode: str, parent: QObject) -> None:
        super().__init__(parent)
        self.mode = mode
        self.spans = source
        self.setSourceModel(source)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.invalidate()

    def filterAcceptsRow(
        self, row: int, parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return keeps(self.mode, self.spans.span_at(row))


class SpanNotes(QObject):
    """Wire notes and flags into `window`'s inspector, span list, Edit menu and keys."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.editor = window.editor
        self.editing: Span | None = None  # the span the note field shows
        self._build_inspector_rows()
        self._build_span_filter()
        self._build_actions()
        self.session.selectedSpanChanged.connect(self.show_span)
        self.session.spansLoaded.connect(self._refilter)
        self.session.documentOpened.connect(self._refilter)
        self.show_span(self.session.selected)

    # -- inspector ---------------------------------------------------------------------------

    def _build_inspector_rows(self) -> None:
        self.note = QLineEdit()
        self.note.setObjectName("spanNote")
        self.note.setAccessibleName(self.tr("Note on the selected span"))
        self.note.setPlaceholderText(self.tr("A note on this span (Enter saves)"))
        self.note.setClearButtonEnabled(True)
        self.note.editingFinished.connect(self._note_finished)
        self.note.returnPressed.connect(self.window.view.setFocus)
        self.unsure = QCheckBox(self.tr("Unsure"))
        self.unsure.setObjectName("spanUnsure")
        self.unsure.setToolTip(self.tr("Flag this span as unsure ({key})").format(key=UNSURE_KEY))
        self.unsure.clicked.connect(self._unsure_clicked)
        row = QHBoxLayout()  # one row: the inspector must fit a 600-pixel screen
        row.addWidget(self.note, 1)
        row.addWidget(self.unsure)
        rows = QFormLayout()
        rows.addRow(self.tr("Note"), row)
        layout = self.window.inspector.widget().layout()
        assert isinstance(layout, QVBoxLayout)
        # Below the label and attributes, above the relations, whose list (it scrolls)
        # gives up as much of its minimum height: the window still fits a small screen.
        relations = self.window.inspector.relations
        layout.insertLayout(layout.indexOf(relations) - 1, rows)
        relations.setMinimumHeight(
            max(0, relations.minimumSizeHint().height() - self.note.sizeHint().height())
        )

    def show_span(self, span: Span | None) -> None:
        """Show the selected span's note and flag (not over a note being typed)."""
        same = span is not None and self.editing is not None and span.id == self.editing.id
        self.editing = span
        for widget in (self.note, self.unsure):
            widget.setEnabled(span is not None)
        if not (same and self.note.hasFocus()):
            self.note.setText(span.note if span else "")
        self.unsure.setChecked(bool(span and span.unsure))
        self._refilter()

    def _note_finished(self) -> None:
        span = self.editing
        if span is not None and self.note.text() != span.note:
            self.editor.set_note(span, self.note.text())

    def _unsure_clicked(self, checked: bool) -> None:
        if self.editing is not None:
            self.editor.set_unsure(self.editing, checked)
            self.unsure.setChecked(bool(self.session.selected and self.session.selected.unsure))

    # -- keys --------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.toggle_action = QAction(self.tr("Toggle &unsure"), self.window)
        self.toggle_action.setObjectName("toggle_unsure")
        self.toggle_action.setShortcut(QKeySequence(UNSURE_KEY))
        self.toggle_action.setStatusTip(self.tr("Flag the selected span unsure, or clear it"))
        self.toggle_action.triggered.connect(self.toggle_unsure)
        self.note_action = QAction(self.tr("Edit &note"), self.window)
        self.note_action.setObjectName("edit_note")
        self.note_action.setShortcut(QKeySequence(NOTE_KEY))
        self.note_action.setStatusTip(self.tr("Write a note on the selected span (Enter saves)"))
        self.note_action.triggered.connect(self.edit_note)
        for action in (self.toggle_action, self.note_action):
            self.window.addAction(action)
        menu = getattr(self.window, "menus", {}).get("&Edit")
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.toggle_action, self.note_action])

    def toggle_unsure(self) -> None:
        span = self.session.selected
        if span is None:
            self.window.statusBar().showMessage(self.tr("Select a span to flag it unsure"), 4000)
            return
        self.editor.set_unsure(span, not span.unsure)

    def edit_note(self) -> None:
        if self.session.selected is None:
            self.window.statusBar().showMessage(self.tr("Select a span to write a note"), 4000)
            return
        self.window.inspector.show()
        self.window.inspector.raise_()
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.selectAll()

    # -- span list filter --------------------------------------------------------------------

    def _build_span_filter(self) -> None:
        dock = self.window.spans
        self.filter_box = QComboBox()
        self.filter_box.setObjectName("spanFilter")
        self.filter_box.setAccessibleName(self.tr("Show spans"))
        for mode, name in (
            (ALL, self.tr("All spans")),
            (UNSURE, self.tr("Unsure")),
            (WITH_NOTE, self.tr("With a note")),
            (UNSURE_OR_NOTE, self.tr("Unsure or with a note")),
        ):
            self.filter_box.addItem(name, mode)
        self.filter_box.currentIndexChanged.connect(lambda _i: self.set_filter(self.mode))
        self.proxy: NoteFilter | None = None  # only while a filter is chosen
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.filter_box)
        bar.addStretch(1)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(dock.widget())  # the table, or what another feature made of it
        # The bar costs the dock no height: the table gives up as much of its minimum.
        dock.table.setMinimumHeight(
            max(0, dock.table.minimumSizeHint().height() - self.filter_box.sizeHint().height())
        )
        holder = QWidget()
        holder.setLayout(layout)
        dock.setWidget(holder)

    @property
    def mode(self) -> str:
        return str(self.filter_box.currentData())

    def set_filter(self, mode: str) -> None:
        """Show the spans `mode` keeps. Unfiltered, the table reads the model itself and
        no proxy follows its changes, so a 50,000-span list costs nothing more."""
        dock = self.window.spans
        self.filter_box.setCurrentIndex(self.filter_box.findData(mode))
        if mode == ALL:
            if self.proxy is not None:
                dock.table.setModel(dock.model)
                self.proxy.deleteLater()
                self.proxy = None
        elif self.proxy is None:
            self.proxy = NoteFilter(dock.model, mode, self)
            dock.table.setModel(self.proxy)
        else:
            self.proxy.set_mode(mode)
        header = dock.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # as SpansDock does
        header.setStretchLastSection(False)
        dock.show_span(self.session.selected)

    def _refilter(self, *_args: object) -> None:
        if self.proxy is not None:
            self.proxy.invalidate()
