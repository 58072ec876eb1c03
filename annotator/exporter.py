"""Export a project in any supported format, with filters and train/dev/test splits.

Documents stream from the store one at a time, so memory stays flat in corpus size.
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.errors import AnnotatorError
from annotator.formats import EXPORT_FOLDER_FORMATS, EXPORT_FORMATS, tables
from annotator.formats.brat import write_brat
from annotator.formats.conll import write_conll
from annotator.formats.doccano import write_doccano
from annotator.formats.jsonl import write_jsonl
from annotator.model import Document
from annotator.store import Store

FOLDER_FORMATS = EXPORT_FOLDER_FORMATS
FORMATS = EXPORT_FORMATS
SPLIT_NAMES = ("train", "dev", "test")


@dataclass
class ExportOptions:
    annotator: str | None = None
    status: str | None = None
    layers: tuple[str, ...] = ()
    nested: str = "outer"
    split: tuple[int, ...] = ()
    seed: int = 0


def parse_split(text: str) -> tuple[int, ...]:
    """Parse `80/10/10` into percentages of train/dev/test (2 or 3 parts, summing to 100)."""
    try:
        parts = tuple(int(p) for p in text.split("/"))
    except ValueError:
        raise AnnotatorError(f"--split expects numbers like 80/10/10, got {text!r}") from None
    if len(parts) not in (2, 3) or sum(parts) != 100 or min(parts) < 0:
        raise AnnotatorError(f"--split needs 2 or 3 parts that sum to 100, got {text!r}")
    return parts


def split_ids(ids: list[str], percentages: tuple[int, ...], seed: int) -> list[list[str]]:
    """Shuffle ids reproducibly (seeded) and cut them by percentages; keep import order
    inside each part."""
    order = {doc_id: index for index, doc_id in enumerate(ids)}
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    parts, start = [], 0
    for index, percentage in enumerate(percentages):
        end = (
            len(ids)
            if index == len(percentages) - 1
            else start + round(len(ids) * percentage / 100)
        )
        parts.append(sorted(shuffled[start:end], key=order.__getitem__))
        start = end
    return parts


def export(
    store: Store,
    fmt: str,
    out: str,
    options: ExportOptions,
    on_document: Callable[[], None] = lambda: None,
) -> list[str]:
    """Export and return the report lines (one per output)."""
    if fmt not in FORMATS:
        raise AnnotatorError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    layers = set(options.layers) or ({"entity"} if fmt == "conll" else set())
    for layer in layers:
        if store.schema.layer(layer) is None:
            raise AnnotatorError(f"unknown layer {layer!r}")
    ids = store.filtered_ids(options.annotator, options.status)
    if not options.split:
        return [_export_part(store, fmt, out, ids, layers, options, on_document)]
    if out == "-":
        raise AnnotatorError("--split writes several outputs: give --out a file or folder name")
    lines = []
    for name, part in zip(SPLIT_NAMES, split_ids(ids, options.split, options.seed), strict=False):
        lines.append(
            _export_part(
                store, fmt, split_target(out, name, fmt), part, layers, options, on_document
            )
        )
    return lines


def split_target(out: str, name: str, fmt: str) -> str:
    """corpus.conll -> corpus.train.conll; a folder (brat) -> folder/train."""
    if fmt in FOLDER_FORMATS:
        return str(Path(out) / name)
    path = Path(out)
    return str(path.with_name(f"{path.stem}.{name}{path.suffix}"))


def _documents(
    store: Store,
    ids: list[str],
    layers: set[str],
    options: ExportOptions,
    on_document: Callable[[], None],
) -> Iterator[Document]:
    for document in store.documents_by_id(ids, options.annotator):
        if layers:
            document.spans = [s for s in document.spans if s.layer in layers]
            kept = {s.id for s in document.spans}
            document.relations = [
                r for r in document.relations if r.from_id in kept and r.to_id in kept
            ]
        yield document
        on_document()


def _export_part(
    store: Store,
    fmt: str,
    out: str,
    ids: list[str],
    layers: set[str],
    options: ExportOptions,
    on_document: Callable[[], None],
) -> str:
    documents = _documents(store, ids, layers, options, on_document)
    where = "standard output" if out == "-" else out
    if fmt == "brat":
        if out == "-":
            raise AnnotatorError("brat writes a folder: give --out a folder name")
        report = write_brat(documents, Path(out), store.schema)
        return (
            f"{where}: {report.documents} documents, {report.spans} spans, "
            f"{report.relations} relations (brat)"
        )
    with output_stream(out) as stream:
        return f"{where}: " + _write_file(fmt, documents, stream, layers, options)


def _write_file(
    fmt: str,
    documents: Iterable[Document],
    stream: IO[str],
    layers: set[str],
    options: ExportOptions,
) -> str:
    if fmt == "jsonl":
        return f"{write_jsonl(documents, stream)} documents (jsonl)"
    if fmt == "conll":
        report = write_conll(documents, stream, layers, options.nested)
        return f"{report.documents} documents (conll); {report.summary()}"
    if fmt in ("doccano", "doccano-seq"):
        counts = write_doccano(documents, stream, "seq" if fmt == "doccano-seq" else "relation")
        lost = f"; {counts['attributes_lost']} attribute values"
        if fmt == "doccano-seq":
            lost += f" and {counts['relations_lost']} relations"
        return f"{counts['documents']} documents ({fmt}){lost} not representable in doccano"
    kind, ext = fmt.split("-")
    rows = tables.claim_rows(documents) if kind == "claims" else tables.stance_rows(documents)
    columns = tables.CLAIM_COLUMNS if kind == "claims" else tables.STANCE_COLUMNS
    if ext == "csv":
        count = tables.write_csv(rows, columns, stream)
    else:
        count = tables.write_table_jsonl(rows, stream)
    return f"{count} {kind} rows ({fmt})"


@contextmanager
def output_stream(out: str) -> Iterator[IO[str]]:
    """Yield a text stream for `out` (`-`: standard output); a file appears only complete
    (written to a temporary file, then renamed)."""
    if out == "-":
        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()  # leave sys.stdout open
        return
    target = Path(out)
    if target.is_dir():
        raise AnnotatorError("is a folder; give a file name", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise
