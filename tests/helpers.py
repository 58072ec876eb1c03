"""Helpers for tests: run the CLI in-process like a user would."""

from __future__ import annotations

from click.testing import CliRunner, Result

from annotator.cli import cli


def run_cli(*args: str, input: str | None = None) -> Result:
    """Run `annotator ARGS...` in-process and return the click Result (exceptions kept)."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)


def iob2_entities(tags: list[str]) -> list[tuple[str, int, int]]:
    """Decode IOB2 tags into (type, first, last) token chunks, as conlleval does: an I- tag
    after O or after another type starts a new chunk.

    A reference written apart from the product's own reader (formats/conll.py), so the
    CoNLL tests check the export against an independent decoder.
    """
    chunks: list[tuple[str, int, int]] = []
    current: list = []  # [type, first, last]
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and current and current[0] == kind
        if current and not continues:
            chunks.append(tuple(current))  # type: ignore[arg-type]
            current = []
        if continues:
            current[2] = index
        elif prefix in ("B", "I"):
            current = [kind, index, index]
    return chunks
