"""Find the spans of a stretch of text through a compact index, not a scan.

The index is columnar: the spans' starts and ends in two integer arrays, their ids in a
list, all in position order (start, end, id), and each span's layer, label, attributes and
annotator as the number of a "kind" shared by every span alike (a 50,000-span document
has a few dozen kinds); notes and unsure flags, which few spans have, in a dict by id.
A `Span` is built only when someone asks for it, so loading a document's index costs one
query and a few array builds, and little memory.

With the longest span's length as a bound, the spans that overlap `[a, b)` all start in
`[a - longest, b)`, found by bisection: painting the visible part of a 1 MB document with
10,000 spans touches only the spans on screen.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from operator import sub
from types import MappingProxyType
from typing import Any

from annotator.model import Span

# One stored span: id, start, end, layer, label, attributes (JSON text or a mapping), annotator,
# and optionally its note and unsure flag.
SpanRow = tuple[Any, ...]
_Kind = tuple[str, str, Mapping[str, str], str]


class SpanIndex:
    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._starts = array("q")
        self._ends = array("q")
        self._ids: list[str] = []
        self._kinds = array("I")
        self._kind_table: list[_Kind] = []
        self._kind_numbers: dict[tuple[str, str, Any, str], int] = {}
        self._start_of: dict[str, int] = {}
        self._notes: dict[str, tuple[str, bool]] = {}  # only spans with a note or flag
        self._longest = 0
        unique = {span.id: span for span in spans}.values()
        rows = list(
            (s.id, s.start, s.end, s.layer, s.label, _FrozenAttrs(s.attrs), s.annotator)
            + (s.note, s.unsure)
            for s in unique
        )
        rows.sort(key=lambda row: (row[1], row[2], row[0]))
        self._fill(rows, _frozen_mapping)

    @classmethod
    def from_rows(
        cls, rows: Iterable[SpanRow], decode_attrs: Callable[[Any], Mapping[str, str]] | None = None
    ) -> SpanIndex:
        """Build the index from stored rows sorted by (start, end, id); attributes are
        decoded once per kind (JSON text by default)."""
        index = cls()
        index._fill(rows, decode_attrs or _attrs_from_json)
        return index

    @classmethod
    def from_columns(
        cls,
        ids: list[str],
        starts: array[int],
        ends: array[int],
        kinds: list[str],
        notes: Iterable[tuple[str, str, int]] = (),
    ) -> SpanIndex:
        """Build the index from columns sorted by (start, end, id), without a tuple per
        span: each kind is the JSON array [layer, label, attributes (JSON text), annotator],
        decoded once; `notes` are (id, note, unsure) for the spans that have either."""
        index = cls()
        if not ids:
            return index
        index._ids, index._starts, index._ends = ids, starts, ends
        numbers: dict[str, int] = {}
        for text in dict.fromkeys(kinds):  # the distinct kinds, in C
            layer, label, attrs, annotator = json.loads(text)
            numbers[text] = len(index._kind_table)
            index._kind_numbers[(layer, label, attrs, annotator)] = numbers[text]
            index._kind_table.append((layer, label, _attrs_from_json(attrs), annotator))
        index._kinds = array("I", map(numbers.__getitem__, kinds))
        index._notes = {span_id: (note, bool(unsure)) for span_id, note, unsure in notes}
        index._start_of = dict(zip(ids, starts, strict=True))
        index._longest = max(map(sub, ends, starts))
        return index

    def _fill(self, rows: Iterable[Any], decode: Callable[[Any], Mapping[str, str]]) -> None:
        columns = list(zip(*rows, strict=False))
        if not columns:
            return
        ids, starts, ends, layers, labels, attrs, annotators = columns[:7]
        if len(columns) > 7:
            self._notes = {
                span_id: (note, bool(unsure))
                for span_id, note, unsure in zip(ids, columns[7], columns[8], strict=True)
                if note or unsure
            }
        self._ids = list(ids)
        self._starts = array("q", starts)
        self._ends = array("q", ends)
        keys = list(zip(layers, labels, attrs, annotators, strict=True))
        numbers = self._kind_numbers
        for key in dict.fromkeys(keys):  # the distinct kinds, in C; a few dozen at most
            numbers[key] = len(self._kind_table)
            self._kind_table.append((key[0], key[1], decode(key[2]), key[3]))
        self._kinds = array("I", map(numbers.__getitem__, keys))
        self._start_of = dict(zip(self._ids, self._starts, strict=True))
        self._longest = max(map(sub, self._ends, self._starts))

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._start_of

    def get(self, span_id: str) -> Span | None:
        row = self._row_of(span_id)
        return None if row is None else self.row(row)

    def all(self) -> list[Span]:
        """Return every span in position order."""
        return [self.row(row) for row in range(len(self._ids))]

    def add(self, span: Span) -> None:
        if span.id in self._start_of:
            self.remove(span.id)
        row = self.insertion_row(span)
        key = (span.layer, span.label, _FrozenAttrs(span.attrs), span.annotator)
        number = self._kind_numbers.get(key)
        if number is None:
            number = self._kind_numbers[key] = len(self._kind_table)
            self._kind_table.append((span.layer, span.label, key[2].mapping, span.annotator))
        self._starts.insert(row, span.start)
        self._ends.insert(row, span.end)
        self._ids.insert(row, span.id)
        self._kinds.insert(row, number)
        self._start_of[span.id] = span.start
        if span.note or span.unsure:
            self._notes[span.id] = (span.note, span.unsure)
        self._longest = max(self._longest, span.end - span.start)

    def remove(self, span_id: str) -> Span | None:
        row = self._row_of(span_id)
        if row is None:
            return None
        span = self.row(row)
        del self._starts[row], self._ends[row], self._ids[row], self._kinds[row]
        del self._start_of[span_id]
        self._notes.pop(span_id, None)
        return span

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Return the spans that share at least one character with `[start, end)`."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        ends = self._ends
        return [self.row(row) for row in range(low, high) if ends[row] > start]

    def at(self, offset: int) -> list[Span]:
        """Return the spans covering the character at `offset`, innermost (shortest) first."""
        return sorted(self.overlapping(offset, offset + 1), key=lambda s: (s.end - s.start, s.id))

    def row(self, row: int) -> Span:
        """Return the span at `row` in position order, in O(1)."""
        layer, label, attrs, annotator = self._kind_table[self._kinds[row]]
        span_id = self._ids[row]
        note, unsure = self._notes.get(span_id, ("", False))
        return Span(
            span_id,
            self._starts[row],
            self._ends[row],
            *(layer, label, attrs, annotator, note, unsure),
        )

    def insertion_row(self, span: Span) -> int:
        """Return the row `span` has (or had, once removed) in position order."""
        return self._seek(span.start, span.end, span.id)

    def position(self, span_id: str) -> int:
        """Return the row of a span in position order (for the span list)."""
        row = self._row_of(span_id)
        if row is None:
            raise KeyError(span_id)
        return row

    def _seek(self, start: int, end: int, span_id: str) -> int:
        """Return the first row whose (start, end, id) is not below the given key."""
        row = bisect_left(self._starts, start)
        starts, ends, ids, count = self._starts, self._ends, self._ids, len(self._ids)
        while row < count and starts[row] == start and (ends[row], ids[row]) < (end, span_id):
            row += 1
        return row

    def _row_of(self, span_id: str) -> int | None:
        start = self._start_of.get(span_id)
        if start is None:
            return None
        row = bisect_left(self._starts, start)
        while self._ids[row] != span_id:  # spans sharing a start are few
            row += 1
        return row


class _FrozenAttrs:
    """Attributes as a hashable key (kinds are shared by every span alike)."""

    __slots__ = ("mapping", "_key")

    def __init__(self, attrs: Mapping[str, str]) -> None:
        self.mapping: Mapping[str, str] = MappingProxyType(dict(attrs))
        self._key = tuple(sorted(attrs.items()))

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FrozenAttrs) and self._key == other._key


_EMPTY: Mapping[str, str] = MappingProxyType({})


def _attrs_from_json(text: str) -> Mapping[str, str]:
    return _EMPTY if text == "{}" else MappingProxyType(json.loads(text))


def _frozen_mapping(attrs: _FrozenAttrs) -> Mapping[str, str]:
    return attrs.mapping
