"""The format registry: one place names every format, its extensions, reader and writer."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import click
import pytest

from annotator.cli.project import export_command, import_command
from annotator.exporter import ExportOptions, export
from annotator.formats import FORMATS, IMPORT_EXTENSIONS, format_for
from annotator.formats.report import PHRASES, Report
from annotator.importer import collect_files, import_paths
from annotator.store import Store
from tests.helpers import run_cli

TEXT = "قال ينس ستولتنبرغ إن الدعم لأوكرانيا بلغ 3.5 مليار يورو 😀\nوزار سيئول أمس"


def choices(command: click.Command, option: str) -> list[str]:
    (parameter,) = [p for p in command.params if p.name == option]
    assert isinstance(parameter.type, click.Choice)
    return list(parameter.type.choices)


def test_every_format_is_offered_by_the_commands_that_use_it() -> None:
    readers = [f.name for f in FORMATS.values() if f.read]
    writers = [f.name for f in FORMATS.values() if f.write]
    assert choices(import_command, "fmt") == ["auto", *readers]
    assert choices(export_command, "fmt") == writers
    import_help = run_cli("import", "--help").output
    export_help = run_cli("export", "--help").output
    for name in readers:
        assert name in import_help
    for entry in FORMATS.values():
        for extension in entry.extensions:
            assert extension in import_help, extension
    for name in writers:
        assert name in export_help


def test_every_extension_maps_to_exactly_one_reader(tmp_path: Path) -> None:
    listed = [ext for f in FORMATS.values() for ext in f.extensions]
    assert Counter(listed).most_common(1)[0][1] == 1
    assert set(listed) == set(IMPORT_EXTENSIONS)
    for entry in FORMATS.values():
        assert not entry.extensions or entry.read, f"{entry.name} has extensions but no reader"
        for extension in entry.extensions:
            path = tmp_path / f"file{extension.upper()}"
            path.write_text("x", encoding="utf-8")
            assert format_for(path) is entry
            assert collect_files([path]) == [path]


def test_every_reader_and_writer_loads() -> None:
    for entry in FORMATS.values():
        assert entry.read or entry.write
        if entry.read:
            assert callable(entry.reader())
        if entry.write:
            assert callable(entry.writer())


def test_the_command_line_loads_no_format_module_until_one_is_used() -> None:
    code = (
        "import sys, annotator.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('annotator.formats.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert loaded.strip() == "[]"


def project(tmp_path: Path) -> Path:
    """A project with one document holding entities, a claim, a stance and relations."""
    spans = []
    for number, (words, layer, label, attrs) in enumerate(
        [
            ("ينس ستولتنبرغ", "entity", "PER", {}),
            ("أوكرانيا", "entity", "GPE", {}),
            ("سيئول", "entity", "GPE", {}),
            ("الدعم لأوكرانيا بلغ 3.5 مليار يورو", "claim", "CLAIM", {}),
            ("وزار سيئول", "stance", "STANCE", {"polarity": "favor"}),
        ],
        start=1,
    ):
        start = TEXT.index(words)
        spans.append(
            {
                "id": f"T{number}",
                "start": start,
                "end": start + len(words),
                "layer": layer,
                "label": label,
                "attrs": attrs,
                "annotator": "amal",
            }
        )
    relations = [
        {"id": "R1", "type": "claimant", "from": "T4", "to": "T1", "annotator": "amal"},
        {"id": "R2", "type": "target", "from": "T5", "to": "T3", "annotator": "amal"},
    ]
    source = tmp_path / "source.jsonl"
    line = {"id": "nato-1", "text": TEXT, "meta": {"site": "x"}, "spans": spans}
    line["relations"] = relations
    line["status"] = {"amal": "done"}
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "source.db"
    with Store.open(db) as store:
        import_paths(store, [source], "amal")
    return db


def dump(db: Path) -> list[tuple]:
    with Store.open(db, readonly=True) as store:
        return [
            (d.id, d.text, sorted(d.spans), sorted(d.relations), d.meta, d.statuses)
            for d in store.iter_documents()
        ]


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("jsonl", ".jsonl"), ("brat", ""), ("doccano", ".jsonl"), ("doccano-seq", ".jsonl")],
)
def test_lossless_formats_round_trip_through_the_registry(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    db = project(tmp_path)
    out = tmp_path / f"out-{fmt}{suffix}"
    with Store.open(db, readonly=True) as store:
        (line,) = export(store, fmt, str(out), ExportOptions())
    assert line.startswith(f"{out}: 1 documents ({fmt}), 5 spans, 2 relations")
    copy = tmp_path / "copy.db"
    with Store.open(copy) as store:
        report = import_paths(store, [out], "amal")
    assert isinstance(report, Report)
    assert (report.documents, report.spans, report.relations) == (1, 5, 2)
    assert dump(copy) == dump(db)


def test_conll_round_trips_entities_through_the_registry(tmp_path: Path) -> None:
    db = project(tmp_path)
    out = tmp_path / "out.conll"
    with Store.open(db, readonly=True) as store:
        (line,) = export(store, "conll", str(out), ExportOptions())
    assert "1 documents (conll), 3 spans, 0 relations" in line
    assert "split 1 words at span edges" in line  # the ل of لأوكرانيا
    copy = tmp_path / "copy.db"
    with Store.open(copy) as store:
        import_paths(store, [out], "amal")
        (document,) = store.iter_documents()
    assert document.id == "nato-1"
    assert [(document.text[s.start : s.end], s.label) for s in document.spans] == [
        ("ينس ستولتنبرغ", "PER"),
        ("أوكرانيا", "GPE"),
        ("سيئول", "GPE"),
    ]


def test_tables_count_rows(tmp_path: Path) -> None:
    db = project(tmp_path)
    with Store.open(db, readonly=True) as store:
        (line,) = export(store, "claims-csv", str(tmp_path / "c.csv"), ExportOptions())
    assert line == f"{tmp_path / 'c.csv'}: 1 documents (claims-csv); 1 rows"


def test_one_report_renders_every_named_count() -> None:
    report = Report("conll", "out.conll", documents=2, spans=3)
    for name in PHRASES.keys() - {"rows"}:  # rows: a table, whose headline is shorter
        report.count(name, 4)
    line = str(report)
    assert line.startswith("out.conll: 2 documents (conll), 3 spans, 0 relations; ")
    assert "{" not in line and "}" not in line and line.count(" 4 ") >= len(PHRASES) - 3
    assert report.empty_documents == 4 and Report("x").removed_controls == 0
    with pytest.raises(AttributeError):
        _ = report.no_such_count
