"""What changed in a document's annotations since we last read them (someone else's work).

A window follows commits made elsewhere (another window, another annotator, a CLI command)
by reading the document's spans and relations again and applying only the difference, so
views update row by row and keep their selection and scroll position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from annotator.model import Relation, Span


@dataclass
class AnnotationDiff:
    added: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    changed: list[tuple[Span, Span]] = field(default_factory=list)  # (before, after)
    relations_changed: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.relations_changed)


def diff_annotations(
    spans_before: Mapping[str, Span],
    spans_now: Iterable[Span],
    relations_before: Mapping[str, Relation],
    relations_now: Iterable[Relation],
) -> AnnotationDiff:
    """Compare what a window shows with what the database holds now, by id."""
    now = {span.id: span for span in spans_now}
    diff = AnnotationDiff()
    for span_id, before in spans_before.items():
        after = now.get(span_id)
        if after is None:
            diff.removed.append(before)
        elif _differs(before, after):
            diff.changed.append((before, after))
    diff.added = [span for span_id, span in now.items() if span_id not in spans_before]
    diff.relations_changed = dict(relations_before) != {r.id: r for r in relations_now}
    return diff


def _differs(a: Span, b: Span) -> bool:
    """Compare spans field by field (attrs may be a dict on one side, a proxy on the other)."""
    return a[:5] != b[:5] or dict(a.attrs) != dict(b.attrs) or a.annotator != b.annotator
