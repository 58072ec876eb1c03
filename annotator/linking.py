"""Which relation may link two spans, and which spans to offer as targets; no Qt.

The schema says which relation types go from which layer to which; these functions answer
the window's questions with it: may this span link at all, what does a click on a target
mean (one type: link; several: let the user choose; none: say why), and which spans the
inspector offers, nearest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.model import Span
from annotator.schema import Schema

NEED_SOURCE = "Select a claim or a stance first, then link it"
SELF_LINK = "a relation cannot link a span to itself"
MAX_TARGETS = 200  # a long document has thousands of spans: offer the nearest ones


@dataclass(frozen=True)
class Link:
    """Link the source to the target by this relation type."""

    kind: str


@dataclass(frozen=True)
class ChooseKind:
    """Several relation types fit: the user picks one."""

    kinds: tuple[str, ...]


@dataclass(frozen=True)
class CannotLink:
    message: str


LinkPlan = Link | ChooseKind | CannotLink


def can_link_from(schema: Schema, span: Span | None) -> bool:
    """Tell whether `span` may be the source of some relation."""
    return span is not None and bool(schema.relations_from(span.layer))


def kinds_between(schema: Schema, source: Span, target: Span) -> list[str]:
    """Return the relation types that may go from `source` to `target`, in schema order."""
    return [k.name for k in schema.relations_from(source.layer) if target.layer in k.to_layers]


def plan_link(schema: Schema, source: Span, target: Span) -> LinkPlan:
    """Decide what a click on `target` does while linking from `source`."""
    if source.id == target.id:
        return CannotLink(SELF_LINK)
    kinds = kinds_between(schema, source, target)
    if not kinds:
        return CannotLink(f"A {source.layer} cannot be linked to a {target.layer} span")
    if len(kinds) == 1:
        return Link(kinds[0])
    return ChooseKind(tuple(kinds))


def link_choices(
    schema: Schema, source: Span | None, under: Iterable[Span]
) -> list[tuple[str, Span]]:
    """Return the (relation type, target) pairs for the spans under the pointer."""
    if source is None:
        return []
    return [
        (kind, target)
        for target in under
        if target.id != source.id
        for kind in kinds_between(schema, source, target)
    ]


def link_targets(
    schema: Schema, source: Span, kind: str, spans: Iterable[Span], limit: int = MAX_TARGETS
) -> list[Span]:
    """Return the spans a `kind` relation from `source` may point to, nearest first."""
    relation = schema.relation(kind)
    if relation is None:
        return []
    candidates = [s for s in spans if s.layer in relation.to_layers and s.id != source.id]
    candidates.sort(key=lambda s: abs(s.start - source.start))
    return candidates[:limit]
