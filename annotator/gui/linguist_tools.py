"""The linguist's tools, wired into the main window: the search panel with label all, the
invisible characters toggle and the guidelines dock (each in its own module).

The window builds one `LinguistTools(window)`; what they decide lives outside gui/
(`annotator.search`, `search_job`, `labelall`, `invisibles`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from annotator.gui.guidelines import GuidelinesDock
from annotator.gui.i18n import translate
from annotator.gui.invisibles import InvisibleMarks
from annotator.gui.label_all_dialog import LabelAllDialog, apply_label_all, plan_found
from annotator.gui.search_panel import SearchDock
from annotator.schema import Label
from annotator.search_job import Found

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class LinguistTools(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        session = window.session
        self.session = session
        self.search = SearchDock(session)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.search)
        window.tabifyDockWidget(window.spans, self.search)
        self.search.hide()  # until Ctrl+Shift+F: a small window keeps its room
        window.spans.raise_()
        self.guidelines = GuidelinesDock(session.schema, session.project_folder)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidelines)
        if self.guidelines.has_guidelines:  # a tab beside the inspector
            window.tabifyDockWidget(window.inspector, self.guidelines)
            window.inspector.raise_()
        else:  # only the label descriptions: in the View menu
            self.guidelines.hide()
        self.invisibles = InvisibleMarks(window.view, window)
        self.dialog: LabelAllDialog | None = None
        self.search.hitActivated.connect(self.open_hit)
        self.search.label_all_button.clicked.connect(self.label_all_found)
        self.open_search = self._action(
            "search_panel",
            translate("LinguistTools", "Search &panel…"),
            "Ctrl+Shift+F",
            translate("LinguistTools", "Search the document or the whole project; label every hit"),
            self.search.open,
        )
        self.label_all_like = self._action(
            "label_all_like",
            translate("LinguistTools", "Label &all like this…"),
            "Ctrl+Shift+L",
            translate(
                "LinguistTools",
                "Find every occurrence of the selected span's text and label them as it is",
            ),
            self.label_all_like_selected,
        )
        menus = window.menus
        menus["&Edit"].addSeparator()
        menus["&Edit"].addActions([self.open_search, self.label_all_like])
        self.invisibles.add_to(menus["&View"])
        menus["&View"].addAction(self.search.toggleViewAction())
        menus["&View"].addAction(self.guidelines.toggleViewAction())

    def _action(self, name: str, text: str, key: str, tip: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    # -- hits --------------------------------------------------------------------------------

    def open_hit(self, doc_id: str, start: int, end: int) -> None:
        """Open the hit's document (after the writes still waiting) and select the hit."""
        window = self.window
        if doc_id != self.session.doc_id:
            window.open_document(doc_id)

        def select() -> None:
            if self.session.doc_id == doc_id:
                self.session.select(None)
                window.view.set_selection(start, end)
                window.view.setFocus(Qt.FocusReason.OtherFocusReason)

        window.writer.run(select)

    # -- label all ---------------------------------------------------------------------------

    def _label(self) -> Label | None:
        layer, name = self.search.chosen_label()
        layer_def = self.session.schema.layer(layer)
        return layer_def.label(name) if layer_def else None

    def label_all_found(self) -> None:
        """Preview the panel's hits (searching first when there are none yet)."""
        if self.search.running or not self.search.model.found:
            self.search.start(then=self.preview)
        else:
            self.preview()

    def label_all_like_selected(self) -> None:
        """Search the selected span's text (panel's scope) and preview labelling it all."""
        span = self.session.selected
        if span is None:
            self.window.statusBar().showMessage(
                translate("LinguistTools", "Select a span first"), 4000
            )
            return
        self.search.field.setText(self.session.text[span.start : span.end])
        self.search.boxes["regex"].setChecked(False)
        self.search.choose_label(span.layer, span.label)
        self.search.show()
        self.search.raise_()
        self.search.start(then=self.preview)

    def preview(self) -> LabelAllDialog | None:
        label = self._label()
        found: list[Found] = list(self.search.model.found)
        if label is None or not found:
            self.window.statusBar().showMessage(
                translate("LinguistTools", "No hits to label"), 4000
            )
            return None
        candidates = plan_found(self.session, found, label)
        contexts = {item.hit: item for item in found}
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog = LabelAllDialog(self.window, label, candidates, contexts)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(
            lambda chosen: apply_label_all(
                self.session, self.window.writer.run, self.window.editor.push, chosen, label
            )
        )
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        dialog.show()
        return dialog

    def _forget(self, dialog: LabelAllDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
