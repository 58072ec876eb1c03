"""The `annotator` command: thin commands over the store and the formats.

Each command opens the database, calls the library and turns an AnnotatorError into one
line on stderr and exit code 1: no traceback ever reaches the user for a user error.
"""

from __future__ import annotations

import contextlib
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
from annotator.formats import EXPORT_FORMATS, IMPORT_FORMATS, export_help, import_help
from annotator.model import STATUSES
from annotator.paths import default_database_path
from annotator.store import Store, default_annotator, remove_database
from annotator.terminal import printable

# Format modules load inside the commands that use them: `annotator gui` starts faster.


class _Commands(click.Group):
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


def _db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default_database_path,
        show_default="the user data dir's annotator.db",
        help="Project database (SQLite file); import and gui create it when missing.",
    )(func)


def _annotator_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--annotator",
        envvar="ANNOTATOR_NAME",
        default=None,
        help="Annotator name (default: $ANNOTATOR_NAME, else the OS user name).",
    )(func)


def _schema_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--schema",
        "schema_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Label schema (TOML) for a new database; default: the bundled schema.",
    )(func)


def _read_schema(schema_file: Path | None) -> str | None:
    if schema_file is None:
        return None
    data = schema_file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnnotatorError(
            f"the schema is not UTF-8 (byte 0x{data[error.start]:02x} at byte {error.start})",
            path=schema_file,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from None


def _open(
    db_path: Path, schema_file: Path | None = None, *, write: bool = True, create: bool = True
) -> Store:
    """Open a project: for writing (created when new or empty), or read-only for commands
    that only read (they never change the file). The default project is created on first
    use, with the bundled sample."""
    is_default = db_path == default_database_path()
    if not write and not (is_default and not db_path.exists()):
        return Store.open(db_path, readonly=True)
    store = Store.open(
        db_path, schema_source=_read_schema(schema_file), create=create or is_default
    )
    if is_default:
        from annotator.importer import import_sample_if_empty

        import_sample_if_empty(store, "sample")
    return store


@click.group(
    cls=_Commands,
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
        ctx.invoke(gui, annotator=os.environ.get("ANNOTATOR_NAME") or None)


@cli.command("import")
@_db_option
@_schema_option
@_annotator_option
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
    help="CoNLL: stop at a token that is only white space (default), or leave it out "
    "(counted).",
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
        with Store.open(db_path, schema_source=_read_schema(schema_file)) as store:
            with _progress(sum(p.stat().st_size for p in files), "importing") as advance:
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
@_db_option
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
    with _open(db_path, write=False) as store:
        total = len(store.filtered_ids(annotator, status))
        with _progress(total, "exporting") as advance:
            lines = export(store, fmt, out, options, on_document=lambda: advance(1))
    for line in lines:
        click.echo(line, err=True)


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yield a function that advances a progress bar on stderr (only on a terminal)."""
    if not sys.stderr.isatty():
        yield lambda amount: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@cli.command("list")
@_db_option
@_annotator_option
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
def list_command(db_path: Path, annotator: str | None, status: str | None) -> None:
    """List documents with their status (for the annotator), span count and a preview."""
    from annotator.terminal import for_terminal

    annotator = annotator or default_annotator()
    is_terminal = sys.stdout.isatty()
    with _open(db_path, write=False) as store:
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
@_db_option
def schema_command(db_path: Path) -> None:
    """Print the project's label schema (TOML, as stored in the database)."""
    with _open(db_path, write=False) as store:
        click.echo(store.schema.source, nl=False)


@cli.command("status")
@_db_option
@_annotator_option
@click.argument("doc_id")
@click.argument("status", type=click.Choice(STATUSES))
def status_command(db_path: Path, annotator: str | None, doc_id: str, status: str) -> None:
    """Set a document's status for the annotator (todo, in_progress, done)."""
    annotator = annotator or default_annotator()
    with _open(db_path, create=False) as store:
        store.set_status(doc_id, annotator, status)
    click.echo(printable(f"{doc_id}: {status} for {annotator}"))


@cli.command("log")
@_db_option
@click.option("--doc", "doc_id", help="Only changes to this document.")
@click.option("--limit", default=20, show_default=True, help="How many changes to show.")
def log_command(db_path: Path, doc_id: str | None, limit: int) -> None:
    """Show the latest changes (the append-only history), newest first."""
    with _open(db_path, write=False) as store:
        for change in store.changes(doc_id, limit):
            target = f" {change['target']}" if change["target"] else ""
            click.echo(
                printable(
                    f"{change['at']}  {change['annotator']}  {change['action']} "
                    f"({change['via']})  {change['doc_id'] or ''}{target}"
                )
            )


@cli.command("gui")
@_db_option
@_schema_option
@_annotator_option
@click.option("--doc", "doc_id", help="Document to open (default: the first not done).")
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the main window to this PNG and exit (works offscreen).",
)
def gui(
    db_path: Path,
    schema_file: Path | None,
    annotator: str | None,
    doc_id: str | None,
    screenshot: Path | None,
) -> None:
    """Start the annotation app."""
    from annotator.gui.app import require_display, run  # Qt loads only for the GUI

    require_display(screenshot is not None)  # before the project file is created
    _open(db_path, schema_file).close()

    code = run(db_path, doc_id, annotator, screenshot, leave=_REAL_PROCESS)
    sys.exit(code)


def _names(value: str | None) -> tuple[str, ...]:
    """Split a comma-separated option (`ana,omar`) into names, blanks dropped."""
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


def _ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """Document ids from repeated or comma-separated --docs options."""
    return tuple(i for value in values for i in _names(value))


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@cli.command("assign")
@_db_option
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
    with _open(db_path, write=False) as store:
        report = assign(store, out_dir, options)
    for name, path in report.files.items():
        click.echo(printable(f"{path}: {report.documents[name]} documents for {name}"))
    click.echo(
        f"{report.total} documents assigned, {report.shared} of them to two annotators or more"
        + (f"; {report.spans} starting spans copied" if spans_from else "")
    )


@cli.command("merge")
@_db_option
@_annotator_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def merge_command(db_path: Path, annotator: str | None, files: tuple[Path, ...]) -> None:
    """Bring annotators' project files into the team project, all or nothing: new and
    changed spans, relations and statuses, deletions since the last merge of the same
    file name, and their change history; ids already taken here are renamed."""
    from annotator.team.merge import merge_files

    with _open(db_path, create=False) as store:
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
@_db_option
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
    import json

    from annotator.team.agreement import AgreementOptions, measure_agreement

    options = AgreementOptions(layers, _names(annotators), _ids(docs), include_unfinished)
    with _open(db_path, write=False) as store, contextlib.ExitStack() as stack:
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
@_db_option
@click.option("--into", default="gold", show_default=True, help="The gold annotator's name.")
@click.option("--min-agree", type=int, required=True, help="Annotators who must agree exactly.")
@click.option("--layer", "layers", multiple=True, help="Only these layers (default: all).")
def adjudicate_command(db_path: Path, into: str, min_agree: int, layers: tuple[str, ...]) -> None:
    """Copy every span on which at least N annotators agree exactly (edges, label,
    attributes) into the gold annotator, with the relations N of them agree on; what is
    in gold already stays, so running it twice changes nothing."""
    from annotator.team.adjudicate import adjudicate

    with _open(db_path, create=False) as store:
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
@_db_option
def stats_command(db_path: Path) -> None:
    """Team progress: documents per status and spans per label for every annotator, and
    a summary of agreement."""
    from annotator.team.agreement import measure_agreement
    from annotator.team.stats import team_stats

    with _open(db_path, write=False) as store:
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


def _json_line(value: dict[str, Any]) -> str:
    """Return one JSON line, UTF-8 text kept, with C1 controls and line separators escaped
    too (json leaves them raw; a terminal may obey them)."""
    import json
    import re

    line = json.dumps(value, ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", line)


def _search_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.argument("query"),
            click.option("--doc", "doc_id", help="Only this document (default: all)."),
            click.option(
                "--whole-word",
                is_flag=True,
                help="Whole words only; proclitics (و ف ب ك ل ال and combinations) may precede.",
            ),
            click.option(
                "--regex", is_flag=True, help="QUERY is a regular expression (on normalised text)."
            ),
        ]
    ):
        func = option(func)
    return func


def _documents(store: Store, doc_id: str | None) -> Iterator[tuple[str, str]]:
    """Yield `(id, text)` one document at a time: memory stays flat on a large corpus."""
    for identifier in [doc_id] if doc_id is not None else store.document_ids():
        yield identifier, store.text(identifier)


def _shown_line(line: str, is_terminal: bool, indent: int) -> str:
    """Return a line of text for the terminal: logical when piped; on a terminal wrapped to
    the room left after `indent` columns, then shaped and ordered line by line."""
    import shutil

    from annotator.show import render

    if not is_terminal:
        return printable(line)
    room = max(shutil.get_terminal_size().columns - indent, 20)
    return ("\n" + " " * indent).join(render(line, [], terminal=True, width=room).split("\n"))


@cli.command("search")
@_db_option
@_search_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit and line.")
def search_command(
    db_path: Path, query: str, doc_id: str | None, whole_word: bool, regex: bool, as_json: bool
) -> None:
    """Search the project, Arabic-aware: diacritics and tatweel ignored, alef forms, alef
    maqsura and ya, Persian letters unified. Prints DOC:START-END (code points) and the
    line around each hit; --json prints doc, start, end, text and context."""
    from annotator.search import MatchOptions, compile_query, context, find

    options = MatchOptions(whole_word=whole_word, regex=regex)
    pattern = compile_query(query, options)
    is_terminal = sys.stdout.isatty()
    hits = documents = 0
    with _open(db_path, write=False) as store:
        for identifier, text in _documents(store, doc_id):
            found = find(identifier, text, pattern, options)
            hits += len(found)
            documents += bool(found)
            for hit in found:
                around = context(text, hit)
                if as_json:
                    click.echo(
                        _json_line(
                            {
                                "doc": hit.doc_id,
                                "start": hit.start,
                                "end": hit.end,
                                "text": hit.text,
                                "context": around,
                            }
                        )
                    )
                else:
                    where = printable(f"{hit.doc_id}:{hit.start}-{hit.end}: ")
                    click.echo(where + _shown_line(around, is_terminal, len(where)))
    click.echo(f"{hits} hits in {documents} documents", err=True)


@cli.command("label-all")
@_db_option
@_annotator_option
@_search_options
@click.option("--label", required=True, help="Label to give every hit (e.g. GPE).")
@click.option(
    "--inside-words", is_flag=True, help="Also label hits inside longer words (skipped otherwise)."
)
@click.option("--dry-run", is_flag=True, help="Report what would be labelled; change nothing.")
def label_all_command(
    db_path: Path,
    annotator: str | None,
    query: str,
    doc_id: str | None,
    whole_word: bool,
    regex: bool,
    label: str,
    inside_words: bool,
    dry_run: bool,
) -> None:
    """Label every occurrence of QUERY (matched as by search) with LABEL, one transaction
    per document. A proclitic stays outside the span (أوكرانيا in لأوكرانيا); hits already
    labelled so are left alone, hits overlapping another span of the layer are labelled and
    flagged, hits inside a longer word are skipped unless --inside-words."""
    from annotator.labelall import plan, to_label
    from annotator.model import Span
    from annotator.search import MatchOptions, compile_query, find

    annotator = annotator or default_annotator()
    options = MatchOptions(whole_word=whole_word, regex=regex)
    pattern = compile_query(query, options)
    counts = {"labelled": 0, "already": 0, "inside": 0, "flagged": 0, "documents": 0}
    verb = "would label" if dry_run else "labelled"
    with _open(db_path, write=not dry_run, create=False) as store:
        found_label = store.schema.find_label(label)
        attrs = {a.name: a.default for a in found_label.attributes if a.default is not None}
        for identifier, text in _documents(store, doc_id):
            hits = find(identifier, text, pattern, options)
            if not hits:
                continue
            candidates = plan(
                hits,
                store.spans(identifier, annotator),
                found_label.layer,
                label,
                include_inside_words=inside_words,
            )
            chosen = to_label(candidates)
            if chosen and not dry_run:
                store.add_spans(
                    identifier,
                    [
                        Span("", c.hit.start, c.hit.end, found_label.layer, label, attrs)
                        for c in chosen
                    ],
                    annotator,
                )
            counts["documents"] += bool(chosen)
            for candidate in candidates:
                hit = candidate.hit
                counts["already"] += candidate.already
                counts["inside"] += candidate.inside_word and not candidate.checked
                counts["flagged"] += bool(candidate.checked and candidate.overlaps)
                counts["labelled"] += candidate in chosen
                action = verb if candidate in chosen else "skipped"
                note = "" if candidate.reason == "new" else f" ({candidate.reason})"
                click.echo(
                    printable(f"{action}  {hit.doc_id}:{hit.start}-{hit.end}  {hit.text}{note}")
                )
    click.echo(
        f"{verb} {counts['labelled']} in {counts['documents']} documents; "
        f"{counts['already']} already labelled, {counts['inside']} inside longer words "
        f"skipped, {counts['flagged']} overlapping other spans",
        err=True,
    )


@cli.command("show")
@_db_option
@click.argument("doc_id")
@click.option("--layer", "layers", multiple=True, help="Only spans of these layers.")
@click.option("--annotator", help="Only this annotator's spans (default: everyone's).")
def show_command(
    db_path: Path, doc_id: str, layers: tuple[str, ...], annotator: str | None
) -> None:
    """Print a document with its spans marked [LABEL text]. On a terminal, each line is
    wrapped to its width, then shaped and put in visual order; piped, the text stays in
    logical order."""
    import shutil

    from annotator.show import render

    with _open(db_path, write=False) as store:
        known = [layer.name for layer in store.schema.layers]
        for layer in layers:
            if layer not in known:
                raise AnnotatorError(f"unknown layer {layer!r} (known: {', '.join(known)})")
        text = store.text(doc_id)
        spans = [s for s in store.spans(doc_id, annotator) if not layers or s.layer in layers]
    is_terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns
    shown = render(text, spans, terminal=is_terminal, width=width)
    click.echo(shown, nl=not shown.endswith("\n"))


def _import_suggestions(
    db_path: Path, annotator: str | None, source: str | None, files: list[Path], options: Any
) -> None:
    """`import --as-suggestions`: the documents must be in the project already."""
    from annotator.suggest import import_suggestions

    if not source:
        raise AnnotatorError("--as-suggestions needs --source NAME (e.g. model:camelbert-ner)")
    with _open(db_path, create=False) as store:
        with _progress(sum(p.stat().st_size for p in files), "importing") as advance:
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


@cli.command("suggest")
@_db_option
@_annotator_option
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
    with _open(db_path, create=False) as store:
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
@_db_option
@_annotator_option
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
    with _open(db_path, create=False) as store:
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
# teardown (tests run the commands in-process and must keep theirs).
_REAL_PROCESS = False


def main() -> None:
    global _REAL_PROCESS
    _REAL_PROCESS = True
    cli(prog_name="annotator")


def gui_main() -> None:
    """Entry point of `annotator-gui`: the app, without a console command line."""
    global _REAL_PROCESS
    _REAL_PROCESS = True
    cli(["gui", *sys.argv[1:]], prog_name="annotator-gui")
