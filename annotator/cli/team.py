"""Team commands: assign, merge, agreement, adjudicate, stats."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from annotator.cli.base import (
    annotator_option,
    cli,
    db_option,
)
from annotator.errors import AnnotatorError
from annotator.model import STATUSES
from annotator.projects import open_project
from annotator.store import default_annotator
from annotator.terminal import printable


def _names(value: str | None) -> tuple[str, ...]:
    """Split a comma-separated option (`ana,omar`) into names, blanks dropped."""
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """Document ids from repeated or comma-separated --docs options."""
    return tuple(i for value in values for i in _names(value))


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@cli.command("assign")
@db_option
@click.option("--annotators", required=True, help="Comma-separated names: ana,omar,sara.")
@click.option("--per-document", default=1, show_default=True, help="Annotators per document.")
@click.option(
    "--overlap",
    default=0.0,
    show_default=True,
    help="Share of documents (0-1) that get at least two annotators, for agreement.",
)
@click.option("--docs", "docs", multiple=True, help="Only these document ids (comma-separated).")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
@click.option(
    "--seed", default=0, show_default=True, help="Seed of the shuffle: same seed, same files."
)
@click.option(
    "--with-spans", "spans_from", metavar="NAME", help="Give NAME's spans as a starting point."
)
@click.option(
    "--out-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the project files, one NAME.db per annotator.",
)
def assign_command(
    db_path: Path,
    annotators: str,
    per_document: int,
    overlap: float,
    docs: tuple[str, ...],
    status: str | None,
    seed: int,
    spans_from: str | None,
    out_dir: Path,
) -> None:
    """Write one project file per annotator (OUT-DIR/NAME.db) with the team schema and
    their share of the documents; deterministic for a seed, all or nothing."""
    from annotator.team.assign import AssignOptions, assign

    options = AssignOptions(
        _names(annotators), per_document, overlap, seed, _ids(docs), status, spans_from
    )
    with open_project(db_path, write=False) as store:
        report = assign(store, out_dir, options)
    for name, path in report.files.items():
        click.echo(printable(f"{path}: {report.documents[name]} documents for {name}"))
    click.echo(
        f"{report.total} documents assigned, {report.shared} of them to two annotators or more"
        + (f"; {report.spans} starting spans copied" if spans_from else "")
    )


@cli.command("merge")
@db_option
@annotator_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def merge_command(db_path: Path, annotator: str | None, files: tuple[Path, ...]) -> None:
    """Bring annotators' project files into the team project, all or nothing: new and
    changed spans, relations and statuses, deletions since the last merge of the same
    file name, and their change history; ids already taken here are renamed."""
    from annotator.team.merge import merge_files

    with open_project(db_path, create=False) as store:
        results = merge_files(store, files, annotator or default_annotator())
    for path, merged in zip(files, results, strict=True):
        if not merged.changed:
            click.echo(printable(f"{path}: already merged, nothing changed"))
            continue
        parts = [
            f"{value} {key.replace('_', ' ')}"
            for key, value in sorted(merged.counts.items())
            if value
        ]
        click.echo(printable(f"{path}: {', '.join(parts)} (merge {merged.merge_id})"))


@cli.command("agreement")
@db_option
@click.option("--layer", "layers", multiple=True, help="Only these layers (default: all).")
@click.option("--annotators", help="Compare only these annotators (comma-separated).")
@click.option("--docs", "docs", multiple=True, help="Only these document ids (comma-separated).")
@click.option(
    "--include-unfinished",
    is_flag=True,
    help="Count a document for an annotator who has a span of the layer in it, done or not.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the figures as JSON here.",
)
@click.option(
    "--disagreements",
    "disagreements_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every disagreement (document, offsets, text, labels) as JSON lines here.",
)
def agreement_command(
    db_path: Path,
    layers: tuple[str, ...],
    annotators: str | None,
    docs: tuple[str, ...],
    include_unfinished: bool,
    json_path: Path | None,
    disagreements_path: Path | None,
) -> None:
    """Inter-annotator agreement per layer and label: strict and overlap F1 per pair,
    Cohen's kappa per pair and Krippendorff's alpha on characters, confusion matrix."""

    from annotator.team.agreement import AgreementOptions, measure_agreement

    options = AgreementOptions(layers, _names(annotators), _ids(docs), include_unfinished)
    with open_project(db_path, write=False) as store, contextlib.ExitStack() as stack:
        write = None
        if disagreements_path is not None:
            stream = stack.enter_context(disagreements_path.open("w", encoding="utf-8"))

            def write(item: dict[str, Any]) -> None:
                stream.write(json.dumps(item, ensure_ascii=False) + "\n")

        result = measure_agreement(store, options, write)
    if json_path is not None:
        json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    for line in _agreement_lines(result):
        click.echo(printable(line))


def _agreement_lines(result: dict[str, Any]) -> Iterator[str]:
    yield f"annotators: {', '.join(result['annotators'])}"
    for layer, figures in result["layers"].items():
        yield (
            f"{layer}: alpha {_score(figures['alpha'])} on {figures['units']} characters of "
            f"{figures['documents']} documents, {figures['disagreements']} disagreements"
        )
        for pair in figures["pairs"]:
            yield (
                f"  {pair['a']} / {pair['b']}: {pair['documents']} documents, kappa "
                f"{_score(pair['kappa'])}, strict F1 {_score(pair['strict']['f1'])}, "
                f"overlap F1 {_score(pair['overlap']['f1'])}"
            )
            for label, scores in pair["labels"].items():
                yield (
                    f"    {label:<8} strict P {_score(scores['strict']['precision'])} "
                    f"R {_score(scores['strict']['recall'])} F1 {_score(scores['strict']['f1'])}"
                    f"  overlap F1 {_score(scores['overlap']['f1'])}"
                )


@cli.command("adjudicate")
@db_option
@click.option("--into", default="gold", show_default=True, help="The gold annotator's name.")
@click.option("--min-agree", type=int, required=True, help="Annotators who must agree exactly.")
@click.option("--layer", "layers", multiple=True, help="Only these layers (default: all).")
def adjudicate_command(db_path: Path, into: str, min_agree: int, layers: tuple[str, ...]) -> None:
    """Copy every span on which at least N annotators agree exactly (edges, label,
    attributes) into the gold annotator, with the relations N of them agree on; what is
    in gold already stays, so running it twice changes nothing."""
    from annotator.team.adjudicate import adjudicate

    with open_project(db_path, create=False) as store:
        report = adjudicate(store, into, min_agree, layers)
    click.echo(
        printable(
            f"{report.spans_accepted} spans and {report.relations_accepted} relations accepted "
            f"into {into} in {report.documents} documents ({report.spans_in_gold} agreed spans "
            f"were in {into} already); {report.span_disagreements} spans and "
            f"{report.relation_disagreements} relations left for curation"
        )
    )


@cli.command("stats")
@db_option
def stats_command(db_path: Path) -> None:
    """Team progress: documents per status and spans per label for every annotator, and
    a summary of agreement."""
    from annotator.team.agreement import measure_agreement
    from annotator.team.stats import team_stats

    with open_project(db_path, write=False) as store:
        stats = team_stats(store)
        try:
            agreement: dict[str, Any] | None = measure_agreement(store)
        except AnnotatorError as error:
            agreement, reason = None, error.message
    click.echo(f"{stats.documents} documents, {stats.merges} merges")
    for person in stats.annotators:
        done = ", ".join(f"{person.statuses.get(s, 0)} {s}" for s in STATUSES[1:])
        click.echo(printable(f"{person.name}: {done}; {person.spans} spans"))
        for (layer, label), count in person.labels.items():
            click.echo(printable(f"  {layer}/{label}: {count}"))
    if agreement is None:
        click.echo(f"agreement: {reason}")
        return
    for layer, figures in agreement["layers"].items():
        f1s = [p["strict"]["f1"] for p in figures["pairs"] if p["strict"]["f1"] is not None]
        mean = sum(f1s) / len(f1s) if f1s else None
        click.echo(
            f"agreement {layer}: alpha {_score(figures['alpha'])}, mean strict F1 "
            f"{_score(mean)} over {len(f1s)} pairs, {figures['documents']} documents"
        )
