"""How suggestions look: a quiet dotted frame on the article (painted, never a character
format), the score on hover, and their own table under the span list.

The frame is drawn under the text and around the whole line height, outside the inset of a
real span's background, so a suggestion stays readable on top of real spans and no glyph
ever changes. The current suggestion gets a stronger, dashed frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from annotator.gui.article_view import ArticleView
from annotator.gui.i18n import QT_TRANSLATE_NOOP
from annotator.gui.models import Index, _Table
from annotator.model import Span
from annotator.review import describe
from annotator.store import Suggestion

_ROOT = QModelIndex()


def stand_in(suggestion: Suggestion) -> Span:
    """The span the view measures for a suggestion (its geometry cache keys on the id)."""
    return Span(
        f"suggestion:{suggestion.id}",
        suggestion.start,
        suggestion.end,
        suggestion.layer,
        suggestion.label,
        suggestion.attrs,
        suggestion.source,
    )


class SuggestionPainter:
    """Paint the suggestions shown (a callable for `view.overlays_under_text`)."""

    def __init__(
        self,
        view: ArticleView,
        shown: Callable[[], Sequence[Suggestion]],
        current: Callable[[], Suggestion | None],
    ) -> None:
        self.view = view
        self.shown = shown
        self.current = current

    def color(self, suggestion: Suggestion) -> QColor:
        layer = self.view.session.schema.layer(suggestion.layer)
        label = layer.label(suggestion.label) if layer is not None else None
        return QColor(label.color if label else "#888888")

    def __call__(self, painter: QPainter, first: int, last: int) -> None:
        current = self.current()
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for suggestion in self.shown():
            if suggestion.end < first or suggestion.start > last:
                continue
            is_current = current is not None and current.id == suggestion.id
            color = self.color(suggestion).darker(220 if is_current else 160)
            style = Qt.PenStyle.DashLine if is_current else Qt.PenStyle.DotLine
            painter.setPen(QPen(color, 2.2 if is_current else 1.5, style))
            for rect in self.view.span_rects(stand_in(suggestion)):
                painter.drawRect(rect.adjusted(0.7, 0.7, -0.7, -0.7))
        painter.restore()

    def suggestions_at(self, point: QPointF) -> list[Suggestion]:
        """Return the suggestions shown under a viewport point."""
        offset = self.view.offset_at(point)
        return [
            s
            for s in self.shown()
            if s.start <= offset <= s.end
            and any(r.contains(point) for r in self.view.span_rects(stand_in(s)))
        ]

    def tooltip_at(self, point: QPointF) -> str:
        """The hover text at a viewport point: the spans there, then the suggestions with
        their scores; empty when there is no suggestion (the view's own tooltip shows)."""
        suggestions = self.suggestions_at(point)
        if not suggestions:
            return ""
        spans = self.view.spans_at(point)
        lines = [self.view.tooltip_for(spans)] if spans else []
        return "\n".join(lines + [describe(s) for s in suggestions])


class TooltipFilter(QObject):
    """Show suggestions' scores on hover, before the view's own tooltip (spans only)."""

    def __init__(self, painter: SuggestionPainter) -> None:
        super().__init__(painter.view)
        self.painter = painter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        text = self.painter.tooltip_at(QPointF(event.pos()))  # installed on the viewport
        if not text:
            return False
        QToolTip.showText(event.globalPos(), text, self.painter.view)
        return True


class SuggestionListModel(_Table):
    """The suggestions shown, one row each, apart from the span list."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("Columns", "Score"),
        QT_TRANSLATE_NOOP("Columns", "Label"),
        QT_TRANSLATE_NOOP("Columns", "Source"),
        QT_TRANSLATE_NOOP("Columns", "Text"),
    )

    def __init__(self, text: Callable[[], str]) -> None:
        super().__init__()
        self.text = text
        self.rows: list[Suggestion] = []

    def set_rows(self, rows: Sequence[Suggestion]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        suggestion = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(suggestion)
        column = index.column()
        if column == 0:
            return "" if suggestion.score is None else f"{suggestion.score:.2f}"
        if column == 1:
            return f"{suggestion.layer}: {suggestion.label}"
        if column == 2:
            return suggestion.source
        return self.text()[suggestion.start : suggestion.end].replace("\n", " ")

    def row_of(self, suggestion_id: int) -> int | None:
        return next((row for row, s in enumerate(self.rows) if s.id == suggestion_id), None)
