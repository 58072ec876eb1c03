"""Inter-annotator agreement over a project, per layer: pairwise strict and overlap
precision/recall/F1 (overall and per label), Cohen's kappa per pair and Krippendorff's
alpha over all compared annotators on character units, a confusion matrix and the
list of disagreements. The result is a plain dict in the shape `--json` writes.

Which documents count: for a pair, those both marked done; for alpha, those at least
two compared annotators marked done (the others are missing there). With
`include_unfinished`, "marked done" becomes "has a span of that layer in it".

A suggestion source is compared like an annotator when named `suggest:SOURCE` (for
example `--annotators gold,suggest:model:ner`): its suggestions (pending, accepted or
rejected alike) are its spans, and it counts as done on every document it ran on. Without
such a name, suggestions are never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.errors import AnnotatorError
from annotator.model import Document
from annotator.store import Store
from annotator.team.measures import (
    OUTSIDE,
    Alpha,
    Item,
    cohen_kappa,
    overlap_matches,
    prf,
    segments,
    strict_matches,
)


@dataclass(frozen=True)
class AgreementOptions:
    layers: tuple[str, ...] = ()  # empty: every layer of the schema
    annotators: tuple[str, ...] = ()  # empty: everyone who marked a document done
    doc_ids: tuple[str, ...] = ()  # empty: every document
    include_unfinished: bool = False


Disagreement = dict[str, Any]


@dataclass
class _Pair:
    documents: int = 0
    table: Counter[tuple[str, str]] = field(default_factory=Counter)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (what, label)

    def result(self, a: str, b: str) -> dict[str, Any]:
        labels = sorted({label for _, label in self.counts})

        def scores(kind: str, chosen: list[str]) -> dict[str, float | None]:
            matched = sum(self.counts[(kind, label)] for label in chosen)
            a_count = sum(self.counts[("a", label)] for label in chosen)
            return prf(matched, a_count, sum(self.counts[("b", label)] for label in chosen))

        return {
            "a": a,
            "b": b,
            "documents": self.documents,
            "kappa": cohen_kappa(self.table),
            "strict": scores("strict", labels),
            "overlap": scores("overlap", labels),
            "labels": {
                label: {"strict": scores("strict", [label]), "overlap": scores("overlap", [label])}
                for label in labels
            },
        }


@dataclass
class _Layer:
    annotators: list[str]
    documents: int = 0
    alpha: Alpha = field(default_factory=Alpha)
    pairs: dict[tuple[str, str], _Pair] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    disagreements: int = 0

    def __post_init__(self) -> None:
        self.pairs = {pair: _Pair() for pair in combinations(self.annotators, 2)}

    def result(self) -> dict[str, Any]:
        values = sorted({v for pair in self.confusion for v in pair} - {OUTSIDE}) + [OUTSIDE]
        return {
            "documents": self.documents,
            "units": self.alpha.units,
            "alpha": self.alpha.value(),
            "pairs": [pair.result(a, b) for (a, b), pair in self.pairs.items()],
            "confusion": {
                "rows": "the first annotator of each pair, columns: the second",
                "labels": values,
                "matrix": {x: {y: self.confusion[(x, y)] for y in values} for x in values},
            },
            "disagreements": self.disagreements,
        }


def compared_annotators(store: Store, options: AgreementOptions) -> list[str]:
    """The annotators to compare: the ones named, else everyone who marked a document
    done (or, with include_unfinished, who has a span); at least two."""
    if options.annotators:
        names = list(dict.fromkeys(options.annotators))
    elif options.include_unfinished:
        names = [r[0] for r in store.conn.execute("SELECT DISTINCT annotator FROM spans")]
    else:
        names = [
            r[0]
            for r in store.conn.execute(
                "SELECT DISTINCT annotator FROM document_status WHERE status = 'done'"
            )
        ]
    names = sorted(names)
    if len(names) < 2:
        raise AnnotatorError(
            "agreement needs two annotators or more"
            + ("" if options.annotators else " who marked documents done (or --include-unfinished)")
            + f"; found {', '.join(names) or 'none'}"
        )
    return names


def measure_agreement(
    store: Store,
    options: AgreementOptions | None = None,
    on_disagreement: Callable[[Disagreement], None] | None = None,
) -> dict[str, Any]:
    """Return {"annotators": [...], "layers": {layer: {...}}} (the --json shape), reading
    the documents in batches; `on_disagreement` receives each disagreement as found."""
    options = options or AgreementOptions()
    layers = list(options.layers) or [layer.name for layer in store.schema.layers]
    for name in layers:
        if store.schema.layer(name) is None:
            raise AnnotatorError(f"no layer {name!r} in the schema")
    names = compared_annotators(store, options)
    state = {layer: _Layer(names) for layer in layers}
    documents = _documents(store, options)
    sources = [name for name in names if name.startswith(SUGGESTIONS)]
    if sources:
        documents = _with_suggestions(store, documents, sources)
    for document in documents:
        for layer in layers:
            _measure_document(document, layer, state[layer], options, on_disagreement)
    return {"annotators": names, "layers": {layer: state[layer].result() for layer in layers}}


def _documents(store: Store, options: AgreementOptions) -> Iterator[Document]:
    ids = store.document_ids()
    if options.doc_ids:
        missing = [d for d in options.doc_ids if not store.has_document(d)]
        if missing:
            raise AnnotatorError(f"no document {missing[0]!r} in {store.path}")
        wanted = set(options.doc_ids)
        ids = [d for d in ids if d in wanted]
    return store.documents_by_id(ids)


SUGGESTIONS = "suggest:"  # prefix naming a suggestion source among the annotators


def _with_suggestions(
    store: Store, documents: Iterator[Document], names: list[str]
) -> Iterator[Document]:
    """Yield the documents with each named source's suggestions as its spans, and the
    source marked done where it ran."""
    known = set(store.suggestion_sources())
    ran = {}
    for name in names:
        source = name[len(SUGGESTIONS) :]
        if source not in known:
            raise AnnotatorError(f"no suggestions from source {source!r} in {store.path}")
        ran[name] = (source, store.suggestion_documents(source))
    for document in documents:
        for name, (source, covered) in ran.items():
            if document.id in covered:
                document.spans.extend(store.suggestions_as_spans(document.id, source, name))
                document.statuses[name] = "done"
        yield document


def _measure_document(
    document: Document,
    layer: str,
    state: _Layer,
    options: AgreementOptions,
    on_disagreement: Callable[[Disagreement], None] | None,
) -> None:
    items: dict[str, list[Item]] = {name: [] for name in state.annotators}
    for span in document.spans:
        if span.layer == layer and span.annotator in items:
            items[span.annotator].append((span.start, span.end, span.label))
    if options.include_unfinished:
        counted = [name for name in state.annotators if items[name]]
    else:
        counted = [n for n in state.annotators if document.statuses.get(n) == "done"]
    if len(counted) < 2:
        return
    state.documents += 1
    pairs = [(a, b, state.pairs[(a, b)]) for a, b in combinations(counted, 2)]
    by_label: dict[str, dict[str, list[Item]]] = {name: {} for name in counted}
    for name in counted:
        for item in items[name]:
            by_label[name].setdefault(item[2], []).append(item)
    for a, b, pair in pairs:
        pair.documents += 1
        for label in by_label[a].keys() | by_label[b].keys():
            mine, theirs = by_label[a].get(label, []), by_label[b].get(label, [])
            pair.counts[("a", label)] += len(mine)
            pair.counts[("b", label)] += len(theirs)
            if mine and theirs:
                pair.counts[("strict", label)] += strict_matches(mine, theirs)
                pair.counts[("overlap", label)] += overlap_matches(mine, theirs)
    open_run: Disagreement | None = None
    alpha, confusion, coders = state.alpha, state.confusion, len(counted)
    for start, end, units, values in segments(document.text, {n: items[n] for n in counted}):
        given = list(values.values())
        first = given[0]
        if given.count(first) == coders:  # everyone agrees: the common case, made cheap
            alpha.add_agreed(first, coders, units)
            for _, _, pair in pairs:
                pair.table[(first, first)] += units
            confusion[(first, first)] += units * len(pairs)
            if open_run is not None:
                _flush(open_run, document, state, on_disagreement)
                open_run = None
            continue
        alpha.add(Counter(given), units)
        for a, b, pair in pairs:
            pair.table[(values[a], values[b])] += units
            confusion[(values[a], values[b])] += units
        if open_run is not None and open_run["labels"] == values:
            open_run["end"] = end  # the same disagreement goes on (across white space)
            continue
        _flush(open_run, document, state, on_disagreement)
        open_run = {
            "document": document.id,
            "layer": layer,
            "start": start,
            "end": end,
            "labels": values,
        }
    _flush(open_run, document, state, on_disagreement)


def _flush(
    run: Disagreement | None,
    document: Document,
    state: _Layer,
    on_disagreement: Callable[[Disagreement], None] | None,
) -> None:
    """Count a finished stretch of disagreement and report it with its text."""
    if run is None:
        return
    state.disagreements += 1
    if on_disagreement is not None:
        on_disagreement({**run, "text": document.text[run["start"] : run["end"]]})
    return None
