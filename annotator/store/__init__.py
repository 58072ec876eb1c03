"""The project database: one SQLite file per project, through sqlite-utils.

`Store` is the whole API; its parts live in their own modules: `connection` (open,
pragmas, transactions, friendly errors), `migrations`, `changes` (the append-only log),
`documents`, `span_reads` (spans, relations and the GUI's span index, read), `annotations`
(spans, relations and ids, written), `suggestions` (kept apart from spans)
and `rows` (columns and shapes).
"""

from __future__ import annotations

from annotator.store.connection import (
    BUSY_TIMEOUT_SECONDS,
    default_annotator,
    remove_database,
)
from annotator.store.documents import DocumentInfo
from annotator.store.merges import MergeStore
from annotator.store.suggestions import Suggestion, SuggestionCounts, SuggestionStore


class Store(MergeStore, SuggestionStore):
    """A project database. Open with `Store.open`; close when done (or use `with`)."""


__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "DocumentInfo",
    "Store",
    "Suggestion",
    "SuggestionCounts",
    "default_annotator",
    "remove_database",
]
