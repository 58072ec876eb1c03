"""What a label key means, decided without Qt: a new span, a relabel, or nothing to label.

The window asks `plan_label` and carries the answer out through the session; a span that
is already labelled (the store says so, maybe from another window) is selected instead of
added twice, with `already_labelled` as the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from annotator.model import Span
from annotator.schema import Label

NEED_SELECTION = "Select some text first, then press the label key"


@dataclass(frozen=True)
class NewSpan:
    """Label `[start, end)` as a new span, with the label's default attributes."""

    start: int
    end: int
    layer: str
    label: str
    attrs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Relabel:
    """Give the selected span another label of its own layer."""

    span: Span
    label: str


@dataclass(frozen=True)
class Unchanged:
    """The selected span has this label already: nothing to write."""

    span: Span


@dataclass(frozen=True)
class NothingToLabel:
    """No text and no span selected: tell the user how to label."""

    message: str = NEED_SELECTION


LabelPlan = NewSpan | Relabel | Unchanged | NothingToLabel


def plan_label(label: Label, selection: tuple[int, int], selected: Span | None) -> LabelPlan:
    """Decide what pressing `label` does with this text selection and selected span.

    Selected text wins and becomes a new span. Without selected text, a selected span of
    the label's layer is relabelled; a span of another layer lends its stretch to a new
    span in the label's layer (an entity inside a claim, a claim over a stance...).
    """
    start, end = selection
    if start == end and selected is not None:
        if selected.layer == label.layer:
            if selected.label == label.name:
                return Unchanged(selected)
            return Relabel(selected, label.name)
        start, end = selected.start, selected.end
    if start == end:
        return NothingToLabel()
    return NewSpan(start, end, label.layer, label.name, default_attributes(label))


def default_attributes(label: Label) -> dict[str, str]:
    """Return the attribute values a new span of `label` starts with."""
    return {a.name: a.default for a in label.attributes if a.default is not None}


def with_attribute(attrs: Mapping[str, str], name: str, value: str | None) -> dict[str, str] | None:
    """Return `attrs` with `name` set to `value` (None: unset), or None if nothing changes."""
    changed = dict(attrs)
    if value is None:
        changed.pop(name, None)
    else:
        changed[name] = value
    return None if changed == dict(attrs) else changed


def already_labelled(span: Span) -> str:
    """Return the message for a label that exists already (the span is selected instead)."""
    return (
        f"Already labelled: {span.id} {span.layer}:{span.label} "
        f"({span.annotator}) — selected it, nothing added"
    )


def toggled_status(status: str) -> str:
    """Return the status "mark done" leads to: done, or back to in progress when done."""
    return "in_progress" if status == "done" else "done"
