"""Opening a project from a command: the schema file read as UTF-8 (with its guidelines), a
new project created only when asked, reading commands read-only, and the default project
started with the bundled sample. Shared by the click CLI and the app's own launcher."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.paths import default_database_path
from annotator.schema import with_guidelines_file
from annotator.store import Store, default_annotator


def read_schema(schema_file: Path | None) -> str | None:
    """Return a schema file's TOML (and the guidelines it names), or say where it is not
    readable UTF-8."""
    if schema_file is None:
        return None
    if not schema_file.is_file():
        raise AnnotatorError("the schema file does not exist", path=schema_file)
    data = schema_file.read_bytes()
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnnotatorError(
            f"the schema is not UTF-8 (byte 0x{data[error.start]:02x} at byte {error.start})",
            path=schema_file,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from None
    return with_guidelines_file(source, schema_file)  # the project keeps its guidelines


def open_project(
    db_path: Path,
    schema_file: Path | None = None,
    *,
    write: bool = True,
    create: bool = True,
    annotator: str | None = None,
) -> Store:
    """Open a project: for writing (created when new or empty, if `create`), or read-only
    for commands that only read (they never change the file). The default project is
    created on first use, with the bundled sample labelled as `annotator` (default:
    $ANNOTATOR_NAME, else the OS user): the app shows each linguist their own spans, and the
    sample is there to be seen and tried."""
    is_default = db_path == default_database_path()
    if not write and not (is_default and not db_path.exists()):
        return Store.open(db_path, readonly=True)
    store = Store.open(db_path, schema_source=read_schema(schema_file), create=create or is_default)
    if is_default:
        from annotator.importer import import_sample_if_empty

        name = annotator or os.environ.get("ANNOTATOR_NAME") or default_annotator()
        import_sample_if_empty(store, name)
    return store
