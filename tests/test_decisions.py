"""The GUI's decisions, tested without Qt: what a label key means, which relation links two
spans, how find, Tab and edge keys move, how statuses toggle, how a failed undo recovers.

This file must never import PySide6: these rules live outside annotator/gui/.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import ConflictError, StoreBusyError
from annotator.labelling import (
    NEED_SELECTION,
    NewSpan,
    NothingToLabel,
    Relabel,
    Unchanged,
    already_labelled,
    plan_label,
    toggled_status,
    with_attribute,
)
from annotator.linking import (
    SELF_LINK,
    CannotLink,
    ChooseKind,
    Link,
    can_link_from,
    link_choices,
    link_targets,
    plan_link,
)
from annotator.model import Span
from annotator.navigation import find_next, move_edge_by_arrow, step_row, text_step
from annotator.resources import default_schema_source
from annotator.schema import parse_schema
from annotator.undo import StackStep, take_step

SCHEMA = parse_schema(default_schema_source())
PER = SCHEMA.layer("entity").label("PER")
STANCE = SCHEMA.layer("stance").label("STANCE")
TEXT = "قال ينس ستولتنبرغ إن الدعم لأوكرانيا مستمر.\nNATO chief Jens Stoltenberg spoke."
ENTITY = Span("s1", 4, 17, "entity", "ORG", annotator="ana")
CLAIM = Span("s2", 18, 44, "claim", "CLAIM")
STANCE_SPAN = Span("s3", 0, 44, "stance", "STANCE", {"polarity": "favor"})


def test_decision_modules_do_not_load_qt() -> None:
    code = (
        "import sys, annotator.labelling, annotator.linking, annotator.navigation, "
        "annotator.undo; print(sorted(m for m in sys.modules if m.startswith(('PySide6', "
        "'sqlite3', 'sqlite_utils'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- labelling ----------------------------------------------------------------------------------


def test_selected_text_becomes_a_new_span_even_with_a_span_selected() -> None:
    assert plan_label(PER, (4, 7), ENTITY) == NewSpan(4, 7, "entity", "PER", {})


def test_label_of_the_same_layer_relabels_the_selected_span() -> None:
    assert plan_label(PER, (9, 9), ENTITY) == Relabel(ENTITY, "PER")


def test_same_label_again_changes_nothing() -> None:
    org = SCHEMA.layer("entity").label("ORG")
    assert plan_label(org, (0, 0), ENTITY) == Unchanged(ENTITY)


def test_label_of_another_layer_labels_the_selected_spans_stretch() -> None:
    plan = plan_label(STANCE, (0, 0), CLAIM)
    assert isinstance(plan, NewSpan)
    assert (plan.start, plan.end, plan.layer, plan.label) == (18, 44, "stance", "STANCE")
    assert plan.attrs == {a.name: a.default for a in STANCE.attributes if a.default}


def test_nothing_selected_asks_for_a_selection() -> None:
    assert plan_label(PER, (5, 5), None) == NothingToLabel(NEED_SELECTION)


def test_attribute_change_and_unset() -> None:
    assert with_attribute({"polarity": "favor"}, "polarity", "against") == {"polarity": "against"}
    assert with_attribute({"polarity": "favor"}, "polarity", None) == {}
    assert with_attribute({"polarity": "favor"}, "polarity", "favor") is None
    assert with_attribute({}, "polarity", None) is None


def test_already_labelled_names_the_span_kept() -> None:
    assert already_labelled(ENTITY).startswith("Already labelled: s1 entity:ORG (ana)")


@pytest.mark.parametrize(
    ("status", "toggled"),
    [("todo", "done"), ("in_progress", "done"), ("done", "in_progress")],
)
def test_mark_done_toggles_back_to_in_progress(status: str, toggled: str) -> None:
    assert toggled_status(status) == toggled


# -- linking ------------------------------------------------------------------------------------


def test_only_claims_and_stances_link() -> None:
    assert can_link_from(SCHEMA, CLAIM) and can_link_from(SCHEMA, STANCE_SPAN)
    assert not can_link_from(SCHEMA, ENTITY) and not can_link_from(SCHEMA, None)


def test_one_fitting_type_links_several_ask_none_explains() -> None:
    assert plan_link(SCHEMA, CLAIM, ENTITY) == Link("claimant")
    assert plan_link(SCHEMA, STANCE_SPAN, ENTITY) == ChooseKind(("holder", "target"))
    assert plan_link(SCHEMA, STANCE_SPAN, CLAIM) == Link("target")
    assert plan_link(SCHEMA, CLAIM, STANCE_SPAN) == CannotLink(
        "A claim cannot be linked to a stance span"
    )
    assert plan_link(SCHEMA, CLAIM, CLAIM) == CannotLink(SELF_LINK)


def test_link_choices_under_the_pointer_skip_the_source() -> None:
    under = [ENTITY, CLAIM, STANCE_SPAN]
    assert link_choices(SCHEMA, STANCE_SPAN, under) == [
        ("holder", ENTITY),
        ("target", ENTITY),
        ("target", CLAIM),
    ]
    assert link_choices(SCHEMA, None, under) == []


def test_link_targets_are_the_nearest_of_the_right_layers() -> None:
    entities = [Span(f"e{i}", i * 10, i * 10 + 3, "entity", "PER") for i in range(30)]
    source = Span("c", 150, 160, "claim", "CLAIM")
    targets = link_targets(SCHEMA, source, "claimant", [source, CLAIM, *entities], limit=4)
    assert [t.id for t in targets] == ["e15", "e14", "e16", "e13"]
    assert link_targets(SCHEMA, source, "no-such-kind", entities) == []


# -- navigation ---------------------------------------------------------------------------------


def test_find_goes_to_the_next_match_and_wraps() -> None:
    text = "ناتو ثم ناتو"
    assert find_next(text, "ناتو", 0) == (0, 4)
    assert find_next(text, "ناتو", 4) == (8, 12)
    assert find_next(text, "ناتو", 12) == (0, 4)
    assert find_next(text, "Kyiv", 0) is None
    assert find_next(text, "", 0) is None


def test_tab_cycles_through_spans_and_starts_at_an_end() -> None:
    assert step_row(None, 3, +1) == 0 and step_row(None, 3, -1) == 2
    assert step_row(2, 3, +1) == 0 and step_row(0, 3, -1) == 2
    assert step_row(None, 0, +1) is None


def test_arrows_follow_the_paragraph_direction() -> None:
    assert text_step("left", rtl=True) == 1 and text_step("right", rtl=True) == -1
    assert text_step("left", rtl=False) == -1 and text_step("right", rtl=False) == 1
    assert text_step("back", rtl=True) == -1 and text_step("forward", rtl=True) == 1
    with pytest.raises(ValueError):
        text_step("up", rtl=False)


def test_alt_left_shrinks_an_arabic_span_from_its_start() -> None:
    word = TEXT.index("لأوكرانيا")
    span = (word, word + len("لأوكرانيا"))
    assert move_edge_by_arrow(TEXT, *span, "start", "left") == (word + 1, span[1])
    latin = TEXT.index("Jens")
    assert move_edge_by_arrow(TEXT, latin, latin + 4, "start", "left") == (latin - 1, latin + 4)


@given(st.integers(0, len(TEXT) - 1), st.integers(1, 12), st.sampled_from(["start", "end"]))
def test_edges_never_empty_a_span_or_leave_the_text(start: int, length: int, edge: str) -> None:
    end = min(len(TEXT), start + length)
    for arrow in ("left", "right", "back", "forward"):
        new_start, new_end = move_edge_by_arrow(TEXT, start, end, edge, arrow)
        assert 0 <= new_start < new_end <= len(TEXT)


# -- undo ---------------------------------------------------------------------------------------


class Edit:
    """A command over a list of values, failing on demand like a busy or changed database."""

    def __init__(self, values: list[str], value: str) -> None:
        self.text = f"add {value}"
        self.values, self.value = values, value
        self.fail: Exception | None = None
        values.append(value)  # done before it is pushed

    def undo(self) -> None:
        if self.fail:
            raise self.fail
        self.values.remove(self.value)

    def redo(self) -> None:
        if self.fail:
            raise self.fail
        self.values.append(self.value)


class ListStack:
    """QUndoStack's contract in plain Python: push calls redo(), undo and redo move the
    index whatever the command does (a Qt stack cannot see a failure)."""

    def __init__(self) -> None:
        self.commands: list[StackStep] = []
        self.index = 0

    def push(self, command: StackStep) -> None:
        del self.commands[self.index :]
        command.redo()
        self.commands.append(command)
        self.index += 1

    def undo(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.commands[self.index].undo()

    def redo(self) -> None:
        if self.index < len(self.commands):
            self.commands[self.index].redo()
            self.index += 1

    def step_undo(self) -> None:
        take_step(self.undo, self.redo, self.commands[self.index - 1])

    def step_redo(self) -> None:
        take_step(self.redo, self.undo, self.commands[self.index])


def test_undo_and_redo_walk_the_stack_and_the_push_does_not_redo() -> None:
    values: list[str] = []
    stack = ListStack()
    stack.push(StackStep(Edit(values, "a")))
    stack.push(StackStep(Edit(values, "b")))
    assert values == ["a", "b"]  # done once, before the push
    stack.step_undo()
    assert values == ["a"] and (stack.index, len(stack.commands)) == (1, 2)
    stack.step_redo()
    assert values == ["a", "b"] and stack.index == 2
    stack.step_undo()
    stack.push(StackStep(Edit(values, "c")))  # a new command drops the undone one
    assert values == ["a", "c"] and (stack.index, len(stack.commands)) == (2, 2)


@pytest.mark.parametrize("error", [StoreBusyError("locked"), ConflictError("changed elsewhere")])
def test_a_failed_undo_or_redo_leaves_the_stack_where_it_was(error: Exception) -> None:
    values: list[str] = []
    stack = ListStack()
    edit = Edit(values, "a")
    stack.push(StackStep(edit))
    edit.fail = error
    with pytest.raises(type(error)):
        stack.step_undo()
    assert values == ["a"] and stack.index == 1
    edit.fail = None
    stack.step_undo()  # the retry once the database is free
    assert values == [] and stack.index == 0
    edit.fail = error
    with pytest.raises(type(error)):
        stack.step_redo()
    assert values == [] and stack.index == 0
    edit.fail = None
    stack.step_redo()  # and the retry of the redo
    assert values == ["a"] and stack.index == 1


def test_a_step_that_fails_twice_stays_twice_and_never_runs_the_other_way() -> None:
    values: list[str] = []
    stack = ListStack()
    edit = Edit(values, "a")
    stack.push(StackStep(edit))
    edit.fail = ConflictError("changed elsewhere")
    for _ in range(2):
        with pytest.raises(ConflictError):
            stack.step_undo()
    assert values == ["a"] and stack.index == 1
    edit.fail = None
    stack.step_undo()
    assert values == [] and stack.index == 0
