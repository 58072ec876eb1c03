"""Export fidelity and safety: what brat and doccano carry back, atomic folders, temp files,
permissions, symlinks, clear errors, spreadsheet formulas behind invisible characters."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.brat import ann_lines, read_brat
from annotator.formats.filenames import MAX_STEM_BYTES, doc_id_from_stem, unique_stem
from annotator.model import Document, Span
from annotator.schema import parse_schema
from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

SCHEMA = (Path(__file__).parent.parent / "resources" / "schema.toml").read_text(encoding="utf-8")
LONG_ID = "مقال-" + "طويل/" * 60  # about 600 bytes once escaped: too long for a file name
TEXT = "قال ينس\nستولتنبرغ إن الحلف\nسيبقى."


def _span(span_id: str, start: int, end: int, layer: str, label: str, **extra) -> dict:
    return {"id": span_id, "start": start, "end": end, "layer": layer, "label": label, **extra}


def rich_lines() -> list[dict]:
    """Documents that exercise everything the exports used to lose."""
    newline = TEXT.index("\n")
    return [
        {
            "id": "doc",
            "text": TEXT,
            "meta": {"source": "sputnik", "url": "https://example.com/1", "n": 3},
            "status": {"ana": "done", "bob": "in_progress"},
            "spans": [
                _span("ent-1", 4, 7, "entity", "PER", annotator="ana"),
                _span("T9", newline, newline + 10, "entity", "PER", annotator="bob"),
                _span("c1", 8, len(TEXT), "claim", "CLAIM", annotator="ana"),
                _span("st", 0, newline + 1, "stance", "STANCE", annotator="ana",
                      attrs={"polarity": "strongly favor"}),
                _span("T2", 0, 3, "stance", "STANCE", annotator="bob",
                      attrs={"polarity": "50% against"}),
            ],
            "relations": [
                {"id": "link-a", "type": "claimant", "from": "c1", "to": "ent-1",
                 "annotator": "ana"},
                {"id": "R7", "type": "holder", "from": "st", "to": "T9", "annotator": "bob"},
            ],
        },
        {"id": "Doc", "text": "نص آخر", "meta": {"k": ["v"]}},
        {"id": "DOC", "text": "نص ثالث"},
        {"id": "spaces", "text": "  \n\t "},
        {"id": LONG_ID, "text": "نص طويل الاسم", "spans": [_span("x", 0, 2, "entity", "LOC")]},
    ]


@pytest.fixture
def rich_db(tmp_path: Path) -> Path:
    schema = tmp_path / "schema.toml"
    schema.write_text(
        SCHEMA.replace('"neutral"]', '"neutral", "strongly favor", "50% against"]'), "utf-8"
    )
    source = tmp_path / "rich.jsonl"
    source.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in rich_lines()), "utf-8"
    )
    db = tmp_path / "rich.db"
    result = run_cli("import", "--db", db, "--schema", schema, "--annotator", "imp", source)
    assert result.exit_code == 0, result.output
    return db


def jsonl_by_id(db: Path) -> dict[str, dict]:
    result = run_cli("export", "--db", db, "--out", "-")
    assert result.exit_code == 0, result.output
    return {obj["id"]: obj for obj in map(json.loads, result.stdout.splitlines())}


@pytest.mark.parametrize("fmt", ["brat", "doccano", "doccano-seq"])
def test_reading_our_export_back_restores_everything(rich_db: Path, tmp_path: Path, fmt):
    """ids, annotators, meta, statuses, attribute values with spaces, edge line breaks,
    a white-space-only document, ids differing only in case and an over-long id."""
    out = tmp_path / ("brat" if fmt == "brat" else f"{fmt}.jsonl")
    result = run_cli("export", "--db", rich_db, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.db"
    result = run_cli("import", "--db", again, "--schema", tmp_path / "schema.toml", out)
    assert result.exit_code == 0, result.output
    assert jsonl_by_id(again) == jsonl_by_id(rich_db)


def test_brat_files_keep_edges_and_open_in_brat(rich_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    result = run_cli("export", "--db", rich_db, "--format", "brat", "--out", out)
    assert result.exit_code == 0, result.output
    assert "1 ids shortened" in result.output and "2 attribute values %-escaped" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert {"doc.txt", "%44oc.txt", "%44%4FC.txt", "spaces.txt"} <= set(names)
    assert len({n.casefold() for n in names}) == len(names)  # safe on a case-blind disk
    assert all(len(n.encode()) <= MAX_STEM_BYTES + 4 for n in names)
    ann = (out / "doc.ann").read_text(encoding="utf-8").splitlines()
    newline = TEXT.index("\n")
    assert f"T9\tPER {newline} {newline};{newline + 1} {newline + 10}\t ستولتنبرغ" in ann
    assert any(line.endswith("polarity T2 50%25%20against") for line in ann)
    for line in ann:  # every comment line is brat's `#N<TAB>TYPE TARGET<TAB>TEXT`
        if line.startswith("#"):
            identifier, data, _ = line.split("\t")
            assert identifier[1:].isdigit() and len(data.split()) == 2
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "strongly%20favor|50%25%20against" in conf


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=90), min_size=1, max_size=8, unique=True))
def test_file_stems_are_unique_ignoring_case_and_decode_exactly(ids: list[str]) -> None:
    used: set[str] = set()
    stems = [unique_stem(doc_id, used) for doc_id in ids]
    assert len({s.casefold() for s in stems}) == len(stems)
    for doc_id, stem in zip(ids, stems, strict=True):
        assert "/" not in stem and not stem.startswith(".")
        assert len(stem.encode()) <= MAX_STEM_BYTES + 4 * 12
        if "~" not in stem:
            assert doc_id_from_stem(stem) == doc_id


def many_documents(tmp_path: Path, count: int = 3) -> Path:
    source = tmp_path / "many.jsonl"
    source.write_text(
        "\n".join(json.dumps({"id": f"d{i}", "text": f"نص رقم {i}"}) for i in range(count)),
        "utf-8",
    )
    db = tmp_path / "m.db"
    assert run_cli("import", "--db", db, source).exit_code == 0
    return db


def imported_ids(tmp_path: Path, folder: Path) -> list[str]:
    db = tmp_path / f"check-{len(list(tmp_path.iterdir()))}.db"
    result = run_cli("import", "--db", db, folder)
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        return sorted(store.document_ids())


def test_brat_folder_with_an_earlier_export_is_replaced_not_mixed(tmp_path: Path) -> None:
    db = many_documents(tmp_path)
    out = tmp_path / "brat"
    assert run_cli("export", "--db", db, "--format", "brat", "--out", out).exit_code == 0
    assert run_cli("status", "--db", db, "d1", "done", "--annotator", "ana").exit_code == 0
    again = ["export", "--db", db, "--format", "brat", "--status", "done", "--out", out]
    refused = run_cli(*again)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert imported_ids(tmp_path, out) == ["d0", "d1", "d2"]  # untouched
    result = run_cli(*again, "--force")
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.output
    assert imported_ids(tmp_path, out) == ["d1"]
    split = run_cli(
        "export", "--db", db, "--format", "brat", "--split", "50/50", "--out", out, "--force"
    )
    assert split.exit_code == 0, split.output
    assert sorted(p.name for p in out.iterdir()) == ["dev", "train"]
    assert imported_ids(tmp_path, out) == ["d0", "d1", "d2"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_folder_with_other_files_is_never_replaced(tmp_path: Path) -> None:
    db = many_documents(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    result = run_cli("export", "--db", db, "--format", "brat", "--out", out, "--force")
    assert result.exit_code == 1 and "thesis.docx" in result.output
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_text("نص لم يُصدَّر", encoding="utf-8")
    result = run_cli("export", "--db", db, "--format", "brat", "--out", corpus, "--force")
    assert result.exit_code == 1 and "article.txt" in result.output
    assert [p.name for p in corpus.iterdir()] == ["article.txt"]


KILLED_EXPORT = """
import os, signal, sys
from annotator.exporter import ExportOptions, export
from annotator.store import Store
with Store.open(sys.argv[1]) as store:
    export(store, sys.argv[2], sys.argv[3], ExportOptions(force=True),
           on_document=lambda: os.kill(os.getpid(), signal.SIGKILL))
"""


def killed_export(db: Path, fmt: str, out: Path) -> None:
    """Run an export in a child process that SIGKILLs itself after its first document."""
    child = subprocess.run(
        [sys.executable, "-c", KILLED_EXPORT, str(db), fmt, str(out)], capture_output=True
    )
    assert child.returncode == -9, child.stderr.decode()


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "out.jsonl"), ("brat", "brat")])
def test_killed_exports_leave_the_target_whole_and_one_temp_at_most(
    tmp_path: Path, fmt: str, name: str
) -> None:
    db = many_documents(tmp_path, count=5)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / name
    assert run_cli("export", "--db", db, "--format", fmt, "--out", out).exit_code == 0
    before = sorted(p.name for p in out.rglob("*")) if out.is_dir() else out.read_bytes()
    for _ in range(2):
        killed_export(db, fmt, out)
    hidden = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert len(hidden) == 1, hidden
    after = sorted(p.name for p in out.rglob("*")) if out.is_dir() else out.read_bytes()
    assert after == before  # the complete earlier export, never a partial one
    result = run_cli("export", "--db", db, "--format", fmt, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [name]


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "out.jsonl"), ("claims-csv", "c.csv")])
def test_exported_files_get_the_umask_permissions(tmp_path: Path, fmt: str, name: str) -> None:
    db = many_documents(tmp_path)
    previous = os.umask(0o022)
    try:
        result = run_cli("export", "--db", db, "--format", fmt, "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
        brat = tmp_path / "brat"
        assert run_cli("export", "--db", db, "--format", "brat", "--out", brat).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
    assert stat.S_IMODE(brat.stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in brat.iterdir()} == {0o644}


def test_out_through_a_symlink_writes_the_linked_file_and_keeps_the_link(tmp_path: Path):
    db = many_documents(tmp_path)
    real = tmp_path / "data" / "corpus.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    assert run_cli("export", "--db", db, "--out", link).exit_code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(real.read_text(encoding="utf-8").splitlines()) == 3
    real_folder = tmp_path / "data" / "brat"
    folder_link = tmp_path / "brat-latest"
    folder_link.symlink_to(real_folder, target_is_directory=True)
    assert run_cli("export", "--db", db, "--format", "brat", "--out", folder_link).exit_code == 0
    assert folder_link.is_symlink() and (real_folder / "d0.txt").exists()


@pytest.mark.parametrize(
    ("fmt", "out", "message"),
    [
        ("brat", "a-file.txt", "is a file"),
        ("brat", "a-file.txt/sub", "cannot write"),
        ("jsonl", "a-file.txt/sub/x.jsonl", "cannot write"),
        ("claims-csv", "a-file.txt/x.csv", "cannot write"),
    ],
)
def test_unwritable_outputs_are_one_clear_error(tmp_path: Path, fmt: str, out: str, message):
    db = many_documents(tmp_path)
    (tmp_path / "a-file.txt").write_text("keep me", encoding="utf-8")
    before = database_dump(db)
    result = run_cli("export", "--db", db, "--format", fmt, "--out", tmp_path / out)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert (tmp_path / "a-file.txt").read_text(encoding="utf-8") == "keep me"
    assert database_dump(db) == before


HIDDEN_FORMULAS = [
    " =1+1",
    "\u200f=HYPERLINK(\"http://x\")",
    "\u061c+1",
    "\u2067@SUM(A1)\u2069",
    "\u202b-2+3",
    "\ufeff=1",
    "\u00a0\u200b=1",
    "\uff1dcmd",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
]


def test_csv_neutralises_formulas_behind_white_space_and_bidi_marks(tmp_path: Path) -> None:
    text = " ".join(HIDDEN_FORMULAS)
    spans, position = [], 0
    for number, cell in enumerate(HIDDEN_FORMULAS):
        start = text.index(cell, position)
        position = start + len(cell)
        spans.append(_span(f"T{number}", start, position, "claim", "CLAIM"))
    source = tmp_path / "f.jsonl"
    line = {"id": "\u200f=cmd", "text": text, "spans": spans}
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "f.db"
    assert run_cli("import", "--db", db, source).exit_code == 0
    out = tmp_path / "claims.csv"
    assert run_cli("export", "--db", db, "--format", "claims-csv", "--out", out).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert sorted(row["claim_text"] for row in rows) == sorted("'" + c for c in HIDDEN_FORMULAS)
    assert {row["doc_id"] for row in rows} == {"'\u200f=cmd"}
    table = tmp_path / "claims.jsonl"
    assert run_cli("export", "--db", db, "--format", "claims-jsonl", "--out", table).exit_code == 0
    verbatim = [json.loads(x)["claim_text"] for x in table.read_text("utf-8").splitlines()]
    assert sorted(verbatim) == sorted(HIDDEN_FORMULAS)


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(alphabet="ab ن\n\t😀\u200f", min_size=1, max_size=30),
    data=st.data(),
)
def test_brat_spans_survive_any_line_breaks_and_white_space(
    tmp_path_factory, text: str, data: st.DataObject
) -> None:
    """Spans starting, ending or lying wholly on line breaks keep their exact edges."""
    folder = tmp_path_factory.mktemp("brat")
    edges = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(
                lambda pair: pair[0] < pair[1]
            ),
            max_size=5,
            unique=True,
        )
    )
    document = Document(
        "d", text, {}, [Span(f"T{i + 1}", a, b, "entity", "PER") for i, (a, b) in enumerate(edges)]
    )
    (folder / "d.txt").write_text(text, encoding="utf-8", newline="")
    (folder / "d.ann").write_text("\n".join(ann_lines(document)) + "\n", "utf-8", newline="")
    back = read_brat(folder / "d.ann", parse_schema(SCHEMA))
    assert back.text == text
    assert sorted((s.start, s.end) for s in back.spans) == sorted(edges)


def test_the_current_folder_is_never_swapped_away(tmp_path: Path, monkeypatch) -> None:
    db = many_documents(tmp_path)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for out in (".", "../here", str(here)):
        result = run_cli("export", "--db", db, "--format", "brat", "--out", out, "--force")
        assert result.exit_code == 1 and "current folder" in result.output, result.output
    assert here.is_dir() and list(here.iterdir()) == []
