"""Project commands: import, export, list, schema, status, log, and the app (gui)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from annotator.cli import base
from annotator.cli.base import (
    annotator_option,
    cli,
    db_option,
    progress,
    schema_option,
)
from annotator.errors import AnnotatorError
from annotator.formats import EXPORT_FORMATS, IMPORT_FORMATS, export_help, import_help
from annotator.model import STATUSES
from annotator.projects import open_project, read_schema
from annotator.store import Store, default_annotator, remove_database
from annotator.terminal import printable


@cli.command("import")
@db_option
@schema_option
@annotator_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    default="auto",
    show_default=True,
    help="Read files as this format" + import_help() + ".",
)
@click.option("--encoding", help="Force the encoding of text files (default: detected).")
@click.option(
    "--label-map",
    "label_map",
    multiple=True,
    metavar="FROM=TO",
    help="Every format: rename a file's labels to schema labels; FROM may be a pattern "
    "(MIS*=MISC). TO must be a schema label and each FROM must match a label, else error.",
)
@click.option(
    "--bad-tags",
    type=click.Choice(["error", "outside"]),
    help="CoNLL: stop at a malformed tag (default), or read it as O (counted in the summary).",
)
@click.option(
    "--blank-tokens",
    type=click.Choice(["error", "skip"]),
    help="CoNLL: stop at a token that is only white space (default), or leave it out (counted).",
)
@click.option(
    "--layer-map",
    "layer_map",
    multiple=True,
    metavar="TSV=OURS",
    help="WebAnno TSV: map a layer to a layer or relation type (webanno.custom.Claim=claim), "
    "a feature to an attribute (webanno.custom.Stance:pol=polarity).",
)
@click.option(
    "--unmapped",
    type=click.Choice(["error", "skip"]),
    help="WebAnno TSV: stop at a layer or feature that maps to nothing (default), or skip "
    "and count it.",
)
@click.option(
    "--as-suggestions",
    is_flag=True,
    help="Store the files' spans as suggestions of --source for documents already in the "
    "project (same ids, same text), not as annotations.",
)
@click.option(
    "--source", help="With --as-suggestions: the suggestions' source (e.g. model:camelbert-ner)."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def import_command(
    db_path: Path,
    schema_file: Path | None,
    annotator: str | None,
    fmt: str,
    encoding: str | None,
    label_map: tuple[str, ...],
    bad_tags: str | None,
    blank_tokens: str | None,
    layer_map: tuple[str, ...],
    unmapped: str | None,
    paths: tuple[Path, ...],
    as_suggestions: bool,
    source: str | None,
) -> None:
    """Import files and folders (recursively), all or nothing.

    .txt: one document each, id = file name without extension, encoding detected
    (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1256). .jsonl: our format or
    doccano's (sequence labelling or relation extraction; JSON Lines, pretty-printed
    objects or a JSON array). .json: also Label Studio exports. .conll/.iob: CoNLL IOB2.
    .ann (or a folder of them): brat standoff with its .txt. .tsv: WebAnno TSV 3.3.
    An option that no file's format reads is an error. On any error nothing is imported.
    """
    from annotator.formats.labelmap import parse_label_map
    from annotator.formats.webanno import parse_layer_map
    from annotator.importer import ImportOptions, check_options, collect_files, import_paths

    given = {
        name
        for name, value in (
            ("label_map", label_map),
            ("bad_tags", bad_tags),
            ("blank_tokens", blank_tokens),
            ("layer_map", layer_map),
            ("unmapped", unmapped),
        )
        if value
    }
    options = ImportOptions(
        fmt,
        encoding,
        parse_label_map(label_map),
        bad_tags or "error",
        blank_tokens=blank_tokens or "error",
        layer_map=parse_layer_map(layer_map),
        unmapped=unmapped or "error",
        given=frozenset(given),
    )
    files = collect_files(paths, fmt)  # fail on a missing path before creating a database
    check_options(files, options)
    if as_suggestions or source:
        _import_suggestions(db_path, annotator, source, files, options)
        return
    existed = db_path.exists()
    annotator = annotator or default_annotator()
    try:
        with Store.open(db_path, schema_source=read_schema(schema_file)) as store:
            with progress(sum(p.stat().st_size for p in files), "importing") as advance:
                summary = import_paths(
                    store,
                    files,
                    annotator,
                    options=options,
                    on_file=lambda p: advance(p.stat().st_size),
                )
    except BaseException:
        if not existed:
            remove_database(db_path)
        raise
    click.echo(str(summary))


@cli.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help=export_help() + ".",
)
@click.option("--out", required=True, help="Output file or folder; - for standard output.")
@click.option("--annotator", help="Only this annotator's spans, relations and status.")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
@click.option("--layer", "layers", multiple=True, help="Only these layers (conll: entity).")
@click.option(
    "--nested",
    type=click.Choice(["outer", "inner"]),
    default="outer",
    show_default=True,
    help="conll: which of overlapping spans to keep.",
)
@click.option(
    "--strip-controls",
    is_flag=True,
    help="conll: leave out invisible controls (LRM, RLM, ALM, bidi embeddings and isolates, "
    "ZWSP, BOM) and report how many; without it every character is kept.",
)
@click.option("--split", help="Split documents into train/dev/test, e.g. 80/10/10.")
@click.option("--seed", default=0, show_default=True, help="Seed of the --split shuffle.")
@click.option("--force", is_flag=True, help="brat: replace a folder holding an earlier export.")
@click.option(
    "--predictions-from",
    metavar="NAME",
    help="label-studio: write this annotator's spans and relations as `predictions` "
    "(model_version NAME), the others as `annotations`.",
)
def export_command(
    db_path: Path,
    fmt: str,
    out: str,
    annotator: str | None,
    status: str | None,
    layers: tuple[str, ...],
    nested: str,
    strip_controls: bool,
    split: str | None,
    seed: int,
    force: bool,
    predictions_from: str | None,
) -> None:
    """Export documents with their spans and relations (streamed, UTF-8).

    --annotator keeps that annotator's spans and relations (and applies --status to
    their status); without it, --status matches any annotator's status. --split writes
    NAME.train.EXT, NAME.dev.EXT, NAME.test.EXT (folders train/ dev/ test/ for brat).
    """
    from annotator.exporter import ExportOptions, export, parse_split

    options = ExportOptions(
        annotator,
        status,
        layers,
        nested,
        parse_split(split) if split else (),
        seed,
        force,
        strip_controls=strip_controls,
        predictions_from=predictions_from or "",
    )
    if predictions_from and fmt != "label-studio":
        raise AnnotatorError("--predictions-from applies only to --format label-studio")
    with open_project(db_path, write=False) as store:
        total = len(store.filtered_ids(annotator, status))
        with progress(total, "exporting") as advance:
            lines = export(store, fmt, out, options, on_document=lambda: advance(1))
    for line in lines:
        click.echo(line, err=True)


@cli.command("list")
@db_option
@annotator_option
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
def list_command(db_path: Path, annotator: str | None, status: str | None) -> None:
    """List documents with their status (for the annotator), span count and a preview."""
    from annotator.terminal import for_terminal

    annotator = annotator or default_annotator()
    is_terminal = sys.stdout.isatty()
    with open_project(db_path, write=False) as store:
        rows = store.list_documents(annotator, status)
        done, total = store.progress(annotator)
    ids = [printable(r.id) for r in rows]
    width = max([len(i) for i in ids] + [2])
    click.echo(f"{'id':<{width}}  {'status':<11}  {'spans':>6}  {'chars':>7}  text")
    for row, shown_id in zip(rows, ids, strict=True):
        preview = row.preview[:40] + ("…" if len(row.preview) > 40 else "")
        click.echo(
            f"{shown_id:<{width}}  {row.status:<11}  {row.spans:>6}  {row.length:>7}  "
            + for_terminal(preview, is_terminal)
        )
    click.echo(f"{done} of {total} documents done by {printable(annotator)}")


@cli.command("schema")
@db_option
def schema_command(db_path: Path) -> None:
    """Print the project's label schema (TOML, as stored in the database)."""
    with open_project(db_path, write=False) as store:
        click.echo(store.schema.source, nl=False)


@cli.command("status")
@db_option
@annotator_option
@click.argument("doc_id")
@click.argument("status", type=click.Choice(STATUSES))
def status_command(db_path: Path, annotator: str | None, doc_id: str, status: str) -> None:
    """Set a document's status for the annotator (todo, in_progress, done)."""
    annotator = annotator or default_annotator()
    with open_project(db_path, create=False) as store:
        store.set_status(doc_id, annotator, status)
    click.echo(printable(f"{doc_id}: {status} for {annotator}"))


@cli.command("log")
@db_option
@click.option("--doc", "doc_id", help="Only changes to this document.")
@click.option("--limit", default=20, show_default=True, help="How many changes to show.")
def log_command(db_path: Path, doc_id: str | None, limit: int) -> None:
    """Show the latest changes (the append-only history), newest first."""
    with open_project(db_path, write=False) as store:
        for change in store.changes(doc_id, limit):
            target = f" {change['target']}" if change["target"] else ""
            click.echo(
                printable(
                    f"{change['at']}  {change['annotator']}  {change['action']} "
                    f"({change['via']})  {change['doc_id'] or ''}{target}"
                )
            )


@cli.command("gui")
@db_option
@schema_option
@annotator_option
@click.option("--doc", "doc_id", help="Document to open (default: the first not done).")
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the main window to this PNG and exit (works offscreen).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "ar"]),
    help="Interface language (default: the settings' choice, else the system's).",
)
def gui(
    db_path: Path,
    schema_file: Path | None,
    annotator: str | None,
    doc_id: str | None,
    screenshot: Path | None,
    lang: str | None,
) -> None:
    """Start the annotation app."""
    from annotator.gui.app import require_display, run  # Qt loads only for the GUI

    require_display(screenshot is not None)  # before the project file is created
    open_project(db_path, schema_file, annotator=annotator).close()

    code = run(db_path, doc_id, annotator, screenshot, leave=base.REAL_PROCESS, lang=lang)
    sys.exit(code)


def _import_suggestions(
    db_path: Path, annotator: str | None, source: str | None, files: list[Path], options: Any
) -> None:
    """`import --as-suggestions`: the documents must be in the project already."""
    from annotator.suggest import import_suggestions

    if not source:
        raise AnnotatorError("--as-suggestions needs --source NAME (e.g. model:camelbert-ner)")
    with open_project(db_path, create=False) as store:
        with progress(sum(p.stat().st_size for p in files), "importing") as advance:
            counts, report = import_suggestions(
                store,
                files,
                source,
                annotator or default_annotator(),
                options,
                on_file=lambda p: advance(p.stat().st_size),
            )
    click.echo(printable(f"{source}: {counts} (from {report.files} files)"))
    ignored = report.counts.get("relations_ignored", 0)
    if ignored:
        click.echo(f"{ignored} relations ignored: suggestions are spans only")
    for note in report.notes:
        click.echo(printable(note))
