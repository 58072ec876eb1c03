"""Import files and folders into a store, all or nothing.

One invocation is one transaction: the first problem rolls everything back and surfaces
as one AnnotatorError naming the file and line, so the database is exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.formats import (
    BY_EXTENSION,
    IMPORT_EXTENSIONS,
    IMPORT_FORMATS,
    ReadContext,
    ReadOptions,
    format_for,
)
from annotator.formats.labelmap import LabelMap
from annotator.formats.report import Report
from annotator.model import Document, Span
from annotator.resources import SAMPLE_DOCUMENTS
from annotator.schema import Schema
from annotator.store import Store

ImportOptions = ReadOptions  # the name callers know

__all__ = ["IMPORT_FORMATS", "ImportOptions", "Report", "collect_files", "import_paths"]


def collect_files(paths: Iterable[str | Path], fmt: str = "auto") -> list[Path]:
    """Expand folders recursively (supported extensions, no hidden files), keep order.

    In a folder holding brat `.ann` files, a `.txt` beside an `.ann` is the brat text,
    not a document of its own.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in BY_EXTENSION
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if fmt in ("auto", "brat") and any(p.suffix == ".ann" for p in found):
                annotated = {p.with_suffix(".txt") for p in found if p.suffix == ".ann"}
                found = [p for p in found if p not in annotated]
            files.extend(found)
        elif path.is_file():
            if fmt == "auto" and path.suffix.lower() not in BY_EXTENSION:
                raise AnnotatorError(
                    f"unsupported file type {path.suffix or '(none)'!r}; "
                    f"import reads {', '.join(IMPORT_EXTENSIONS)} (or pass --format)",
                    path=path,
                )
            files.append(path)
        else:
            raise AnnotatorError("no such file or folder", path=path)
    return files


def read_documents(
    path: Path,
    schema: Schema,
    options: ImportOptions | None = None,
    report: Report | None = None,
    labels: LabelMap | None = None,
) -> Iterator[tuple[int | None, Document]]:
    """Yield `(line, document)` from one file, streamed by its format's reader; errors are
    located at the file and line. `labels` is the import's label map (one for all files)."""
    options = options or ImportOptions()
    entry = format_for(path, options.format, options.encoding)
    report = report if report is not None else Report(entry.name)
    labels = labels if labels is not None else LabelMap(options.label_map)
    yield from entry.reader()(path, ReadContext(schema, options, report, labels))


# The CLI spelling of each option a format may read (for the "cannot apply" error).
_OPTION_NAMES = {
    "encoding": "--encoding",
    "label_map": "--label-map",
    "bad_tags": "--bad-tags",
    "blank_tokens": "--blank-tokens",
    "layer_map": "--layer-map",
    "unmapped": "--unmapped",
}


def check_options(files: Iterable[Path], options: ImportOptions) -> None:
    """Raise AnnotatorError for an option the user gave that no file's format reads
    (--bad-tags for a JSON file): an option that cannot apply is an error, not a no-op."""
    read: set[str] = set()
    formats: list[str] = []
    for path in files:
        entry = format_for(path, options.format, options.encoding)
        read.update(entry.options)
        if entry.name not in formats:
            formats.append(entry.name)
    for name in sorted(options.given - read):
        spelled = _OPTION_NAMES.get(name, name)
        raise AnnotatorError(
            f"{spelled} cannot apply: no file of this import is in a format that reads it "
            f"(formats here: {', '.join(formats) or 'none'})"
        )


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    annotator: str,
    *,
    options: ImportOptions | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> Report:
    """Import every file under `paths` in one transaction; return what was done."""
    options = options or ImportOptions()
    files = collect_files(paths, options.format)
    check_options(files, options)
    labels = LabelMap(options.label_map)
    labels.check_targets(store.schema)
    summary = Report(options.format)
    with store.transaction():
        for path in files:
            if not path.name.isprintable() or not _is_utf8(path.name):
                raise AnnotatorError(
                    "the file name is not valid UTF-8 text (or holds control characters); "
                    "document ids come from file names: rename the file",
                    path=path,
                )
            documents = read_documents(path, store.schema, options, summary, labels)
            for line, document in documents:
                try:
                    added = store.add_document(document, annotator, source=path.name)
                    if added and document.suggestions:
                        _store_suggestions(store, document, summary)
                except AnnotatorError as error:
                    raise error.located(path, line) from None
                if added:
                    summary.documents += 1
                    summary.spans += len(document.spans)
                    summary.relations += len(document.relations)
                else:
                    summary.skipped += 1
            summary.files += 1
            if on_file is not None:
                on_file(path)
        labels.check_used()  # inside the transaction: a map that matched nothing rolls back
    summary.notes.extend(labels.notes())
    return summary


def _store_suggestions(store: Store, document: Document, summary: Report) -> None:
    """Store the predictions a file carried beside the annotations (Label Studio's) as
    suggestions of their model, apart from every annotator's spans."""
    by_source: dict[str, list[tuple[Span, float | None]]] = {}
    for source, span, score in document.suggestions:
        by_source.setdefault(source, []).append((span, score))
    for source, scored in by_source.items():
        store.add_suggestions(document.id, scored, source)
        summary.count("suggestions", len(scored))


def _is_utf8(name: str) -> bool:
    """False for a file name whose bytes were not UTF-8 (Python keeps them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def import_sample_if_empty(store: Store, annotator: str) -> bool:
    """Give a new, empty project the bundled sample article; True if it was imported."""
    if store.document_ids():
        return False
    import_paths(store, [SAMPLE_DOCUMENTS], annotator)
    return True
