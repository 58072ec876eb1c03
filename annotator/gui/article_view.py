"""The article view: the canonical text, read-only, with highlights painted, never formatted.

Character formats split Arabic ligatures (lam-alef) at a span edge, so every highlight is
drawn at paint time around the glyphs Qt already shaped: entity backgrounds before the text,
claim underlines, stance outlines, the selected span and its links after it. Only the
blocks on screen are touched, and their spans come from the session's index.

Offsets: the session speaks code points; Qt speaks UTF-16. The conversion happens here and
nowhere else, and text is never read back from the widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.editing import ascii_digit, is_rtl_paragraph, snap_to_words
from annotator.gui.i18n import selection_text, translate
from annotator.gui.session import Session
from annotator.model import Span
from annotator.words import word_at

# Geometry of one span: (block number, rectangle in block coordinates) per visual piece.
Pieces = list[tuple[int, QRectF]]


Overlay = Callable[[QPainter, int, int], None]


class ArticleView(QPlainTextEdit):
    selectionDescribed = Signal(str)  # the status-bar line for the current selection
    digitPressed = Signal(str)  # "1".."9" from any script's digit key
    spanClicked = Signal(object)  # Span | None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("articleView")
        self.setAccessibleName(translate("ArticleView", "Article"))
        self.setReadOnly(True)
        self.setPlaceholderText(
            translate(
                "ArticleView",
                "No document yet. Import articles with: annotator import --db PROJECT.db FILES",
            )
        )
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.snap_to_words = True
        self.linked_ids: set[str] = set()
        # Paint-time extras of other features (suggestions, comparison, invisible marks, search
        # hits): each is called with a painter on the viewport and the code-point range shown,
        # under the text or over it. Paint only: never a character format (ligatures).
        self.overlays_under_text: list[Overlay] = []
        self.overlays: list[Overlay] = []
        self._geometry: dict[tuple[str, int, int], Pieces] = {}
        self._rtl_blocks: dict[int, bool] = {}
        self._press: QPointF | None = None
        self._cycle: tuple[int, int] = (-1, 0)  # (offset clicked, index in the stack)
        self.selectionChanged.connect(self._on_selection_changed)
        session.documentOpened.connect(self._on_document_opened)
        session.spanAdded.connect(self._on_spans_changed)
        session.spanRemoved.connect(self._on_spans_changed)
        session.spanChanged.connect(self._on_spans_changed)
        session.relationsChanged.connect(self._on_links_changed)
        session.selectedSpanChanged.connect(self._on_links_changed)

    # -- loading ---------------------------------------------------------------------------

    def _on_document_opened(self, _doc_id: str) -> None:
        self._geometry.clear()
        self._rtl_blocks.clear()
        self.setTextCursor(QTextCursor(self.document()))  # the old selection means nothing now
        self.setPlainText(self.session.text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _on_spans_changed(self, *_args: object) -> None:
        self._on_links_changed()

    def _on_links_changed(self, *_args: object) -> None:
        selected = self.session.selected
        self.linked_ids = set()
        if selected is not None:
            for relation in self.session.relations_of(selected.id):
                self.linked_ids.update((relation.from_id, relation.to_id))
            self.linked_ids.discard(selected.id)
        self.viewport().update()

    # -- offsets at the widget boundary --------------------------------------------------------

    def selection_range(self) -> tuple[int, int]:
        """Return the current selection as code-point offsets `(start, end)`."""
        cursor = self.textCursor()
        return self.session.offsets.span_from_utf16(cursor.selectionStart(), cursor.selectionEnd())

    def set_selection(self, start: int, end: int) -> None:
        """Select code points `[start, end)` and scroll them into view."""
        u_start, u_end = self.session.offsets.span_to_utf16(start, end)
        cursor = self.textCursor()
        cursor.setPosition(u_start)
        cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def scroll_to(self, start: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.session.offsets.to_utf16(start))
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.centerCursor()

    def offset_at(self, point: QPointF) -> int:
        """Return the code-point offset of the cursor position nearest to `point`."""
        return self.session.offsets.from_utf16(self.cursorForPosition(point.toPoint()).position())

    def spans_at(self, point: QPointF) -> list[Span]:
        """Return the spans under `point`, innermost first."""
        offset = self.offset_at(point)
        spans = self.session.spans.at(offset)
        if not spans and offset > 0:
            spans = self.session.spans.at(offset - 1)
        return [s for s in spans if any(r.contains(point) for r in self.span_rects(s))]

    def _on_selection_changed(self) -> None:
        start, end = self.selection_range()
        if start != end:
            self.selectionDescribed.emit(selection_text(self.session.text, start, end))

    # -- mouse and keyboard ---------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        plain = not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.button() == Qt.MouseButton.LeftButton and plain:
            # Qt would start dragging the selected text away: a press starts a new selection.
            self.clear_selection()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Select the word under the pointer by our definition of a word, not Qt's.

        Qt's word boundaries keep the Arabic comma and other punctuation (، ؛ « ») with the
        word, so a double-clicked `موسكو،` would be labelled with its comma.
        """
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        self._press = None
        start, end = word_at(self.session.text, self.offset_at(event.position()))
        if start < end:
            self.set_selection(start, end)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        moved = (event.position() - self._press).manhattanLength() > 3
        self._press = None
        start, end = self.selection_range()
        if start != end and moved:
            precise = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if self.snap_to_words and not precise:
                snapped = snap_to_words(self.session.text, start, end)
                if snapped != (start, end) and snapped[0] < snapped[1]:
                    self.set_selection(*snapped)
            self.session.select(None)
        elif start == end:
            self._click_spans(event.position())

    def _click_spans(self, point: QPointF) -> None:
        """Select the span under the click; clicking again on it cycles through the stack."""
        stack = self.spans_at(point)
        if not stack:
            self._cycle = (-1, 0)
            self.spanClicked.emit(None)
            return
        offset = self.offset_at(point)
        index = (self._cycle[1] + 1) % len(stack) if self._cycle[0] == offset else 0
        self._cycle = (offset, index)
        self.spanClicked.emit(stack[index])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = ascii_digit(event.text())
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        if digit and digit != "0" and plain:
            self.digitPressed.emit(digit)
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            # Help events come in the view's coordinates; spans are found in the viewport's.
            spans = self.spans_at(QPointF(self.viewport().mapFrom(self, event.pos())))
            if spans:
                QToolTip.showText(event.globalPos(), self.tooltip_for(spans), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_for(self, spans: list[Span]) -> str:
        lines = []
        for span in spans:
            attrs = ", ".join(f"{k}={v}" for k, v in sorted(span.attrs.items()))
            lines.append(
                f"{span.layer}: {span.label}"
                + (f" ({attrs})" if attrs else "")
                + f" — {span.annotator}, {span.id}"
            )
        return "\n".join(lines)

    # -- layout: paragraph direction -------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._geometry.clear()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        self._geometry.clear()
        super().resizeEvent(event)

    def _is_rtl(self, block: QTextBlock) -> bool:
        number = block.blockNumber()
        if number not in self._rtl_blocks:
            offsets = self.session.offsets
            start = offsets.from_utf16(block.position())
            end = offsets.from_utf16(block.position() + block.length() - 1)
            self._rtl_blocks[number] = is_rtl_paragraph(self.session.text[start:end])
        return self._rtl_blocks[number]

    def _align(self, block: QTextBlock) -> None:
        """Align a right-to-left paragraph to the right (QPlainTextEdit would not).

        Only the layout's option changes: glyphs and character formats are untouched.
        """
        layout = block.layout()
        option = layout.textOption()
        rtl = self._is_rtl(block)
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        wanted = side | Qt.AlignmentFlag.AlignAbsolute
        if option.alignment() != wanted:
            option.setAlignment(wanted)
            layout.setTextOption(option)
            self._geometry.clear()

    def _visible_blocks(self, clip: QRectF) -> list[QTextBlock]:
        blocks = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        while block.isValid():
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > clip.bottom():
                break
            if block.isVisible():
                blocks.append(block)
            block = block.next()
        return blocks

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        clip = QRectF(event.rect())
        blocks = self._visible_blocks(clip)
        for block in blocks:
            self._align(block)
        visible: list[Span] = []
        if blocks:
            offsets = self.session.offsets
            first = offsets.from_utf16(blocks[0].position())
            last = offsets.from_utf16(blocks[-1].position() + blocks[-1].length() - 1)
            visible = self.session.visible_spans(first, max(last, first + 1))
        span_range = (first, last) if blocks else (0, 0)
        painter = QPainter(self.viewport())
        self._paint_backgrounds(painter, visible)
        for overlay in self.overlays_under_text:
            overlay(painter, *span_range)
        painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_decorations(painter, visible)
        for overlay in self.overlays:
            overlay(painter, *span_range)
        painter.end()
        if not self.session.complete:  # first screens shown: now load the rest of the index
            QTimer.singleShot(0, self.session.complete_loading)

    def _color(self, span: Span) -> QColor:
        label = self.session.schema.layer(span.layer).label(span.label)
        return QColor(label.color if label else "#888888")

    def _style(self, span: Span) -> str:
        layer = self.session.schema.layer(span.layer)
        return layer.style if layer else "background"

    def _paint_backgrounds(self, painter: QPainter, spans: list[Span]) -> None:
        for span in spans:
            if self._style(span) != "background":
                continue
            color = self._color(span)
            color.setAlpha(150)
            nested = any(
                o.id != span.id
                and o.start <= span.start
                and o.end >= span.end
                and self._style(o) == "background"
                and (o.end - o.start) > (span.end - span.start)
                for o in spans  # an enclosing span overlaps the screen too: it is in `spans`
            )
            for rect in self.span_rects(span):
                # Inner spans are drawn narrower, so nested entities stay readable.
                inset = 6 if nested else 2
                painter.fillRect(rect.adjusted(0, inset, 0, -inset), color)

    def _paint_decorations(self, painter: QPainter, spans: list[Span]) -> None:
        depth: dict[str, int] = {}
        for span in spans:
            style = self._style(span)
            color = self._color(span)
            rects = self.span_rects(span)
            if style == "underline":
                level = sum(
                    1
                    for o in spans
                    if o.id != span.id
                    and self._style(o) == "underline"
                    and o.start <= span.start
                    and o.end >= span.end
                    and (o.end - o.start, o.id) > (span.end - span.start, span.id)
                )
                depth[span.id] = level
                painter.setPen(QPen(color, 2))
                for rect in rects:
                    y = rect.bottom() - 1 - 3 * level
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            elif style == "outline":
                painter.setPen(QPen(color, 1.5, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in rects:
                    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
        self._paint_selection(painter)

    def _paint_selection(self, painter: QPainter) -> None:
        selected = self.session.selected
        if selected is None:
            return
        rects = self.span_rects(selected)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#000000"), 2.5))
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
        if not rects:
            return
        origin = rects[0].center()
        for span_id in self.linked_ids:
            span = self.session.spans.get(span_id)
            if span is None:
                continue
            targets = self.span_rects(span)
            painter.setPen(QPen(QColor("#333333"), 1.5, Qt.PenStyle.DotLine))
            for rect in targets:
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
            if targets:
                self._draw_link(painter, origin, targets[0].center())

    def _draw_link(self, painter: QPainter, start: QPointF, end: QPointF) -> None:
        """Draw a curved arrow from the selected span to a linked one."""
        path = QPainterPath(start)
        bend = QPointF((start.x() + end.x()) / 2, min(start.y(), end.y()) - 18)
        path.quadTo(bend, end)
        painter.setPen(QPen(QColor(40, 40, 40, 170), 1.5))
        painter.drawPath(path)
        painter.setBrush(QColor(40, 40, 40, 170))
        painter.drawEllipse(end, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # -- geometry --------------------------------------------------------------------------

    def span_rects(self, span: Span) -> list[QRectF]:
        """Return the viewport rectangles of a span's visual pieces on laid-out blocks."""
        key = (span.id, span.start, span.end)
        pieces = self._geometry.get(key)
        if pieces is None:
            pieces = self._pieces(span)
            self._geometry[key] = pieces
        offset = self.contentOffset()
        document = self.document()
        rects = []
        for number, rect in pieces:
            block = document.findBlockByNumber(number)
            top_left = self.blockBoundingGeometry(block).translated(offset).topLeft()
            rects.append(rect.translated(top_left))
        return rects

    def _pieces(self, span: Span) -> Pieces:
        offsets = self.session.offsets
        u_start, u_end = offsets.span_to_utf16(span.start, span.end)
        document = self.document()
        block = document.findBlock(u_start)
        pieces: Pieces = []
        while block.isValid() and block.position() < u_end:
            layout = block.layout()
            if layout is not None and layout.lineCount() > 0:
                self._align(block)
                local_start = max(u_start - block.position(), 0)
                local_end = min(u_end - block.position(), block.length() - 1)
                for index in range(layout.lineCount()):
                    line = layout.lineAt(index)
                    a = max(local_start, line.textStart())
                    b = min(local_end, line.textStart() + line.textLength())
                    if a >= b:
                        continue
                    for x0, x1 in _glyph_extents(layout, a, b - a):
                        pieces.append(
                            (block.blockNumber(), QRectF(x0, line.y(), x1 - x0, line.height()))
                        )
            block = block.next()
        return pieces


def _glyph_extents(layout, start: int, length: int) -> list[tuple[float, float]]:
    """Return the merged x-intervals of the glyphs that show characters `[start, start+length)`.

    Bidi can split one logical range into several visual pieces; a ligature shared with
    a neighbouring character is included whole.
    """
    intervals = []
    for run in layout.glyphRuns(start, length):
        indexes = run.glyphIndexes()
        if not indexes:
            continue
        advances = run.rawFont().advancesForGlyphIndexes(indexes)
        for position, advance in zip(run.positions(), advances, strict=False):
            x = position.x()
            intervals.append((x, x + max(advance.x(), 1.0)))
    intervals.sort()
    merged: list[tuple[float, float]] = []
    for x0, x1 in intervals:
        if merged and x0 <= merged[-1][1] + 1.5:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged
