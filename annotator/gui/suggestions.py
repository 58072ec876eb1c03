"""Reviewing suggestions in the window: next / previous, accept, reject, accept above a
threshold, the sources shown, and the suggestions' own table under the span list.

What a key means is decided in `annotator.review` (Qt-free); this module carries it out
through the session, by the writer (now, or in turn while another program holds the
database), and pushes each decision on the window's undo history only once it is
committed. Editing before accepting is the usual editing of a selection: going to a
suggestion selects its text, so Alt+arrows move its edges and a label key of its layer
accepts it with that label; F9 accepts it with its own label and the edges as selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QMenuBar, QSplitter

from annotator.errors import DuplicateSpanError
from annotator.gui.actions import unique_keys
from annotator.gui.docks import SpansDock
from annotator.gui.docks.common import table_view
from annotator.gui.feature_actions import SUGGESTION_SPECS
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.session import Session, SuggestionEdit
from annotator.gui.settings import read_bool, read_float, read_text, settings
from annotator.gui.suggestion_views import SuggestionListModel, SuggestionPainter, TooltipFilter
from annotator.labelling import already_labelled
from annotator.model import Span
from annotator.review import (
    PENDING,
    above_threshold,
    accepted_edges,
    cursor_key,
    describe,
    order_key,
    plan_label_key,
    reviewable,
    step_suggestion,
)
from annotator.schema import Label
from annotator.store import Suggestion

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

HIDDEN_SOURCES = "suggestions/hidden_sources"  # one source name a line
THRESHOLD = "suggestions/threshold"
IN_SPAN_LIST = "suggestions/in_span_list"
DEFAULT_THRESHOLD = 0.8
KEYS_HINT = QT_TRANSLATE_NOOP("Suggestions", "F9 accept · F7 reject · F8 next · Shift+F8 previous")


def keys_hint() -> str:
    return translate("Suggestions", KEYS_HINT)


class AcceptSuggestions:
    """Undo command: suggestions accepted as spans (one, or all above a threshold)."""

    def __init__(self, session: Session, accepted: list[tuple[int, Span]], text: str) -> None:
        self.session = session
        self.accepted = accepted
        self.text = text

    def undo(self) -> None:
        self.session.undo_accept_suggestions(self.accepted)

    def redo(self) -> None:
        self.accepted = self.session.accept_suggestions(
            [SuggestionEdit(i, s.start, s.end, s.label, s.id) for i, s in self.accepted]
        )


class RejectSuggestion:
    def __init__(self, session: Session, suggestion: Suggestion) -> None:
        self.session = session
        self.suggestion_id = suggestion.id
        self.text = translate("Suggestions", "Reject {label}").format(label=suggestion.label)

    def undo(self) -> None:
        self.session.undo_reject_suggestion(self.suggestion_id)

    def redo(self) -> None:
        self.session.reject_suggestion(self.suggestion_id)


class SuggestionReview(QObject):
    """The window's suggestions: what is shown, which one is current, and the review."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session: Session = window.session
        self.view = window.view
        self.status = window.statusBar()
        self.all: list[Suggestion] = []  # the open document's, with their state
        self.shown: list[Suggestion] = []  # pending, of the sources shown, in review order
        self.current: Suggestion | None = None
        self.hidden_sources = {s for s in read_text(HIDDEN_SOURCES).split("\n") if s}
        self.threshold = read_float(THRESHOLD, DEFAULT_THRESHOLD, 0.0, 1.0)

        self.painter = SuggestionPainter(self.view, lambda: self.shown, lambda: self.current)
        self.view.overlays_under_text.append(self.painter)
        self.view.viewport().installEventFilter(TooltipFilter(self.painter))
        self.model = SuggestionListModel(lambda: self.session.text)
        self.table = table_view(self.model, translate("Suggestions", "Suggestions"))
        self.table.setObjectName("suggestionTable")
        self.table.clicked.connect(lambda index: self.go_to(self.model.rows[index.row()]))
        self.table.hide()
        self.actions_by_id = self._create_actions()
        self.sources_menu = QMenu(translate("Suggestions", "&Sources shown"), window)
        self.sources_menu.setObjectName("suggestionSources")
        self.sources_menu.aboutToShow.connect(self._fill_sources_menu)
        self.session.documentOpened.connect(self._on_document_opened)
        self.session.suggestionsChanged.connect(self.reload)
        self.reload()

    # -- construction ------------------------------------------------------------------------

    def _create_actions(self) -> dict[str, QAction]:
        handlers = {
            "suggest:next": lambda: self.step(+1),
            "suggest:previous": lambda: self.step(-1),
            "suggest:accept": self.accept,
            "suggest:reject": self.reject,
            "suggest:accept-above": self.accept_above,
            "suggest:threshold": self.ask_threshold,
            "suggest:in-span-list": self.show_in_span_list,
        }
        actions = {}
        for spec in SUGGESTION_SPECS:
            action = QAction(translate("Suggestions", spec.text), self.window)
            action.setObjectName(spec.id)
            action.setShortcuts(unique_keys(spec.keys))
            action.setToolTip(translate("Suggestions", spec.tip))
            action.setStatusTip(translate("Suggestions", spec.tip))
            action.triggered.connect(handlers[spec.id])
            self.window.addAction(action)
            actions[spec.id] = action
        shown = actions["suggest:in-span-list"]
        shown.triggered.disconnect()
        shown.setCheckable(True)
        shown.toggled.connect(self.show_in_span_list)
        shown.setChecked(read_bool(IN_SPAN_LIST, False))
        self.show_in_span_list(shown.isChecked())
        self._name_threshold(actions["suggest:accept-above"])
        return actions

    def _place_table(self) -> None:
        """Put the suggestions' table under the span list, in the same dock, apart; again
        when another feature has rebuilt the dock's content since."""
        dock: SpansDock = self.window.spans
        content = dock.widget()
        if content is None or content.isAncestorOf(self.table):
            return
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("spansAndSuggestions")
        splitter.addWidget(content)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        dock.setWidget(splitter)

    def add_menu(self, bar: QMenuBar) -> QMenu:
        """Add the Suggestions menu to the menu bar."""
        menu = bar.addMenu(translate("Suggestions", "S&uggestions"))
        menu.setObjectName("suggestionsMenu")
        ids = ("suggest:next", "suggest:previous", None, "suggest:accept", "suggest:reject")
        for action_id in (*ids, None, "suggest:accept-above", "suggest:threshold", None):
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions_by_id[action_id])
        menu.addMenu(self.sources_menu)
        menu.addAction(self.actions_by_id["suggest:in-span-list"])
        return menu

    # -- what is shown -----------------------------------------------------------------------

    def _on_document_opened(self, _doc_id: str) -> None:
        self.current = None
        if self.actions_by_id["suggest:in-span-list"].isChecked():
            self._place_table()
        self.reload()

    def reload(self) -> None:
        """Read the open document's suggestions again (after a decision, a filter change,
        or a commit elsewhere), keeping the current one up to date."""
        self.all = self.session.suggestions()
        self.shown = reviewable(self.all, self.hidden_sources)
        if self.current is not None:
            self.current = next((s for s in self.all if s.id == self.current.id), None)
        self.model.set_rows(self.shown)
        self._select_row()
        self.view.viewport().update()

    def _fill_sources_menu(self) -> None:
        self.sources_menu.clear()
        sources = self.session.suggestion_sources()
        for source in sources:
            action = self.sources_menu.addAction(source)
            action.setObjectName(f"suggest:source:{source}")
            action.setCheckable(True)
            action.setChecked(source not in self.hidden_sources)
            action.toggled.connect(lambda shown, name=source: self.show_source(name, shown))
        if not sources:
            self.sources_menu.addAction(
                translate("Suggestions", "No suggestions in this project")
            ).setEnabled(False)

    def show_source(self, source: str, shown: bool) -> None:
        """Show or hide one source's suggestions (kept in the settings)."""
        if shown:
            self.hidden_sources.discard(source)
        else:
            self.hidden_sources.add(source)
        settings().setValue(HIDDEN_SOURCES, "\n".join(sorted(self.hidden_sources)))
        if self.current is not None and self.current.source in self.hidden_sources:
            self.current = None
        self.reload()

    def show_in_span_list(self, shown: bool) -> None:
        if shown:
            self._place_table()
        self.table.setVisible(shown)
        settings().setValue(IN_SPAN_LIST, shown)

    def _select_row(self) -> None:
        row = None if self.current is None else self.model.row_of(self.current.id)
        if row is None:
            self.table.selectionModel().clear()
        else:
            self.table.selectRow(row)

    # -- review ------------------------------------------------------------------------------

    def step(self, step: int) -> None:
        """Go to the next (+1) or previous (-1) suggestion, from the current one or else
        from the text cursor, wrapping around."""
        anchor = (
            order_key(self.current)
            if self.current is not None
            else cursor_key(self.view.selection_range()[0])
        )
        target = step_suggestion(self.shown, anchor, step)
        if target is None:
            self.status.showMessage(
                translate("Suggestions", "No suggestions to review in this document"), 4000
            )
        else:
            self.go_to(target)

    def go_to(self, suggestion: Suggestion) -> None:
        """Make a suggestion current and select its text (ready to edit, accept, reject)."""
        self.current = suggestion
        self.session.select(None)
        self.view.set_selection(suggestion.start, suggestion.end)
        self._select_row()
        self.view.viewport().update()
        self.status.showMessage(f"{describe(suggestion)} — {keys_hint()}")

    def _pending_current(self) -> Suggestion | None:
        if self.current is None or self.current.state != PENDING:
            self.status.showMessage(
                translate("Suggestions", "No suggestion to decide on: {keys}").format(
                    keys=keys_hint()
                ),
                4000,
            )
            return None
        return self.current

    def accept(self) -> None:
        """Accept the current suggestion with its label and the edges as selected."""
        current = self._pending_current()
        if current is not None:
            start, end = accepted_edges(current, self.view.selection_range())
            edit = SuggestionEdit(current.id, start, end)
            self._accept(
                [edit],
                translate("Suggestions", "Accept {label}").format(label=current.label),
                current,
            )

    def label_selection(self, label: Label) -> None:
        """A label key: accept the current suggestion with that label when it fits (see
        `plan_label_key`), else label as usual."""
        plan = plan_label_key(
            self.current,
            self.view.selection_range(),
            self.session.selected is not None,
            label.layer,
            label.name,
        )
        if plan is None or self.current is None:
            self.window.editor.label_selection(label)
            return
        edit = SuggestionEdit(plan.suggestion_id, plan.start, plan.end, plan.label)
        text = translate("Suggestions", "Accept as {label}").format(label=plan.label)
        self._accept([edit], text, self.current)

    def accept_above(self) -> None:
        """Accept every suggestion shown here scored at or above the threshold: one
        transaction, one undo step."""
        chosen = above_threshold(self.shown, self.threshold)
        if not chosen:
            self.status.showMessage(
                translate("Suggestions", "No suggestion here scored {score} or more").format(
                    score=f"{self.threshold:.2f}"
                ),
                4000,
            )
            return
        edits = [SuggestionEdit(s.id) for s in chosen]
        text = translate("Suggestions", "Accept {count} suggestions scored {score} or more").format(
            count=len(chosen), score=f"{self.threshold:.2f}"
        )
        self._accept(edits, text, None)

    def _accept(self, edits: list[SuggestionEdit], text: str, decided: Suggestion | None) -> None:
        def accept() -> None:
            try:
                accepted = self.session.accept_suggestions(edits)
            except DuplicateSpanError as duplicate:  # the same span is there already
                existing = duplicate.existing
                if isinstance(existing, Span):
                    self.status.showMessage(already_labelled(existing), 6000)
                return
            self._push(AcceptSuggestions(self.session, accepted, text))
            self._after_decision(decided, text if decided is None else "")

        self.window.writer.run(accept)

    def reject(self) -> None:
        current = self._pending_current()
        if current is None:
            return

        def reject() -> None:
            self.session.reject_suggestion(current.id)
            self._push(RejectSuggestion(self.session, current))
            self._after_decision(current, "")

        self.window.writer.run(reject)

    def _after_decision(self, decided: Suggestion | None, message: str) -> None:
        """Go on to the next suggestion after the one decided (not when the decision was
        applied late: the user has moved on meanwhile)."""
        if self.window.writer.replaying:
            return
        if decided is None:
            self.status.showMessage(message, 6000)
            return
        following = step_suggestion(self.shown, order_key(decided), +1)
        if following is not None:
            self.go_to(following)
            return
        self.current = None
        self.view.clear_selection()
        self.view.viewport().update()
        self.status.showMessage(
            translate("Suggestions", "No more suggestions to review in this document"), 6000
        )

    def _push(self, command: AcceptSuggestions | RejectSuggestion) -> None:
        self.window.editor._push(command)

    # -- threshold ---------------------------------------------------------------------------

    def ask_threshold(self) -> None:
        """Ask for the accept-all threshold (window-modal, without blocking)."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("thresholdDialog")
        dialog.setWindowTitle(translate("Suggestions", "Accept-all threshold"))
        dialog.setLabelText(translate("Suggestions", "Accept suggestions scored at least:"))
        dialog.setInputMode(QInputDialog.InputMode.DoubleInput)
        dialog.setDoubleRange(0.0, 1.0)
        dialog.setDoubleDecimals(2)
        dialog.setDoubleStep(0.05)
        dialog.setDoubleValue(self.threshold)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.doubleValueSelected.connect(self.set_threshold)
        dialog.open()

    def set_threshold(self, value: float) -> None:
        self.threshold = min(1.0, max(0.0, value))
        settings().setValue(THRESHOLD, self.threshold)
        self._name_threshold(self.actions_by_id["suggest:accept-above"])

    def _name_threshold(self, action: QAction) -> None:
        action.setText(
            translate("Suggestions", "Accept all scored &{score} or more").format(
                score=f"{self.threshold:.2f}"
            )
        )
