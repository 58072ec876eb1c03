"""Import files and folders into a store, all or nothing.

One invocation is one transaction: the first problem rolls everything back and surfaces
as one AnnotatorError naming the file and line, so the database is exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.formats.jsonl import read_jsonl
from annotator.model import Document, validate_document
from annotator.resources import SAMPLE_DOCUMENTS
from annotator.schema import Schema
from annotator.store import Store
from annotator.text import decode

READERS = (".txt", ".jsonl")


@dataclass
class ImportSummary:
    files: int = 0
    documents: int = 0
    spans: int = 0
    relations: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"imported {self.documents} documents, {self.spans} spans, "
            f"{self.relations} relations from {self.files} files; "
            f"skipped {self.skipped} already present"
        )


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders recursively (supported extensions, no hidden files), keep order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in READERS
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                raise AnnotatorError(
                    f"unsupported file type {path.suffix or '(none)'!r}; "
                    f"import reads {', '.join(READERS)}",
                    path=path,
                )
            files.append(path)
        else:
            raise AnnotatorError("no such file or folder", path=path)
    return files


def read_documents(
    path: Path, schema: Schema, encoding: str | None = None
) -> Iterator[tuple[int | None, Document]]:
    """Yield `(line, document)` from one file; errors are located at the file and line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=path) from None
    try:
        text, used = decode(data, encoding)
    except AnnotatorError as error:
        raise error.located(path) from None
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(path, text, schema)
    else:
        yield None, Document(path.stem, text, {"source": path.name, "encoding": used})


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    annotator: str,
    *,
    encoding: str | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ImportSummary:
    """Import every file under `paths` in one transaction; return what was done."""
    files = collect_files(paths)
    summary = ImportSummary()
    with store.transaction():
        for path in files:
            for line, document in read_documents(path, store.schema, encoding):
                try:
                    validate_document(document, store.schema)
                    added = store.add_document(document, annotator, source=path.name)
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
    return summary


def import_sample_if_empty(store: Store, annotator: str) -> bool:
    """Give a new, empty project the bundled sample article; True if it was imported."""
    if store.document_ids():
        return False
    import_paths(store, [SAMPLE_DOCUMENTS], annotator)
    return True
