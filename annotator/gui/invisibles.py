"""Invisible characters, visible: small marks painted over the article, and their names.

A checkable View action (`view:invisibles`) adds a paint-time overlay to the article: a tick
with a tiny tag (RLM, ZWJ, PDI…) where a zero-width character sits, a dot on a no-break
space, a dotted line under tatweel. Nothing is inserted into the text and no character
format is set, so offsets, line breaks and every glyph stay as they were. Which characters
count and what they are called lives in `annotator.invisibles` (Qt-free).

A permanent status-bar label names the characters of a short selection
(`U+200F RIGHT-TO-LEFT MARK`), whether or not the marks are shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from annotator.gui.article_view import ArticleView
from annotator.gui.i18n import translate
from annotator.invisibles import Invisible, describe_characters, find_invisibles

ACTION_ID = "view:invisibles"
COLORS = {
    "bidi": QColor(200, 30, 120),
    "joiner": QColor(20, 120, 200),
    "space": QColor(230, 120, 0),
    "tatweel": QColor(90, 150, 40),
}
# Name the characters of a selection up to this long (code points): longer ones only
# have their invisible characters named.
DESCRIBE_UP_TO = 200


class InvisibleMarks(QObject):
    """The toggle, the overlay it adds to `view`, and the status-bar line naming characters."""

    def __init__(self, view: ArticleView, window: QMainWindow) -> None:
        super().__init__(window)
        self.view = view
        self.action = QAction(translate("InvisibleMarks", "Show &invisible characters"), window)
        self.action.setObjectName(ACTION_ID)
        self.action.setCheckable(True)
        self.action.setShortcut("Ctrl+Shift+I")
        tip = translate(
            "InvisibleMarks",
            "Mark bidi controls, joiners, no-break spaces and tatweel in the article",
        )
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.toggled.connect(self.set_shown)
        window.addAction(self.action)
        self.names = QLabel()
        self.names.setObjectName("characterNames")
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        window.statusBar().addWidget(self.names)
        # The inspector names them too, wrapped: the status bar cuts a long line.
        self.inspector_names = QLabel()
        self.inspector_names.setObjectName("inspectorCharacterNames")
        self.inspector_names.setWordWrap(True)
        self.inspector_names.hide()  # until a selection has characters to name
        self.inspector_names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inspector = getattr(window, "inspector", None)
        if inspector is not None:
            layout = inspector.widget().layout()
            layout.insertWidget(layout.count() - 1, self.inspector_names)  # above the stretch
        view.selectionChanged.connect(self._on_selection_changed)
        view.session.selectedSpanChanged.connect(lambda _span: self._on_selection_changed())

    @property
    def shown(self) -> bool:
        return self.paint in self.view.overlays

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addAction(self.action)

    def set_shown(self, shown: bool) -> None:
        if shown and not self.shown:
            self.view.overlays.append(self.paint)
        elif not shown and self.shown:
            self.view.overlays.remove(self.paint)
        if self.action.isChecked() != shown:
            self.action.setChecked(shown)
        self.view.viewport().update()

    # -- the names of the selected characters ------------------------------------------------

    def _on_selection_changed(self) -> None:
        start, end = self.view.selection_range()
        span = self.view.session.selected
        if start == end and span is not None:
            start, end = span.start, span.end
        text = self.view.session.text[start:end] if end - start <= DESCRIBE_UP_TO else ""
        names = describe_characters(text)
        self.names.setText(names)
        self.inspector_names.setText(names)
        self.inspector_names.setVisible(bool(names))

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter, first: int, last: int) -> None:
        """Paint a mark on each invisible character of code points `[first, last]`."""
        session = self.view.session
        found = find_invisibles(session.text, first, min(last + 1, len(session.text)))
        if not found:
            return
        font = QFont(self.view.font())
        font.setPointSizeF(max(5.0, font.pointSizeF() * 0.42))
        painter.save()
        painter.setFont(font)
        for offset, invisible in found:
            extent = self._extent(offset)
            if extent is not None:
                _paint_mark(painter, invisible, *extent)
        painter.restore()

    def _extent(self, offset: int) -> tuple[float, float, QRectF] | None:
        """Return the viewport x of the character's two edges and its line's rectangle."""
        u_start = self.view.session.offsets.to_utf16(offset)
        block = self.view.document().findBlock(u_start)
        layout = block.layout()
        if not block.isValid() or layout is None or layout.lineCount() == 0:
            return None
        local = u_start - block.position()
        line = layout.lineForTextPosition(local)
        if not line.isValid():
            return None
        x0 = _x(line.cursorToX(local))
        x1 = (
            _x(line.cursorToX(local + 1))
            if local + 1 <= line.textStart() + line.textLength()
            else x0
        )
        top_left = self.view.blockBoundingGeometry(block).translated(self.view.contentOffset())
        origin = top_left.topLeft()
        rect = QRectF(origin.x(), origin.y() + line.y(), line.width(), line.height())
        return origin.x() + min(x0, x1), origin.x() + max(x0, x1), rect


def _x(result: object) -> float:
    """cursorToX returns a float, or (x, position) in some PySide6 versions."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def _paint_mark(
    painter: QPainter, invisible: Invisible, x0: float, x1: float, line: QRectF
) -> None:
    color = COLORS[invisible.kind]
    painter.setPen(QPen(color, 1.4))
    if invisible.kind == "tatweel":
        pen = QPen(color, 1.6, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        y = line.bottom() - 2
        painter.drawLine(QPointF(x0, y), QPointF(max(x1, x0 + 3), y))
        return
    if invisible.kind == "space" and x1 - x0 >= 3:  # NBSP, narrow NBSP: a dot in the gap
        painter.setBrush(color)
        painter.drawEllipse(QPointF((x0 + x1) / 2, line.center().y()), 2.2, 2.2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:  # zero width: a tick between the glyphs
        painter.drawLine(QPointF(x0, line.top() + 2), QPointF(x0, line.bottom() - 2))
    metrics = painter.fontMetrics()
    width = metrics.horizontalAdvance(invisible.tag)
    tag = QRectF(x0 - width / 2 - 1, line.top(), width + 2, metrics.height())
    painter.fillRect(tag, QColor(255, 255, 255, 200))
    painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, invisible.tag)
