"""CoNLL IOB2 (`token<TAB>tag`, blank line between sentences, -DOCSTART- between documents).

Export: Arabic-aware tokens, split further at every span edge inside a word so no span is
widened or lost; overlapping spans resolved by `nested` ("outer" keeps the longest, "inner"
the shortest) and counted. Import: tokens joined by single spaces, sentences by line breaks,
tags into spans; labels mapped with fnmatch patterns (`MIS*=MISC`); I- after O or after
another type starts a new span (counted as repaired).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import IO, Any

from annotator.errors import AnnotatorError
from annotator.model import Document, Span
from annotator.schema import Schema
from annotator.tokens import sentence_starts, split_at, tokenize

DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"^(?:O|[BI]-[A-Za-z][A-Za-z0-9_.-]*)$")


@dataclass
class ConllReport:
    documents: int = 0
    sentences: int = 0
    tokens: int = 0
    split_words: int = 0
    unrepresentable: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.tokens} tokens in {self.sentences} sentences; split {self.split_words} "
            f"words at span edges; {self.unrepresentable} overlapping or empty spans could "
            "not be represented"
        )


def choose_spans(spans: Iterable[Span], nested: str) -> tuple[list[Span], int]:
    """Return non-overlapping spans (outer: longest first, inner: shortest first) and the
    number left out."""
    if nested not in ("outer", "inner"):
        raise AnnotatorError(f"--nested must be outer or inner, not {nested!r}")
    spans = list(spans)
    direction = -1 if nested == "outer" else 1
    ordered = sorted(spans, key=lambda s: (direction * (s.end - s.start), s.start, s.id))
    kept: list[tuple[int, int, Span]] = []
    for span in ordered:
        index = bisect_left(kept, (span.start,))
        left = kept[index - 1] if index > 0 else None
        right = kept[index] if index < len(kept) else None
        if (left and left[1] > span.start) or (right and right[0] < span.end):
            continue
        insort(kept, (span.start, span.end, span))
    return [k[2] for k in kept], len(spans) - len(kept)


def document_text(document: Document, layers: set[str], nested: str, report: ConllReport) -> str:
    """Return the CoNLL sentences of one document: `token\ttag` lines, a blank line after
    each sentence (without the -DOCSTART- header)."""
    text = document.text
    kept, dropped = choose_spans((s for s in document.spans if s.layer in layers), nested)
    tokens, split = split_at(tokenize(text), (e for s in kept for e in (s.start, s.end)))
    tags = ["O"] * len(tokens)
    joined: set[int] = set()  # tokens after which the span goes on: no sentence break there
    starts = [t[0] for t in tokens]
    for span in kept:
        first = bisect_left(starts, span.start)
        last = bisect_left(starts, span.end)
        if first >= last:  # only white space or invisible controls: nothing to tag
            dropped += 1
            continue
        tags[first] = f"B-{span.label}"
        inside = f"I-{span.label}"
        for index in range(first + 1, last):
            tags[index] = inside
            joined.add(index - 1)
    bounds = [0, *sentence_starts(text, tokens, joined), len(tokens)]
    report.split_words += split
    report.unrepresentable += dropped
    report.tokens += len(tokens)
    report.sentences += len(bounds) - 1 if tokens else 0
    lines = [f"{text[a:b]}\t{tag}" for (a, b), tag in zip(tokens, tags, strict=True)]
    return "".join(
        "\n".join(lines[a:b]) + "\n\n" for a, b in zip(bounds, bounds[1:], strict=False) if a < b
    )


def write_conll(
    documents: Iterable[Document], out: IO[str], layers: set[str], nested: str = "outer"
) -> ConllReport:
    report = ConllReport()
    for document in documents:
        out.write(f"{DOCSTART}\tO\n\n" + document_text(document, layers, nested, report))
        report.documents += 1
    return report


def parse_label_map(pairs: Iterable[str]) -> dict[str, str]:
    """Parse `FROM=TO` options (FROM may be an fnmatch pattern such as MIS*)."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise AnnotatorError(f"--label-map expects FROM=TO, got {pair!r}")
        mapping[source] = target
    return mapping


def map_label(label: str, mapping: Mapping[str, str]) -> str:
    if label in mapping:
        return mapping[label]
    for pattern, target in mapping.items():
        if fnmatchcase(label, pattern):
            return target
    return label


def read_conll(
    path: Path,
    data: str,
    schema: Schema,
    label_map: Mapping[str, str] | None = None,
    bad_tags: str = "error",
    notes: list[str] | None = None,
) -> Iterator[tuple[int, Document]]:
    """Yield `(first line, document)` from CoNLL/IOB2 text (token first, tag last column)."""
    label_map = label_map or {}
    lines = data.split("\n")
    multiple = any(line.startswith(DOCSTART) for line in lines)
    counts = {"repaired": 0, "bad": 0}
    number = 0
    builder = _Builder()
    first_line = 1
    for line_number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line.startswith(DOCSTART):
            if builder.tokens:
                number += 1
                yield first_line, builder.document(f"{path.stem}-{number}")
            builder = _Builder()
            first_line = line_number + 1
            continue
        if not line:
            builder.end_sentence()
            continue
        fields = line.split()
        if len(fields) < 2:
            raise AnnotatorError(
                f"expected a token and a tag, got {line!r}", path=path, line=line_number
            )
        token, tag = fields[0], fields[-1]
        if not _TAG.match(tag):
            if bad_tags != "outside":
                raise AnnotatorError(
                    f"malformed tag {tag!r} (expected O, B-TYPE or I-TYPE); "
                    "--bad-tags outside reads such tags as O",
                    path=path,
                    line=line_number,
                )
            counts["bad"] += 1
            tag = "O"
        if tag != "O":
            try:
                label = schema.find_label(map_label(tag[2:], label_map))
            except AnnotatorError as error:
                raise error.located(path, line_number) from None
            counts["repaired"] += builder.add(token, tag[0], label.layer, label.name)
        else:
            builder.add(token, "O", "", "")
    if builder.tokens:
        yield first_line, builder.document(f"{path.stem}-{number + 1}" if multiple else path.stem)
    if notes is not None and (counts["repaired"] or counts["bad"]):
        notes.append(
            f"{path}: repaired {counts['repaired']} IOB2 violations (I- without B-), "
            f"read {counts['bad']} malformed tags as O"
        )


class _Builder:
    """Accumulate tokens into a text (single spaces, sentences on lines) and spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.tokens = 0
        self.sentence_open = False
        self.spans: list[Span] = []
        self.open: list[Any] | None = None  # [start, end, layer, label]

    def add(self, token: str, kind: str, layer: str, label: str) -> int:
        separator = " " if self.sentence_open else ("\n" if self.tokens else "")
        self.parts.append(separator + token)
        start = self.length + len(separator)
        self.length = start + len(token)
        self.tokens += 1
        self.sentence_open = True
        repaired = 0
        if kind == "I" and self.open is not None and self.open[3] == label:
            self.open[1] = self.length
            return 0
        self._close()
        if kind in ("B", "I"):
            repaired = int(kind == "I")
            self.open = [start, self.length, layer, label]
        return repaired

    def end_sentence(self) -> None:
        self._close()
        self.sentence_open = False

    def _close(self) -> None:
        if self.open is not None:
            start, end, layer, label = self.open
            self.spans.append(Span(f"T{len(self.spans) + 1}", start, end, layer, label))
            self.open = None

    def document(self, doc_id: str) -> Document:
        self._close()
        return Document(doc_id, "".join(self.parts), {"format": "conll"}, self.spans)
