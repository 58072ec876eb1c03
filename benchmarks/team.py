"""Team benchmarks (group "team" of benchmarks/run.py): merging annotators' files
against importing the same documents and spans as JSONL, and agreement against its
floor (per-character unit arrays and a plain kappa per pair).

Full size: 20 annotator files of 5,000 documents each (50,000 documents, two
annotators per document), 10 spans per document and annotator: 1,000,000 spans.
Each merge and import runs in a fresh process that reports its seconds and peak RSS.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from benchmarks.data import child_time_and_peak, sample_text, word_spans

ROOT = Path(__file__).resolve().parents[1]

TEAM = """
import sys, time
from pathlib import Path
from annotator.importer import import_paths
from annotator.store import Store
from annotator.team.merge import merge_files
action, db, paths = sys.argv[1], Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
began = time.perf_counter()
with Store.open(db) as store:
    if action == "import":
        import_paths(store, paths, "bench")
    else:
        merge_files(store, paths, "bench")
seconds = time.perf_counter() - began
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(seconds, peak)
"""


def _texts(documents: int) -> list[str]:
    paragraphs = [p for p in sample_text().split("\n") if p.strip()]
    return [
        f"({n}) " + "\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(3))
        for n in range(documents)
    ]


def write_team(workdir: Path, files: int, per_file: int) -> tuple[list[Path], Path]:
    """Write `files` annotator projects (two annotators per document, 10 spans each) and
    one JSONL holding the same documents with every annotator's spans."""
    from annotator.model import Document, Span
    from annotator.store import Store

    documents = files * per_file // 2
    texts = _texts(documents)
    names = [f"annotator{i:02d}" for i in range(files)]
    owners: dict[int, list[str]] = {n: [] for n in range(documents)}
    for n in range(documents):  # document n goes to two neighbouring annotators
        first = (2 * n // per_file) % files if per_file else 0
        owners[n] = [names[first], names[(first + 1) % files]]
    paths = []
    lines: dict[int, dict[str, Any]] = {}
    for index, name in enumerate(names):
        path = workdir / f"{name}.db"
        paths.append(path)
        with Store.open(path) as store, store.transaction():
            for n in (n for n in range(documents) if name in owners[n]):
                spans = word_spans(texts[n], 10, seed=n * files + index)
                store.add_document(
                    Document(
                        f"doc-{n:05d}",
                        texts[n],
                        spans=[
                            Span(s["id"], s["start"], s["end"], "entity", s["label"], {}, name)
                            for s in spans
                        ],
                        statuses={name: "done"},
                    ),
                    name,
                )
                line = lines.setdefault(
                    n, {"id": f"doc-{n:05d}", "text": texts[n], "spans": [], "status": {}}
                )
                offset = len(line["spans"])
                for number, span in enumerate(spans):
                    line["spans"].append(
                        {**span, "id": f"T{offset + number + 1}", "annotator": name}
                    )
                line["status"][name] = "done"
    corpus = workdir / "team.jsonl"
    with corpus.open("w", encoding="utf-8") as stream:
        for n in range(documents):
            stream.write(json.dumps(lines[n], ensure_ascii=False) + "\n")
    return paths, corpus


def _run(action: str, db: Path, paths: list[Path]) -> tuple[float, float]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return child_time_and_peak(TEAM, action, db, *paths, timeout=7200)


def floor_agreement(db: Path) -> None:
    """Read every document, build one value per non-space character per annotator who
    marked it done (the last span written wins: no rule for overlaps), then one plain
    kappa per pair: the least an agreement on character units does."""
    from annotator.store import Store

    columns: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    with Store.open(db, readonly=True) as store:
        for document in store.documents_by_id(store.document_ids()):
            done = sorted(n for n, s in document.statuses.items() if s == "done")
            arrays = {}
            keep = [i for i, ch in enumerate(document.text) if not ch.isspace()]
            for name in done:
                values = ["O"] * len(document.text)
                for span in document.spans:
                    if span.annotator == name and span.layer == "entity":
                        values[span.start : span.end] = [span.label] * (span.end - span.start)
                arrays[name] = [values[i] for i in keep]
            for a, b in combinations(done, 2):
                xs, ys = columns.setdefault((a, b), ([], []))
                xs.extend(arrays[a])
                ys.extend(arrays[b])
    kappas = []
    for xs, ys in columns.values():
        n = len(xs)
        observed = sum(x == y for x, y in zip(xs, ys, strict=True)) / n
        a, b = Counter(xs), Counter(ys)
        expected = sum(a[v] * b[v] for v in a) / (n * n)
        kappas.append((observed - expected) / (1 - expected) if expected != 1 else None)


def team_benchmarks(workdir: Path, quick: bool) -> dict[str, dict[str, float | str]]:
    """merge_team: merging the files vs importing the JSONL (target 1.5); agreement:
    measure_agreement on the merged project vs floor_agreement (target 2)."""
    from annotator.store import Store
    from annotator.team.agreement import AgreementOptions, measure_agreement

    files, per_file = (4, 250) if quick else (20, 5_000)
    folder = workdir / "team"
    folder.mkdir(exist_ok=True)
    began = time.perf_counter()
    paths, corpus = write_team(folder, files, per_file)
    print(f"team data: {files} files x {per_file} documents in {time.perf_counter() - began:.0f} s")
    repeat = 3 if quick else 1
    merged, imported = [], []
    for _ in range(repeat):
        imported.append(_run("import", folder / "imported.db", [corpus]))
        merged.append(_run("merge", folder / "merged.db", paths))
    merge_s = statistics.median(s for s, _ in merged)
    import_s = statistics.median(s for s, _ in imported)
    spans = files * per_file * 10
    print(
        f"merge_team: {files} files, {spans:,} spans in {merge_s:.1f} s, peak "
        f"{max(m for _, m in merged):.0f} MiB; import of the same JSONL {import_s:.1f} s, "
        f"peak {max(m for _, m in imported):.0f} MiB"
    )
    options = AgreementOptions(layers=("entity",))
    db = folder / "merged.db"

    def ours() -> None:
        with Store.open(db, readonly=True) as store:
            measure_agreement(store, options)

    times: dict[str, list[float]] = {"ours": [], "floor": []}
    for _ in range(repeat):
        for name, action in (("floor", lambda: floor_agreement(db)), ("ours", ours)):
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    agreement_s, floor_s = (statistics.median(times[k]) for k in ("ours", "floor"))
    print(f"agreement: {spans:,} spans in {agreement_s:.1f} s; floor {floor_s:.1f} s")

    def row(value: float, baseline: float, target: float) -> dict[str, float | str]:
        ratio = round(value / baseline, 3) if baseline else float("inf")
        return {
            "value": round(value, 4),
            "baseline": round(baseline, 4),
            "ratio": ratio,
            "unit": "s",
            "target": target,
        }

    return {
        "merge_team": row(merge_s, import_s, 1.5),
        "agreement": row(agreement_s, floor_s, 2.0),
    }
