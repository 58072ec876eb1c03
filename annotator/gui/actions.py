"""Every command of the main window, in one place: ids, texts, shortcuts, tips.

Standard keys (undo, redo, find, zoom, delete) come from QKeySequence.StandardKey. Custom
keys avoid letters without a modifier, which change with the keyboard layout (an Arabic
layout types Arabic letters); arrows, Page keys and digits work under every layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu, QMenuBar

from annotator.schema import Label

Std = QKeySequence.StandardKey
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    keys: tuple[QKeySequence | Std | str, ...] = ()
    tip: str = ""


SPECS = (
    ActionSpec("undo", "&Undo", (Std.Undo,), "Undo the last change (stored in the database)"),
    ActionSpec("redo", "&Redo", (Std.Redo, "Ctrl+Y", "Ctrl+Shift+Z"), "Redo the undone change"),
    ActionSpec("delete", "&Delete span", (Std.Delete, "Backspace"), "Delete the selected span"),
    ActionSpec("find", "&Find…", (Std.Find,), "Find text in the document"),
    ActionSpec("find_next", "Find &next", (Std.FindNext,), "Go to the next match"),
    ActionSpec("zoom_in", "Zoom &in", (Std.ZoomIn, "Ctrl+="), "Larger text"),
    ActionSpec("zoom_out", "Zoom &out", (Std.ZoomOut,), "Smaller text"),
    ActionSpec("zoom_reset", "&Normal size", ("Ctrl+0",), "Default text size"),
    # Edges move in the arrow's direction on screen: in an Arabic paragraph the start is
    # on the right, so Alt+Left shrinks the span from the start (لأوكرانيا → أوكرانيا).
    ActionSpec(
        "start_left",
        "Move start ←",
        ("Alt+Left",),
        "Move the selected span's start edge one character to the left on screen",
    ),
    ActionSpec(
        "start_right",
        "Move start →",
        ("Alt+Right",),
        "Move the selected span's start edge one character to the right on screen",
    ),
    # Alt+Shift is the layout-switch chord on many Arabic/English setups (xkb
    # grp:alt_shift_toggle turns the Shift into a group switch, so Alt+Shift+Left arrives as
    # Alt+Left) and window managers take Ctrl+Alt+arrows (workspaces), Super+arrows (tiling)
    # and Shift+Alt+arrows (openbox). Alt+Up/Down reach us under any layout and are no
    # text-editing keys: they move the end edge along the text (Down: further, Up: back).
    ActionSpec(
        "end_left",
        "Move end ←",
        ("Alt+Shift+Left",),
        "Move the selected span's end edge one character to the left on screen",
    ),
    ActionSpec(
        "end_right",
        "Move end →",
        ("Alt+Shift+Right",),
        "Move the selected span's end edge one character to the right on screen",
    ),
    ActionSpec(
        "end_back",
        "Move end back",
        ("Alt+Up",),
        "Move the selected span's end edge one character back along the text (shorter)",
    ),
    ActionSpec(
        "end_forward",
        "Move end forward",
        ("Alt+Down",),
        "Move the selected span's end edge one character further along the text (longer)",
    ),
    ActionSpec(
        "link",
        "&Link to…",
        ("Ctrl+L",),
        "Link the selected claim or stance: then click the span it refers to",
    ),
    ActionSpec("cancel", "Cancel", ("Escape",), "Cancel linking; clear the selection"),
    ActionSpec("next_span", "Next span", ("Tab",), "Select the next span"),
    ActionSpec("previous_span", "Previous span", ("Shift+Tab",), "Select the previous span"),
    ActionSpec("next_document", "&Next document", ("Ctrl+PgDown",), "Open the next document"),
    ActionSpec(
        "previous_document", "&Previous document", ("Ctrl+PgUp",), "Open the previous document"
    ),
    ActionSpec(
        "mark_done",
        "Mark &done",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Mark the document done for you (again: back to in progress)",
    ),
    ActionSpec(
        "settings", "&Settings…", (Std.Preferences, "Ctrl+,"), "Font, size, annotator, snapping"
    ),
    ActionSpec("quit", "&Quit", (Std.Quit,), "Quit (everything is already saved)"),
)

# The menu bar: action ids in order, None for a separator (the View menu also lists the docks,
# the Labels menu every label by layer).
MENUS: dict[str, tuple[str | None, ...]] = {
    "&File": ("previous_document", "next_document", "mark_done", None, "settings", None, "quit"),
    "&Edit": (
        "undo",
        "redo",
        None,
        "delete",
        "link",
        None,
        "start_left",
        "start_right",
        "end_left",
        "end_right",
        "end_back",
        "end_forward",
        None,
        "find",
        "find_next",
    ),
    "&View": ("zoom_in", "zoom_out", "zoom_reset"),
}


def build_menu_bar(
    bar: QMenuBar,
    actions: dict[str, QAction],
    dock_toggles: list[QAction],
    labels: dict[str, list[QAction]],
) -> dict[str, QMenu]:
    """Fill the menu bar: MENUS, the docks under View, then a Labels menu by layer; return
    the menus by their MENUS title (features add their own actions to them)."""
    menus: dict[str, QMenu] = {}
    for title, ids in MENUS.items():
        menu = menus[title] = bar.addMenu(title)
        for action_id in ids:
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[action_id])
        if title == "&View":
            menu.addSeparator()
            menu.addActions(dock_toggles)
    label_menu = menus["&Labels"] = bar.addMenu("&Labels")
    label_menu.setToolTipsVisible(True)  # a label's tooltip is its guideline (description)
    for layer, layer_actions in labels.items():
        layer_menu = label_menu.addMenu(layer)
        layer_menu.setToolTipsVisible(True)
        layer_menu.addActions(layer_actions)
    return menus


def create_actions(
    parent: QObject, handlers: dict[str, Callable[[], object]]
) -> dict[str, QAction]:
    """Create the window's actions from SPECS, each triggering its handler."""
    actions = {}
    for spec in SPECS:
        action = QAction(spec.text, parent)
        action.setObjectName(spec.id)
        action.setShortcuts(unique_keys(spec.keys))
        action.setToolTip(spec.tip or spec.text.replace("&", ""))
        action.setStatusTip(spec.tip)
        action.triggered.connect(handlers[spec.id])
        actions[spec.id] = action
    return actions


def label_action(parent: QObject, label: Label, trigger: Callable[[Label], object]) -> QAction:
    """Create the action of a label: `label:<layer>:<LABEL>`, its digit in every script."""
    action = QAction(swatch(label.color), f"{label.name}", parent)
    action.setObjectName(f"label:{label.layer}:{label.name}")
    keys = [label.shortcut]
    if label.shortcut.isdigit() and len(label.shortcut) == 1:
        value = int(label.shortcut)
        keys += [ARABIC_INDIC[value], PERSIAN[value]]
    action.setShortcuts([QKeySequence(k) for k in keys if k])
    tip = f"{label.layer}: {label.name} — {label.description}"
    action.setToolTip(tip + (f" ({label.shortcut})" if label.shortcut else ""))
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: trigger(label))
    return action


def unique_keys(keys) -> list[QKeySequence]:
    """Expand standard keys and drop repeats (a repeated key makes Qt call it ambiguous)."""
    unique: dict[str, QKeySequence] = {}
    for key in keys:
        sequences = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        for sequence in sequences:
            if not sequence.isEmpty():
                unique.setdefault(sequence.toString(), sequence)
    return list(unique.values())


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
