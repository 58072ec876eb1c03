"""Reviewing suggestions, decided without Qt: which one is next, what accept takes, what a
label key means while a suggestion is current, and what "accept above" accepts.

The window asks these functions and carries the answers out through the session. Only
pending suggestions of the sources shown are reviewed; they are visited in text order
(start, end, id), wrapping like Tab does among spans.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

PENDING = "pending"  # the store's state of a suggestion nobody has decided on yet


class SuggestionLike(Protocol):
    """What review needs of a suggestion (annotator.store.suggestions.Suggestion has it)."""

    @property
    def id(self) -> int: ...
    @property
    def source(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def layer(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float | None: ...
    @property
    def state(self) -> str: ...


S = TypeVar("S", bound=SuggestionLike)
Key = tuple[int, int, int]  # (start, end, id): the review order


def order_key(suggestion: SuggestionLike) -> Key:
    return suggestion.start, suggestion.end, suggestion.id


def cursor_key(offset: int) -> Key:
    """The review position of a text cursor: before every suggestion starting there."""
    return offset, -1, -1


def reviewable(suggestions: Iterable[S], hidden_sources: Collection[str] = ()) -> list[S]:
    """Return the pending suggestions of the sources shown, in review order."""
    return sorted(
        (s for s in suggestions if s.state == PENDING and s.source not in hidden_sources),
        key=order_key,
    )


def step_suggestion(items: Sequence[S], anchor: Key, step: int) -> S | None:
    """Return the suggestion after (`step` > 0) or before `anchor` in review order,
    wrapping around; None when there is none. `items` are in review order (`reviewable`).

    The anchor is the current suggestion's key (it may have been decided meanwhile, so it
    need not be in `items`) or, without one, `cursor_key` of the text cursor."""
    if not items:
        return None
    if step > 0:
        return next((s for s in items if order_key(s) > anchor), items[0])
    return next((s for s in reversed(items) if order_key(s) < anchor), items[-1])


def overlaps(suggestion: SuggestionLike, start: int, end: int) -> bool:
    return start < end and start < suggestion.end and suggestion.start < end


def accepted_edges(suggestion: SuggestionLike, selection: tuple[int, int]) -> tuple[int, int]:
    """Return the edges an acceptance takes: the selected text when it overlaps the
    suggestion (its edges were moved with Alt+arrows, or reselected), else the suggestion's."""
    start, end = selection
    return (start, end) if overlaps(suggestion, start, end) else (suggestion.start, suggestion.end)


@dataclass(frozen=True)
class AcceptAs:
    """Accept the suggestion with these edges and this label (of its own layer)."""

    suggestion_id: int
    start: int
    end: int
    label: str


def plan_label_key(
    current: SuggestionLike | None,
    selection: tuple[int, int],
    span_selected: bool,
    layer: str,
    label: str,
) -> AcceptAs | None:
    """Decide whether a label key accepts the current suggestion (with that label) or
    labels as usual (None).

    It accepts when a pending suggestion is current, no span is selected, the selected
    text is the suggestion's or overlaps it (moved edges), or nothing is selected, and the
    label is of the suggestion's layer; another layer's label labels the selection."""
    if current is None or current.state != PENDING or span_selected or layer != current.layer:
        return None
    start, end = selection
    if start != end and not overlaps(current, start, end):
        return None
    edges = accepted_edges(current, selection)
    return AcceptAs(current.id, edges[0], edges[1], label)


def above_threshold(items: Iterable[S], threshold: float) -> list[S]:
    """Return the pending suggestions scored at or above `threshold` that accepting them
    all would take: of several with the same edges in one layer, the best scored (the
    first in review order on a tie). Unscored suggestions are never taken."""
    best: dict[tuple[int, int, str], S] = {}
    for item in sorted(items, key=order_key):
        if item.state != PENDING or item.score is None or item.score < threshold:
            continue
        edges = (item.start, item.end, item.layer)
        kept = best.get(edges)
        if kept is None or (kept.score is not None and item.score > kept.score):
            best[edges] = item
    return sorted(best.values(), key=order_key)


def describe(suggestion: SuggestionLike) -> str:
    """One line for the status bar and the tooltip: label, score, source."""
    score = "no score" if suggestion.score is None else f"score {suggestion.score:.2f}"
    return f"suggestion {suggestion.layer}: {suggestion.label} ({score}) from {suggestion.source}"
