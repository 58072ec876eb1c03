"""Label every occurrence: a non-modal preview with checkboxes, then one undoable step.

What each hit gets is `annotator.labelall.plan`'s decision: already labelled so (shown, left
alone, not checkable), overlapping another span (flagged, checked), inside a longer word
without a recognised proclitic (unchecked). Applying writes the checked hits of every
document in ONE transaction (`Session.add_spans`) and pushes ONE command, so one Ctrl+Z
takes back the whole label-all, also across the project (the command sits in the history
of the document open when it was applied).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.i18n import offsets_text, translate
from annotator.gui.search_panel import ContextDelegate
from annotator.gui.session import Session
from annotator.labelall import Candidate, plan
from annotator.model import Span
from annotator.schema import Label
from annotator.search import Hit
from annotator.search_job import Found

Batch = dict[str, list[Span]]


class LabelAll:
    """The undo command of a label-all: the spans it created, by document."""

    def __init__(self, session: Session, created: Batch, label: str) -> None:
        self.session = session
        self.created = created
        count = sum(len(spans) for spans in created.values())
        self.text = translate("LabelAllDialog", "Label all: {count} × {label}").format(
            count=count, label=label
        )

    def undo(self) -> None:
        self.session.remove_spans(self.created, via="undo")

    def redo(self) -> None:
        self.created = self.session.add_spans(self.created, via="redo")


def plan_found(session: Session, found: Iterable[Found], label: Label) -> list[Candidate]:
    """Judge every hit against its document's spans of this annotator (labelall.plan)."""
    by_doc: dict[str, list[Found]] = {}
    for item in found:
        by_doc.setdefault(item.hit.doc_id, []).append(item)
    candidates = []
    for doc_id, items in by_doc.items():
        candidates += plan(
            [item.hit for item in items], session.spans_of(doc_id), label.layer, label.name
        )
    return candidates


class LabelAllDialog(QDialog):
    """The preview: one row per hit with a checkbox; Apply emits the checked candidates."""

    applied = Signal(object)  # list[Candidate]

    def __init__(
        self, parent: QWidget, label: Label, candidates: list[Candidate], found: dict[Hit, Found]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labelAllDialog")
        self.setModal(False)
        self.setWindowTitle(
            translate("LabelAllDialog", "Label all as {label}").format(label=label.name)
        )
        self.label = label
        self.candidates = candidates
        self.tree = QTreeWidget()
        self.tree.setObjectName("labelAllHits")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            [
                translate("LabelAllDialog", "Label"),
                translate("LabelAllDialog", "Document"),
                translate("LabelAllDialog", "Offsets"),
                translate("LabelAllDialog", "Context"),
                translate("LabelAllDialog", "Note"),
            ]
        )
        for candidate in candidates:
            hit = candidate.hit
            item = QTreeWidgetItem(
                [
                    "",
                    hit.doc_id,
                    offsets_text(hit.start, hit.end),
                    "",
                    _note(candidate),
                ]
            )
            if candidate.already:
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEnabled
                )
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                state = Qt.CheckState.Checked if candidate.checked else Qt.CheckState.Unchecked
                item.setCheckState(0, state)
            item.setData(3, Qt.ItemDataRole.UserRole, found.get(hit, found_in_word(hit)))
            item.setToolTip(3, hit.text)
            self.tree.addTopLevelItem(item)
        self.tree.setItemDelegateForColumn(3, ContextDelegate(self.tree))
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(3, 420)
        self.tree.itemChanged.connect(lambda *_: self._update_count())
        self.count = QLabel()
        self.count.setObjectName("labelAllCount")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("labelAllApply")
        self.apply_button.clicked.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label.description or label.name))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self.resize(820, 460)
        self._update_count()

    def item(self, row: int) -> QTreeWidgetItem:
        item = self.tree.topLevelItem(row)
        assert item is not None, row
        return item

    def checked(self) -> list[Candidate]:
        """Return the candidates whose box is checked (never an already labelled one)."""
        return [
            candidate
            for row, candidate in enumerate(self.candidates)
            if not candidate.already and self.item(row).checkState(0) == Qt.CheckState.Checked
        ]

    def _update_count(self) -> None:
        chosen = len(self.checked())
        already = sum(c.already for c in self.candidates)
        self.count.setText(
            translate(
                "LabelAllDialog", "{chosen} of {total} hits will be labelled; {already} already are"
            ).format(chosen=chosen, total=len(self.candidates), already=already)
        )
        self.apply_button.setEnabled(chosen > 0)

    def _apply(self) -> None:
        self.applied.emit(self.checked())
        self.accept()


def found_in_word(hit: Hit) -> Found:
    """A hit without its line: its own text stands as its context."""
    return Found(hit, hit.text, 0)


def _note(candidate: Candidate) -> str:
    if candidate.already:
        return translate("LabelAllDialog", "already labelled")
    notes = []
    if candidate.inside_word:
        notes.append(translate("LabelAllDialog", "inside a longer word"))
    if candidate.overlaps:
        notes.append(
            translate("LabelAllDialog", "overlaps {ids}").format(ids=", ".join(candidate.overlaps))
        )
    return "; ".join(notes)


def batch_of(candidates: Iterable[Candidate], label: Label) -> Batch:
    """Return the spans to create, by document, each distinct edges once."""
    attrs = {a.name: a.default for a in label.attributes if a.default is not None}
    batch: Batch = {}
    seen: set[tuple[str, int, int]] = set()
    for candidate in candidates:
        hit = candidate.hit
        if (hit.doc_id, hit.start, hit.end) in seen:
            continue
        seen.add((hit.doc_id, hit.start, hit.end))
        batch.setdefault(hit.doc_id, []).append(
            Span("", hit.start, hit.end, label.layer, label.name, attrs)
        )
    return batch


def apply_label_all(
    session: Session,
    run: Callable[..., object],
    push: Callable[[LabelAll], object],
    candidates: list[Candidate],
    label: Label,
) -> None:
    """Write the checked candidates in one transaction (through the writer `run`), then
    push the one command that undoes them all."""
    batch = batch_of(candidates, label)
    if batch:
        run(
            lambda: session.add_spans(batch),
            lambda created: push(LabelAll(session, created, label.name)),
        )
