"""The command group and what its commands share: options, opening a project, progress,
and user errors turned into one `Error:` line (exit 1), never a traceback.

Commands live by subject in the modules beside this one; format, team and search modules
load inside the commands that use them, so `annotator gui` starts fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.errors import AnnotatorError
from annotator.paths import default_database_path
from annotator.terminal import printable

# Set by the entry points: the app may then end its process without the interpreter's
# teardown (tests run the commands in-process and must keep theirs).
REAL_PROCESS = False


class Commands(click.Group):
    """A group that reports user errors as `Error: path:line: message`, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as error:
            raise click.ClickException(printable(str(error))) from None
        except sqlite3.DatabaseError as error:  # a page damaged past what opening checks
            raise click.ClickException(f"the database is damaged or unreadable ({error})") from None
        except OSError as error:  # an output path under a file, a read-only folder, ...
            where = f"{os.fsdecode(error.filename)}: " if error.filename is not None else ""
            raise click.ClickException(printable(where + (error.strerror or str(error)))) from None


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default_database_path,
        show_default="the user data dir's annotator.db",
        help="Project database (SQLite file); import and gui create it when missing.",
    )(func)


def annotator_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--annotator",
        envvar="ANNOTATOR_NAME",
        default=None,
        help="Annotator name (default: $ANNOTATOR_NAME, else the OS user name).",
    )(func)


def schema_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--schema",
        "schema_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Label schema (TOML) for a new database; default: the bundled schema.",
    )(func)


@contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yield a function that advances a progress bar on stderr (only on a terminal)."""
    if not sys.stderr.isatty():
        yield lambda amount: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@click.group(
    cls=Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Annotate Arabic news with entities, claims and stances; export training corpora.

    With no command, starts the app on the default project (created on first start with
    a bundled sample article).
    """
    if ctx.invoked_subcommand is None:  # ctx.invoke skips envvars: pass the name on
        ctx.invoke(cli.commands["gui"], annotator=os.environ.get("ANNOTATOR_NAME") or None)
