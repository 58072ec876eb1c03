"""Label every occurrence: decide which search hits to label, before anything is written.

The plan is what a preview shows with checkboxes and what `annotator label-all` applies:

- a hit already labelled with that label (same edges) is shown and left alone;
- a hit overlapping another span of the same layer is flagged (still checked: nested and
  neighbouring names are common, but worth a look);
- a hit inside a longer word, not after a recognised proclitic (و ف ب ك ل ال ...), is off
  by default: أوكرانيا inside لأوكرانيا is the name, inside a longer word it is not.

A hit never includes its proclitic (search reports the name without it), so the span
labels أوكرانيا in لأوكرانيا and never the ل.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.model import Span
from annotator.search import Hit


@dataclass(frozen=True)
class Candidate:
    """One hit in the plan: whether it is checked (to be labelled) and why or why not."""

    hit: Hit
    already: bool  # a span with this label and these edges exists
    inside_word: bool  # part of a longer word, not after a recognised proclitic
    overlaps: tuple[str, ...]  # ids of other spans of the layer that it overlaps
    checked: bool

    @property
    def reason(self) -> str:
        """Say in a few words what the plan does with this hit."""
        if self.already:
            return "already labelled"
        if self.inside_word and not self.checked:
            return "inside a longer word"
        if self.overlaps:
            return "overlaps " + ", ".join(self.overlaps)
        return "new"


def plan(
    hits: Iterable[Hit],
    spans: Iterable[Span],
    layer: str,
    label: str,
    *,
    include_inside_words: bool = False,
) -> list[Candidate]:
    """Return a candidate per hit of one document, judged against that document's spans
    (the labelling annotator's), in text order."""
    same_layer = sorted((s for s in spans if s.layer == layer), key=lambda s: (s.start, s.end))
    active: list[Span] = []  # spans starting before the current hit's end
    next_span = 0
    candidates = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        while next_span < len(same_layer) and same_layer[next_span].start < hit.end:
            active.append(same_layer[next_span])
            next_span += 1
        active = touching = [s for s in active if s.end > hit.start]  # later hits start later
        already = any((s.start, s.end, s.label) == (hit.start, hit.end, label) for s in touching)
        overlaps = tuple(
            s.id for s in touching if (s.start, s.end, s.label) != (hit.start, hit.end, label)
        )
        inside_word = not hit.whole_word
        checked = not already and (include_inside_words or not inside_word)
        candidates.append(Candidate(hit, already, inside_word, overlaps, checked))
    return candidates


def to_label(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Return the checked candidates, each distinct edges once (what gets labelled)."""
    seen: set[tuple[int, int]] = set()
    chosen = []
    for candidate in candidates:
        edges = (candidate.hit.start, candidate.hit.end)
        if candidate.checked and edges not in seen:
            seen.add(edges)
            chosen.append(candidate)
    return chosen
