"""Agreement measures in plain Python: span matching, precision/recall/F1, Cohen's kappa
and Krippendorff's alpha (nominal, missing values allowed), and the character units
they are computed on.

Units are kept as weighted segments: between two consecutive span edges every
annotator's value is the same for every character, so a segment of k non-space
characters counts as k units at once; the numbers are those of one unit per character.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

OUTSIDE = "O"
Item = tuple[int, int, str]  # start, end, label


def prf(matched: int, a_count: int, b_count: int) -> dict[str, float | None]:
    """Precision against b's spans, recall against a's, F1 (None where undefined)."""
    return {
        "precision": matched / b_count if b_count else None,
        "recall": matched / a_count if a_count else None,
        "f1": 2 * matched / (a_count + b_count) if a_count + b_count else None,
    }


def strict_matches(a: Sequence[Item], b: Sequence[Item]) -> int:
    """Count spans of `a` with a span of `b` of the same start, end and label."""
    unique_a, unique_b = set(a), set(b)
    if len(unique_a) == len(a) and len(unique_b) == len(b):  # as the store keeps them
        return len(unique_a & unique_b)
    return sum((Counter(a) & Counter(b)).values())


def overlap_matches(a: Sequence[Item], b: Sequence[Item]) -> int:
    """Count pairs of overlapping spans of the same label, each span matched at most
    once, the pairs with the larger overlap first (ties: earlier a, then earlier b)."""
    candidates: list[tuple[int, int, int]] = []
    b_sorted = sorted(range(len(b)), key=lambda j: b[j][0])
    b_starts = [b[j][0] for j in b_sorted]
    longest = max((e - s for s, e, _ in b), default=0)
    for i, (start, end, label) in enumerate(a):
        first = bisect.bisect_left(b_starts, start - longest)
        last = bisect.bisect_left(b_starts, end)
        for j in b_sorted[first:last]:
            b_start, b_end, b_label = b[j]
            shared = min(end, b_end) - max(start, b_start)
            if shared > 0 and b_label == label:
                candidates.append((-shared, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


def cohen_kappa(table: Mapping[tuple[str, str], float]) -> float | None:
    """Cohen's kappa from a contingency table {(a's value, b's value): units}; None when
    it is undefined (no units, or both gave one and the same value everywhere)."""
    total = sum(table.values())
    if not total:
        return None
    observed = sum(n for (x, y), n in table.items() if x == y) / total
    a_marg: dict[str, float] = {}
    b_marg: dict[str, float] = {}
    for (x, y), n in table.items():
        a_marg[x] = a_marg.get(x, 0) + n
        b_marg[y] = b_marg.get(y, 0) + n
    expected = sum(a_marg[v] * b_marg.get(v, 0) for v in a_marg) / (total * total)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass
class Alpha:
    """Krippendorff's alpha for nominal data, accumulated unit by unit (missing values
    are simply absent); `add` takes the counts of values given to one unit."""

    totals: Counter[str] = field(default_factory=Counter)  # n_c: pairable values per value
    disagreement: float = 0.0  # sum over units of the observed off-diagonal coincidences
    units: int = 0

    def add(self, values: Mapping[str, int], weight: int = 1) -> None:
        pairable = sum(values.values())
        if pairable < 2:
            return
        for value, count in values.items():
            self.totals[value] += count * weight
        squares = sum(count * count for count in values.values())
        self.disagreement += weight * (pairable * pairable - squares) / (pairable - 1)
        self.units += weight

    def add_agreed(self, value: str, coders: int, weight: int = 1) -> None:
        """Add units on which `coders` (two or more) gave the same `value`."""
        self.totals[value] += coders * weight
        self.units += weight

    def value(self) -> float | None:
        """Return alpha = 1 - D_o / D_e; None when undefined (fewer than two values)."""
        n = sum(self.totals.values())
        expected = n * n - sum(c * c for c in self.totals.values())
        if n < 2 or expected == 0:
            return None
        return 1 - (n - 1) * self.disagreement / expected


def _best(active: Iterable[Item]) -> str:
    """The value of a unit covered by `active` spans: the longest wins, then the earlier
    start, then the label name."""
    best = min(active, key=lambda s: (s[0] - s[1], s[0], s[2]), default=None)
    return OUTSIDE if best is None else best[2]


def segments(
    text: str, spans: Mapping[str, Sequence[Item]]
) -> Iterator[tuple[int, int, int, dict[str, str]]]:
    """Yield (start, end, units, value per annotator) for the stretches of `text` between
    consecutive span edges that hold non-space characters; `units` is their number."""
    edges = {0, len(text)}
    for items in spans.values():
        for start, end, _ in items:
            edges.add(start)
            edges.add(end)
    ordered = {name: sorted(items) for name, items in spans.items()}
    positions = dict.fromkeys(ordered, 0)
    active: dict[str, list[Item]] = {name: [] for name in ordered}
    points = sorted(edges)
    for start, end in zip(points, points[1:], strict=False):
        units = end - start - sum(map(str.isspace, text[start:end]))
        values = {}
        for name, items in ordered.items():
            index = positions[name]
            while index < len(items) and items[index][0] <= start:
                active[name].append(items[index])
                index += 1
            positions[name] = index
            active[name] = [s for s in active[name] if s[1] > start]
            values[name] = _best(active[name])
        if units:
            yield start, end, units, values
