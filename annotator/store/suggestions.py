"""Suggestions: spans proposed by a source (a model, a gazetteer, the project's own labels),
kept apart from the annotators' spans so that no export, agreement or progress counts
them, and each annotator's decisions on them.

A decision is keyed by what was suggested (document, source, edges, layer, label) rather
than by row, so importing the same predictions again never brings back a rejected one.
Accepting creates a normal span by the annotator and records the acceptance in one
transaction; its undo deletes exactly that span and clears the acceptance in one
transaction; rejecting and its undo likewise. Every decision is in the change log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from annotator.errors import AnnotatorError, ConflictError, StoreError
from annotator.model import Span, check_offsets, check_unicode
from annotator.store.annotations import AnnotationStore
from annotator.store.connection import dump_json, now

PENDING, ACCEPTED, REJECTED, LABELLED = "pending", "accepted", "rejected", "labelled"
_NO_ATTRS: Mapping[str, str] = MappingProxyType({})
_COLUMNS = 's.id, s.doc_id, s.source, s.start, s."end", s.layer, s.label, s.attrs, s.score'
_SAME_SUGGESTION = (
    "r.doc_id = s.doc_id AND r.source = s.source AND r.start = s.start"
    ' AND r."end" = s."end" AND r.layer = s.layer AND r.label = s.label'
)


class Suggestion(NamedTuple):
    """A proposed span `text[start:end]` of a document, from `source`, with an optional
    score in [0, 1]. Listed for an annotator, `state` is pending, accepted, rejected or
    labelled (the annotator has a span of the layer there), and `span_id` the span an
    acceptance created."""

    id: int
    doc_id: str
    source: str
    start: int
    end: int
    layer: str
    label: str
    attrs: Mapping[str, str] = _NO_ATTRS
    score: float | None = None
    state: str = ""
    span_id: str = ""

    def key(self) -> tuple[str, str, int, int, str, str]:
        """What a decision is kept under: document, source, edges, layer, label."""
        return self.doc_id, self.source, self.start, self.end, self.layer, self.label


ScoredSpan = tuple[Span, "float | None"]


@dataclass
class SuggestionCounts:
    """What adding suggestions did, for the annotator they were added for. Suggestions
    already labelled or rejected are kept (a measurement of the source needs them) but
    are not offered for review."""

    created: int = 0  # new, offered for review
    already_labelled: int = 0  # new, but the annotator has a span of the layer there
    rejected_before: int = 0  # new, but the annotator rejected it before
    already_present: int = 0  # this source suggested it before
    documents: int = 0

    def add(self, other: SuggestionCounts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def __str__(self) -> str:
        return (
            f"{self.created} suggestions to review in {self.documents} documents; skipped "
            f"{self.already_labelled} already labelled, {self.rejected_before} rejected "
            f"before, {self.already_present} already present"
        )


def check_score(score: object) -> float | None:
    """Return a score as a float, None for none; AnnotatorError unless in [0, 1]."""
    if score is None:
        return None
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        raise AnnotatorError(f"a score must be a number from 0 to 1, got {score!r}")
    return float(score)


def check_source(source: str) -> str:
    """Return a source name; AnnotatorError when it is empty or not printable."""
    check_unicode(source, "the source name")
    if not source.strip() or not source.isprintable():
        raise AnnotatorError(f"the source name {source!r} must be printable and not empty")
    return source


def _suggestion(row: Sequence[Any], state: str = "", span_id: str | None = "") -> Suggestion:
    attrs = {} if row[7] == "{}" else json.loads(row[7])
    return Suggestion(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], attrs, row[8], state, span_id or ""
    )


class SuggestionStore(AnnotationStore):
    def add_suggestions(
        self,
        doc_id: str,
        spans: Iterable[ScoredSpan],
        source: str,
        annotator: str | None = None,
    ) -> SuggestionCounts:
        """Store `(span, score)` suggestions of `source` for one document (in the open
        transaction, or in one of their own) and record that the source ran on it.

        With `annotator`, counts what is new to them, already labelled by them or rejected
        by them before. Raises AnnotatorError for an unknown document, offsets outside the
        text, a label the schema lacks or a score outside [0, 1]."""
        check_source(source)
        counts = SuggestionCounts(documents=1)
        conn = self.conn
        with self.transaction():
            text = self.text(doc_id)
            conn.execute(
                "INSERT OR IGNORE INTO suggestion_documents (source, doc_id) VALUES (?, ?)",
                [source, doc_id],
            )
            labelled = self._labelled_edges(doc_id, annotator)
            decided = self._decisions(doc_id, source, annotator)
            stamp = now()
            for span, score in spans:
                where = f"suggestion {span.label} {span.start}-{span.end}"
                try:
                    check_offsets(text, span.start, span.end)
                    self.schema.check_span(span.layer, span.label, span.attrs)
                    check_unicode(dict(span.attrs), "the attributes")
                    score = check_score(score)
                except AnnotatorError as error:
                    raise AnnotatorError(f"{where}: {error.message}") from None
                cursor = conn.execute(
                    'INSERT OR IGNORE INTO suggestions (doc_id, source, start, "end", layer,'
                    " label, attrs, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        doc_id,
                        source,
                        span.start,
                        span.end,
                        span.layer,
                        span.label,
                        dump_json(dict(span.attrs)),
                        score,
                        stamp,
                    ],
                )
                decision = decided.get((span.start, span.end, span.layer, span.label))
                if cursor.rowcount == 0:
                    counts.already_present += 1
                elif decision == REJECTED:
                    counts.rejected_before += 1
                elif decision == ACCEPTED or (span.start, span.end, span.layer) in labelled:
                    counts.already_labelled += 1
                else:
                    counts.created += 1
        return counts

    def _labelled_edges(self, doc_id: str, annotator: str | None) -> set[tuple[int, int, str]]:
        if not annotator:
            return set()
        return set(
            self.conn.execute(
                'SELECT start, "end", layer FROM spans WHERE doc_id = ? AND annotator = ?',
                [doc_id, annotator],
            )
        )

    def _decisions(
        self, doc_id: str, source: str, annotator: str | None
    ) -> dict[tuple[int, int, str, str], str]:
        if not annotator:
            return {}
        rows = self.conn.execute(
            'SELECT start, "end", layer, label, decision FROM suggestion_reviews'
            " WHERE doc_id = ? AND source = ? AND annotator = ?",
            [doc_id, source, annotator],
        )
        return {(row[0], row[1], row[2], row[3]): row[4] for row in rows}

    def suggestions(
        self,
        doc_id: str,
        annotator: str | None = None,
        *,
        sources: Iterable[str] | None = None,
    ) -> list[Suggestion]:
        """Return a document's suggestions by position (start, end, id), of `sources` only
        when given; with `annotator`, each with its state for them."""
        chosen = list(sources) if sources is not None else None
        where = " AND s.source IN (" + ",".join("?" * len(chosen)) + ")" if chosen else ""
        if chosen is not None and not chosen:
            return []
        rows = self.conn.execute(
            f"SELECT {_COLUMNS}, r.decision, r.span_id FROM suggestions s"
            f" LEFT JOIN suggestion_reviews r ON {_SAME_SUGGESTION} AND r.annotator = ?"
            f' WHERE s.doc_id = ?{where} ORDER BY s.start, s."end", s.id',
            [annotator or "", doc_id, *(chosen or [])],
        ).fetchall()
        if not annotator or not rows:  # no suggestions: no need to read the annotator's spans
            return [_suggestion(row) for row in rows]
        labelled = self._labelled_edges(doc_id, annotator)
        return [
            _suggestion(
                row,
                row[9] or (LABELLED if (row[3], row[4], row[5]) in labelled else PENDING),
                row[10],
            )
            for row in rows
        ]

    def suggestion(self, suggestion_id: int, annotator: str | None = None) -> Suggestion:
        """Return one suggestion (with its state for `annotator` when given)."""
        row = self.conn.execute(
            f"SELECT {_COLUMNS}, r.decision, r.span_id FROM suggestions s"
            f" LEFT JOIN suggestion_reviews r ON {_SAME_SUGGESTION} AND r.annotator = ?"
            " WHERE s.id = ?",
            [annotator or "", suggestion_id],
        ).fetchone()
        if row is None:
            raise StoreError(f"no suggestion {suggestion_id} in {self.path}")
        if not annotator:
            return _suggestion(row)
        labelled = (row[3], row[4], row[5]) in self._labelled_edges(row[1], annotator)
        return _suggestion(row, row[9] or (LABELLED if labelled else PENDING), row[10])

    def suggestion_sources(self) -> list[str]:
        """Return every source that suggested something or ran on a document, sorted."""
        return [
            row[0]
            for row in self.conn.execute(
                "SELECT source FROM suggestion_documents UNION SELECT source FROM suggestions"
                " ORDER BY 1"
            )
        ]

    def suggestion_documents(self, source: str) -> set[str]:
        """Return the ids of the documents `source` ran on."""
        return {
            row[0]
            for row in self.conn.execute(
                "SELECT doc_id FROM suggestion_documents WHERE source = ?", [source]
            )
        }

    def suggestions_as_spans(self, doc_id: str, source: str, annotator: str) -> list[Span]:
        """Return a source's suggestions in a document as spans by `annotator` (a stand-in
        name, for measuring the source like an annotator)."""
        return [
            Span(f"S{row[0]}", row[3], row[4], row[5], row[6], row[7], annotator)
            for row in (
                _suggestion(r)
                for r in self.conn.execute(
                    f"SELECT {_COLUMNS} FROM suggestions s WHERE s.doc_id = ? AND s.source = ?"
                    ' ORDER BY s.start, s."end", s.id',
                    [doc_id, source],
                )
            )
        ]

    def review_rates(self) -> list[tuple[str, str, str, int, int, int]]:
        """Return (source, layer, label, suggestions, acceptances, rejections) for every
        source and label: how often each kind of suggestion was taken."""
        return self.conn.execute(
            "SELECT s.source, s.layer, s.label, count(DISTINCT s.id),"
            " count(CASE WHEN r.decision = 'accepted' THEN 1 END),"
            " count(CASE WHEN r.decision = 'rejected' THEN 1 END)"
            f" FROM suggestions s LEFT JOIN suggestion_reviews r ON {_SAME_SUGGESTION}"
            " GROUP BY s.source, s.layer, s.label ORDER BY s.source, s.layer, s.label"
        ).fetchall()

    # -- decisions (each one transaction, each with its undo) --------------------------

    def accept_suggestion(
        self,
        suggestion_id: int,
        annotator: str,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
        attrs: Mapping[str, str] | None = None,
        span_id: str | None = None,
    ) -> Span:
        """Create the suggested span by `annotator` (edges, label and attributes may be
        edited first) and record the acceptance, in one transaction; return the span.
        `span_id` re-creates a known span (redo). ConflictError when the annotator decided
        on this suggestion already."""
        with self.transaction():
            suggestion = self._undecided(suggestion_id, annotator)
            label = label if label is not None else suggestion.label
            if attrs is None:
                attrs = self._attrs_for(suggestion, label)
            span = self.add_span(
                suggestion.doc_id,
                suggestion.start if start is None else start,
                suggestion.end if end is None else end,
                suggestion.layer,
                label,
                annotator,
                attrs,
                span_id=span_id,
                via="suggestion",
            )
            self._record(suggestion, annotator, ACCEPTED, span.id)
        return span

    def undo_accept_suggestion(self, suggestion_id: int, annotator: str, span: Span) -> None:
        """Delete exactly the span an acceptance created and clear the acceptance, in one
        transaction; ConflictError (nothing changed) when either changed since."""
        with self.transaction():
            suggestion = self.suggestion(suggestion_id, annotator)
            if suggestion.state != ACCEPTED or suggestion.span_id != span.id:
                raise ConflictError(
                    f"suggestion {suggestion_id} is no longer accepted as {span.id} by "
                    f"{annotator}; nothing was changed"
                )
            self.delete_span(suggestion.doc_id, span.id, annotator, "undo", expected=span)
            self._clear(suggestion, annotator, ACCEPTED)

    def reject_suggestion(self, suggestion_id: int, annotator: str) -> None:
        """Record that `annotator` rejected the suggestion (it is not offered again, also
        after importing it again); ConflictError when they decided on it already."""
        with self.transaction():
            self._record(self._undecided(suggestion_id, annotator), annotator, REJECTED, None)

    def undo_reject_suggestion(self, suggestion_id: int, annotator: str) -> None:
        """Clear a rejection (undo); ConflictError when it is not rejected by `annotator`."""
        with self.transaction():
            suggestion = self.suggestion(suggestion_id, annotator)
            if suggestion.state != REJECTED:
                raise ConflictError(
                    f"suggestion {suggestion_id} is not rejected by {annotator}; "
                    "nothing was changed"
                )
            self._clear(suggestion, annotator, REJECTED)

    def _undecided(self, suggestion_id: int, annotator: str) -> Suggestion:
        suggestion = self.suggestion(suggestion_id, annotator)
        if suggestion.state in (ACCEPTED, REJECTED):
            raise ConflictError(
                f"suggestion {suggestion_id} was {suggestion.state} by {annotator} already; "
                "nothing was changed"
            )
        return suggestion

    def _attrs_for(self, suggestion: Suggestion, label: str) -> dict[str, str]:
        """The suggestion's attributes that `label` has, and its defaults for the rest."""
        layer = self.schema.layer(suggestion.layer)
        label_def = layer.label(label) if layer is not None else None
        if label_def is None:
            return dict(suggestion.attrs)
        attrs = {a.name: a.default for a in label_def.attributes if a.default is not None}
        attrs.update({k: v for k, v in suggestion.attrs.items() if label_def.attribute(k)})
        return attrs

    def _record(
        self, suggestion: Suggestion, annotator: str, decision: str, span_id: str | None
    ) -> None:
        self.ensure_annotator(annotator)
        self.conn.execute(
            'INSERT INTO suggestion_reviews (doc_id, source, start, "end", layer, label,'
            " annotator, decision, span_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*suggestion.key(), annotator, decision, span_id, now()],
        )
        action = "suggestion.accept" if decision == ACCEPTED else "suggestion.reject"
        self._log(annotator, action, suggestion.doc_id, span_id, None, _logged(suggestion))

    def _clear(self, suggestion: Suggestion, annotator: str, decision: str) -> None:
        self.conn.execute(
            'DELETE FROM suggestion_reviews WHERE doc_id = ? AND source = ? AND start = ? AND "end"'
            " = ? AND layer = ? AND label = ? AND annotator = ? AND decision = ?",
            [*suggestion.key(), annotator, decision],
        )
        action = "suggestion.accept" if decision == ACCEPTED else "suggestion.reject"
        target = suggestion.span_id or None
        self._log(annotator, action, suggestion.doc_id, target, _logged(suggestion), None, "undo")


def _logged(suggestion: Suggestion) -> dict[str, Any]:
    """The change log's shape of a suggestion: its source and what it proposed."""
    return {
        "suggestion": suggestion.id,
        "source": suggestion.source,
        "start": suggestion.start,
        "end": suggestion.end,
        "layer": suggestion.layer,
        "label": suggestion.label,
        "score": suggestion.score,
    }
