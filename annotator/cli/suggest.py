"""Suggestion commands: suggest and review (import --as-suggestions lives with import)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.base import (
    annotator_option,
    cli,
    db_option,
)
from annotator.errors import AnnotatorError
from annotator.projects import open_project
from annotator.store import default_annotator
from annotator.terminal import printable


@cli.command("suggest")
@db_option
@annotator_option
@click.option(
    "--gazetteer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TSV file of name<TAB>label lines: suggest each name where it stands as a word.",
)
@click.option(
    "--from-labels",
    is_flag=True,
    help="Suggest the annotator's labelled forms where they have not labelled them yet.",
)
@click.option(
    "--source",
    help="Source name (default: gazetteer:FILE-STEM, or labels:ANNOTATOR).",
)
@click.option(
    "--min-count",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="--from-labels: only forms labelled at least this often.",
)
@click.option("--doc", "doc_id", help="Only this document (default: all).")
def suggest_command(
    db_path: Path,
    annotator: str | None,
    gazetteer: Path | None,
    from_labels: bool,
    source: str | None,
    min_count: int,
    doc_id: str | None,
) -> None:
    """Make suggestions from a gazetteer or from the annotator's own labels, matched as
    search does (whole words, proclitics outside the span, exact offsets)."""
    from annotator.suggest import suggest_from_gazetteer, suggest_from_labels

    if (gazetteer is None) == (not from_labels):
        raise AnnotatorError("give one of --gazetteer FILE and --from-labels")
    annotator = annotator or default_annotator()
    with open_project(db_path, create=False) as store:
        if doc_id is not None and not store.has_document(doc_id):
            raise AnnotatorError(f"no document {doc_id!r} in {store.path}")
        if gazetteer is not None:
            source = source or f"gazetteer:{gazetteer.stem}"
            counts = suggest_from_gazetteer(store, gazetteer, source, annotator, doc_id)
        else:
            source = source or f"labels:{annotator}"
            counts = suggest_from_labels(
                store, annotator, source, min_count=min_count, doc_id=doc_id
            )
    click.echo(printable(f"{source}: {counts}"))


@cli.command("review")
@db_option
@annotator_option
@click.option("--source", required=True, help="The suggestions' source.")
@click.option(
    "--accept-above",
    type=click.FloatRange(0, 1),
    help="Accept the pending suggestions scored at or above this (0-1).",
)
@click.option(
    "--reject-below",
    type=click.FloatRange(0, 1),
    help="Reject the pending suggestions scored below this (0-1).",
)
@click.option("--doc", "doc_id", help="Only this document (default: all).")
def review_command(
    db_path: Path,
    annotator: str | None,
    source: str,
    accept_above: float | None,
    reject_below: float | None,
    doc_id: str | None,
) -> None:
    """Accept or reject the annotator's pending suggestions of a source by score, one
    transaction per document; accepted suggestions become the annotator's spans."""
    from annotator.suggest import review

    annotator = annotator or default_annotator()
    with open_project(db_path, create=False) as store:
        counts = review(
            store,
            source,
            annotator,
            accept_above=accept_above,
            reject_below=reject_below,
            doc_id=doc_id,
        )
    click.echo(printable(f"{source}: {counts} (for {annotator})"))


# Set by the entry points: the app may then end its process without the interpreter's
