"""The `annotator` command: thin commands over the store, the formats and the libraries.

`base` holds the group and what commands share; each subject's commands live in a module
of their own and register themselves on import. Each command opens the database, calls
the library and turns an AnnotatorError into one line on stderr and exit code 1.
"""

from __future__ import annotations

import sys

from annotator.cli import base, project, search, suggest, team
from annotator.cli.base import cli

__all__ = ["cli", "gui_main", "main", "project", "search", "suggest", "team"]


def main() -> None:
    base.REAL_PROCESS = True
    cli(prog_name="annotator")


def gui_main() -> None:
    """Entry point of `annotator-gui`: the app, without a console command line."""
    base.REAL_PROCESS = True
    cli(["gui", *sys.argv[1:]], prog_name="annotator-gui")
