"""Fault tests: crashes, concurrent writers, hostile input and names, upgrades, full disks.

No timing assertions and no sleeps: every wait is for an event (a line from a child, a
process exit).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui import create_main_window
from annotator.importer import import_paths
from annotator.store import Store
from annotator.store.migrations import SCHEMA_VERSION
from tests.conftest import database_dump
from tests.guitools import TEXT, make_project
from tests.helpers import run_cli

FIXTURES = Path(__file__).parent / "fixtures"

LABELLER = r"""
import os, random, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QAction
from annotator.gui.app import application
from annotator.gui import create_main_window
app = application()  # one Qt start-up: every labeller below is a fork of this process


def label(seed):
    window = create_main_window(sys.argv[1], annotator="ana")  # opens the database
    window.show()
    app.processEvents()
    labels = [a for a in window.findChildren(QAction) if a.objectName().startswith("label:")]
    rng = random.Random(seed)
    length = len(window.session.text)
    print(f"ready {os.getpid()}", flush=True)
    while True:
        start = rng.randrange(0, length - 5)
        window.view.set_selection(start, start + rng.randrange(1, 5))
        rng.choice(labels).trigger()
        app.processEvents()
        span = window.session.selected
        print(f"shown {span.id} {span.start} {span.end} {span.label}", flush=True)


while line := sys.stdin.readline():
    child = os.fork()  # a single thread and no database open yet: safe to fork
    if child == 0:
        try:
            label(int(line))
        finally:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    print(f"ended {os.waitstatus_to_exitcode(status)}", flush=True)
"""


def test_sigkill_at_random_moments_loses_nothing_shown(tmp_path: Path) -> None:
    """A labeller is SIGKILLed at 20 random moments; each is a fresh fork of one process
    that started Qt once (a new process per kill spent most of the time starting Qt)."""
    db = make_project(tmp_path, text=TEXT * 5)
    rng = random.Random(2026)
    shown: set[tuple[str, ...]] = set()
    server = subprocess.Popen(
        [sys.executable, "-c", LABELLER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        for kill in range(20):
            server.stdin.write(f"{kill}\n")
            server.stdin.flush()
            ready = server.stdout.readline()
            assert ready.startswith("ready"), ready
            for _ in range(rng.randrange(1, 12)):
                line = server.stdout.readline()
                assert line.startswith("shown"), line
                shown.add(tuple(line.split()[1:]))
            os.kill(int(ready.split()[1]), signal.SIGKILL)  # while it labels the next span
            while (line := server.stdout.readline()).startswith("shown"):
                shown.add(tuple(line.split()[1:]))  # shown before the kill landed
            assert line == f"ended {-signal.SIGKILL}\n", line
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {
                (row[0], str(row[1]), str(row[2]), row[3])
                for row in conn.execute('SELECT id, start, "end", label FROM spans')
            }
            conn.close()
            assert shown <= stored
    except AssertionError:
        server.kill()
        raise AssertionError(server.communicate()[1]) from None
    server.stdin.close()
    assert server.wait(timeout=60) == 0
    assert len(shown) >= 20


def test_gui_and_cli_import_write_at_once(qtbot, tmp_path: Path) -> None:
    db = make_project(tmp_path)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join(
            json.dumps({"id": f"news-{i}", "text": f"{TEXT} ({i})"}, ensure_ascii=False)
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    window.show()
    importer = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", "--db", str(db), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    labelled = 0
    while importer.poll() is None or labelled < 10:
        start = labelled % 100  # a new span each time (an existing one is only selected)
        window.view.set_selection(start, start + 1 + labelled // 100)
        QTest.keyClick(window.view, Qt.Key.Key_2)  # waits in order while the import writes
        labelled += 1
        if labelled > 2000:
            break
    out, err = importer.communicate(timeout=120)
    assert importer.returncode == 0, err
    assert "imported 3000 documents" in out
    qtbot.waitUntil(lambda: window.writer.pending == 0, timeout=10000)
    assert window.last_error is None
    window.check_outside_changes()  # the poll timer may have been first: either way
    model = window.documents.model  # fetched page by page, as it scrolls: fetch to the end
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 3001
    with Store.open(db) as store:
        assert len(store.spans("nato")) == len(window.session.spans) == labelled
        assert len(store.document_ids()) == 3001


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


SPAN = b'{"start": %d, "end": %d, "layer": "entity", "label": "%s"}'
hostile_text = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=200).map(lambda b: "نص عربي".encode() + b"\xff" + b),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.integers(1, 3000).map(lambda n: ("[" * n).encode()),
    st.integers(1, 3000).map(lambda n: ('{"text": "x", "meta": ' + "[" * n).encode()),
    st.sampled_from(
        [
            b'{"text": "abc", "spans": [' + SPAN % (0, 9, b"PER") + b"]}",
            b'{"text": "abc", "spans": [' + SPAN % (0, 2, b"X") + b"]}",
            b'{"text": "abc", "spans": [' + SPAN % (2, 1, b"PER") + b"]}",
            b'{"text": "abc", "spans": [{"start": "0", "end": 1, "layer": "entity"}]}',
            b'{"text": "abc", "label": [[0, 1]]}',
            b'{"text": "abc", "entities": [{"id": 1, "label": "PER", "start_offset": 0}]}',
            b'{"text": "abc", "relations": [{"type": "holder", "from": 1, "to": 2}]}',
            b'{"id": true, "text": "abc"}',
            b'{"text": "' + b"x" * 2_000_000 + b'"}',
            b'{"text": "abc"',
            b"\xef\xbb\xbf",
        ]
    ),
)
hostile_conll = st.lists(
    st.tuples(
        st.sampled_from(["ينس", "x", "", " ", "\t"]),
        st.sampled_from(["O", "B-PER", "I-PER", "B-XYZ", "OO", "B-", "I--ORG", ""]),
    ),
    max_size=8,
).map(lambda rows: "\n".join(f"{a} {b}" for a, b in rows).encode())
hostile_brat = st.tuples(
    st.sampled_from(
        [
            "T1\tPER 0 3\tينس",
            "T1\tPER 0 99\tx",
            "T1\tPER 2 1\t",
            "T1\tNOPE 0 3\tينس",
            "T1\tPER 0 3\tغلط",
            "E1\tPER:T1",
            "R1\tholder Arg1:T9 Arg2:T1",
            "A1\tpolarity T1 favor",
            "T1\tPER a b\tx",
            "*\tEquiv T1 T2",
            "T1\tPER 0 3;5 6\tx",
        ]
    ),
    st.sampled_from(["", "\nT2\tGPE 4 9\tستولت", "\nA1\tpolarity T2"]),
).map(lambda pair: "".join(pair).encode())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_imports_or_fails_cleanly_leaving_the_file_unchanged(
    tmp_path_factory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "p.db"
    seed = folder / "seed.jsonl"
    seed.write_text(json.dumps({"id": "seed", "text": "ينس ستولتنبرغ"}), encoding="utf-8")
    assert run_cli("import", "--db", db, seed).exit_code == 0
    kind = data.draw(st.sampled_from(["jsonl", "txt", "conll", "brat"]))
    if kind == "brat":
        (folder / "doc.txt").write_text("ينس ستولتنبرغ", encoding="utf-8")
        target = folder / "doc.ann"
        target.write_bytes(data.draw(hostile_brat))
    else:
        target = folder / f"input.{kind}"
        target.write_bytes(data.draw(hostile_conll if kind == "conll" else hostile_text))
    before_bytes, before_dump = file_digest(db), database_dump(db)
    result = run_cli("import", "--db", db, target)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {target}"), result.output
        assert file_digest(db) == before_bytes
        assert database_dump(db) == before_dump
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


HOSTILE_IDS = [
    "'; DROP TABLE spans; --",
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","click")',
    "../../outside",
    "a/b\\c",
    "..",
    ".hidden",
    "quote\"and'apostrophe",
    "مقال/١",
]


def test_hostile_names_are_stored_and_exported_verbatim_and_harmlessly(tmp_path: Path) -> None:
    lines = []
    for number, doc_id in enumerate(HOSTILE_IDS):
        text = f"{doc_id} قال ينس"
        lines.append(
            json.dumps(
                {
                    "id": doc_id,
                    "text": text,
                    "meta": {"note": doc_id},
                    "spans": [
                        {
                            "id": f"T{number}'; --",
                            "start": 0,
                            "end": len(doc_id),
                            "layer": "claim",
                            "label": "CLAIM",
                        }
                    ],
                },
                ensure_ascii=False,
            )
        )
    source = tmp_path / "hostile.jsonl"
    source.write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "h.db"
    assert run_cli("import", "--db", db, source).exit_code == 0
    with Store.open(db) as store:
        assert store.document_ids() == HOSTILE_IDS
        assert {"spans", "documents", "relations"} <= set(store.db.table_names())
    out = tmp_path / "out"
    brat = out / "brat"
    assert run_cli("export", "--db", db, "--format", "brat", "--out", brat).exit_code == 0
    for path in tmp_path.rglob("*"):
        assert path.resolve().is_relative_to(tmp_path.resolve())
    assert {p.parent for p in brat.rglob("*")} == {brat}  # nothing in sub-folders either
    assert not (tmp_path / "outside.txt").exists()
    again = tmp_path / "again.db"
    assert run_cli("import", "--db", again, brat).exit_code == 0
    with Store.open(again) as store:
        assert sorted(store.document_ids()) == sorted(HOSTILE_IDS)
    export = run_cli("export", "--db", db, "--out", "-")
    assert [json.loads(x)["id"] for x in export.stdout.splitlines()] == HOSTILE_IDS
    csv_out = tmp_path / "claims.csv"
    run_cli("export", "--db", db, "--format", "claims-csv", "--out", csv_out)
    for line in csv_out.read_text(encoding="utf-8").splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))
    bad_label = tmp_path / "bad.toml"
    bad_label.write_text("[[layers]]\nname = 'x'\n[[layers.labels]]\nname = \"a'; DROP\"\n")
    result = run_cli("import", "--db", tmp_path / "n.db", "--schema", bad_label, source)
    assert result.exit_code == 1 and "name must be" in result.output


def test_database_of_an_earlier_version_migrates_and_keeps_everything(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.close()
    before = sqlite3.connect(db)
    spans_before = before.execute('SELECT doc_id, id, start, "end", label FROM spans').fetchall()
    changes_before = before.execute("SELECT count(*) FROM changes").fetchone()[0]
    assert before.execute("PRAGMA user_version").fetchone()[0] == 1
    before.close()
    with Store.open(db) as store:
        assert store.version == SCHEMA_VERSION
        after = store.db.execute('SELECT doc_id, id, start, "end", label FROM spans').fetchall()
        assert sorted(after) == sorted(spans_before) and len(after) == 18
        assert store.status("sample-water-summit", "ana") == "done"
        assert store.db.execute("SELECT count(*) FROM changes").fetchone()[0] == changes_before
        [info] = store.list_documents("ana")
        assert info.length == len(store.text("sample-water-summit"))
        store.add_span("sample-water-summit", 0, 3, "entity", "MISC", "ana")
    assert run_cli("export", "--db", db, "--out", tmp_path / "x.jsonl").exit_code == 0


def test_full_disk_during_import_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    seed = tmp_path / "seed.jsonl"
    seed.write_text(json.dumps({"id": "seed", "text": "نص"}), encoding="utf-8")
    run_cli("import", "--db", db, seed)
    big = tmp_path / "big.jsonl"
    big.write_text(
        "\n".join(json.dumps({"id": f"d{i}", "text": TEXT * 20}) for i in range(200)), "utf-8"
    )
    before = database_dump(db)
    with Store.open(db) as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 5}")  # a disk that is nearly full
        with pytest.raises(Exception, match="full") as caught:
            import_paths(store, [big], "ana")
        assert type(caught.value).__name__ == "StoreError"
    assert database_dump(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_full_disk_in_the_gui_shows_a_message_and_no_span(qtbot, tmp_path: Path) -> None:
    db = make_project(tmp_path)
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    window.show()
    conn = window.session.store.db
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for start in range(0, 300, 3):  # fill the remaining free pages, then fail
        window.view.set_selection(start, start + 2)
        QTest.keyClick(window.view, Qt.Key.Key_1)
        if window.last_error:
            break
    assert "full" in (window.last_error or "")
    with Store.open(db) as store:
        assert len(store.spans("nato")) == len(window.session.spans)
    conn2 = sqlite3.connect(db)
    assert conn2.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn2.close()
