"""The main window: article view in the centre, docks around it, a label bar, a status bar.

Composition and wiring only. What a key or a click means is decided outside gui/
(`annotator.labelling`, `linking`, `navigation`, `undo`); the window asks, then carries the
answer out through the session, which writes to SQLite before any view moves. Every
command is a QAction (objectName = its id; labels are `label:<layer>:<LABEL>`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QToolBar

from annotator.errors import AnnotatorError
from annotator.gui import context_menu
from annotator.gui.actions import build_menu_bar, create_actions, label_action
from annotator.gui.annotator_filter import AnnotatorFilter
from annotator.gui.article_view import ArticleView
from annotator.gui.commands import DocumentStacks
from annotator.gui.compare import CompareMode
from annotator.gui.dashboard import Dashboard
from annotator.gui.docks import DocumentsDock, InspectorDock, SpansDock
from annotator.gui.editor import Editor
from annotator.gui.find_bar import FindBar
from annotator.gui.first_paint import FirstPaint
from annotator.gui.fonts import DEFAULT_SIZE, MAX_SIZE, MIN_SIZE, article_font
from annotator.gui.i18n import (
    QT_TRANSLATE_NOOP,
    mirrored_area,
    number,
    selection_text,
    status_name,
    translate,
)
from annotator.gui.layout import DockFitter
from annotator.gui.linguist_tools import LinguistTools
from annotator.gui.session import Session
from annotator.gui.settings import UserSettings, save_font_size
from annotator.gui.settings_dialog import SettingsDialog
from annotator.gui.span_notes import SpanNotes
from annotator.gui.suggestions import SuggestionReview
from annotator.gui.writer import Writer
from annotator.labelling import toggled_status
from annotator.model import Span
from annotator.navigation import step_row

NOTHING_SELECTED = QT_TRANSLATE_NOOP("MainWindow", "Select text, then press a label key (1–9)")
# Actions that act inside the article only (Tab moves between spans there, between widgets
# elsewhere).
ARTICLE_ONLY = ("next_span", "previous_span", "cancel", "delete")


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = session
        self.undo_stacks = DocumentStacks(self)  # a QUndoStack per document
        self.last_error: str | None = None
        self._error_box: QMessageBox | None = None

        self.view = ArticleView(self.session)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setCentralWidget(self.view)
        self.documents = DocumentsDock(self.session)
        self.spans = SpansDock(self.session)
        self.inspector = InspectorDock(self.session)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.documents)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.spans)
        self.resizeDocks([self.spans], [190], Qt.Orientation.Vertical)
        self.resizeDocks([self.documents, self.inspector], [250, 300], Qt.Orientation.Horizontal)
        self.dock_fitter = DockFitter(self, self.documents, self.inspector)
        # Writes wait in order while another program holds the lock; the window never freezes.
        self.writer = Writer(lambda error: self.show_error(str(error)), self)
        self.editor = Editor(
            self, session, self.view, self.writer, self.undo_stacks, self.show_error
        )
        self.find_bar = FindBar(session, self.view, self.statusBar())
        self.find_field = self.find_bar.field
        self.suggestions = SuggestionReview(self)  # a label key may accept a suggestion

        self._build_actions()
        self._build_bars()
        self._build_menus()
        self._connect()
        self.compare = CompareMode(self)  # the team: compare and curate, whose spans, dashboard
        self.annotator_filter = AnnotatorFilter(self)
        self.dashboard = Dashboard(self)
        self.tools = LinguistTools(self)  # search panel, label all, invisibles, guidelines
        self.span_notes = SpanNotes(self)  # notes and the unsure flag: inspector, keys, filter
        self._apply_settings(UserSettings.load())
        self.resize(1280, 800)
        self.statusBar().addPermanentWidget(self.writer.label)
        self.writer.drained.connect(self._close_if_asked)
        self._close_when_saved = False
        # Other windows, annotators and CLI commands write to the same file: follow them.
        self._data_version = session.data_version()
        self.outside_changes = QTimer(self)
        self.outside_changes.setInterval(1000)
        self.outside_changes.timeout.connect(self.check_outside_changes)
        self.outside_changes.start()
        # The article paints first; the docks show right after (see first_paint).
        self.first_paint = FirstPaint(self, self.view.viewport())

    # -- construction ------------------------------------------------------------------------

    def addDockWidget(self, area, dock, *args) -> None:
        """Place `dock` where it goes in a left-to-right window, mirrored in Arabic."""
        super().addDockWidget(mirrored_area(area, self.layoutDirection()), dock, *args)

    def dockWidgetArea(self, dock) -> Qt.DockWidgetArea:
        """The area `dock` is in, as a left-to-right window would name it."""
        return mirrored_area(super().dockWidgetArea(dock), self.layoutDirection())

    def _build_actions(self) -> None:
        editor = self.editor
        edge = editor.move_selected_edge
        handlers: dict[str, Callable[[], object]] = {
            "undo": editor.undo,
            "redo": editor.redo,
            "delete": editor.delete_selected,
            "find": self.find_bar.open,
            "find_next": self.find_bar.find_next,
            "zoom_in": lambda: self.zoom(+1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
            "start_left": lambda: edge("start", "left"),
            "start_right": lambda: edge("start", "right"),
            "end_left": lambda: edge("end", "left"),
            "end_right": lambda: edge("end", "right"),
            "end_back": lambda: edge("end", "back"),
            "end_forward": lambda: edge("end", "forward"),
            "link": editor.start_linking,
            "cancel": editor.cancel,
            "next_span": lambda: self.step_span(+1),
            "previous_span": lambda: self.step_span(-1),
            "next_document": lambda: self.step_document(+1),
            "previous_document": lambda: self.step_document(-1),
            "mark_done": self.toggle_done,
            "settings": self.open_settings,
            "quit": self.close,
        }
        self.actions_by_id = create_actions(self, handlers)
        for action_id, action in self.actions_by_id.items():
            if action_id in ARTICLE_ONLY:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.view.addAction(action)
            else:
                self.addAction(action)
        # A span picked in the span list is deleted there too (not in the search boxes).
        self.spans.table.addAction(self.actions_by_id["delete"])
        self.undo_stacks.drive(self.actions_by_id["undo"], self.actions_by_id["redo"])
        self.label_actions: dict[str, QAction] = {}  # by shortcut
        self._labels: list[tuple[str, QAction]] = []  # (layer, action) in schema order
        for label in self.session.schema.labels():
            action = label_action(self, label, self.suggestions.label_selection)
            self.addAction(action)
            self._labels.append((label.layer, action))
            if label.shortcut:
                self.label_actions[label.shortcut] = action

    def _labels_of(self, layer: str | None = None) -> list[QAction]:
        """Return the label actions of `layer` (None: of every layer), in schema order."""
        return [action for name, action in self._labels if layer in (None, name)]

    def _build_bars(self) -> None:
        self.label_bar = QToolBar(translate("MainWindow", "Labels"))
        self.label_bar.setObjectName("labelBar")
        self.label_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for layer in self.session.schema.layers:
            self.label_bar.addActions(self._labels_of(layer.name))
            self.label_bar.addSeparator()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.label_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.find_bar)
        self.find_bar.hide()
        self.selection_label = QLabel()
        self.selection_label.setObjectName("selectionLabel")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.statusBar().addWidget(self.selection_label, 1)
        self.statusBar().addPermanentWidget(self.progress_label)

    def _build_menus(self) -> None:
        docks = (self.documents, self.spans, self.inspector)
        labels = {layer.name: self._labels_of(layer.name) for layer in self.session.schema.layers}
        self.menus = build_menu_bar(
            self.menuBar(), self.actions_by_id, [d.toggleViewAction() for d in docks], labels
        )
        self.suggestions.add_menu(self.menuBar())

    def _connect(self) -> None:
        self.view.selectionDescribed.connect(self.selection_label.setText)
        self.view.digitPressed.connect(self._on_digit)
        self.view.spanClicked.connect(self.editor.click)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.documents.documentActivated.connect(self.open_document)
        self.spans.spanActivated.connect(self.select_span)
        self.inspector.labelChosen.connect(self.editor.relabel_selected)
        self.inspector.attributeChosen.connect(self.editor.set_attribute)
        self.inspector.linkRequested.connect(self.editor.link_selected)
        self.inspector.unlinkRequested.connect(self.editor.unlink)
        self.inspector.deleteRequested.connect(self.editor.delete_selected)
        self.session.selectedSpanChanged.connect(self._on_selected_span)
        self.session.statusChanged.connect(lambda *_: self._update_progress())

    def _apply_settings(self, chosen: UserSettings) -> None:
        self.view.setFont(article_font(chosen.font_family or None, chosen.font_size))
        self.view.snap_to_words = chosen.snap_words

    # -- documents ---------------------------------------------------------------------------

    def open_document(self, doc_id: str) -> None:
        """Open a document, after the actions still waiting for the database (theirs)."""
        self._run(lambda: self._open_now(doc_id))

    def _open_now(self, doc_id: str) -> None:
        self.session.open_document(doc_id)
        self.undo_stacks.activate(doc_id)
        self.setWindowTitle(f"{doc_id} — annotator ({self.session.annotator})")
        self.selection_label.setText(translate("MainWindow", NOTHING_SELECTED))
        self.documents.model.mark_current()
        self._update_progress()

    def check_outside_changes(self) -> bool:
        """Follow what another connection committed (the open document's spans and
        relations, the document list); True if something was committed.

        Cheap when nothing was: PRAGMA data_version only moves on others' commits.
        """
        try:
            version = self.session.data_version()
            if version == self._data_version:
                return False
            self.session.follow_outside_changes()
            self.documents.model.refresh()
            self._update_progress()
        except AnnotatorError:  # the database could not be read just now: look next time
            return False
        self._data_version = version
        return True

    def step_document(self, step: int) -> None:
        target = self.session.neighbour(step)
        if target is not None:
            self.open_document(target)

    def toggle_done(self) -> None:
        if self.session.doc_id is None:
            return
        status = toggled_status(self.session.status())
        self._run(
            lambda: self.session.set_status(status),
            then=lambda _done: self.statusBar().showMessage(
                f"{self.session.doc_id}: {status_name(status)}", 4000
            ),
        )

    def _update_progress(self) -> None:
        done, total = self.session.progress()
        text = translate("MainWindow", "{done} of {total} documents done · {annotator}").format(
            done=number(done), total=number(total), annotator=self.session.annotator
        )
        self.progress_label.setText(text)
        self.documents.progress.setText(text)

    # -- labelling ---------------------------------------------------------------------------

    def _on_digit(self, digit: str) -> None:
        action = self.label_actions.get(digit)
        if action is not None:
            action.trigger()

    # -- selection ---------------------------------------------------------------------------

    def select_span(self, span: Span) -> None:
        self.session.select(span)
        self.view.scroll_to(span.start)

    def step_span(self, step: int) -> None:
        spans, current = self.session.spans, self.session.selected
        position = None if current is None else spans.position(current.id)
        row = step_row(position, len(spans), step)
        if row is not None:
            self.select_span(spans.row(row))

    def _on_selected_span(self, span: Span | None) -> None:
        self.spans.show_span(span)
        if span is not None:
            self.selection_label.setText(
                f"{span.id} {span.layer}:{span.label} · "
                + self.view_selection_text(span.start, span.end)
            )
            return
        start, end = self.view.selection_range()
        # No span selected (also right after a delete): the status bar must not show one.
        self.selection_label.setText(
            self.view_selection_text(start, end)
            if start != end
            else translate("MainWindow", NOTHING_SELECTED)
        )

    def view_selection_text(self, start: int, end: int) -> str:
        return selection_text(self.session.text, start, end)

    def _show_context_menu(self, pos: QPoint) -> None:
        """Offer links, selection and labels for the spans under a right click (viewport
        coordinates, as QAbstractScrollArea reports them)."""
        menu = context_menu.article_menu(
            self,
            self.session.schema,
            self.session.selected,
            self.view.spans_at(pos.toPointF()),
            self.session.select,
            self.editor.link_selected,
            self._labels_of(),
            [self.actions_by_id["delete"], self.actions_by_id["link"], self.tools.label_all_like],
        )
        context_menu.show(menu, self.view.viewport().mapToGlobal(pos))

    # -- find, zoom, settings ------------------------------------------------------------

    def zoom(self, step: int) -> None:
        font = self.view.font()
        size = DEFAULT_SIZE if step == 0 else max(MIN_SIZE, min(MAX_SIZE, font.pointSizeF() + step))
        font.setPointSizeF(size)
        self.view.setFont(font)
        save_font_size(size)

    def open_settings(self) -> None:
        """Open the settings dialog (window-modal, without blocking the event loop)."""
        current = UserSettings.load()
        current.annotator = current.annotator or self.session.annotator
        current.snap_words = self.view.snap_to_words
        dialog = SettingsDialog(self, current, self.view.font())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._settings_chosen(dialog.chosen()))
        dialog.open()

    def _settings_chosen(self, chosen: UserSettings) -> None:
        chosen.save()
        self._apply_settings(UserSettings.load())
        if chosen.annotator and chosen.annotator != self.session.annotator:
            self.session.annotator = chosen.annotator
            self.annotator_filter.apply()
            self.documents.model.refresh()
            self._update_progress()

    # -- errors ------------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], then: Callable[[object], object] | None = None):
        """Run a store-backed action now, or after the actions waiting for the database;
        on failure show why (see Writer.run)."""
        return self.writer.run(action, then)

    def show_error(self, message: str) -> None:
        """Tell the user without blocking: the status bar and one reused non-modal box."""
        self.last_error = message
        self.statusBar().showMessage(message, 10000)
        if self._error_box is None:
            self._error_box = QMessageBox(QMessageBox.Icon.Warning, "annotator", "", parent=self)
            self._error_box.setObjectName("errorBox")
            self._error_box.setModal(False)
        self._error_box.setText(message)
        self._error_box.show()

    def closeEvent(self, event) -> None:
        if self.writer.pending:  # never lose them: close once they are saved
            event.ignore()
            self._close_when_saved = True
            self.statusBar().showMessage(
                translate(
                    "MainWindow",
                    "{count} actions are waiting for the database; "
                    "the window closes once they are saved",
                ).format(count=number(self.writer.pending))
            )
            return
        self.outside_changes.stop()
        self.session.close()
        super().closeEvent(event)

    def _close_if_asked(self) -> None:
        if self._close_when_saved:
            self.close()
