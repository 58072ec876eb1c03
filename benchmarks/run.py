"""Ratio benchmarks: every figure against a baseline measured in the same run.

    python benchmarks/run.py [--quick] [--json FILE] [--only NAME ...]

Each benchmark reports {"value", "baseline", "ratio", "unit", "target"}: the median of
several repetitions of our operation, the median of a baseline doing the same work the
plainest way, their ratio, and the ratio we aim for. Data is generated deterministically
from the bundled sample article; nothing is downloaded. Not part of the test suite: these
machines are noisy, so we compare within one run instead of asserting times.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.data import (  # noqa: E402
    child_time_and_peak,
    large_text,
    word_spans,
    write_corpus,
    write_corpus_file,
    write_document,
)
from benchmarks.team import team_benchmarks  # noqa: E402

Result = dict[str, float | str]


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def result(value: float, baseline: float, unit: str, target: float) -> Result:
    return {
        "value": round(value, 4),
        "baseline": round(baseline, 4),
        "ratio": round(value / baseline, 3) if baseline else float("inf"),
        "unit": unit,
        "target": target,
    }


# -- GUI: open and label a long document ------------------------------------------------------


def gui_database(workdir: Path, name: str = "gui.db", documents: int = 0) -> Path:
    """A project with the 1 MB document twice, with 10,000 spans ("large") and 10 ("small"),
    the 20 KB text the bare startup baseline shows ("short"), and a 5 MB document with
    50,000 spans ("huge"); plus `documents` short ones (a big project), written with
    executemany directly: importing 100,000 documents the normal way takes minutes."""
    from annotator.importer import import_paths
    from annotator.store import Store

    db = workdir / name
    if db.exists():
        return db
    if documents:  # the small project plus the short documents
        with Store.open(gui_database(workdir), readonly=True) as base:
            base.db.conn.execute("VACUUM INTO ?", [str(db)])
        with sqlite3.connect(db) as conn:  # a copy starts in rollback-journal mode
            conn.execute("PRAGMA journal_mode = WAL")
        with Store.open(db) as store:
            add_short_documents(store, documents)
        return db
    text = large_text()
    huge = large_text(5_000_000)
    with Store.open(db) as store:
        import_paths(
            store,
            [
                write_document(workdir / "large.jsonl", "large", text, word_spans(text, 10_000)),
                write_document(workdir / "small.jsonl", "small", text, word_spans(text, 10)),
                write_document(workdir / "short.jsonl", "short", large_text(20_000), []),
                write_document(workdir / "huge.jsonl", "huge", huge, word_spans(huge, 50_000)),
            ],
            "bench",
        )
    return db


def add_short_documents(store, count: int) -> None:
    """Add `count` documents of about 600 characters with 3 spans each, in one transaction."""
    import hashlib

    paragraphs = [p for p in large_text(20_000).split("\n") if p.strip()]
    documents, spans, counters = [], [], []
    for number in range(count):
        text = f"({number}) {paragraphs[number % len(paragraphs)]}"
        doc_id = f"doc-{number:06d}"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        documents.append((doc_id, text, digest, "{}", "2024-01-01", len(text)))
        counters.append((doc_id, 3))
        spans.extend((doc_id, f"T{k + 1}", 10 * k + 1, 10 * k + 5) for k in range(3))
    conn = store.db.conn
    with store.transaction():
        conn.executemany(
            "INSERT INTO documents (id, text, text_sha256, meta, imported_at, length)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            documents,
        )
        conn.executemany(
            'INSERT INTO spans (doc_id, id, start, "end", layer, label, attrs, annotator,'
            " created_at) VALUES (?, ?, ?, ?, 'entity', 'PER', '{}', 'bench', '2024-01-01')",
            spans,
        )
        conn.executemany(
            "INSERT INTO id_counters (doc_id, spans, relations) VALUES (?, ?, 0)", counters
        )


def gui_benchmarks(workdir: Path, quick: bool) -> dict[str, Result]:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QPlainTextEdit

    from annotator.gui import create_main_window
    from annotator.gui.app import application
    from annotator.gui.fonts import article_font

    app = application()
    texts = {"large": large_text(), "huge": large_text(5_000_000)}
    db = gui_database(workdir)
    repeat = 3 if quick else 7
    big = 10_000 if quick else 100_000
    projects = {
        3: db,
        big // 10: gui_database(workdir, f"gui-{big // 10}.db", big // 10),
        big: gui_database(workdir, f"gui-{big}.db", big),
    }

    def bare(doc_id: str = "large") -> None:
        view = QPlainTextEdit()
        view.setFont(article_font())
        view.resize(1280, 800)
        view.setPlainText(texts[doc_id])
        view.show()
        view.repaint()
        app.processEvents()
        view.close()
        view.deleteLater()

    windows = []
    first_paints: dict[str, list[float]] = {}

    def ours(doc_id: str | None = "large", project: Path = db) -> None:
        """Open, paint, then load the rest of the span index (deferred, counted), then let
        everything else (the docks' paint) happen."""
        began = time.perf_counter()
        window = create_main_window(project, doc_id, "bench")
        window.show()
        window.repaint()  # the article's first paint; the docks paint after it
        window.session.complete_loading()  # what the view starts right after that paint
        first_paints.setdefault(str(doc_id), []).append(time.perf_counter() - began)
        app.processEvents()
        app.processEvents()
        windows.append(window)

    def close_windows() -> None:
        while windows:
            window = windows.pop()
            window.close()
            window.deleteLater()
        app.processEvents()

    times: dict[str, list[float]] = {}

    def timed(name: str, action: Callable[[], object]) -> None:
        times.setdefault(name, []).append(median_time(action, 1))
        close_windows()

    for _ in range(repeat):  # interleaved, so drift hits all alike
        timed("bare", bare)
        timed("large", ours)
        timed("short", lambda: ours("short"))
        timed("bare_huge", lambda: bare("huge"))
        timed("huge", lambda: ours("huge"))
        timed("project_3", lambda: ours(None, projects[3]))
        timed("project_big", lambda: ours(None, projects[big]))
    median = {name: statistics.median(values) for name, values in times.items()}
    first = {name: statistics.median(values) for name, values in first_paints.items()}
    results = {
        "open_large": result(median["large"], median["bare"], "s", 1.5),
        # Until the article has painted and the whole span index is loaded (the docks after).
        "open_large_first_paint": result(first["large"], median["bare"], "s", 1.5),
        # The same window on a 20 KB document without spans: how opening scales with size.
        "open_large_vs_short": result(median["large"], median["short"], "s", 1.5),
        "open_5mb": result(median["huge"], median["bare_huge"], "s", 1.5),
        "open_5mb_first_paint": result(first["huge"], median["bare_huge"], "s", 1.5),
        # The window on its first document in a project of `big` documents vs 3 documents.
        f"open_project_{big // 1000}k": result(
            median["project_big"], median["project_3"], "s", 1.5
        ),
    }

    def add_span_latency(doc_id: str, project: Path = db) -> float:
        window = create_main_window(project, doc_id, "bench")
        window.show()
        app.processEvents()
        window.session.complete_loading()
        label = window.findChild(QAction, "label:entity:PER")
        latencies = []
        for step in range(15 if quick else 40):
            start = 2_000 + step * 50
            window.view.set_selection(start, start + 4)
            began = time.perf_counter()
            label.trigger()
            window.view.viewport().repaint()
            window.documents.table.viewport().repaint()
            app.processEvents()
            latencies.append(time.perf_counter() - began)
        window.close()
        window.deleteLater()
        app.processEvents()
        return statistics.median(latencies)

    small = add_span_latency("small")
    large = add_span_latency("large")
    huge = add_span_latency("huge")
    results["add_span_scaling"] = result(large, small, "s", 1.5)
    results["add_span_ms_10000"] = result(large * 1000, small * 1000, "ms", 1.5)
    results["add_span_ms_5mb_50000"] = result(huge * 1000, small * 1000, "ms", 1.5)
    # The same label in the same document, in projects of 3 and of many documents.
    for count in (big // 10, big):
        latency = add_span_latency("large", projects[count])
        results[f"add_span_ms_{count}_documents"] = result(latency * 1000, large * 1000, "ms", 1.5)
    return results


# -- import and export of a corpus ------------------------------------------------------------


def interleaved(
    ours: Callable[[], object], baseline: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Return the medians of `ours` and `baseline`, run alternately so drift hits both."""
    our_times, base_times = [], []
    for _ in range(repeat):
        base_times.append(median_time(baseline, 1))
        our_times.append(median_time(ours, 1))
    return statistics.median(our_times), statistics.median(base_times)


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def corpus_benchmarks(workdir: Path, quick: bool) -> dict[str, Result]:
    import sqlite_utils

    from annotator.exporter import ExportOptions, export
    from annotator.importer import import_paths
    from annotator.store import Store

    documents = 1_000 if quick else 10_000
    corpus, rows, span_rows = write_corpus(
        workdir / "corpus.jsonl", documents, spans_per_document=10
    )
    repeat = 5 if quick else 3

    def ours_import() -> None:
        with Store.open(_fresh(workdir / "import.db")) as store:
            import_paths(store, [corpus], "bench")

    def floor_import() -> None:
        """Parse the same JSONL and insert its rows with sqlite-utils, checking nothing."""
        path = _fresh(workdir / "floor.db")
        documents, spans = [], []
        with corpus.open(encoding="utf-8") as stream:
            for line in stream:
                obj = json.loads(line)
                documents.append({"id": obj["id"], "text": obj["text"], "meta": "{}"})
                spans.extend({"doc_id": obj["id"], **s, "attrs": "{}"} for s in obj["spans"])
        db = sqlite_utils.Database(path)
        with db.atomic():
            db["documents"].insert_all(documents, pk="id")
            db["spans"].insert_all(spans)
        db.close()

    results = {"import_corpus": result(*interleaved(ours_import, floor_import, repeat), "s", 1.5)}

    store = Store.open(workdir / "import.db")
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    conn = store.db.conn

    def rows_of_documents() -> Iterator[tuple[str, str, str, list[tuple]]]:
        for doc_id, text, meta in conn.execute("SELECT id, text, meta FROM documents"):
            spans = conn.execute(
                'SELECT id, start, "end", layer, label, attrs, annotator FROM spans'
                " WHERE doc_id = ?",
                [doc_id],
            ).fetchall()
            yield doc_id, text, meta, spans

    def floor_export() -> None:
        """Read the same rows and write them with json.dumps: the least any export does."""
        with open(out / "floor.jsonl", "w", encoding="utf-8") as stream:
            for doc_id, text, meta, spans in rows_of_documents():
                stream.write(
                    json.dumps(
                        {"id": doc_id, "text": text, "meta": meta, "spans": spans},
                        ensure_ascii=False,
                    )
                    + "\n"
                )

    simple_tokens = re.compile(r"\w+|[^\w\s]")

    def floor_conll() -> None:
        """The fair CoNLL floor: the same rows, one simple compiled regex for tokens, an
        IOB2 tag per token from the entity spans, `token\ttag` lines."""
        with open(out / "floor.conll", "w", encoding="utf-8") as stream:
            for doc_id, text, _meta, spans in rows_of_documents():
                entities = sorted((s[1], s[2], s[4]) for s in spans if s[3] == "entity")
                lines = [f"-DOCSTART-\tid={doc_id}\tO\n"]
                position = 0
                for match in simple_tokens.finditer(text):
                    start = match.start()
                    while position < len(entities) and entities[position][1] <= start:
                        position += 1
                    tag = "O"
                    if position < len(entities) and entities[position][0] <= start:
                        kind = "B" if entities[position][0] == start else "I"
                        tag = f"{kind}-{entities[position][2]}"
                    lines.append(f"{match.group()}\t{tag}\n")
                stream.write("".join(lines) + "\n")

    for fmt, floor, name in (
        ("jsonl", floor_export, "export_jsonl"),
        ("conll", floor_conll, "export_conll"),
        ("conll", floor_export, "export_conll_vs_json_floor"),
    ):
        target = out / f"corpus.{fmt}"

        def ours(fmt: str = fmt, target: Path = target) -> None:
            export(store, fmt, str(target), ExportOptions())

        results[name] = result(*interleaved(ours, floor, repeat), "s", 2.0)
    spacy_time = spacy_conll(store, out)
    if spacy_time is not None:
        ours_conll = results["export_conll"]["value"]
        results["export_conll_vs_spacy"] = result(float(ours_conll), spacy_time, "s", 1.0)
    store.close()
    results.update(million_benchmarks(workdir, quick))
    return results


MILLION = """
import sys, time
from pathlib import Path
from annotator.exporter import ExportOptions, export
from annotator.importer import import_paths
from annotator.store import Store
action, db, path = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
began = time.perf_counter()
if action == "import":
    with Store.open(db) as store:
        import_paths(store, [Path(path)], "bench")
else:
    with Store.open(db, readonly=True) as store:
        export(store, "jsonl", path, ExportOptions())
seconds = time.perf_counter() - began
# VmHWM is this program's own peak: ru_maxrss would include the parent's from before exec.
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(seconds, peak)
"""


def million_benchmarks(workdir: Path, quick: bool) -> dict[str, Result]:
    """Import and export 1,000,000 spans (100,000 documents x 10; quick: 10,000 x 10) and a
    tenth of that, each in a fresh process: peak RSS at N over peak at N/10 shows whether
    memory stays flat (~1), time at N over 10x time at N/10 whether time stays linear."""
    large = 10_000 if quick else 100_000
    measured: dict[str, dict[int, tuple[float, float]]] = {"import": {}, "export": {}}
    for documents in (large // 10, large):
        corpus = write_corpus_file(workdir / f"million-{documents}.jsonl", documents)
        db = _fresh(workdir / f"million-{documents}.db")
        for action, path in (("import", corpus), ("export", workdir / "million-out.jsonl")):
            measured[action][documents] = child_time_and_peak(MILLION, action, db, path)
        corpus.unlink()
        _fresh(db)
    results = {}
    for action, sizes in measured.items():
        (small_s, small_mib), (large_s, large_mib) = sizes[large // 10], sizes[large]
        name = f"{action}_1m"
        print(
            f"{name}: {large * 10:,} spans in {large_s:.1f} s, peak {large_mib:.0f} MiB; "
            f"{large:,} spans in {small_s:.1f} s, peak {small_mib:.0f} MiB"
        )
        results[f"{name}_memory"] = result(large_mib, small_mib, "MiB", 1.2)
        results[f"{name}_time"] = result(large_s, 10 * small_s, "s", 1.2)
    return results


def spacy_conll(store, out: Path) -> float | None:
    """The script a user would write instead: blank Arabic spaCy, BILUO, IOB."""
    try:
        import spacy
        from spacy.training import biluo_to_iob, offsets_to_biluo_tags
    except ImportError:
        return None
    nlp = spacy.blank("ar")
    warnings.filterwarnings("ignore", message=r".*\[W030\]")  # misaligned: counted below
    lost = 0

    def convert() -> None:
        nonlocal lost
        lost = 0
        with open(out / "spacy.conll", "w", encoding="utf-8") as stream:
            for document in store.iter_documents():
                doc = nlp.make_doc(document.text)
                entities = [
                    (s.start, s.end, s.label) for s in document.spans if s.layer == "entity"
                ]
                tags = biluo_to_iob(offsets_to_biluo_tags(doc, entities))
                lost += tags.count("-")  # tokens of entities spaCy could not align
                stream.write("-DOCSTART-\tO\n\n")
                for token, tag in zip(doc, tags, strict=True):
                    if not token.is_space:
                        stream.write(f"{token.text}\t{tag}\n")
                stream.write("\n")

    seconds = median_time(convert, 3)
    print(
        f"spaCy's blank Arabic pipeline could not align {lost} entity tokens (tagged '-', "
        "dropped in training); the CoNLL export split words instead and lost none"
    )
    return seconds


# -- cold processes: startup and memory -------------------------------------------------------

BARE_SCREENSHOT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication([])
window = QMainWindow()
view = QPlainTextEdit()
view.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(view)
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab().save(sys.argv[2])
"""

MEMORY = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
if sys.argv[1] == "bare":
    from PySide6.QtWidgets import QApplication, QPlainTextEdit
    app = QApplication([])
    view = QPlainTextEdit()
    view.resize(1280, 800)
    view.setPlainText(open(sys.argv[2], encoding="utf-8").read())
    view.show()
    app.processEvents()
else:
    from annotator.gui.app import application
    from annotator.gui import create_main_window
    app = application()
    window = create_main_window(sys.argv[2], sys.argv[3], "bench")
    window.show()
    app.processEvents()
    window.session.complete_loading()
    app.processEvents()
# VmHWM is this program's own peak: ru_maxrss would include the parent's from before exec.
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""


def process_benchmarks(workdir: Path, quick: bool) -> dict[str, Result]:
    text_file = workdir / "large.txt"
    text_file.write_text(large_text(), encoding="utf-8")
    db = gui_database(workdir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    repeat = 3 if quick else 5

    def run(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env, timeout=300)
        return time.perf_counter() - start

    ours_cmd = [  # what `annotator-gui` runs (annotator.gui.launch:main)
        sys.executable,
        "-m",
        "annotator.gui.launch",
        "--db",
        str(db),
        "--doc",
        "short",  # the 20 KB text without spans that the baseline shows
        "--screenshot",
        str(workdir / "ours.png"),
    ]
    bare_cmd = [
        sys.executable,
        "-c",
        BARE_SCREENSHOT,
        str(workdir / "small.txt"),
        str(workdir / "bare.png"),
    ]
    (workdir / "small.txt").write_text(large_text(20_000), encoding="utf-8")
    cli_cmd = [sys.executable, "-m", "annotator", "gui", *ours_cmd[3:]]  # through click
    ours_times, bare_times, cli_times = [], [], []
    for _ in range(repeat):
        bare_times.append(run(bare_cmd))
        ours_times.append(run(ours_cmd))
        cli_times.append(run(cli_cmd))
    bare_median = statistics.median(bare_times)
    results = {
        "startup": result(statistics.median(ours_times), bare_median, "s", 1.5),
        "startup_annotator_gui": result(statistics.median(cli_times), bare_median, "s", 1.5),
    }

    def peak(kind: str, target: Path, doc_id: str = "") -> float:
        out = subprocess.run(
            [sys.executable, "-c", MEMORY, kind, str(target), doc_id],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        return int(out.stdout.split()[-1]) / 1024  # KiB -> MiB

    results["memory"] = result(peak("ours", db, "large"), peak("bare", text_file), "MiB", 1.5)
    huge_file = workdir / "huge.txt"
    huge_file.write_text(large_text(5_000_000), encoding="utf-8")
    results["memory_5mb"] = result(peak("ours", db, "huge"), peak("bare", huge_file), "MiB", 1.5)
    return results


SUGGESTIONS = """
import sys, time
from pathlib import Path
from annotator.importer import import_paths
from annotator.store import Store
from annotator.suggest import import_suggestions
action, db, path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with Store.open(db) as store:
    if action == "suggestions":
        import_paths(store, [path], "bench")  # the documents first, not timed
    began = time.perf_counter()
    if action == "suggestions":
        import_suggestions(store, [path], "model:bench", "ana")
    else:
        import_paths(store, [path], "bench")
    seconds = time.perf_counter() - began
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(seconds, peak)
"""


def suggestion_benchmarks(workdir: Path, quick: bool) -> dict[str, Result]:
    """Import 10,000 documents' spans (100,000) as suggestions of documents already in the
    project, in a fresh process, against importing the same file as documents with spans:
    time and peak RSS (VmHWM, which includes the untimed document import)."""
    documents = 1_000 if quick else 10_000
    corpus = write_corpus_file(workdir / "suggestions.jsonl", documents)
    measured = {}
    for action in ("suggestions", "documents"):
        db = _fresh(workdir / f"suggestions-{action}.db")
        measured[action] = child_time_and_peak(SUGGESTIONS, action, db, corpus)
        _fresh(db)
    (ours_s, ours_mib), (floor_s, floor_mib) = measured["suggestions"], measured["documents"]
    print(
        f"import_suggestions: {documents:,} documents ({documents * 10:,} suggestions) in "
        f"{ours_s:.1f} s, peak {ours_mib:.0f} MiB; as documents {floor_s:.1f} s, "
        f"peak {floor_mib:.0f} MiB"
    )
    return {
        "import_suggestions_time": result(ours_s, floor_s, "s", 1.5),
        "import_suggestions_memory": result(ours_mib, floor_mib, "MiB", 1.2),
    }


GROUPS = {
    "gui": gui_benchmarks,
    "corpus": corpus_benchmarks,
    "process": process_benchmarks,
    "team": team_benchmarks,
    "suggestions": suggestion_benchmarks,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument("--only", nargs="*", choices=sorted(GROUPS), help="run these groups")
    args = parser.parse_args()
    results: dict[str, Result] = {}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as folder:
        workdir = Path(folder)
        for name in args.only or list(GROUPS):
            results.update(GROUPS[name](workdir, args.quick))
    print(f"{'benchmark':<24}{'value':>12}{'baseline':>12}{'ratio':>8}{'target':>8}  unit")
    for name, row in results.items():
        verdict = "" if float(row["ratio"]) <= float(row["target"]) else "  (missed)"
        print(
            f"{name:<24}{row['value']:>12}{row['baseline']:>12}{row['ratio']:>8}"
            f"{row['target']:>8}  {row['unit']}{verdict}"
        )
    print(f"({'quick' if args.quick else 'full'} run, {time.perf_counter() - began:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
