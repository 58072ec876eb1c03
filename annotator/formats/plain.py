"""Plain text: one document per file, id = the file name without its extension."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.formats import ReadContext
from annotator.model import Document
from annotator.text import decode


def read_txt(path: Path, context: ReadContext) -> Iterator[tuple[int | None, Document]]:
    """Yield the file as one document (the encoding detected unless forced)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AnnotatorError(f"cannot read: {error.strerror}", path=path) from None
    try:
        text, used = decode(data, context.options.encoding)
    except AnnotatorError as error:
        raise error.located(path) from None
    yield None, Document(path.stem, text, {"source": path.name, "encoding": used})
