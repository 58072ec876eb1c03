"""Compare and curate one document: what the annotators agree on, where they differ, and
what accepting a version into the curator's (gold) annotation changes. No Qt, no SQLite.

"Agree" means what `annotator adjudicate` means: the same start, end, layer, label and
attributes (`agreement_key`). The spans of one layer that overlap form a *stretch*; a
stretch is agreed when it holds one version and every compared annotator has it, and a
disagreement otherwise (different labels or edges, or a span only some labelled).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.model import Span
from annotator.team.adjudicate import SpanKey, agreement_key

DEFAULT_CURATOR = "gold"
# What the annotator filter can show besides one colleague's spans (with your own).
SHOW_MINE = "mine"
SHOW_EVERYONE = "everyone"


def shown_annotators(choice: str, me: str) -> frozenset[str] | None:
    """Return whose spans the article shows for a filter choice (None: everyone's).

    Your own spans are always shown: what you label must appear where you labelled it.
    """
    if choice == SHOW_EVERYONE:
        return None
    if choice in ("", SHOW_MINE) or choice == me:
        return frozenset({me})
    return frozenset({choice, me})


@dataclass(frozen=True)
class Version:
    """One way of labelling a stretch, and the annotators who chose it."""

    key: SpanKey
    holders: tuple[str, ...]
    example: Span  # one holder's span (its attributes as a mapping)

    @property
    def start(self) -> int:
        return self.key[0]

    @property
    def end(self) -> int:
        return self.key[1]

    @property
    def layer(self) -> str:
        return self.key[2]

    @property
    def label(self) -> str:
        return self.key[3]

    def as_span(self, annotator: str, span_id: str = "") -> Span:
        """Return this version as a new span of `annotator` (an id is given on creation)."""
        s = self.example
        return Span(span_id, s.start, s.end, s.layer, s.label, dict(s.attrs), annotator)


@dataclass(frozen=True)
class Stretch:
    """Overlapping spans of one layer, from every compared annotator, and gold's there."""

    layer: str
    start: int
    end: int
    versions: tuple[Version, ...]  # most holders first, then by position and label
    agreed: bool
    gold: tuple[Span, ...] = ()

    @property
    def accepted(self) -> Version | None:
        """Return the version gold holds exactly, if any."""
        keys = {agreement_key(s) for s in self.gold}
        return next((v for v in self.versions if v.key in keys), None)

    @property
    def resolved(self) -> bool:
        """Curated: gold has a span here (one of the versions or its own)."""
        return bool(self.gold)


@dataclass
class Comparison:
    annotators: tuple[str, ...]
    curator: str
    stretches: list[Stretch] = field(default_factory=list)  # by start, end, layer

    @property
    def disagreements(self) -> list[Stretch]:
        return [s for s in self.stretches if not s.agreed]

    def at(self, offset: int) -> list[Stretch]:
        """Return the stretches covering code point `offset`, disagreements first."""
        found = [s for s in self.stretches if s.start <= offset < s.end]
        return sorted(found, key=lambda s: (s.agreed, s.end - s.start))

    def overlapping(self, start: int, end: int) -> list[Stretch]:
        """Return the stretches sharing a character with `[start, end)`."""
        return [s for s in self.stretches if s.start < end and s.end > start]

    def step(self, offset: int | None, step: int) -> Stretch | None:
        """Return the next (step > 0) or previous disagreement from `offset` (the start of
        the current one; None: from the document's edge), wrapping around."""
        found = self.disagreements
        if not found:
            return None
        starts = [s.start for s in found]
        if offset is None:
            return found[0] if step > 0 else found[-1]
        if step > 0:
            row = bisect_right(starts, offset)
            return found[row % len(found)]
        row = bisect_left(starts, offset) - 1
        return found[row % len(found)]

    def agreed_to_accept(self) -> list[Version]:
        """Return every version all annotators agree on that gold lacks (gold's own span at
        the same edges and layer is left alone, as `adjudicate` does)."""
        wanted = []
        for stretch in self.stretches:
            gold_edges = {(s.start, s.end, s.layer) for s in stretch.gold}
            for version in stretch.versions:
                everyone = len(version.holders) == len(self.annotators)
                if everyone and version.key[:3] not in gold_edges:
                    wanted.append(version)
        return wanted


def compare_spans(
    spans: Iterable[Span], curator: str = DEFAULT_CURATOR, annotators: Sequence[str] = ()
) -> Comparison:
    """Compare the spans of one document by annotator (the curator's are gold).

    The compared annotators are `annotators`, or else everyone with a span here (the
    curator aside); at least one.
    """
    every = list(spans)
    names = tuple(sorted(set(annotators) or {s.annotator for s in every} - {curator}))
    holders: dict[SpanKey, list[str]] = defaultdict(list)
    examples: dict[SpanKey, Span] = {}
    gold_by_layer: dict[str, list[Span]] = defaultdict(list)
    for span in every:
        if span.annotator == curator:
            gold_by_layer[span.layer].append(span)
        elif span.annotator in names:
            key = agreement_key(span)
            if span.annotator not in holders[key]:
                holders[key].append(span.annotator)
            examples.setdefault(key, span)
    by_layer: dict[str, list[Version]] = defaultdict(list)
    for key, who in holders.items():
        by_layer[key[2]].append(Version(key, tuple(sorted(who)), examples[key]))
    stretches: list[Stretch] = []
    for layer, versions in by_layer.items():
        stretches += _stretches(layer, versions, gold_by_layer[layer], len(names))
    stretches.sort(key=lambda s: (s.start, s.end, s.layer))
    return Comparison(names, curator, stretches)


def _stretches(
    layer: str, versions: list[Version], gold: list[Span], annotators: int
) -> list[Stretch]:
    """Group a layer's versions into runs of overlapping spans."""
    versions.sort(key=lambda v: (v.start, v.end, v.label))
    groups: list[list[Version]] = []
    end = -1
    for version in versions:
        if groups and version.start < end:
            groups[-1].append(version)
            end = max(end, version.end)
        else:
            groups.append([version])
            end = version.end
    found = []
    for group in groups:
        start, stop = group[0].start, max(v.end for v in group)
        group.sort(key=lambda v: (-len(v.holders), v.start, v.end, v.label))
        agreed = len(group) == 1 and len(group[0].holders) == annotators
        here = tuple(s for s in gold if s.start < stop and s.end > start)
        found.append(Stretch(layer, start, stop, tuple(group), agreed, here))
    return found


@dataclass(frozen=True)
class Acceptance:
    """What accepting a version changes in gold: spans removed, the span added."""

    remove: tuple[Span, ...]
    add: Span


def plan_accept(stretch: Stretch, version: Version, curator: str) -> Acceptance | None:
    """Return how to make `version` gold's choice for the stretch (None: it is already):
    gold's spans there that overlap it give way, so gold holds one answer."""
    if stretch.accepted == version and len(stretch.gold) == 1:
        return None
    overlapping = tuple(s for s in stretch.gold if s.start < version.end and s.end > version.start)
    if any(agreement_key(s) == version.key for s in overlapping) and len(overlapping) == 1:
        return None
    return Acceptance(overlapping, version.as_span(curator))


def describe_version(version: Version, text: str, annotators: int) -> str:
    """One line for a menu or the status bar: label, text, who chose it."""
    who = "everyone" if len(version.holders) == annotators else ", ".join(version.holders)
    return f"{version.label} «{text[version.start : version.end]}» — {who}"


def describe_stretch(stretch: Stretch, text: str, annotators: int) -> str:
    """The status-bar line of a stretch: each version and its holders."""
    state = "agreed" if stretch.agreed else "disagreement"
    if stretch.resolved:
        state += ", curated"
    versions = "; ".join(describe_version(v, text, annotators) for v in stretch.versions)
    return f"{stretch.layer} {stretch.start}-{stretch.end} ({state}): {versions}"
