"""The team dashboard: documents done and labels per annotator, agreement per label and
pair, as bar charts painted with QPainter (no plotting dependency), refreshed on demand.

The dock is built on first use, so it costs the start-up nothing; its numbers come from
`annotator.dashboard` (no Qt), read through the session.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.dashboard import Chart
from annotator.gui.compare import team_menu
from annotator.gui.i18n import translate

BAR = 16  # bar height in pixels
NAME_WIDTH = 150
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1")


class BarChart(QWidget):
    """One chart: a title, then per group a bar for each name, with its value."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setObjectName("barChart")
        self.setMinimumWidth(360)

    def rows(self) -> list[tuple[str, str, float]]:
        """The rows painted, top to bottom: (group, name, value); a group's first row
        carries its name."""
        rows, last = [], None
        for bar in self.chart.bars:
            rows.append((bar.group if bar.group != last else "", bar.name, bar.value))
            last = bar.group
        return rows

    def sizeHint(self) -> QSize:
        return QSize(420, 28 + (BAR + 3) * max(1, len(self.chart.bars)) + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(4, 2, self.width() - 8, 20), self.chart.title)
        bold.setBold(False)
        painter.setFont(bold)
        if not self.chart.bars:
            painter.setPen(QColor("#777777"))
            note = self.chart.note or translate("Dashboard", "Nothing to show yet")
            painter.drawText(QRectF(8, 26, self.width() - 16, BAR * 2), note)
            painter.end()
            return
        top_value = self.chart.scale or max(b.value for b in self.chart.bars) or 1
        room = max(20.0, self.width() - NAME_WIDTH - 60)
        colours: dict[str, QColor] = {}
        y = 26.0
        for group, name, value in self.rows():
            color = colours.setdefault(name, QColor(PALETTE[len(colours) % len(PALETTE)]))
            painter.setPen(QColor("#222222"))
            label = f"{group}  {name}" if group else name
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(QRectF(0, y, NAME_WIDTH - 6, BAR), align, label)
            width = room * max(0.0, value) / top_value
            painter.fillRect(QRectF(NAME_WIDTH, y + 1, width, BAR - 2), color)
            shown = f"{value:.2f}" if self.chart.scale else f"{value:g}"
            painter.drawText(
                QRectF(NAME_WIDTH + width + 4, y, 56, BAR), Qt.AlignmentFlag.AlignVCenter, shown
            )
            y += BAR + 3
        painter.end()


class DashboardDock(QDockWidget):
    def __init__(self, session) -> None:
        super().__init__(translate("Dashboard", "Team dashboard"))
        self.setObjectName("dashboardDock")
        self.session = session
        self.charts: list[Chart] = []
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.refresh_button = QPushButton(translate("Dashboard", "&Refresh"))
        self.refresh_button.setObjectName("dashboardRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel()
        self.layout_.addWidget(self.refresh_button)
        self.layout_.addWidget(self.summary)
        self.chart_area = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_area)
        self.layout_.addWidget(self.chart_area)
        self.layout_.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.setWidget(scroll)

    def refresh(self) -> None:
        """Read the numbers again and draw them."""
        self.charts = self.session.team_charts()
        while self.chart_layout.count():
            item = self.chart_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for chart in self.charts:
            self.chart_layout.addWidget(BarChart(chart, self.chart_area))
        self.summary.setText(
            translate("Dashboard", "{count} charts · refreshed on demand").format(
                count=len(self.charts)
            )
        )


class Dashboard:
    """The Team menu's dashboard action; the dock is made the first time it is shown."""

    def __init__(self, window) -> None:
        self.window = window
        self.dock: DashboardDock | None = None
        self.action = QAction(translate("Dashboard", "Team &dashboard"), window)
        self.action.setObjectName("view:dashboard")
        self.action.setShortcut("Shift+F6")
        self.action.setToolTip(
            translate("Dashboard", "Documents done, labels and agreement per annotator")
        )
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        team_menu(window).addAction(self.action)

    def show(self) -> DashboardDock:
        if self.dock is None:
            self.dock = DashboardDock(self.window.session)
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.refresh()
        self.dock.show()
        self.dock.raise_()
        return self.dock
