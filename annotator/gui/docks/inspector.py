"""The inspector dock: label, attributes and relations of the selected span."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from annotator.gui.docks.common import elide_end, escape_html, wrap
from annotator.gui.i18n import offsets_text, translate
from annotator.gui.session import Session
from annotator.linking import link_targets
from annotator.model import Span

UNSET = "—"


class InspectorDock(QDockWidget):
    """Label, attributes and relations of the selected span, editable by keyboard."""

    labelChosen = Signal(str)
    attributeChosen = Signal(str, object)  # name, value or None
    linkRequested = Signal(str, str)  # relation type, target span id
    unlinkRequested = Signal(str)  # relation id
    deleteRequested = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(translate("Inspector", "Inspector"))
        self.setObjectName("inspectorDock")
        self.session = session
        self._updating = False
        self.summary = QLabel(translate("Inspector", "No span selected"))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label = QComboBox()
        self.label.setAccessibleName(translate("Inspector", "Label of the selected span"))
        self.label.activated.connect(lambda _i: self._emit_label())
        self.form = QFormLayout()
        self.form.addRow(translate("Inspector", "Label"), self.label)
        self.attribute_boxes: dict[str, QComboBox] = {}
        self.attributes = QFormLayout()
        self.relations = QListWidget()
        self.relations.setAccessibleName(translate("Inspector", "Relations of the selected span"))
        # Wrap instead of eliding: Qt elides on the right, which is the start of Arabic text.
        self.relations.setWordWrap(True)
        self.relations.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.relations.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.unlink = QPushButton(translate("Inspector", "Remove link"))
        self.unlink.clicked.connect(self._emit_unlink)
        self.link_type = QComboBox()
        self.link_type.setAccessibleName(translate("Inspector", "Relation type"))
        self.link_type.currentIndexChanged.connect(lambda _i: self._fill_targets())
        self.link_target = QComboBox()
        self.link_target.setAccessibleName(translate("Inspector", "Span to link to"))
        # Long candidates must not widen the dock (and the window) past the screen's edge.
        self.link_target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.link_target.setMinimumContentsLength(12)
        self.link_button = QPushButton(translate("Inspector", "Link"))
        self.link_button.clicked.connect(self._emit_link)
        self.delete = QPushButton(translate("Inspector", "Delete span"))
        self.delete.clicked.connect(self.deleteRequested)
        link_row = QHBoxLayout()  # type and button; the target has the next line to itself
        link_row.addWidget(self.link_type, 1)
        link_row.addWidget(self.link_button)
        layout = QVBoxLayout()
        layout.addWidget(self.summary)
        layout.addLayout(self.form)
        layout.addLayout(self.attributes)
        layout.addWidget(QLabel(translate("Inspector", "Relations")))
        layout.addWidget(self.relations)
        layout.addWidget(self.unlink)
        layout.addLayout(link_row)
        layout.addWidget(self.link_target)
        layout.addWidget(self.delete)
        layout.addStretch(1)
        self.setWidget(wrap(layout))
        session.selectedSpanChanged.connect(self.show_span)
        session.relationsChanged.connect(lambda: self.show_span(session.selected))
        self.show_span(None)

    def show_span(self, span: Span | None) -> None:
        self._updating = True
        enabled = span is not None
        for widget in (
            self.label,
            self.relations,
            self.unlink,
            self.link_type,
            self.link_target,
            self.link_button,
            self.delete,
        ):
            widget.setEnabled(enabled)
        while self.attributes.rowCount():
            self.attributes.removeRow(0)
        self.attribute_boxes.clear()
        self.label.clear()
        self.relations.clear()
        self.link_type.clear()
        if span is None:
            self.summary.setText(translate("Inspector", "No span selected"))
            self._updating = False
            return
        text = self.session.text[span.start : span.end]
        self.summary.setText(
            f"<b>{span.id}</b> · {span.layer} · {offsets_text(span.start, span.end)}"
            f" · {span.annotator}"
            f"<br><span dir='auto'>{escape_html(text[:300])}</span>"
        )
        layer = self.session.schema.layer(span.layer)
        for label in layer.labels if layer else ():
            self.label.addItem(label.name, label.name)
            tip = label.description  # the guideline at hand
            self.label.setItemData(self.label.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.label.setCurrentIndex(self.label.findData(span.label))
        label_def = layer.label(span.label) if layer else None
        for attribute in label_def.attributes if label_def else ():
            box = QComboBox()
            box.setAccessibleName(
                translate("Inspector", "Attribute {name}").format(name=attribute.name)
            )
            box.addItem(UNSET, None)
            for value in attribute.values:
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(span.attrs.get(attribute.name))))
            box.activated.connect(
                lambda _i, name=attribute.name, b=box: self._emit_attribute(name, b)
            )
            self.attributes.addRow(attribute.name, box)
            self.attribute_boxes[attribute.name] = box
        for relation in self.session.relations_of(span.id):
            outgoing = relation.from_id == span.id
            other = self.session.spans.get(relation.to_id if outgoing else relation.from_id)
            other_text = self.session.text[other.start : other.end] if other else "?"
            arrow = "→" if outgoing else "←"
            item = QListWidgetItem(
                f"{arrow} {relation.type}: \u2068{elide_end(other_text, 160)}\u2069"
                f" ({other.id if other else '?'})"
            )
            item.setToolTip(other_text)
            item.setData(Qt.ItemDataRole.UserRole, relation.id)
            self.relations.addItem(item)
        self.unlink.setEnabled(self.relations.count() > 0)
        for kind in self.session.schema.relations_from(span.layer):
            self.link_type.addItem(kind.name, kind.name)
        self._fill_targets()
        has_links = self.link_type.count() > 0
        self.link_type.setEnabled(has_links)
        self.link_target.setEnabled(has_links)
        self.link_button.setEnabled(has_links)
        self._updating = False

    def _fill_targets(self) -> None:
        """Offer the spans a relation may point to, nearest to the selected span first."""
        self.link_target.clear()
        span = self.session.selected
        kind = self.link_type.currentData()
        if span is None or not kind:
            return
        for other in link_targets(self.session.schema, span, kind, self.session.spans.all()):
            # Label and id first, the text short and last: the closed box cuts its right
            # side, which in Arabic would be the text's start.
            text = elide_end(self.session.text[other.start : other.end], 24)
            self.link_target.addItem(f"{other.label} {other.id}: \u2068{text}\u2069", other.id)
            self.link_target.setItemData(
                self.link_target.count() - 1,
                self.session.text[other.start : other.end],
                Qt.ItemDataRole.ToolTipRole,
            )

    def _emit_label(self) -> None:
        if not self._updating and self.label.currentData():
            self.labelChosen.emit(self.label.currentData())

    def _emit_attribute(self, name: str, box: QComboBox) -> None:
        if not self._updating:
            self.attributeChosen.emit(name, box.currentData())

    def _emit_link(self) -> None:
        if self.link_type.currentData() and self.link_target.currentData():
            self.linkRequested.emit(self.link_type.currentData(), self.link_target.currentData())

    def _emit_unlink(self) -> None:
        item = self.relations.currentItem() or self.relations.item(0)
        if item is not None:
            self.unlinkRequested.emit(item.data(Qt.ItemDataRole.UserRole))
