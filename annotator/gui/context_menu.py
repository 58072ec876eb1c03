"""The article's right-click menu and the menu that picks a relation type, never blocking.

Both open with `QMenu.popup` (the event loop keeps running: a queued write still lands)
and delete themselves once hidden. What they offer comes from `annotator.linking`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from annotator.gui.i18n import translate
from annotator.linking import link_choices
from annotator.model import Span
from annotator.schema import Schema

LinkTo = Callable[[str, str], object]  # relation type, target span id


def article_menu(
    parent: QWidget,
    schema: Schema,
    selected: Span | None,
    under: list[Span],
    select: Callable[[Span], object],
    link: LinkTo,
    label_actions: Iterable[QAction],
    actions: Iterable[QAction],
) -> QMenu:
    """Build the menu for a right click over the spans `under` (innermost first)."""
    menu = _menu(parent, "articleMenu")
    for kind, target in link_choices(schema, selected, under):
        assert selected is not None
        menu.addAction(
            translate(
                "ContextMenu", "Link {label} {id} → {kind}: {target_label} {target_id}"
            ).format(
                label=selected.label,
                id=selected.id,
                kind=kind,
                target_label=target.label,
                target_id=target.id,
            ),
            _bound(link, kind, target.id),
        )
    if under:
        for span in under:
            menu.addAction(
                translate("ContextMenu", "Select {label} {id}").format(
                    label=span.label, id=span.id
                ),
                _bound(select, span),
            )
        menu.addSeparator()
    labels = menu.addMenu(translate("ContextMenu", "Label selection as"))
    labels.setToolTipsVisible(True)  # each label's description: the guideline at hand
    for action in label_actions:
        labels.addAction(action)
    for action in actions:
        menu.addAction(action)
    return menu


def kind_menu(parent: QWidget, kinds: Iterable[str], target: Span, link: LinkTo) -> QMenu:
    """Build the menu that asks which relation type links to `target`."""
    menu = _menu(parent, "linkKindMenu")
    for kind in kinds:
        menu.addAction(kind, _bound(link, kind, target.id))
    return menu


def show(menu: QMenu, global_pos: QPoint) -> None:
    """Open `menu` without blocking; it deletes itself once closed."""
    menu.popup(global_pos)


def _menu(parent: QWidget, name: str) -> QMenu:
    menu = QMenu(parent)
    menu.setObjectName(name)
    menu.aboutToHide.connect(menu.deleteLater)
    return menu


def _bound(function: Callable[..., object], *args: object) -> Callable[[], None]:
    """Return a slot that calls `function(*args)` (a menu entry's action)."""

    def call() -> None:
        function(*args)

    return call
