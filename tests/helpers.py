"""Helpers for tests: run the CLI in-process like a user would."""

from __future__ import annotations

from click.testing import CliRunner, Result

from annotator.cli import cli


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run `annotator ARGS...` in-process and return the click Result (exceptions kept)."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)
