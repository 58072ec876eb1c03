"""What the team dashboard draws, without Qt: bar charts as plain data.

Progress and labels come from `annotator.team.stats`, agreement from
`annotator.team.agreement`, suggestion acceptance from the store's `review_rates`; the
GUI only paints these numbers, so tests check them here and in the painted widget alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.errors import AnnotatorError
from annotator.store import Store
from annotator.team.agreement import measure_agreement
from annotator.team.stats import TeamStats, team_stats


@dataclass(frozen=True)
class Bar:
    group: str  # bars of one group are drawn together (an annotator, a pair)
    name: str
    value: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    scale: float | None = None  # a fixed top (1.0 for scores); None: the largest bar
    note: str = ""  # why a chart is empty

    def value(self, group: str, name: str) -> float | None:
        """Return one bar's value (None: no such bar)."""
        return next((b.value for b in self.bars if (b.group, b.name) == (group, name)), None)


def team_charts(store: Store) -> list[Chart]:
    """Read the project and return the dashboard's charts, in drawing order."""
    try:
        agreement: dict[str, Any] | None = measure_agreement(store)
        why = ""
    except AnnotatorError as error:  # fewer than two annotators marked documents done
        agreement, why = None, str(error)
    return charts(team_stats(store), agreement, store.review_rates(), why)


def charts(
    stats: TeamStats,
    agreement: dict[str, Any] | None,
    rates: Sequence[tuple[str, str, str, int, int, int]] = (),
    why: str = "",
) -> list[Chart]:
    """Turn statistics into charts: documents done and labels per annotator, agreement
    (strict F1) per label and pair, Cohen's kappa per pair, suggestions taken."""
    done = tuple(
        Bar(person.name, "done", person.statuses.get("done", 0)) for person in stats.annotators
    )
    labels = tuple(
        Bar(person.name, label, count)
        for person in stats.annotators
        for (_layer, label), count in person.labels.items()
    )
    found = [
        Chart(f"Documents done per annotator (of {stats.documents})", done),
        Chart("Labels per annotator", labels),
    ]
    f1: list[Bar] = []
    kappa: list[Bar] = []
    for layer, result in (agreement or {}).get("layers", {}).items():
        for pair in result["pairs"]:
            group = f"{pair['a']}–{pair['b']}"
            if pair["kappa"] is not None:
                kappa.append(Bar(group, layer, round(pair["kappa"], 3)))
            for label, scores in pair["labels"].items():
                value = scores["strict"]["f1"]
                if value is not None:
                    f1.append(Bar(group, label, round(value, 3)))
    found.append(Chart("Agreement per label and pair (strict F1)", tuple(f1), 1.0, why))
    found.append(Chart("Cohen's κ per pair and layer", tuple(kappa), 1.0, why))
    taken = tuple(
        Bar(source, label, round(accepted / (accepted + rejected), 3))
        for source, _layer, label, _total, accepted, rejected in rates
        if accepted + rejected
    )
    if rates:
        found.append(Chart("Suggestions accepted per source and label", taken, 1.0))
    return found
