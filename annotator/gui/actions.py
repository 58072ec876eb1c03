"""Every command of the main window, in one place: ids, texts, shortcuts, tips.

Standard keys (undo, redo, find, zoom, delete) come from QKeySequence.StandardKey. Custom
keys avoid letters without a modifier, which change with the keyboard layout (an Arabic
layout types Arabic letters); arrows, Page keys and digits work under every layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

Std = QKeySequence.StandardKey


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
