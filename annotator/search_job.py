"""A project-wide search done a slice at a time, so a window stays responsive meanwhile.

The GUI calls `step()` from a zero-delay timer: each call searches documents until its time
budget is spent and returns what it found, so hits appear as they come and a Stop is
honoured between two slices. Qt-free: the caller passes how to read a document's text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.search import Hit, MatchOptions, compile_query, context, find

# More hits than a person can read: the list stops there (and says so).
MAX_HITS = 10_000
DEFAULT_OPTIONS = MatchOptions()
CONTEXT_WIDTH = 40  # characters of context on either side


@dataclass(frozen=True)
class Found:
    """A hit and the line around it (keyword in context); the hit is `context[at:]`'s start."""

    hit: Hit
    context: str
    at: int


class SearchJob:
    """Search `doc_ids` (read with `read_text`) for `query`; raise AnnotatorError at once
    for an empty query or a bad regular expression."""

    def __init__(
        self,
        doc_ids: Sequence[str],
        read_text: Callable[[str], str],
        query: str,
        options: MatchOptions = DEFAULT_OPTIONS,
        max_hits: int = MAX_HITS,
    ) -> None:
        self.pattern = compile_query(query, options)
        self.query = query
        self.options = options
        self.doc_ids = doc_ids
        self.read_text = read_text
        self.max_hits = max_hits
        self.searched = 0  # documents searched so far
        self.found = 0
        self.cancelled = False

    @property
    def total(self) -> int:
        return len(self.doc_ids)

    @property
    def truncated(self) -> bool:
        return self.found >= self.max_hits

    @property
    def done(self) -> bool:
        return self.cancelled or self.truncated or self.searched >= self.total

    def cancel(self) -> None:
        self.cancelled = True

    def step(
        self, budget: float = 0.03, clock: Callable[[], float] = time.monotonic
    ) -> list[Found]:
        """Search at least one more document, then more until `budget` seconds are spent;
        return the hits found, in document and text order."""
        deadline = clock() + budget
        results: list[Found] = []
        while not self.done:
            doc_id = self.doc_ids[self.searched]
            text = self.read_text(doc_id)
            self.searched += 1
            for hit in find(doc_id, text, self.pattern, self.options):
                results.append(found(text, hit))
                self.found += 1
                if self.truncated:
                    break
            if clock() >= deadline:
                break
        return results

    def run(self) -> list[Found]:
        """Search everything at once (a single document, tests)."""
        results = []
        while not self.done:
            results.extend(self.step(budget=3600.0))
        return results


def found(text: str, hit: Hit, width: int = CONTEXT_WIDTH) -> Found:
    """Return a hit with its context (search.context) and where the hit starts in it."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    left = max(line_start, hit.start - width)
    return Found(hit, context(text, hit, width), hit.start - left + (left > line_start))


def next_match(
    text: str, query: str, after: int, options: MatchOptions = DEFAULT_OPTIONS
) -> tuple[int, int] | None:
    """Return the first hit starting at or after `after`, wrapping to the top once (the
    find bar's Enter); None when there is none. Raise AnnotatorError for a bad query."""
    hits = find("", text, query, options)
    chosen = next((h for h in hits if h.start >= after), hits[0] if hits else None)
    return None if chosen is None else (chosen.start, chosen.end)
