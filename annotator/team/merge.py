"""Bring annotators' project files back into the team project, all in one transaction.

Each file is known by its name (`ana.db`): merging a newer copy of the same name brings
what changed since its last merge; see annotator/store/merges.py for how.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.store import Store
from annotator.store.merges import MergeCounts


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in blocks (project files can be large)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        raise AnnotatorError("no such project file", path=path) from None
    return digest.hexdigest()


def merge_files(store: Store, paths: Sequence[Path], by: str) -> list[MergeCounts]:
    """Merge every file into `store` in one transaction (an error anywhere: nothing is
    written) and return what each brought; `by` is logged as who merged."""
    names: dict[str, Path] = {}
    for path in paths:
        if path.resolve() == store.path.resolve():
            raise AnnotatorError("is the team project itself; merge annotators' files", path=path)
        if path.name in names:
            raise AnnotatorError(
                f"has the same file name as {names[path.name]}; a merge knows a file by its name",
                path=path,
            )
        names[path.name] = path
    results = []
    with store.transaction():
        for path in paths:
            results.append(store.merge_project(path, path.name, file_sha256(path), by))
    return results
