"""Search commands: search, label-all, show."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from annotator.cli.base import (
    annotator_option,
    cli,
    db_option,
)
from annotator.errors import AnnotatorError
from annotator.projects import open_project
from annotator.store import Store, default_annotator
from annotator.terminal import printable


def _json_line(value: dict[str, Any]) -> str:
    """Return one JSON line, UTF-8 text kept, with C1 controls and line separators escaped
    too (json leaves them raw; a terminal may obey them)."""
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
@db_option
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
    with open_project(db_path, write=False) as store:
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
@db_option
@annotator_option
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
    with open_project(db_path, write=not dry_run, create=False) as store:
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
@db_option
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

    with open_project(db_path, write=False) as store:
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
