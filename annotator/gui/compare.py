"""Compare mode and curation: every annotator's spans as lanes under the line, gold's as
the article's own spans, and keys to step through disagreements and accept into gold.

While compare mode is on, the session works as the curator (default `gold`, the setting
`curator`) and shows only gold's spans, so labelling, clicks and Tab act on gold; each
annotator's versions are painted under the text, one lane per annotator: one solid mark
where everyone agrees, split marks where they differ. What agrees, what a step finds and
what an acceptance changes is decided in `annotator.compare` (no Qt).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QCursor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu

from annotator.compare import (
    DEFAULT_CURATOR,
    Comparison,
    Stretch,
    Version,
    compare_spans,
    describe_stretch,
    describe_version,
    plan_accept,
)
from annotator.gui import context_menu
from annotator.gui.feature_actions import CURATE_ACTIONS
from annotator.gui.i18n import translate
from annotator.gui.menu_digits import answer_all_digits
from annotator.gui.settings import read_text, settings
from annotator.model import Relation, Span

LANE = 4  # pixels per annotator lane, under the text


def curator_name() -> str:
    return read_text("curator").strip() or DEFAULT_CURATOR


def team_menu(window: QMainWindow) -> QMenu:
    """Return the window's Team menu, made on first use."""
    menu = window.findChild(QMenu, "teamMenu")
    if menu is None:
        menu = window.menuBar().addMenu(translate("Compare", "&Team"))
        menu.setObjectName("teamMenu")
    return menu


class CurateSpans:
    """Undoable: gold's spans replaced in one transaction (accept, reject, accept-agreed)."""

    def __init__(self, window, text: str, removed, added: list[Span], curator: str) -> None:
        self.window = window
        self.text = text
        self.removed: list[tuple[Span, list[Relation]]] = removed
        self.added = added
        self.curator = curator

    def undo(self) -> None:
        self.window.session.replace_spans(
            self.added, [], self.removed, via="undo", as_annotator=self.curator
        )

    def redo(self) -> None:
        self.removed, self.added = self.window.session.replace_spans(
            [s for s, _ in self.removed], self.added, via="redo", as_annotator=self.curator
        )


class CompareMode(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.view = window.view
        self.comparison = Comparison((), curator_name())
        self.current: Stretch | None = None
        self._before: tuple[str, frozenset[str] | None] | None = None  # annotator, shown
        self.actions: dict[str, QAction] = {}
        handlers = {
            "view:compare": self.set_enabled,
            "curate:next": lambda: self.step(+1),
            "curate:previous": lambda: self.step(-1),
            "curate:accept": self.accept,
            "curate:reject": self.reject,
            "curate:accept-agreed": self.accept_agreed,
            "curate:curator": self.ask_curator,
        }
        menu = team_menu(window)
        for action_id, text, keys, tip in CURATE_ACTIONS:
            action = QAction(translate("Compare", text), window)
            action.setObjectName(action_id)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setToolTip(translate("Compare", tip))
            action.setStatusTip(translate("Compare", tip))
            action.setCheckable(action_id == "view:compare")
            action.triggered.connect(handlers[action_id])
            window.addAction(action)
            menu.addAction(action)
            self.actions[action_id] = action
            if action_id == "view:compare":
                menu.addSeparator()
        self._enable_curation(False)
        for signal in (
            self.session.documentOpened,
            self.session.spanAdded,
            self.session.spanRemoved,
            self.session.spanChanged,
        ):
            signal.connect(self.refresh)
        # Annotators' spans are not shown, so the session's follow-up does not see them
        # change: look at the database's data version on the window's one-second beat.
        self._version = -1
        self._following = False

    @property
    def enabled(self) -> bool:
        return self._before is not None

    def _enable_curation(self, on: bool) -> None:
        for action_id, action in self.actions.items():
            if action_id.startswith("curate:") and action_id != "curate:curator":
                action.setEnabled(on)

    # -- the mode --------------------------------------------------------------------------

    def set_enabled(self, on: bool) -> None:
        """Turn compare mode on (work as the curator, gold's spans shown) or off."""
        session = self.session
        if on == self.enabled:
            return
        if on and not self._following:  # the window's timer exists once it is built
            self.window.outside_changes.timeout.connect(self._follow_outside_changes)
            self._following = True
        if on:
            self._before = (session.annotator, session.shown)
            session.annotator = curator_name()
            session.show_annotators(frozenset({session.annotator}))
            self.view.overlays_under_text.append(self.paint_lanes)
        else:
            assert self._before is not None
            session.annotator, shown = self._before
            self._before = None
            session.show_annotators(shown)
            self.view.overlays_under_text.remove(self.paint_lanes)
            self.current = None
        self.actions["view:compare"].setChecked(on)
        self._enable_curation(on)
        self.refresh()
        self.window.documents.model.refresh()
        self.window.setWindowTitle(
            f"{session.doc_id or ''} — annotator ({session.annotator})"
            + (translate("Compare", " · comparing") if on else "")
        )
        if on:
            lanes = " · ".join(self.comparison.annotators) or translate("Compare", "no annotators")
            self.show_message(
                translate(
                    "Compare", "Comparing as {annotator}: lanes {lanes}; {count} disagreements"
                ).format(
                    annotator=session.annotator,
                    lanes=lanes,
                    count=len(self.comparison.disagreements),
                )
            )

    def refresh(self, *_args: object) -> None:
        """Compare the open document again (after any change to its spans)."""
        if not self.enabled or self.session.doc_id is None:
            self.comparison = Comparison((), curator_name())
            return
        self.comparison = compare_spans(self.session.all_spans(), self.session.annotator)
        if self.current is not None:  # the same place, as it is now
            here = [
                s for s in self.comparison.at(self.current.start) if s.layer == self.current.layer
            ]
            self.current = here[0] if here else None
        self.view.viewport().update()

    def _follow_outside_changes(self) -> None:
        if not self.enabled or self.session.closed:
            return
        version = self.session.data_version()
        if version != self._version:
            self._version = version
            self.refresh()

    def show_message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- curating --------------------------------------------------------------------------

    def step(self, step: int) -> Stretch | None:
        """Select the next or previous disagreement (wrapping around)."""
        start = None if self.current is None else self.current.start
        if start is None:
            selected = self.view.selection_range()
            start = selected[0] if selected[0] != selected[1] else None
        found = self.comparison.step(start, step)
        if found is None:
            self.show_message(translate("Compare", "No disagreements in this document"))
            return None
        self.current = found
        self.session.select(None)
        self.view.scroll_to(found.start)
        self.view.set_selection(found.start, found.end)
        number = self.comparison.disagreements.index(found) + 1
        self.show_message(
            translate("Compare", "{number} of {count}: ").format(
                number=number, count=len(self.comparison.disagreements)
            )
            + describe_stretch(found, self.session.text, len(self.comparison.annotators))
        )
        self.view.viewport().update()
        return found

    def target(self) -> Stretch | None:
        """The stretch to curate: under the selection or cursor, else the current one."""
        selected = self.session.selected
        start, end = self.view.selection_range()
        offset = selected.start if selected is not None else start
        found = self.comparison.at(offset)
        if not found and end > start:
            found = self.comparison.overlapping(start, end)
        if found:
            return found[0]
        return self.current

    def accept(self) -> None:
        """Accept a version of the stretch under the cursor; a menu when there are several."""
        stretch = self.target()
        if stretch is None:
            self.show_message(
                translate("Compare", "Nothing to accept here: go to a disagreement (Alt+PgDown)")
            )
            return
        if len(stretch.versions) == 1:
            self.accept_version(stretch, stretch.versions[0])
            return
        menu = self.versions_menu(stretch)
        rects = self.view.span_rects(_as_span(stretch.versions[0]))
        point = (
            self.view.viewport().mapToGlobal(rects[0].bottomLeft().toPoint())
            if rects
            else QCursor.pos()
        )
        context_menu.show(menu, point)

    def versions_menu(self, stretch: Stretch) -> QMenu:
        """A menu of the stretch's versions, numbered (press the digit to choose)."""
        menu = QMenu(self.window)
        menu.setObjectName("versionsMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        count = len(self.comparison.annotators)
        for number, version in enumerate(stretch.versions, 1):
            text = describe_version(version, self.session.text, count)
            action = menu.addAction(f"&{number} {text}" if number < 10 else text)
            action.setObjectName(f"curate:version:{number}")
            action.triggered.connect(
                lambda _checked=False, v=version: self.accept_version(stretch, v)
            )
        return answer_all_digits(menu)  # ١ under an Arabic layout chooses &1 too

    def accept_version(self, stretch: Stretch, version: Version) -> None:
        plan = plan_accept(stretch, version, self.session.annotator)
        if plan is None:
            self.show_message(
                translate("Compare", "Gold has {label} here already").format(label=version.label)
            )
            return
        text = translate("Compare", "Accept {label}").format(label=version.label)
        self._curate(text, list(plan.remove), [plan.add])

    def reject(self) -> None:
        """Leave the stretch out of gold (removing gold's spans there), then step on."""
        stretch = self.target()
        if stretch is None:
            self.show_message(
                translate("Compare", "Nothing to reject here: go to a disagreement (Alt+PgDown)")
            )
            return
        if stretch.gold:
            self._curate(translate("Compare", "Reject"), list(stretch.gold), [])
        self.current = stretch
        self.step(+1)

    def accept_agreed(self) -> None:
        """Accept every span all annotators agree on (and gold lacks), as one undo step."""
        curator = self.session.annotator
        spans = [v.as_span(curator) for v in self.comparison.agreed_to_accept()]
        if not spans:
            self.show_message(translate("Compare", "Nothing agreed is missing from gold"))
            return
        self._curate(
            translate("Compare", "Accept {count} agreed").format(count=len(spans)), [], spans
        )

    def _curate(self, text: str, remove: list[Span], add: list[Span]) -> None:
        session, curator = self.session, self.session.annotator

        def write() -> None:
            removed, added = session.replace_spans(remove, add, via="curate")
            self.window.editor.push(CurateSpans(self.window, text, removed, added, curator))
            self.show_message(
                translate("Compare", "{text}: {added} into {curator}, {removed} removed").format(
                    text=text, added=len(added), curator=curator, removed=len(removed)
                )
            )

        self.window.writer.run(write)

    def ask_curator(self) -> None:
        """Ask for the curator's name (non-blocking); it applies from the next compare."""
        dialog = QInputDialog(self.window)
        dialog.setObjectName("curatorDialog")
        dialog.setLabelText(translate("Compare", "Curator (whose annotation is gold):"))
        dialog.setTextValue(curator_name())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.set_curator)
        dialog.open()

    def set_curator(self, name: str) -> None:
        settings().setValue("curator", name.strip())
        if self.enabled:  # work as the new curator at once
            self.set_enabled(False)
            self.set_enabled(True)

    # -- painting --------------------------------------------------------------------------

    def paint_lanes(self, painter: QPainter, start: int, end: int) -> None:
        """Paint each annotator's versions as lanes under the text of `[start, end]`."""
        names = self.comparison.annotators
        lanes = {name: number for number, name in enumerate(names)}
        colors = self._label_colors()
        for stretch in self.comparison.overlapping(start, end + 1):
            for version in stretch.versions:
                color = QColor(colors.get((version.layer, version.label), "#888888"))
                for rect in self.view.span_rects(_as_span(version)):
                    bottom = rect.bottom() - 1
                    if stretch.agreed:  # one solid mark across every lane
                        top = bottom - LANE * len(names)
                        painter.fillRect(
                            QRectF(rect.left(), top, rect.width(), bottom - top), color
                        )
                        continue
                    for name in version.holders:
                        top = bottom - LANE * (len(names) - lanes[name])
                        painter.fillRect(QRectF(rect.left(), top, rect.width(), LANE - 1), color)
            if stretch is self.current or (
                self.current is not None
                and (stretch.start, stretch.layer) == (self.current.start, self.current.layer)
            ):
                painter.setPen(QPen(QColor("#444444"), 1, Qt.PenStyle.DashLine))
                for rect in self.view.span_rects(_stretch_span(stretch)):
                    painter.drawRect(rect.adjusted(-2, 0, 2, 0))
            if stretch.resolved and not stretch.agreed:  # curated: a tick at its start
                for rect in self.view.span_rects(_stretch_span(stretch))[:1]:
                    painter.setPen(QPen(QColor("#b8860b"), 2))
                    corner = rect.topRight() if self._rtl(stretch) else rect.topLeft()
                    painter.drawEllipse(QPointF(corner.x(), corner.y() + 3), 2.5, 2.5)

    def _rtl(self, stretch: Stretch) -> bool:
        return any(
            "\u0590" <= c <= "\u08ff" for c in self.session.text[stretch.start : stretch.end]
        )

    def _label_colors(self) -> dict[tuple[str, str], str]:
        return {(label.layer, label.name): label.color for label in self.session.schema.labels()}


def _as_span(version: Version) -> Span:
    key = f"compare:{version.layer}:{version.label}:{version.start}:{version.end}"
    return Span(key, version.start, version.end, version.layer, version.label, {}, "")


def _stretch_span(stretch: Stretch) -> Span:
    key = f"compare:{stretch.layer}:{stretch.start}:{stretch.end}"
    return Span(key, stretch.start, stretch.end, stretch.layer, "", {}, "")
