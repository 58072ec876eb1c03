"""Import files and folders into a store, all or nothing.

One invocation is one transaction: the first problem rolls everything back and surfaces
as one AnnotatorError naming the file and line, so the database is exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.formats import IMPORT_FORMATS
from annotator.formats.brat import read_brat
from annotator.formats.conll import read_conll
from annotator.formats.jsonl import read_jsonl
from annotator.model import Document
from annotator.resources import SAMPLE_DOCUMENTS
from annotator.schema import Schema
from annotator.store import Store
from annotator.text import decode

READERS = (".txt", ".jsonl", ".conll", ".iob", ".iob2", ".bio", ".ann")
_BY_EXTENSION = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".conll": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".bio": "conll",
    ".ann": "brat",
}


@dataclass
class ImportOptions:
    """How to read files: a forced format and encoding, CoNLL label mapping, bad tags and
    tokens of white space."""

    format: str = "auto"
    encoding: str | None = None
    label_map: dict[str, str] = field(default_factory=dict)
    bad_tags: str = "error"
    blank_tokens: str = "error"


@dataclass
class ImportSummary:
    files: int = 0
    documents: int = 0
    spans: int = 0
    relations: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(
            [
                f"imported {self.documents} documents, {self.spans} spans, "
                f"{self.relations} relations from {self.files} files; "
                f"skipped {self.skipped} already present",
                *self.notes,
            ]
        )


__all__ = ["IMPORT_FORMATS", "ImportOptions", "ImportSummary", "collect_files", "import_paths"]


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
                and p.suffix.lower() in READERS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if fmt in ("auto", "brat") and any(p.suffix == ".ann" for p in found):
                annotated = {p.with_suffix(".txt") for p in found if p.suffix == ".ann"}
                found = [p for p in found if p not in annotated]
            files.extend(found)
        elif path.is_file():
            if fmt == "auto" and path.suffix.lower() not in READERS:
                raise AnnotatorError(
                    f"unsupported file type {path.suffix or '(none)'!r}; "
                    f"import reads {', '.join(READERS)} (or pass --format)",
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
    notes: list[str] | None = None,
) -> Iterator[tuple[int | None, Document]]:
    """Yield `(line, document)` from one file; errors are located at the file and line."""
    options = options or ImportOptions()
    fmt = options.format
    if fmt == "auto":
        fmt = _BY_EXTENSION.get(path.suffix.lower(), "txt")
    if fmt == "brat":
        yield (
            None,
            read_brat(
                path if path.suffix == ".ann" else path.with_suffix(".ann"),
                schema,
                options.encoding,
            ),
        )
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=path) from None
    try:
        text, used = decode(data, options.encoding)
    except AnnotatorError as error:
        raise error.located(path) from None
    if fmt == "jsonl":
        yield from read_jsonl(path, text, schema)
    elif fmt == "conll":
        yield from read_conll(
            path,
            text,
            schema,
            options.label_map,
            options.bad_tags,
            notes,
            blank_tokens=options.blank_tokens,
        )
    else:
        yield None, Document(path.stem, text, {"source": path.name, "encoding": used})


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    annotator: str,
    *,
    options: ImportOptions | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ImportSummary:
    """Import every file under `paths` in one transaction; return what was done."""
    options = options or ImportOptions()
    files = collect_files(paths, options.format)
    summary = ImportSummary()
    with store.transaction():
        for path in files:
            if not path.name.isprintable() or not _is_utf8(path.name):
                raise AnnotatorError(
                    "the file name is not valid UTF-8 text (or holds control characters); "
                    "document ids come from file names: rename the file",
                    path=path,
                )
            for line, document in read_documents(path, store.schema, options, summary.notes):
                try:
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
