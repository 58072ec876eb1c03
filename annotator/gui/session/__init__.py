"""The GUI's adapter over the store: the open document, its spans, and change signals.

Views never touch the database: they call the session, which writes to SQLite first
(committed before it returns) and only then updates its index and emits a signal, so the
screen never shows an action that was not saved. The only part of gui/ that holds the store;
its parts: `core` (document, index, selection, edits, signals), `project` (other documents,
batches), `team` (whose spans are shown, curation), `suggestions`.
"""

from __future__ import annotations

from annotator.gui.session.core import PRELOAD_CHARACTERS
from annotator.gui.session.suggestions import SuggestionEdit, SuggestionSession

__all__ = ["PRELOAD_CHARACTERS", "Session", "SuggestionEdit"]


class Session(SuggestionSession):
    """One annotator's session on a project (see the parts above)."""
