"""Review decisions without Qt: order, next / previous with wrapping, the edges and label an
acceptance takes, and what accepting everything above a threshold takes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.review import (
    AcceptAs,
    above_threshold,
    accepted_edges,
    cursor_key,
    describe,
    order_key,
    plan_label_key,
    reviewable,
    step_suggestion,
)
from annotator.store.suggestions import Suggestion


def suggestion(
    id_: int,
    start: int,
    end: int,
    label: str = "GPE",
    score: float | None = 0.9,
    state: str = "pending",
    source: str = "model:x",
    layer: str = "entity",
) -> Suggestion:
    return Suggestion(id_, "d", source, start, end, layer, label, {}, score, state)


def test_reviewable_keeps_pending_of_shown_sources_in_text_order() -> None:
    items = [
        suggestion(1, 20, 25),
        suggestion(2, 0, 5, state="accepted"),
        suggestion(3, 0, 5),
        suggestion(4, 0, 3, source="gazetteer:places"),
        suggestion(5, 10, 12, state="rejected"),
        suggestion(6, 10, 12, state="labelled"),
    ]
    assert [s.id for s in reviewable(items)] == [4, 3, 1]
    assert [s.id for s in reviewable(items, {"gazetteer:places"})] == [3, 1]


def test_next_and_previous_wrap_and_start_from_the_cursor() -> None:
    items = reviewable([suggestion(1, 0, 5), suggestion(2, 10, 15), suggestion(3, 10, 20)])
    assert step_suggestion(items, order_key(items[0]), +1) == items[1]
    assert step_suggestion(items, order_key(items[1]), +1) == items[2]  # same start: by end
    assert step_suggestion(items, order_key(items[2]), +1) == items[0]  # wraps
    assert step_suggestion(items, order_key(items[0]), -1) == items[2]  # wraps back
    assert step_suggestion(items, cursor_key(10), +1) == items[1]  # one starting there
    assert step_suggestion(items, cursor_key(10), -1) == items[0]
    assert step_suggestion(items, cursor_key(0), +1) == items[0]
    assert step_suggestion([], cursor_key(0), +1) is None


def test_next_goes_on_from_a_suggestion_decided_meanwhile() -> None:
    decided = suggestion(2, 10, 15, state="accepted")
    items = reviewable([suggestion(1, 0, 5), decided, suggestion(3, 30, 35)])
    assert step_suggestion(items, order_key(decided), +1).id == 3
    assert step_suggestion(items, order_key(decided), -1).id == 1


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 8)), min_size=1, max_size=12),
    st.integers(0, 60),
)
def test_stepping_forward_visits_every_suggestion_once_per_round(spans, cursor) -> None:
    items = reviewable([suggestion(i, s, s + n) for i, (s, n) in enumerate(spans)])
    first = step_suggestion(items, cursor_key(cursor), +1)
    seen = [first]
    for _ in range(len(items) - 1):
        seen.append(step_suggestion(items, order_key(seen[-1]), +1))
    assert sorted(s.id for s in seen) == sorted(s.id for s in items)
    assert step_suggestion(items, order_key(seen[-1]), +1) == first
    back = step_suggestion(items, order_key(first), -1)
    assert back == seen[-1]


def test_accept_takes_the_selection_when_it_overlaps_the_suggestion() -> None:
    item = suggestion(1, 10, 19)
    assert accepted_edges(item, (11, 19)) == (11, 19)  # proclitic left out with Alt+Left
    assert accepted_edges(item, (10, 22)) == (10, 22)  # end moved further
    assert accepted_edges(item, (10, 10)) == (10, 19)  # nothing selected
    assert accepted_edges(item, (30, 35)) == (10, 19)  # selected elsewhere


def test_a_label_key_accepts_the_current_suggestion_with_that_label() -> None:
    item = suggestion(7, 10, 19, label="GPE")
    assert plan_label_key(item, (10, 19), False, "entity", "LOC") == AcceptAs(7, 10, 19, "LOC")
    assert plan_label_key(item, (11, 19), False, "entity", "GPE") == AcceptAs(7, 11, 19, "GPE")
    assert plan_label_key(item, (10, 10), False, "entity", "ORG") == AcceptAs(7, 10, 19, "ORG")


def test_a_label_key_labels_as_usual_otherwise() -> None:
    item = suggestion(7, 10, 19)
    assert plan_label_key(None, (10, 19), False, "entity", "LOC") is None
    assert plan_label_key(item, (10, 19), False, "claim", "CLAIM") is None  # another layer
    assert plan_label_key(item, (10, 19), True, "entity", "LOC") is None  # a span selected
    assert plan_label_key(item, (30, 35), False, "entity", "LOC") is None  # text elsewhere
    decided = suggestion(7, 10, 19, state="rejected")
    assert plan_label_key(decided, (10, 19), False, "entity", "LOC") is None


def test_above_threshold_takes_the_best_of_the_same_edges_and_never_unscored() -> None:
    items = [
        suggestion(1, 0, 5, "GPE", 0.85),
        suggestion(2, 0, 5, "LOC", 0.95, source="gazetteer:places"),  # same edges, better
        suggestion(3, 10, 15, "PER", 0.80),  # exactly at the threshold: taken
        suggestion(4, 20, 25, "ORG", 0.79),
        suggestion(5, 30, 35, "ORG", None),
        suggestion(6, 40, 45, "ORG", 0.99, state="rejected"),
        suggestion(7, 0, 5, "CLAIM", 0.9, layer="claim"),  # another layer: its own
        suggestion(8, 50, 55, "PER", 0.9),
        suggestion(9, 50, 55, "GPE", 0.9),  # a tie: the first in review order
    ]
    assert [s.id for s in above_threshold(items, 0.8)] == [2, 7, 3, 8]
    assert above_threshold(items, 1.0) == []


def test_describe_names_label_score_and_source() -> None:
    assert describe(suggestion(1, 0, 5, score=0.875)) == (
        "suggestion entity: GPE (score 0.88) from model:x"
    )
    assert "no score" in describe(suggestion(1, 0, 5, score=None))
