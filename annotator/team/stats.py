"""Progress of a team: statuses and labels per annotator, from a few GROUP BY queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from annotator.store import Store


@dataclass
class AnnotatorProgress:
    name: str
    statuses: dict[str, int] = field(default_factory=dict)  # todo/in_progress/done -> docs
    labels: dict[tuple[str, str], int] = field(default_factory=dict)  # (layer, label) -> spans

    @property
    def spans(self) -> int:
        return sum(self.labels.values())


@dataclass
class TeamStats:
    documents: int
    annotators: list[AnnotatorProgress]
    merges: int


def team_stats(store: Store) -> TeamStats:
    """Documents per status and spans per label, for every annotator of the project."""
    conn = store.conn
    people: dict[str, AnnotatorProgress] = {}

    def person(name: str) -> AnnotatorProgress:
        return people.setdefault(name, AnnotatorProgress(name))

    statuses: dict[str, dict[str, int]] = defaultdict(dict)
    for name, status, count in conn.execute(
        "SELECT annotator, status, count(*) FROM document_status GROUP BY annotator, status"
    ):
        person(name).statuses[status] = count
        statuses[name][status] = count
    for name, layer, label, count in conn.execute(
        "SELECT annotator, layer, label, count(*) FROM spans"
        " GROUP BY annotator, layer, label ORDER BY annotator, layer, label"
    ):
        person(name).labels[(layer, label)] = count
    documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    merges = conn.execute("SELECT count(*) FROM merges").fetchone()[0]
    return TeamStats(documents, [people[n] for n in sorted(people)], merges)
