"""`annotator-gui`: the app's own entry point, its few options read with argparse.

`annotator gui` goes through click and the whole command line (about 90 ms of imports
before Qt even starts); the app needs five options. This entry point takes the same
options with the same help, opens (or creates) the project as `annotator gui` does, and
reports a user error the same way: one `Error: ...` line, exit code 1. Neither click nor
`annotator.cli` is imported on the way.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from annotator import projects
from annotator.errors import AnnotatorError
from annotator.paths import default_database_path
from annotator.terminal import printable

PROG = "annotator-gui"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """A usage error in one line, with click's exit code for usage errors."""
        self.exit(2, f"Error: {message} (see {PROG} --help)\n")


def parser() -> argparse.ArgumentParser:
    """The options of `annotator gui`, with its help texts."""
    options = _Parser(prog=PROG, description="Start the annotation app.")
    options.add_argument(
        "--db",
        dest="db_path",
        type=Path,
        metavar="FILE",
        help="Project database (SQLite file); import and gui create it when missing.  "
        "[default: the user data dir's annotator.db]",
    )
    options.add_argument(
        "--schema",
        dest="schema_file",
        type=Path,
        metavar="FILE",
        help="Label schema (TOML) for a new database; default: the bundled schema.",
    )
    options.add_argument(
        "--annotator",
        metavar="TEXT",
        default=os.environ.get("ANNOTATOR_NAME") or None,
        help="Annotator name (default: $ANNOTATOR_NAME, else the OS user name).",
    )
    options.add_argument(
        "--doc",
        dest="doc_id",
        metavar="TEXT",
        help="Document to open (default: the first not done).",
    )
    options.add_argument(
        "--lang",
        choices=("en", "ar"),
        help="Interface language (default: the settings' choice, else the system's).",
    )
    options.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE",
        help="Render the main window to this PNG and exit (works offscreen).",
    )
    return options


def open_project(db_path: Path, schema_file: Path | None, annotator: str | None) -> None:
    """Create the project when new or empty, as `annotator gui` does; the default one
    starts with the bundled sample, labelled as the annotator."""
    projects.open_project(db_path, schema_file, annotator=annotator).close()


def launch(argv: Sequence[str] | None = None, leave: bool = False) -> int:
    """Start the app with command-line options; return the exit code.

    With `leave` (the real process), the process ends as soon as the window has closed
    its store (see annotator.gui.app.run).
    """
    args = parser().parse_args(argv)
    try:
        from annotator.gui.app import require_display, run

        require_display(args.screenshot is not None)  # before the project file is created
        db_path = args.db_path or default_database_path()
        open_project(db_path, args.schema_file, args.annotator)
        return run(
            db_path, args.doc_id, args.annotator, args.screenshot, leave=leave, lang=args.lang
        )
    except AnnotatorError as error:
        return _fail(str(error))
    except sqlite3.DatabaseError as error:  # a page damaged past what opening checks
        return _fail(f"the database is damaged or unreadable ({error})")
    except OSError as error:  # a read-only folder, a path under a file, ...
        where = f"{os.fsdecode(error.filename)}: " if error.filename is not None else ""
        return _fail(where + (error.strerror or str(error)))


def _fail(message: str) -> int:
    print(f"Error: {printable(message)}", file=sys.stderr)
    return 1


def main() -> NoReturn:
    """Entry point of `annotator-gui`."""
    sys.exit(launch(leave=True))


if __name__ == "__main__":
    main()
