"""Span notes and the unsure flag: what the span list's filter keeps and how a note is
shown in a table cell. No Qt: the GUI renders these decisions."""

from __future__ import annotations

from annotator.model import Span

# The span list's filters, by id (the GUI translates their names).
ALL, UNSURE, WITH_NOTE, UNSURE_OR_NOTE = "all", "unsure", "note", "unsure_or_note"
FILTERS = (ALL, UNSURE, WITH_NOTE, UNSURE_OR_NOTE)
UNSURE_MARK = "?"


def keeps(mode: str, span: Span) -> bool:
    """Whether the span list filtered by `mode` shows `span`."""
    if mode == UNSURE:
        return span.unsure
    if mode == WITH_NOTE:
        return bool(span.note)
    if mode == UNSURE_OR_NOTE:
        return span.unsure or bool(span.note)
    return True


def note_cell(span: Span, limit: int = 60) -> str:
    """The note as one short line (cut at its logical end), after `?` when unsure."""
    note = " ".join(span.note.split())
    if len(note) > limit:
        note = note[: limit - 1] + "…"
    shown = f"\u2068{note}\u2069" if note else ""  # isolated: an Arabic note keeps its order
    return f"{UNSURE_MARK} {shown}".strip() if span.unsure else shown
