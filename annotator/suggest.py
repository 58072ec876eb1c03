"""Where suggestions come from, and reviewing them in bulk: a model's output read by any
import format, a gazetteer, the project's own labels; accept or reject by score.

Everything streams over the corpus a document at a time. Matching is search's: Arabic-aware
normalisation, whole words with proclitics (و ف ب ك ل ال ...) outside the span, exact
code-point offsets. A gazetteer or a set of labelled forms becomes one pattern (a trie of
the normalised names), so a document is scanned once whatever the number of names.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.formats import format_for
from annotator.formats.lines import text_lines
from annotator.formats.report import Report
from annotator.importer import ImportOptions, collect_files, read_documents
from annotator.model import Document, Span
from annotator.search import MatchOptions, find, normalise
from annotator.store import Store, SuggestionCounts
from annotator.store.suggestions import PENDING, ScoredSpan, check_score, check_source

BATCH = 500  # documents per transaction when generating suggestions
WORD_MATCH = MatchOptions(whole_word=True)


# -- a model's output ---------------------------------------------------------------------


def import_suggestions(
    store: Store,
    paths: Iterable[str | Path],
    source: str,
    annotator: str,
    options: ImportOptions | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> tuple[SuggestionCounts, Report]:
    """Read files with the importer's readers and store their spans as suggestions of
    `source`, all or nothing. Each document must be in the project with the same text;
    JSONL spans may carry a "score" in [0, 1]. Relations are not suggestions (counted)."""
    check_source(source)
    options = options or ImportOptions()
    files = collect_files(paths, options.format)
    counts = SuggestionCounts()
    report = Report(options.format)
    with store.transaction():
        for path in files:
            for line, document, scores in _scored_documents(path, store, options, report):
                try:
                    _check_same_text(store, document)
                    added = store.add_suggestions(
                        document.id, zip(document.spans, scores, strict=True), source, annotator
                    )
                except AnnotatorError as error:
                    raise error.located(path, line) from None
                counts.add(added)
                report.count("relations_ignored", len(document.relations))
            report.files += 1
            if on_file is not None:
                on_file(path)
    return counts, report


def _scored_documents(
    path: Path, store: Store, options: ImportOptions, report: Report
) -> Iterator[tuple[int | None, Document, list[float | None]]]:
    """Yield (line, document, a score per span): the "score" of a span of a JSON line in
    our format (found by span id on the document's line), None elsewhere."""
    documents = read_documents(path, store.schema, options, report)
    if format_for(path, options.format).name != "jsonl":
        for line, document in documents:
            yield line, document, [None] * len(document.spans)
        return
    lines = text_lines(path, options.encoding)
    number, text = 0, ""
    for line, document in documents:
        while line is not None and number < line:
            number, text = next(lines, (line, ""))
        try:
            scores = _scores(text if number == line else "")
            yield line, document, [scores.get(span.id) for span in document.spans]
        except AnnotatorError as error:
            raise error.located(path, line) from None


def _scores(line: str) -> dict[str, float | None]:
    """Span id -> "score" of our JSON line ({} for a line that is no whole object)."""
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return {}
    items = obj.get("spans") if isinstance(obj, dict) else None
    if not isinstance(items, list):
        return {}
    scores: dict[str, float | None] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict):
            span_id = str(item.get("id", f"T{index + 1}"))
            try:
                scores[span_id] = check_score(item.get("score"))
            except AnnotatorError as error:
                raise AnnotatorError(f"span {span_id!r}: {error.message}") from None
    return scores


def _check_same_text(store: Store, document: Document) -> None:
    if not store.has_document(document.id):
        raise AnnotatorError(
            f"document {document.id!r} is not in the project: suggestions are for documents "
            "already imported"
        )
    if store.text(document.id) != document.text:
        raise AnnotatorError(
            f"document {document.id!r} has another text in the project; suggestions must be "
            "made on the same text"
        )


# -- matching names ---------------------------------------------------------------------


def name_key(name: str) -> str:
    """The form under which names are compared: normalised as search does, case-folded."""
    return normalise(name, WORD_MATCH).casefold()


def names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """One pattern for many normalised names: a trie, longer names tried first, ending
    where a word may end (whole-word hits are then chosen by search's own rules)."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        parts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    if not trie:
        raise AnnotatorError("no names to look for")
    return re.compile(f"(?:{branch(trie)})(?!\\w)", re.IGNORECASE)


def _documents(store: Store, doc_id: str | None) -> Iterator[tuple[str, str]]:
    ids = [doc_id] if doc_id is not None else store.document_ids()
    for identifier in ids:
        yield identifier, store.text(identifier)


def _batched(
    store: Store, items: Iterator[tuple[str, list[ScoredSpan]]], source: str, annotator: str
) -> SuggestionCounts:
    """Store each document's suggestions, BATCH documents per transaction."""
    counts = SuggestionCounts()
    pending = True
    while pending:
        pending = False
        with store.transaction():
            for _, (doc_id, scored) in zip(range(BATCH), items, strict=False):
                counts.add(store.add_suggestions(doc_id, scored, source, annotator))
                pending = True
    return counts


# -- a gazetteer ---------------------------------------------------------------------------


def read_gazetteer(path: Path, store: Store) -> dict[str, list[tuple[str, str]]]:
    """Read `name<TAB>label` lines: name key -> [(layer, label)]; errors name the line."""
    entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for number, line in text_lines(path):
        if not line.strip():
            continue
        name, tab, label = line.rstrip("\n").rpartition("\t")
        try:
            if not tab or not name.strip():
                raise AnnotatorError("expected name<TAB>label")
            found = store.schema.find_label(label.strip())
            key = name_key(name.strip())
            if not key:
                raise AnnotatorError(f"the name {name!r} is only diacritics or tatweel")
        except AnnotatorError as error:
            raise error.located(path, number) from None
        if (found.layer, found.name) not in entries[key]:
            entries[key].append((found.layer, found.name))
    if not entries:
        raise AnnotatorError("the gazetteer holds no names", path=path)
    return entries


def suggest_from_gazetteer(
    store: Store, path: Path, source: str, annotator: str, doc_id: str | None = None
) -> SuggestionCounts:
    """Suggest each gazetteer name's label wherever the name stands as a whole word."""
    check_source(source)
    entries = read_gazetteer(path, store)
    pattern = names_pattern(entries)

    def scan() -> Iterator[tuple[str, list[ScoredSpan]]]:
        for identifier, text in _documents(store, doc_id):
            scored: list[ScoredSpan] = []
            for hit in find(identifier, text, pattern, WORD_MATCH):
                for layer, label in entries.get(name_key(hit.text), []):
                    scored.append((Span("", hit.start, hit.end, layer, label), None))
            yield identifier, scored

    return _batched(store, scan(), source, annotator)


# -- the project's own labels ----------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """A labelled surface form: its majority label and that label's share."""

    label: str
    score: float


def labelled_forms(store: Store, annotator: str, min_count: int = 1) -> dict[str, dict[str, Form]]:
    """Return layer -> name key -> Form for every form `annotator` labelled at least
    `min_count` times (ties between labels go to the first in alphabetical order)."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for layer, label, form in store.conn.execute(
        'SELECT s.layer, s.label, substr(d.text, s.start + 1, s."end" - s.start)'
        " FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.annotator = ?",
        [annotator],
    ):
        key = name_key(form.strip())
        if key:
            counts[(layer, key)][label] += 1
    forms: dict[str, dict[str, Form]] = defaultdict(dict)
    for (layer, key), labels in counts.items():
        total = sum(labels.values())
        if total < min_count:
            continue
        label, count = min(labels.items(), key=lambda item: (-item[1], item[0]))
        forms[layer][key] = Form(label, round(count / total, 4))
    return forms


def suggest_from_labels(
    store: Store,
    annotator: str,
    source: str | None = None,
    *,
    min_count: int = 1,
    doc_id: str | None = None,
) -> SuggestionCounts:
    """Suggest every form `annotator` labelled at its other whole-word occurrences where
    they have no span of the layer yet: the form's majority label, scored by its share."""
    source = check_source(source or f"labels:{annotator}")
    forms = labelled_forms(store, annotator, min_count)
    if not forms:
        raise AnnotatorError(
            f"{annotator} has no labelled forms"
            + (f" labelled {min_count} times or more" if min_count > 1 else "")
        )
    patterns = {layer: names_pattern(by_key) for layer, by_key in forms.items()}
    skipped = 0

    def scan() -> Iterator[tuple[str, list[ScoredSpan]]]:
        nonlocal skipped
        for identifier, text in _documents(store, doc_id):
            labelled = {(s.start, s.end, s.layer) for s in store.spans(identifier, annotator)}
            scored: list[ScoredSpan] = []
            for layer, pattern in patterns.items():
                for hit in find(identifier, text, pattern, WORD_MATCH):
                    form = forms[layer].get(name_key(hit.text))
                    if form is None:
                        continue
                    if (hit.start, hit.end, layer) in labelled:
                        skipped += 1
                        continue
                    scored.append((Span("", hit.start, hit.end, layer, form.label), form.score))
            yield identifier, scored

    counts = _batched(store, scan(), source, annotator)
    counts.already_labelled += skipped
    return counts


# -- review from the command line ------------------------------------------------------------


@dataclass
class ReviewCounts:
    accepted: int = 0
    rejected: int = 0
    left: int = 0  # pending, on the other side of the threshold
    without_score: int = 0  # pending, with no score to judge by
    documents: int = 0

    def __str__(self) -> str:
        return (
            f"accepted {self.accepted}, rejected {self.rejected} in {self.documents} "
            f"documents; left {self.left} for review, {self.without_score} without a score"
        )


def review(
    store: Store,
    source: str,
    annotator: str,
    *,
    accept_above: float | None = None,
    reject_below: float | None = None,
    doc_id: str | None = None,
) -> ReviewCounts:
    """Accept `annotator`'s pending suggestions of `source` scored at or above
    `accept_above`, or reject those scored below `reject_below`; one transaction per
    document. Of two suggestions with the same edges in one layer, the first is taken."""
    if (accept_above is None) == (reject_below is None):
        raise AnnotatorError("give one of --accept-above and --reject-below")
    threshold = check_score(accept_above if accept_above is not None else reject_below)
    assert threshold is not None
    if source not in store.suggestion_sources():
        raise AnnotatorError(f"no suggestions from source {source!r} in {store.path}")
    if doc_id is not None and not store.has_document(doc_id):
        raise AnnotatorError(f"no document {doc_id!r} in {store.path}")
    covered = store.suggestion_documents(source)
    counts = ReviewCounts()
    ids = [doc_id] if doc_id is not None else store.document_ids()
    for identifier in (i for i in ids if i in covered):
        with store.transaction():
            changed = False
            taken: set[tuple[int, int, str]] = set()
            for item in store.suggestions(identifier, annotator, sources=[source]):
                edges = (item.start, item.end, item.layer)
                if item.state != PENDING:
                    continue
                if item.score is None:
                    counts.without_score += 1
                elif accept_above is not None and item.score >= threshold and edges not in taken:
                    store.accept_suggestion(item.id, annotator)
                    taken.add(edges)
                    counts.accepted += 1
                    changed = True
                elif reject_below is not None and item.score < threshold:
                    store.reject_suggestion(item.id, annotator)
                    counts.rejected += 1
                    changed = True
                else:
                    counts.left += 1
            counts.documents += changed
    return counts
