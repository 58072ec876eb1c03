"""Export a project in any supported format, with filters and train/dev/test splits.

Documents stream from the store one at a time, so memory stays flat in corpus size.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.errors import AnnotatorError
from annotator.formats import EXPORT_FOLDER_FORMATS, EXPORT_FORMATS, Format, WriteContext
from annotator.formats import FORMATS as REGISTRY
from annotator.formats.report import Report
from annotator.model import Document
from annotator.store import Store

FOLDER_FORMATS = EXPORT_FOLDER_FORMATS
FORMATS = EXPORT_FORMATS
SPLIT_NAMES = ("train", "dev", "test")
# Formats that keep a span's note and unsure flag; the others count what they leave out.
NOTE_FORMATS = frozenset({"jsonl", "brat", "doccano", "doccano-seq"})


@dataclass
class ExportOptions:
    annotator: str | None = None
    status: str | None = None
    layers: tuple[str, ...] = ()
    nested: str = "outer"
    split: tuple[int, ...] = ()
    seed: int = 0
    force: bool = False  # brat: replace a folder holding an earlier export
    strip_controls: bool = False  # conll: leave out invisible controls (counted)
    predictions_from: str = ""  # label-studio: this annotator's work as predictions


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
    layers = set(options.layers) or set(REGISTRY[fmt].default_layers)
    for layer in layers:
        if store.schema.layer(layer) is None:
            raise AnnotatorError(f"unknown layer {layer!r}")
    ids = store.filtered_ids(options.annotator, options.status)
    if fmt in FOLDER_FORMATS:
        return _export_folder(store, fmt, out, ids, layers, options, on_document)
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


def _export_folder(
    store: Store,
    fmt: str,
    out: str,
    ids: list[str],
    layers: set[str],
    options: ExportOptions,
    on_document: Callable[[], None],
) -> list[str]:
    """Write a folder export (with its split sub-folders) beside the target, then swap it
    in, so the target holds either the complete new export or what it held before."""
    if out == "-":
        raise AnnotatorError(f"{fmt} writes a folder: give --out a folder name")
    parts = [("", ids)]
    if options.split:
        parts = list(zip(SPLIT_NAMES, split_ids(ids, options.split, options.seed), strict=False))
    lines = []
    with output_folder(out, options.force) as folder:
        for name, part in parts:
            where = Path(out) / name if name else Path(out)
            written = folder / name
            written.mkdir(exist_ok=True)
            documents = _documents(store, part, layers, options, on_document)
            report = Report(fmt, str(where))
            REGISTRY[fmt].writer()(documents, written, _context(store, report, layers, options))
            lines.append(str(report))
    return lines


def _context(
    store: Store, report: Report, layers: set[str], options: ExportOptions
) -> WriteContext:
    return WriteContext(
        store.schema,
        report,
        frozenset(layers),
        options.nested,
        options.strip_controls,
        options.predictions_from,
    )


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


def _counting_notes(documents: Iterable[Document], report: Report) -> Iterator[Document]:
    """Pass the documents on, counting the notes and unsure flags the format leaves out."""
    for document in documents:
        lost = sum(bool(s.note) + s.unsure for s in document.spans)
        if lost:
            report.count("lost_notes", lost)
        yield document


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
    entry: Format = REGISTRY[fmt]
    report = Report(fmt, "standard output" if out == "-" else out)
    if fmt not in NOTE_FORMATS:
        documents = _counting_notes(documents, report)
    with output_stream(out) as stream:
        entry.writer()(documents, stream, _context(store, report, layers, options))
    side_writer = entry.side_writer()
    if side_writer is not None:  # Label Studio's labelling config, beside the file
        if out == "-":
            report.notes.append("labelling config not written (standard output): use --out FILE")
        else:
            side = str(Path(out).with_suffix("")) + entry.side_file[1]
            with output_stream(side) as stream:
                side_writer(store.schema, stream)
            report.notes.append(f"labelling config: {side}")
    return str(report)


def written_path(out: str) -> Path:
    """Return the path an export writes: for a symbolic link, the file or folder it points
    to (the link stays and shows the new export); else `out` itself."""
    path = Path(out)
    return path.resolve() if path.is_symlink() else path


def temp_path(target: Path, kind: str = "tmp") -> Path:
    """Return the one hidden temporary name beside `target`: a killed export leaves at
    most this behind, and the next export to the same target removes it."""
    target = Path(os.path.abspath(target))  # `.` and `..` name no entry of their parent
    return target.parent / f".{target.name}.{kind}"


def _cannot_write(error: OSError, target: Path) -> AnnotatorError:
    return AnnotatorError(f"cannot write: {error.strerror or error}", path=target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextmanager
def output_stream(out: str) -> Iterator[IO[str]]:
    """Yield a text stream for `out` (`-`: standard output); a file appears only complete
    (written to a temporary file beside it, then renamed), with the umask's permissions."""
    if out == "-":
        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()  # leave sys.stdout open
        return
    target = written_path(out)
    if target.is_dir():
        raise AnnotatorError("is a folder; give a file name", path=target)
    temp = temp_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove(temp)
        handle = open(temp, "x", encoding="utf-8", newline="")
    except OSError as error:
        raise _cannot_write(error, target) from None
    try:
        with handle as stream:
            yield stream
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _cannot_write(error, target) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


EXPORT_FILE_SUFFIXES = (".txt", ".ann", ".conf", ".tsv")  # brat, WebAnno TSV


def _earlier_export(folder: Path) -> str | None:
    """Return the first entry of `folder` that an export does not write, or None.

    An export folder holds `annotation.conf` and `visual.conf` beside its `.txt`/`.ann`
    pairs (brat) or `.tsv` files (WebAnno TSV), or only train/dev/test folders like that; a
    folder of plain `.txt` files is somebody's corpus, not an export.
    """
    entries = sorted(folder.iterdir())
    names = {entry.name for entry in entries}
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink() and entry.name in SPLIT_NAMES:
            foreign = _earlier_export(entry)
            if foreign is not None:
                return f"{entry.name}/{foreign}"
        elif not (entry.is_file() and entry.suffix in EXPORT_FILE_SUFFIXES):
            return entry.name
        elif entry.suffix in (".txt", ".ann"):
            if "annotation.conf" not in names:
                return entry.name
            if entry.with_suffix(".txt" if entry.suffix == ".ann" else ".ann").name not in names:
                return entry.name
    return None


@contextmanager
def output_folder(out: str, force: bool = False) -> Iterator[Path]:
    """Yield a hidden temporary folder beside `out`; on success it replaces `out`.

    A folder that is not empty is replaced only with `force` and only if it holds nothing
    but an earlier export (`.txt`, `.ann`, `.conf` files, train/dev/test folders): its
    stale documents must not mix with the new ones, and nothing else is ever deleted.
    """
    target = written_path(out)
    if target.exists() and not target.is_dir():
        raise AnnotatorError("is a file; this format writes a folder", path=target)
    if target.is_dir() and any(target.iterdir()):
        foreign = _earlier_export(target)
        if foreign is not None:
            raise AnnotatorError(
                f"the folder holds {foreign!r}, which is not part of an export; "
                "give a new or empty folder",
                path=target,
            )
        if not force:
            raise AnnotatorError(
                "the folder holds an earlier export; pass --force to replace it",
                path=target,
            )
    if Path.cwd().resolve().is_relative_to(Path(os.path.abspath(target)).resolve()):
        raise AnnotatorError(
            "the export replaces this folder, which holds the current folder; "
            "give the name of a folder to create (e.g. brat-out)",
            path=target,
        )
    temp, old = temp_path(target), temp_path(target, "old")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove(temp)
        _remove(old)
        temp.mkdir()
    except OSError as error:
        raise _cannot_write(error, target) from None
    try:
        yield temp
        if target.is_dir():
            os.replace(os.path.abspath(target), old)
        os.replace(temp, os.path.abspath(target))
        _remove(old)
    except OSError as error:
        _remove(temp)
        raise _cannot_write(error, target) from None
    except BaseException:
        _remove(temp)
        raise
