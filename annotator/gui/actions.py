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

from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
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
    ActionSpec(
        "undo",
        QT_TRANSLATE_NOOP("Actions", "&Undo"),
        (Std.Undo,),
        QT_TRANSLATE_NOOP("Actions", "Undo the last change (stored in the database)"),
    ),
    ActionSpec(
        "redo",
        QT_TRANSLATE_NOOP("Actions", "&Redo"),
        (Std.Redo, "Ctrl+Y", "Ctrl+Shift+Z"),
        QT_TRANSLATE_NOOP("Actions", "Redo the undone change"),
    ),
    ActionSpec(
        "delete",
        QT_TRANSLATE_NOOP("Actions", "&Delete span"),
        (Std.Delete, "Backspace"),
        QT_TRANSLATE_NOOP("Actions", "Delete the selected span"),
    ),
    ActionSpec(
        "find",
        QT_TRANSLATE_NOOP("Actions", "&Find…"),
        (Std.Find,),
        QT_TRANSLATE_NOOP("Actions", "Find text in the document"),
    ),
    ActionSpec(
        "find_next",
        QT_TRANSLATE_NOOP("Actions", "Find &next"),
        (Std.FindNext,),
        QT_TRANSLATE_NOOP("Actions", "Go to the next match"),
    ),
    ActionSpec(
        "zoom_in",
        QT_TRANSLATE_NOOP("Actions", "Zoom &in"),
        (Std.ZoomIn, "Ctrl+="),
        QT_TRANSLATE_NOOP("Actions", "Larger text"),
    ),
    ActionSpec(
        "zoom_out",
        QT_TRANSLATE_NOOP("Actions", "Zoom &out"),
        (Std.ZoomOut,),
        QT_TRANSLATE_NOOP("Actions", "Smaller text"),
    ),
    ActionSpec(
        "zoom_reset",
        QT_TRANSLATE_NOOP("Actions", "&Normal size"),
        ("Ctrl+0",),
        QT_TRANSLATE_NOOP("Actions", "Default text size"),
    ),
    # Edges move in the arrow's direction on screen: in an Arabic paragraph the start is
    # on the right, so Alt+Left shrinks the span from the start (لأوكرانيا → أوكرانيا).
    ActionSpec(
        "start_left",
        QT_TRANSLATE_NOOP("Actions", "Move start ←"),
        ("Alt+Left",),
        QT_TRANSLATE_NOOP(
            "Actions", "Move the selected span's start edge one character to the left on screen"
        ),
    ),
    ActionSpec(
        "start_right",
        QT_TRANSLATE_NOOP("Actions", "Move start →"),
        ("Alt+Right",),
        QT_TRANSLATE_NOOP(
            "Actions", "Move the selected span's start edge one character to the right on screen"
        ),
    ),
    # Alt+Shift is the layout-switch chord on many Arabic/English setups (xkb
    # grp:alt_shift_toggle turns the Shift into a group switch, so Alt+Shift+Left arrives as
    # Alt+Left) and window managers take Ctrl+Alt+arrows (workspaces), Super+arrows (tiling)
    # and Shift+Alt+arrows (openbox). Alt+Up/Down reach us under any layout and are no
    # text-editing keys: they move the end edge along the text (Down: further, Up: back).
    ActionSpec(
        "end_left",
        QT_TRANSLATE_NOOP("Actions", "Move end ←"),
        ("Alt+Shift+Left",),
        QT_TRANSLATE_NOOP(
            "Actions", "Move the selected span's end edge one character to the left on screen"
        ),
    ),
    ActionSpec(
        "end_right",
        QT_TRANSLATE_NOOP("Actions", "Move end →"),
        ("Alt+Shift+Right",),
        QT_TRANSLATE_NOOP(
            "Actions", "Move the selected span's end edge one character to the right on screen"
        ),
    ),
    ActionSpec(
        "end_back",
        QT_TRANSLATE_NOOP("Actions", "Move end back"),
        ("Alt+Up",),
        QT_TRANSLATE_NOOP(
            "Actions",
            "Move the selected span's end edge one character back along the text (shorter)",
        ),
    ),
    ActionSpec(
        "end_forward",
        QT_TRANSLATE_NOOP("Actions", "Move end forward"),
        ("Alt+Down",),
        QT_TRANSLATE_NOOP(
            "Actions",
            "Move the selected span's end edge one character further along the text (longer)",
        ),
    ),
    ActionSpec(
        "link",
        QT_TRANSLATE_NOOP("Actions", "&Link to…"),
        ("Ctrl+L",),
        QT_TRANSLATE_NOOP(
            "Actions", "Link the selected claim or stance: then click the span it refers to"
        ),
    ),
    ActionSpec(
        "cancel",
        QT_TRANSLATE_NOOP("Actions", "Cancel"),
        ("Escape",),
        QT_TRANSLATE_NOOP("Actions", "Cancel linking; clear the selection"),
    ),
    ActionSpec(
        "next_span",
        QT_TRANSLATE_NOOP("Actions", "Next span"),
        ("Tab",),
        QT_TRANSLATE_NOOP("Actions", "Select the next span"),
    ),
    ActionSpec(
        "previous_span",
        QT_TRANSLATE_NOOP("Actions", "Previous span"),
        ("Shift+Tab",),
        QT_TRANSLATE_NOOP("Actions", "Select the previous span"),
    ),
    ActionSpec(
        "next_document",
        QT_TRANSLATE_NOOP("Actions", "&Next document"),
        ("Ctrl+PgDown",),
        QT_TRANSLATE_NOOP("Actions", "Open the next document"),
    ),
    ActionSpec(
        "previous_document",
        QT_TRANSLATE_NOOP("Actions", "&Previous document"),
        ("Ctrl+PgUp",),
        QT_TRANSLATE_NOOP("Actions", "Open the previous document"),
    ),
    ActionSpec(
        "mark_done",
        QT_TRANSLATE_NOOP("Actions", "Mark &done"),
        ("Ctrl+Return", "Ctrl+Enter"),
        QT_TRANSLATE_NOOP("Actions", "Mark the document done for you (again: back to in progress)"),
    ),
    ActionSpec(
        "settings",
        QT_TRANSLATE_NOOP("Actions", "&Settings…"),
        (Std.Preferences, "Ctrl+,"),
        QT_TRANSLATE_NOOP("Actions", "Font, size, annotator, snapping"),
    ),
    ActionSpec(
        "quit",
        QT_TRANSLATE_NOOP("Actions", "&Quit"),
        (Std.Quit,),
        QT_TRANSLATE_NOOP("Actions", "Quit (everything is already saved)"),
    ),
)

# The menu bar: action ids in order, None for a separator (the View menu also lists the docks,
# the Labels menu every label by layer).
MENUS: dict[str, tuple[str | None, ...]] = {
    QT_TRANSLATE_NOOP("Menus", "&File"): (
        "previous_document",
        "next_document",
        "mark_done",
        None,
        "settings",
        None,
        "quit",
    ),
    QT_TRANSLATE_NOOP("Menus", "&Edit"): (
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
    QT_TRANSLATE_NOOP("Menus", "&View"): ("zoom_in", "zoom_out", "zoom_reset"),
}


def build_menu_bar(
    bar: QMenuBar,
    actions: dict[str, QAction],
    dock_toggles: list[QAction],
    labels: dict[str, list[QAction]],
) -> dict[str, QMenu]:
    """Fill the menu bar: MENUS, the docks under View, then a Labels menu by layer; return
    the menus by their English MENUS title (features add their own actions to them)."""
    menus: dict[str, QMenu] = {}
    for title, ids in MENUS.items():
        menu = menus[title] = bar.addMenu(translate("Menus", title))
        for action_id in ids:
            if action_id is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[action_id])
        if title == "&View":
            menu.addSeparator()
            menu.addActions(dock_toggles)
    label_menu = menus["&Labels"] = bar.addMenu(translate("Menus", "&Labels"))
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
        text = translate("Actions", spec.text)
        tip = translate("Actions", spec.tip) if spec.tip else ""
        action = QAction(text, parent)
        action.setObjectName(spec.id)
        action.setShortcuts(unique_keys(spec.keys))
        action.setToolTip(tip or text.replace("&", ""))
        action.setStatusTip(tip)
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
