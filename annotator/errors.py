"""Errors that reach the user as one line of text, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """A problem with the user's input or environment, worded for the user.

    `path` and `line` locate the problem in an input file; `str()` renders the
    compiler-style `path:line: message` that editors and terminals make clickable.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def located(self, path: str | Path | None = None, line: int | None = None) -> AnnotatorError:
        """Return a copy that names `path` and `line` unless it already names them."""
        return type(self)(
            self.message,
            path=self.path if self.path is not None else path,
            line=self.line if self.line is not None else line,
        )

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        return where + self.message


class SchemaError(AnnotatorError):
    """A label, layer, attribute or relation that the schema does not allow."""


class StoreError(AnnotatorError):
    """The database cannot do what was asked (locked, read-only, missing document...)."""


class StoreBusyError(StoreError):
    """Another connection held the write lock for longer than the busy timeout."""


class ConflictError(StoreError):
    """An undo or redo found its span or relation changed by someone else: nothing done."""


class DuplicateSpanError(AnnotatorError):
    """The annotator already has a span with these edges, layer and label."""

    def __init__(
        self,
        message: str,
        existing: object = None,
        *,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.existing = existing  # the Span already stored
