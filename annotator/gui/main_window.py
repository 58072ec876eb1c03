"""The main window: article view in the centre, docks around it, a label bar, a status bar.

Every command is a QAction (objectName = its id; labels are `label:<layer>:<LABEL>`), and
every change goes through an undoable command that writes to SQLite before the view moves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QIcon,
    QKeySequence,
    QPixmap,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from annotator.editing import describe_selection, is_rtl_paragraph, move_edge
from annotator.errors import AnnotatorError, DuplicateSpanError
from annotator.gui.actions import SPECS
from annotator.gui.article_view import ArticleView
from annotator.gui.commands import (
    AddRelation,
    CreateSpan,
    DeleteSpan,
    RemoveRelation,
    StoredCommand,
    UpdateSpan,
    redo_step,
    undo_step,
)
from annotator.gui.docks import DocumentsDock, InspectorDock, SpansDock
from annotator.gui.fonts import DEFAULT_SIZE, MAX_SIZE, MIN_SIZE, article_font
from annotator.gui.layout import DockFitter
from annotator.gui.session import Session
from annotator.gui.settings import (
    LayoutKeeper,
    last_document,
    read_bool,
    read_float,
    read_text,
    remember_document,
    restore_layout,
    settings,
)
from annotator.gui.writer import GUI_BUSY_TIMEOUT, Writer
from annotator.model import Span
from annotator.schema import Label
from annotator.store import Store, default_annotator

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
NOTHING_SELECTED = "Select text, then press a label key (1–9)"


class _ArticleWithMenu(ArticleView):
    """The article view, with its context menu supplied by the window."""

    menu_builder: Callable[[QContextMenuEvent], QMenu] | None = None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.menu_builder is not None:
            self.menu_builder(event).exec(event.globalPos())


class MainWindow(QMainWindow):
    def __init__(self, store: Store, annotator: str) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.session = Session(store, annotator)
        self.undo_group = QUndoGroup(self)
        self.stacks: dict[str, QUndoStack] = {}
        self.last_error: str | None = None
        self.linking = False
        self.actions_by_id: dict[str, QAction] = {}
        self.label_actions: dict[str, QAction] = {}

        self.view = _ArticleWithMenu(self.session)
        self.view.menu_builder = self._context_menu
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

        self._build_actions()
        self._build_label_bar()
        self._build_find_bar()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self._apply_settings()
        self.resize(1280, 800)
        # Writes wait in order while another program holds the lock; the window never freezes.
        self.writer = Writer(lambda error: self.show_error(str(error)), self)
        self.statusBar().addPermanentWidget(self.writer.label)
        self.writer.drained.connect(self._close_if_asked)
        self._close_when_saved = False
        # Other windows, annotators and CLI commands write to the same file: follow them.
        self._data_version = store.data_version()
        self.outside_changes = QTimer(self)
        self.outside_changes.setInterval(1000)
        self.outside_changes.timeout.connect(self.check_outside_changes)
        self.outside_changes.start()

    # -- construction ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "undo": self.undo,
            "redo": self.redo,
            "delete": self.delete_selected,
            "find": self.show_find,
            "find_next": self.find_next,
            "zoom_in": lambda: self.zoom(+1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
            "start_left": lambda: self.move_selected_edge("start", "left"),
            "start_right": lambda: self.move_selected_edge("start", "right"),
            "end_left": lambda: self.move_selected_edge("end", "left"),
            "end_right": lambda: self.move_selected_edge("end", "right"),
            "end_back": lambda: self.move_selected_edge("end", "back"),
            "end_forward": lambda: self.move_selected_edge("end", "forward"),
            "link": self.start_linking,
            "cancel": self.cancel,
            "next_span": lambda: self.step_span(+1),
            "previous_span": lambda: self.step_span(-1),
            "next_document": lambda: self.step_document(+1),
            "previous_document": lambda: self.step_document(-1),
            "mark_done": self.toggle_done,
            "settings": self.open_settings,
            "quit": self.close,
        }
        for spec in SPECS:
            action = QAction(spec.text, self)
            action.setObjectName(spec.id)
            action.setShortcuts(_unique_keys(spec.keys))
            action.setToolTip(spec.tip or spec.text.replace("&", ""))
            action.setStatusTip(spec.tip)
            action.triggered.connect(handlers[spec.id])
            self.addAction(action)
            self.actions_by_id[spec.id] = action
        # Tab moves between spans only inside the article, not between widgets elsewhere.
        for name in ("next_span", "previous_span", "cancel", "delete"):
            action = self.actions_by_id[name]
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.removeAction(action)
            self.view.addAction(action)
        # A span picked in the span list is deleted there too (not in the search boxes).
        self.spans.table.addAction(self.actions_by_id["delete"])
        self.undo_group.canUndoChanged.connect(self.actions_by_id["undo"].setEnabled)
        self.undo_group.canRedoChanged.connect(self.actions_by_id["redo"].setEnabled)
        self.actions_by_id["undo"].setEnabled(False)
        self.actions_by_id["redo"].setEnabled(False)
        for label in self.session.schema.labels():
            self.label_actions[label.shortcut] = self._label_action(label)

    def _label_action(self, label: Label) -> QAction:
        action = QAction(_swatch(label.color), f"{label.name}", self)
        action.setObjectName(f"label:{label.layer}:{label.name}")
        keys = [label.shortcut]
        if label.shortcut.isdigit() and len(label.shortcut) == 1:
            value = int(label.shortcut)
            keys += [ARABIC_INDIC[value], PERSIAN[value]]
        action.setShortcuts([QKeySequence(k) for k in keys if k])
        tip = f"{label.layer}: {label.name} — {label.description}"
        action.setToolTip(tip + (f" ({label.shortcut})" if label.shortcut else ""))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False, lab=label: self.label_selection(lab))
        self.addAction(action)
        return action

    def _build_label_bar(self) -> None:
        bar = QToolBar("Labels")
        bar.setObjectName("labelBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for layer in self.session.schema.layers:
            for label in layer.labels:
                bar.addAction(self.findChild(QAction, f"label:{layer.name}:{label.name}"))
            bar.addSeparator()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.label_bar = bar

    def _build_find_bar(self) -> None:
        self.find_bar = QToolBar("Find")
        self.find_bar.setObjectName("findBar")
        self.find_field = QLineEdit(placeholderText="Find in document (Enter: next)")
        self.find_field.setAccessibleName("Find text")
        self.find_field.returnPressed.connect(self.find_next)
        # Esc leaves the find bar: the next digit labels the match instead of being typed here.
        leave = QAction("Close find", self.find_field)
        leave.setObjectName("close_find")
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        leave.triggered.connect(self.close_find)
        self.find_field.addAction(leave)
        self.find_bar.addWidget(self.find_field)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.find_bar)
        self.find_bar.hide()

    def _build_menus(self) -> None:
        a = self.actions_by_id
        menus = {
            "&File": [
                "previous_document",
                "next_document",
                "mark_done",
                None,
                "settings",
                None,
                "quit",
            ],
            "&Edit": [
                "undo",
                "redo",
                None,
                "delete",
                "link",
                None,
                "start_left",
                "start_right",
                "end_left",
                "end_right",
                "end_back",
                "end_forward",
                None,
                "find",
                "find_next",
            ],
            "&View": ["zoom_in", "zoom_out", "zoom_reset"],
        }
        for title, ids in menus.items():
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                if action_id is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[action_id])
            if title == "&View":
                menu.addSeparator()
                for dock in (self.documents, self.spans, self.inspector):
                    menu.addAction(dock.toggleViewAction())
        labels = self.menuBar().addMenu("&Labels")
        for layer in self.session.schema.layers:
            sub = labels.addMenu(layer.name)
            for label in layer.labels:
                sub.addAction(self.findChild(QAction, f"label:{layer.name}:{label.name}"))

    def _build_status_bar(self) -> None:
        self.selection_label = QLabel()
        self.selection_label.setObjectName("selectionLabel")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.statusBar().addWidget(self.selection_label, 1)
        self.statusBar().addPermanentWidget(self.progress_label)

    def _connect(self) -> None:
        self.view.selectionDescribed.connect(self.selection_label.setText)
        self.view.digitPressed.connect(self._on_digit)
        self.view.spanClicked.connect(self._on_span_clicked)
        self.documents.documentActivated.connect(self.open_document)
        self.spans.spanActivated.connect(self.select_span)
        self.inspector.labelChosen.connect(self.relabel_selected)
        self.inspector.attributeChosen.connect(self.set_attribute)
        self.inspector.linkRequested.connect(self.link_selected)
        self.inspector.unlinkRequested.connect(self.unlink)
        self.inspector.deleteRequested.connect(self.delete_selected)
        self.session.selectedSpanChanged.connect(self._on_selected_span)
        self.session.statusChanged.connect(lambda *_: self._update_progress())

    def _apply_settings(self) -> None:
        # A bad value in the settings file falls back to the default (see gui/settings.py).
        family = read_text("font_family") or None
        size = read_float("font_size", DEFAULT_SIZE, MIN_SIZE, MAX_SIZE)
        self.view.setFont(article_font(family, size))
        self.view.snap_to_words = read_bool("snap_words", True)

    # -- documents ---------------------------------------------------------------------------

    def open_document(self, doc_id: str) -> None:
        """Open a document, after the actions still waiting for the database (theirs)."""
        self._run(lambda: self._open_now(doc_id))

    def _open_now(self, doc_id: str) -> None:
        self.session.open_document(doc_id)
        stack = self.stacks.get(doc_id)
        if stack is None:
            stack = self.stacks[doc_id] = QUndoStack(self.undo_group)
        self.undo_group.setActiveStack(stack)
        self.setWindowTitle(f"{doc_id} — annotator ({self.session.annotator})")
        self.selection_label.setText("Select text, then press a label key (1–9)")
        self.documents.model.mark_current()
        self._update_progress()

    def check_outside_changes(self) -> bool:
        """Follow what another connection committed (the open document's spans and
        relations, the document list); True if something was committed.

        Cheap when nothing was: PRAGMA data_version only moves on others' commits.
        """
        try:
            version = self.store.data_version()
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
        status = "in_progress" if self.session.status() == "done" else "done"
        self._run(
            lambda: self.session.set_status(status),
            then=lambda _done: self.statusBar().showMessage(
                f"{self.session.doc_id}: {status.replace('_', ' ')}", 4000
            ),
        )

    def _update_progress(self) -> None:
        done, total = self.store.progress(self.session.annotator)
        text = f"{done} of {total} documents done · {self.session.annotator}"
        self.progress_label.setText(text)
        self.documents.progress.setText(text)

    # -- labelling ---------------------------------------------------------------------------

    def _on_digit(self, digit: str) -> None:
        action = self.label_actions.get(digit)
        if action is not None:
            action.trigger()

    def label_selection(self, label: Label) -> Span | None:
        """Label the selected text; with a span selected instead, relabel it (same layer)
        or label its stretch in the label's layer."""
        if self.session.doc_id is None:
            return None
        start, end = self.view.selection_range()
        selected = self.session.selected
        if start == end and selected is not None:
            if selected.layer == label.layer:
                self.relabel_selected(label.name)
                return self.session.selected
            start, end = selected.start, selected.end
        if start == end:
            self.statusBar().showMessage("Select some text first, then press the label key", 4000)
            return None
        defaults = {a.name: a.default for a in label.attributes if a.default is not None}

        def create() -> Span | None:
            try:
                span = self.session.add_span(start, end, label.layer, label.name, defaults)
            except DuplicateSpanError as duplicate:
                self._select_existing(duplicate.existing)
                return None
            self._push(CreateSpan(self.session, span))
            if not self.writer.replaying:  # applied later, the user has moved on: keep theirs
                self.view.clear_selection()
                self.session.select(span)
            return span

        span = self._run(create)
        return span if isinstance(span, Span) else None

    def _select_existing(self, span: Span) -> None:
        """The span is labelled already (maybe in another window): select it, say so."""
        self.session.follow_outside_changes()
        if not self.writer.replaying:
            self.view.clear_selection()
            self.session.select(span)
        self.statusBar().showMessage(
            f"Already labelled: {span.id} {span.layer}:{span.label} "
            f"({span.annotator}) — selected it, nothing added",
            6000,
        )

    def relabel_selected(self, label_name: str) -> None:
        span = self.session.selected
        if span is None or span.label == label_name:
            return
        self._update(span, f"Relabel {span.label} → {label_name}", label=label_name)

    def set_attribute(self, name: str, value: str | None) -> None:
        span = self.session.selected
        if span is None:
            return
        attrs = dict(span.attrs)
        if value is None:
            attrs.pop(name, None)
        else:
            attrs[name] = value
        if attrs != dict(span.attrs):
            self._update(span, f"Set {name}", attrs=attrs)

    def move_selected_edge(self, edge: str, arrow: str) -> None:
        span = self.session.selected
        text = self.session.text
        if span is None:
            start, end = self.view.selection_range()
            if start == end:
                return
        else:
            start, end = span.start, span.end
        paragraph_start = text.rfind("\n", 0, start) + 1
        paragraph_end = text.find("\n", start)
        paragraph = text[paragraph_start : paragraph_end if paragraph_end >= 0 else len(text)]
        rtl = is_rtl_paragraph(paragraph)
        # "back"/"forward" go along the text; "left"/"right" on screen, by paragraph direction.
        step = {"back": -1, "forward": 1}.get(arrow) or (-1 if arrow == "left" else 1) * (
            -1 if rtl else 1
        )
        new_start, new_end = move_edge(text, start, end, edge, step)
        if (new_start, new_end) == (start, end):
            return
        if span is None:
            self.view.set_selection(new_start, new_end)
        else:
            self._update(span, "Move edge", start=new_start, end=new_end)

    def _update(self, span: Span, text: str, **changes: object) -> None:
        def update() -> None:
            before = self.session.spans.get(span.id) or span  # as committed when applied
            after = self.session.update_span(span.id, **changes)
            self._push(UpdateSpan(self.session, before, after, text))

        self._run(update)

    def delete_selected(self) -> None:
        span = self.session.selected
        if span is None:
            return
        self._run(
            lambda: self.session.remove_span(span.id),
            then=lambda result: self._push(DeleteSpan(self.session, *result)),
        )

    # -- relations ---------------------------------------------------------------------------

    def start_linking(self) -> None:
        span = self.session.selected
        if span is None or not self.session.schema.relations_from(span.layer):
            self.statusBar().showMessage("Select a claim or a stance first, then link it", 4000)
            return
        self.linking = True
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.statusBar().showMessage(
            f"Linking {span.label} {span.id}: click the span it refers to (Esc cancels)"
        )

    def link_selected(self, kind: str, target_id: str) -> None:
        span = self.session.selected
        if span is None:
            return
        self._run(
            lambda: self.session.add_relation(kind, span.id, target_id),
            then=lambda relation: self._push(AddRelation(self.session, relation)),
        )

    def _link_to(self, target: Span) -> None:
        source = self.session.selected
        self.cancel_linking()
        if source is None:
            return
        kinds = [
            k.name
            for k in self.session.schema.relations_from(source.layer)
            if target.layer in k.to_layers
        ]
        if not kinds:
            self.show_error(f"A {source.layer} cannot be linked to a {target.layer} span")
            return
        if len(kinds) == 1:
            self.link_selected(kinds[0], target.id)
            return
        menu = QMenu(self)
        for kind in kinds:
            menu.addAction(kind, lambda k=kind: self.link_selected(k, target.id))
        menu.exec(self.cursor().pos())

    def unlink(self, relation_id: str) -> None:
        self._run(
            lambda: self.session.remove_relation(relation_id),
            then=lambda relation: self._push(RemoveRelation(self.session, relation)),
        )

    def cancel_linking(self) -> None:
        self.linking = False
        self.view.viewport().unsetCursor()
        self.statusBar().clearMessage()

    def cancel(self) -> None:
        if self.linking:
            self.cancel_linking()
        else:
            self.session.select(None)
            self.view.clear_selection()

    # -- selection ---------------------------------------------------------------------------

    def _on_span_clicked(self, span: Span | None) -> None:
        if self.linking and span is not None:
            self._link_to(span)
            return
        self.session.select(span)

    def select_span(self, span: Span) -> None:
        self.session.select(span)
        self.view.scroll_to(span.start)

    def step_span(self, step: int) -> None:
        spans = self.session.spans
        if not len(spans):
            return
        current = self.session.selected
        if current is None:
            row = 0 if step > 0 else len(spans) - 1
        else:
            row = (spans.position(current.id) + step) % len(spans)
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
            self.view_selection_text(start, end) if start != end else NOTHING_SELECTED
        )

    def view_selection_text(self, start: int, end: int) -> str:
        return describe_selection(self.session.text, start, end)

    def _context_menu(self, event: QContextMenuEvent) -> QMenu:
        menu = QMenu(self)
        under = self.view.spans_at(event.pos().toPointF())
        selected = self.session.selected
        if selected is not None and under:
            for target in under:
                for kind in self.session.schema.relations_from(selected.layer):
                    if target.layer in kind.to_layers and target.id != selected.id:
                        menu.addAction(
                            f"Link {selected.label} {selected.id} → {kind.name}: "
                            f"{target.label} {target.id}",
                            lambda k=kind.name, t=target.id: self.link_selected(k, t),
                        )
        if under:
            for span in under:
                menu.addAction(
                    f"Select {span.label} {span.id}", lambda s=span: self.session.select(s)
                )
            menu.addSeparator()
        labels = menu.addMenu("Label selection as")
        for layer in self.session.schema.layers:
            for label in layer.labels:
                labels.addAction(self.findChild(QAction, f"label:{layer.name}:{label.name}"))
        menu.addAction(self.actions_by_id["delete"])
        menu.addAction(self.actions_by_id["link"])
        return menu

    # -- undo --------------------------------------------------------------------------------

    def _push(self, command: StoredCommand) -> None:
        stack = self.undo_group.activeStack()
        if stack is not None:
            stack.push(command)

    def undo(self) -> None:
        """Undo the last change, after the actions still waiting for the database."""
        self._run(lambda: undo_step(self.undo_group.activeStack()))

    def redo(self) -> None:
        """Redo the last undone change, after the actions still waiting for the database."""
        self._run(lambda: redo_step(self.undo_group.activeStack()))

    # -- find, zoom, settings ------------------------------------------------------------

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> None:
        self.find_bar.hide()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_next(self) -> None:
        needle = self.find_field.text()
        if not needle:
            self.show_find()
            return
        text = self.session.text
        _start, end = self.view.selection_range()
        found = text.find(needle, end)
        if found < 0:
            found = text.find(needle)
        if found < 0:
            self.statusBar().showMessage(f"Not found: {needle}", 4000)
            return
        self.view.set_selection(found, found + len(needle))

    def zoom(self, step: int) -> None:
        font = self.view.font()
        size = DEFAULT_SIZE if step == 0 else max(MIN_SIZE, min(MAX_SIZE, font.pointSizeF() + step))
        font.setPointSizeF(size)
        self.view.setFont(font)
        settings().setValue("font_size", size)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self, self.session.annotator, self.view)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            dialog.save()
            self._apply_settings()
            name = dialog.annotator.text().strip()
            if name and name != self.session.annotator:
                self.session.annotator = name
                self.documents.model.refresh()
                self._update_progress()

    # -- errors ------------------------------------------------------------------------------

    def _run(  # noqa: ANN202
        self, action: Callable[[], object], then: Callable[[object], object] | None = None
    ):
        """Run a store-backed action now, or after the actions waiting for the database;
        on failure show why (see Writer.run)."""
        return self.writer.run(action, then)

    def show_error(self, message: str) -> None:
        """Tell the user, without blocking: a status message and a non-modal box."""
        self.last_error = message
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "annotator", message, parent=self)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    def closeEvent(self, event) -> None:  # noqa: ANN001
        if self.writer.pending:  # never lose them: close once they are saved
            event.ignore()
            self._close_when_saved = True
            self.statusBar().showMessage(
                f"{self.writer.pending} actions are waiting for the database; "
                "the window closes once they are saved"
            )
            return
        self.outside_changes.stop()
        self.session.close()
        super().closeEvent(event)

    def _close_if_asked(self) -> None:
        if self._close_when_saved:
            self.close()


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget, annotator: str, view: ArticleView) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.annotator = QLineEdit(read_text("annotator", annotator))
        self.font_family = QFontComboBox()
        self.font_family.setCurrentFont(view.font())
        self.font_size = QDoubleSpinBox(
            minimum=MIN_SIZE, maximum=MAX_SIZE, value=view.font().pointSizeF()
        )
        self.snap = QCheckBox("Snap mouse selections to whole words (Ctrl: exact)")
        self.snap.setChecked(view.snap_to_words)
        form = QFormLayout(self)
        form.addRow("Annotator", self.annotator)
        form.addRow("Font", self.font_family)
        form.addRow("Size", self.font_size)
        form.addRow(self.snap)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        stored = settings()
        if self.annotator.text().strip():
            stored.setValue("annotator", self.annotator.text().strip())
        stored.setValue("font_family", self.font_family.currentFont().family())
        stored.setValue("font_size", self.font_size.value())
        stored.setValue("snap_words", self.snap.isChecked())


def _unique_keys(keys) -> list[QKeySequence]:  # noqa: ANN001
    """Expand standard keys and drop repeats (a repeated key makes Qt call it ambiguous)."""
    unique: dict[str, QKeySequence] = {}
    for key in keys:
        sequences = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        for sequence in sequences:
            if not sequence.isEmpty():
                unique.setdefault(sequence.toString(), sequence)
    return list(unique.values())


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def create_main_window(
    db_path: str | Path,
    doc_id: str | None = None,
    annotator: str | None = None,
    remember: bool = False,
) -> MainWindow:
    """Open the project at `db_path` and return its main window, not yet shown.

    With `remember` (the app does, screenshots and tests do not), the window comes back as
    the user left it: layout, and the document last open in this database.
    """
    name = annotator or read_text("annotator") or default_annotator()
    store = Store.open(db_path, busy_timeout=GUI_BUSY_TIMEOUT)
    window = MainWindow(store, name)
    target = doc_id
    if remember:
        restore_layout(window)
        LayoutKeeper(window)
        window.session.documentOpened.connect(lambda opened: remember_document(db_path, opened))
        last = last_document(db_path)
        if target is None and last is not None and store.has_document(last):
            target = last
    target = target or window.session.first_document()
    if target is not None:
        if doc_id is not None and not store.has_document(doc_id):
            store.close()
            raise AnnotatorError(f"no document {doc_id!r} in {db_path}")
        window.open_document(target)
    return window
