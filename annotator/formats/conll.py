"""CoNLL IOB2 (`token<TAB>tag`, blank line between sentences, -DOCSTART- between documents).

Export: Arabic-aware tokens (`annotator.tokens`) that keep every character of the text but
the white space between them, split further at every span edge inside a word so no span is
widened or lost; overlapping spans resolved by `nested` ("outer" keeps the longest, "inner"
the shortest) and counted. Each document starts with `-DOCSTART-<TAB>id=ID<TAB>O`: the id sits
where CoNLL-2003 puts its `-X-` placeholder columns, so readers that take the first and last
column, or skip lines starting with -DOCSTART-, still work; it is %-escaped (white space,
controls and % only) so it stays one column. A document without tokens cannot be written.

Import: in a file whose token lines hold tabs, columns are split on tabs only, so a token
keeps inner spaces (`New York<TAB>B-LOC`); otherwise on white space. Tokens are joined by
single spaces, sentences by line breaks, tags become spans; labels mapped with fnmatch
patterns (`MIS*=MISC`); I- after O or after another type starts a new span (counted as
repaired); `id=` on a -DOCSTART- line restores the document id.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

from annotator.errors import AnnotatorError
from annotator.formats import ReadContext, WriteContext
from annotator.formats.labelmap import LabelMap
from annotator.formats.lines import text_lines
from annotator.formats.report import Report
from annotator.model import Document, Span
from annotator.schema import Schema
from annotator.tokens import sentence_starts, split_at, tokenize
from annotator.words import is_invisible_control

DOCSTART = "-DOCSTART-"
_ID_FIELD = "id="
_TAG = re.compile(r"^(?:O|[BI]-[A-Za-z][A-Za-z0-9_.-]*)$")
_ID_UNSAFE = re.compile(r"[%\s\x00-\x1f\x7f-\x9f]")


def escape_id(doc_id: str) -> str:
    """%-escape what would break the -DOCSTART- line's columns: %, white space, controls."""
    return _ID_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), doc_id)


def choose_spans(spans: Iterable[Span], nested: str) -> tuple[list[Span], int]:
    """Return non-overlapping spans (outer: longest first, inner: shortest first) and the
    number left out."""
    if nested not in ("outer", "inner"):
        raise AnnotatorError(f"--nested must be outer or inner, not {nested!r}")
    spans = sorted(spans, key=_start_end)
    if all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False)):
        return spans, 0  # nothing overlaps: the common case
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


def _start_end(span: Span) -> tuple[int, int]:
    return span.start, span.end


def document_text(
    document: Document,
    layers: set[str],
    nested: str,
    report: Report,
    strip_controls: bool = False,
) -> str:
    """Return the CoNLL sentences of one document: `token\ttag` lines, a blank line after
    each sentence (without the -DOCSTART- header); "" if it has no tokens.

    Every character but the white space between tokens is written, unless `strip_controls`
    removes invisible controls (counted; a token left empty is dropped).
    """
    text = document.text
    kept, dropped = choose_spans((s for s in document.spans if s.layer in layers), nested)
    tokens = tokenize(text)
    starts = [t[0] for t in tokens]
    tokens, split = split_at(tokens, (e for s in kept for e in (s.start, s.end)), starts)
    words = [text[a:b] for a, b in tokens]
    if strip_controls:
        tokens, words = _strip_controls(tokens, words, report)
    if split or strip_controls:
        starts = [t[0] for t in tokens]
    tags = ["\tO\n"] * len(tokens)
    joined: set[int] = set()  # tokens after which the span goes on: no sentence break there
    changed = 0
    for span in kept:
        first = bisect_left(starts, span.start)
        last = bisect_left(starts, span.end, first)
        if first >= last:  # only white space or removed controls: nothing to tag
            dropped += 1
            continue
        tags[first] = f"\tB-{span.label}\n"
        if last - first > 1:
            tags[first + 1 : last] = [f"\tI-{span.label}\n"] * (last - first - 1)
            joined.update(range(first, last - 1))
            changed += " ".join(words[first:last]) != text[span.start : span.end]
        elif words[first] != text[span.start : span.end]:
            changed += 1
    if changed:
        report.count("changed_entities_stripped" if strip_controls else "changed_entities", changed)
    bounds = [0, *sentence_starts(text, tokens, joined, words, starts), len(tokens)]
    report.count("split_words", split)
    report.count("unrepresentable", dropped)
    report.count("tokens", len(tokens))
    report.count("sentences", len(bounds) - 1 if tokens else 0)
    report.spans += len(kept) - dropped
    lines = list(map(str.__add__, words, tags))
    return "".join(
        "".join(lines[a:b]) + "\n" for a, b in zip(bounds, bounds[1:], strict=False) if a < b
    )


def _strip_controls(
    tokens: list[tuple[int, int]], words: list[str], report: Report
) -> tuple[list[tuple[int, int]], list[str]]:
    """Remove invisible controls from the token texts; drop tokens that held nothing else."""
    kept_tokens, kept_words = [], []
    for token, word in zip(tokens, words, strict=True):
        stripped = "".join(ch for ch in word if not is_invisible_control(ch))
        report.count("removed_controls", len(word) - len(stripped))
        if stripped:
            kept_tokens.append(token)
            kept_words.append(stripped)
    return kept_tokens, kept_words


def write_conll(
    documents: Iterable[Document],
    out: IO[str],
    layers: Iterable[str],
    nested: str = "outer",
    strip_controls: bool = False,
    report: Report | None = None,
) -> Report:
    """Write documents as CoNLL IOB2; a document without tokens is counted, not written."""
    report = report if report is not None else Report("conll")
    report.show("tokens", "sentences", "split_words", "unrepresentable")
    if strip_controls:
        report.show("removed_controls")
    layers = set(layers)
    for document in documents:
        body = document_text(document, layers, nested, report, strip_controls)
        if not body:
            report.count("empty_documents")
            continue
        out.write(f"{DOCSTART}\t{_ID_FIELD}{escape_id(document.id)}\tO\n\n{body}")
        report.documents += 1
    return report


def write_conll_export(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """The registry's writer: `write_conll` with the export's layers and options."""
    write_conll(
        documents, out, context.layers, context.nested, context.strip_controls, context.report
    )


def read_conll(path: Path, context: ReadContext) -> Iterator[tuple[int | None, Document]]:
    """Yield `(first line, document)` from CoNLL/IOB2 text (token first, tag last column).

    The file is read twice, line by line: once to see whether its token lines hold tabs and
    whether it holds several documents, then to read it. A token that is only white space
    is an error, or with `blank_tokens="skip"` a line left out (counted in the notes).
    """
    options = context.options
    tabbed, multiple = _layout(text_lines(path, options.encoding))
    yield from _read(
        path,
        text_lines(path, options.encoding),
        context.schema,
        tabbed,
        multiple,
        context.labels,
        options.bad_tags,
        options.blank_tokens,
        context.report.notes,
    )


def _layout(lines: Iterable[tuple[int, str]]) -> tuple[bool, bool]:
    """Return whether any token line holds a tab and whether any line starts a document."""
    tabbed = multiple = False
    for _, line in lines:
        if line.startswith(DOCSTART):
            multiple = True
        elif "\t" in line and line.strip() and not line.lstrip().startswith(DOCSTART):
            tabbed = True
        if tabbed and multiple:
            break
    return tabbed, multiple


def _read(
    path: Path,
    lines: Iterable[tuple[int, str]],
    schema: Schema,
    tabbed: bool,
    multiple: bool,
    label_map: LabelMap,
    bad_tags: str,
    blank_tokens: str,
    notes: list[str],
) -> Iterator[tuple[int | None, Document]]:
    counts = {"repaired": 0, "bad": 0, "blank": 0}
    number = 0
    builder = _Builder()
    doc_id = ""
    first_line = 1
    columns: tuple[int, int] | None = None  # (count, first line): white-space files only
    for line_number, raw in lines:
        if raw.lstrip().startswith(DOCSTART):
            if builder.tokens:
                number += 1
                yield first_line, builder.document(doc_id or f"{path.stem}-{number}")
            builder = _Builder()
            doc_id = _carried_id(raw, tabbed)
            first_line = line_number + 1
            continue
        if not raw.strip():
            builder.end_sentence()
            continue
        token, tag, width = _token_and_tag(raw, tabbed, path, line_number)
        if not tabbed:
            if columns is None:
                columns = (width, line_number)
            elif width != columns[0]:
                raise AnnotatorError(
                    f"this line has {width} columns where line {columns[1]} has {columns[0]}: "
                    "a token with a space inside? Separate the columns with tabs to keep it "
                    "whole",
                    path=path,
                    line=line_number,
                )
        if not token.strip():
            if blank_tokens != "skip":
                raise AnnotatorError(
                    "the token is only white space; --blank-tokens skip leaves such lines out",
                    path=path,
                    line=line_number,
                )
            counts["blank"] += 1
            continue
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
                label = label_map.find_label(schema, tag[2:])
            except AnnotatorError as error:
                raise error.located(path, line_number) from None
            counts["repaired"] += builder.add(token, tag[0], label.layer, label.name)
        else:
            builder.add(token, "O", "", "")
    if builder.tokens:
        fallback = f"{path.stem}-{number + 1}" if multiple else path.stem
        yield first_line, builder.document(doc_id or fallback)
    if counts["repaired"] or counts["bad"]:
        notes.append(
            f"{path}: repaired {counts['repaired']} IOB2 violations (I- without B-), "
            f"read {counts['bad']} malformed tags as O"
        )
    if counts["blank"]:
        notes.append(f"{path}: skipped {counts['blank']} tokens that were only white space")


def _token_and_tag(raw: str, tabbed: bool, path: Path, line_number: int) -> tuple[str, str, int]:
    """Split a token line into (token, tag, number of columns): on tabs only in a
    tab-separated file (the token kept as written), else on ASCII white space (a no-break
    space stays inside its token); a token of white space comes back as it is."""
    if tabbed:
        columns = raw.split("\t")
        if len(columns) < 2:
            raise AnnotatorError(
                f"expected TOKEN<TAB>TAG (this file separates columns with tabs), got {raw!r}",
                path=path,
                line=line_number,
            )
        return columns[0], columns[-1].strip(), len(columns)
    fields = _ASCII_SPACE.split(raw.strip(_ASCII_SPACE_CHARS))
    if len(fields) == 1 and raw[:1].isspace() and _TAG.match(fields[0]):
        return raw[: len(raw) - len(raw.lstrip())], fields[0], 2  # a token of white space
    if len(fields) < 2:
        raise AnnotatorError(
            f"expected a token and a tag, got {raw.strip()!r}", path=path, line=line_number
        )
    return fields[0], fields[-1], len(fields)


_ASCII_SPACE_CHARS = " \t\r\f\v"
_ASCII_SPACE = re.compile(f"[{_ASCII_SPACE_CHARS}]+")


def _carried_id(raw: str, tabbed: bool) -> str:
    """Return the document id an `id=` column of a -DOCSTART- line carries, else ""."""
    columns = raw.strip().split("\t") if tabbed else raw.split()
    for column in columns[1:-1]:
        if column.startswith(_ID_FIELD):
            return unquote(column[len(_ID_FIELD) :])
    return ""


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
