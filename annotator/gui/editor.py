"""The user's annotation commands, carried out: label, relabel, edges, links, undo.

Each command asks a Qt-free decision (`annotator.labelling`, `linking`, `navigation`) what
the key or click means, then writes through the session (via the writer: now, or in turn
while another program holds the database) and pushes its undo command only once the write
is committed. The window connects keys, menus and docks to these methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCursor, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QMainWindow

from annotator.errors import DuplicateSpanError
from annotator.gui import commands, context_menu
from annotator.gui.article_view import ArticleView
from annotator.gui.commands import AddRelation, CreateSpan, DeleteSpan, RemoveRelation, UpdateSpan
from annotator.gui.i18n import message, translate
from annotator.gui.session import Session
from annotator.gui.writer import Writer
from annotator.labelling import (
    NothingToLabel,
    Relabel,
    Unchanged,
    already_labelled,
    plan_label,
    with_attribute,
)
from annotator.linking import NEED_SOURCE, CannotLink, ChooseKind, Link, can_link_from, plan_link
from annotator.model import Span
from annotator.navigation import move_edge_by_arrow
from annotator.schema import Label
from annotator.undo import Command


class Editor(QObject):
    """Carry out annotation commands on the open document of `window`."""

    def __init__(
        self,
        window: QMainWindow,
        session: Session,
        view: ArticleView,
        writer: Writer,
        undo_group: QUndoGroup,
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.view = view
        self.writer = writer
        self.undo_group = undo_group  # one QUndoStack per document, the open one active
        self.status = window.statusBar()
        self.show_error = show_error
        self.linking = False

    # -- labelling ---------------------------------------------------------------------------

    def label_selection(self, label: Label) -> Span | None:
        """Label the selected text, or relabel the selected span (see `plan_label`)."""
        if self.session.doc_id is None:
            return None
        plan = plan_label(label, self.view.selection_range(), self.session.selected)
        if isinstance(plan, NothingToLabel):
            self.status.showMessage(message(plan.message), 4000)
            return None
        if isinstance(plan, Unchanged):
            return plan.span
        if isinstance(plan, Relabel):
            self.relabel_selected(plan.label)
            return self.session.selected

        def create() -> Span | None:
            try:
                span = self.session.add_span(
                    plan.start, plan.end, plan.layer, plan.label, plan.attrs
                )
            except DuplicateSpanError as duplicate:  # maybe from another window
                self.session.follow_outside_changes()
                existing = duplicate.existing
                assert isinstance(existing, Span)
                self._select_quietly(existing)
                self.status.showMessage(already_labelled(existing), 6000)
                return None
            self.push(CreateSpan(self.session, span))
            self._select_quietly(span)
            return span

        span = self.writer.run(create)
        return span if isinstance(span, Span) else None

    def _select_quietly(self, span: Span) -> None:
        """Select `span`, unless it was applied late: the user has moved on, keep theirs."""
        if not self.writer.replaying:
            self.view.clear_selection()
            self.session.select(span)

    def relabel_selected(self, label_name: str) -> None:
        span = self.session.selected
        if span is not None and span.label != label_name:
            text = translate("Editor", "Relabel {before} → {after}")
            self._update(span, text.format(before=span.label, after=label_name), label=label_name)

    def set_attribute(self, name: str, value: str | None) -> None:
        span = self.session.selected
        attrs = None if span is None else with_attribute(span.attrs, name, value)
        if span is not None and attrs is not None:
            self._update(span, translate("Editor", "Set {name}").format(name=name), attrs=attrs)

    def set_note(self, span: Span, note: str) -> None:
        """Give `span` this note (the inspector's field); the same note writes nothing."""
        if span.note != note:
            self._update(span, translate("Editor", "Edit note"), note=note)

    def set_unsure(self, span: Span, unsure: bool) -> None:
        """Flag `span` unsure, or clear its flag."""
        if span.unsure != unsure:
            text = (
                translate("Editor", "Mark unsure")
                if unsure
                else translate("Editor", "Clear unsure")
            )
            self._update(span, text, unsure=unsure)

    def move_selected_edge(self, edge: str, arrow: str) -> None:
        span = self.session.selected
        start, end = self.view.selection_range() if span is None else (span.start, span.end)
        if start == end:
            return
        moved = move_edge_by_arrow(self.session.text, start, end, edge, arrow)
        if moved == (start, end):
            return
        if span is None:
            self.view.set_selection(*moved)
        else:
            self._update(span, translate("Editor", "Move edge"), start=moved[0], end=moved[1])

    def _update(self, span: Span, text: str, **changes: Any) -> None:
        def update() -> None:
            before = self.session.spans.get(span.id) or span  # as committed when applied
            after = self.session.update_span(span.id, **changes)
            self.push(UpdateSpan(self.session, before, after, text))

        self.writer.run(update)

    def delete_selected(self) -> None:
        span = self.session.selected
        if span is not None:
            self.writer.run(
                lambda: self.session.remove_span(span.id),
                then=lambda result: self.push(DeleteSpan(self.session, *result)),
            )

    # -- relations ---------------------------------------------------------------------------

    def start_linking(self) -> None:
        span = self.session.selected
        if span is None or not can_link_from(self.session.schema, span):
            self.status.showMessage(message(NEED_SOURCE), 4000)
            return
        self.linking = True
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.status.showMessage(
            translate(
                "Editor", "Linking {label} {id}: click the span it refers to (Esc cancels)"
            ).format(label=span.label, id=span.id)
        )

    def link_selected(self, kind: str, target_id: str) -> None:
        span = self.session.selected
        if span is not None:
            self.writer.run(
                lambda: self.session.add_relation(kind, span.id, target_id),
                then=lambda relation: self.push(AddRelation(self.session, relation)),
            )

    def link_to(self, target: Span) -> None:
        source = self.session.selected
        self.cancel_linking()
        if source is None:
            return
        plan = plan_link(self.session.schema, source, target)
        if isinstance(plan, CannotLink):
            self.show_error(message(plan.message))
        elif isinstance(plan, Link):
            self.link_selected(plan.kind, target.id)
        elif isinstance(plan, ChooseKind):
            menu = context_menu.kind_menu(self.window, plan.kinds, target, self.link_selected)
            context_menu.show(menu, QCursor.pos())

    def unlink(self, relation_id: str) -> None:
        self.writer.run(
            lambda: self.session.remove_relation(relation_id),
            then=lambda relation: self.push(RemoveRelation(self.session, relation)),
        )

    def cancel_linking(self) -> None:
        self.linking = False
        self.view.viewport().unsetCursor()
        self.status.clearMessage()

    def click(self, span: Span | None) -> None:
        """A click on `span` (None: on no span) links to it while linking, else selects it."""
        if self.linking and span is not None:
            self.link_to(span)
        else:
            self.session.select(span)

    def cancel(self) -> None:
        if self.linking:
            self.cancel_linking()
        else:
            self.session.select(None)
            self.view.clear_selection()

    # -- undo --------------------------------------------------------------------------------

    def push(self, command: Command) -> None:
        """Put a command that was just committed on the open document's undo stack."""
        stack = self.undo_group.activeStack()
        if stack is not None:
            commands.push(stack, command)

    _push = push  # the name features (suggestions, compare, label all) call

    def undo(self) -> None:
        """Undo the last change, after the actions still waiting for the database; if the
        database refuses, the stack stays where it was (see annotator.undo)."""
        self.writer.run(lambda: self._step(commands.undo))

    def redo(self) -> None:
        """Redo the last undone change, after the actions still waiting for the database."""
        self.writer.run(lambda: self._step(commands.redo))

    def _step(self, step: Callable[[QUndoStack], None]) -> None:
        stack = self.undo_group.activeStack()  # as the step is applied, not as it was asked
        if stack is not None:
            step(stack)
