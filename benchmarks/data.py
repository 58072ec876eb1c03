"""Deterministic benchmark data, generated from the project's own sample article."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator.resources import SAMPLE_DOCUMENTS

LABELS = ("PER", "ORG", "GPE", "LOC", "MISC")


def sample_text() -> str:
    return json.loads(SAMPLE_DOCUMENTS.read_text(encoding="utf-8").splitlines()[0])["text"]


def large_text(target_bytes: int = 1_000_000) -> str:
    """Repeat the sample's paragraphs (numbered, so they differ) up to `target_bytes` of UTF-8."""
    paragraphs = [p for p in sample_text().split("\n") if p.strip()]
    out: list[str] = []
    size = 0
    number = 0
    while size < target_bytes:
        paragraph = f"{paragraphs[number % len(paragraphs)]} ({number})"
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
        number += 1
    return "\n".join(out)


def word_spans(text: str, count: int, seed: int = 7) -> list[dict]:
    """Return `count` entity spans on words spread evenly over `text`."""
    words = [m.span() for m in re.finditer(r"\w+", text)]
    rng = random.Random(seed)
    step = max(1, len(words) // count)
    spans = []
    for number, (start, end) in enumerate(words[::step][:count]):
        spans.append(
            {
                "id": f"T{number + 1}",
                "start": start,
                "end": end,
                "text": text[start:end],
                "layer": "entity",
                "label": rng.choice(LABELS),
                "attrs": {},
                "annotator": "bench",
            }
        )
    return spans


def write_document(path: Path, doc_id: str, text: str, spans: list[dict]) -> Path:
    path.write_text(
        json.dumps({"id": doc_id, "text": text, "spans": spans}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path


def corpus_documents(documents: int, spans_per_document: int = 10) -> Iterator[dict]:
    """Yield the corpus's documents (about 2 KB of text each) as JSON objects of our format."""
    paragraphs = [p for p in sample_text().split("\n") if p.strip()]
    for number in range(documents):
        chosen = [paragraphs[(number + k) % len(paragraphs)] for k in range(3)]
        text = f"({number}) " + "\n".join(chosen)
        spans = word_spans(text, spans_per_document, seed=number)
        yield {"id": f"doc-{number:05d}", "text": text, "spans": spans}


def write_corpus(
    path: Path, documents: int, spans_per_document: int = 10
) -> tuple[Path, list[dict], list[dict]]:
    """Write a JSONL corpus (about 2 KB of text per document) and return the same data as
    plain rows, for the sqlite-utils floor."""
    rows, span_rows = [], []
    with path.open("w", encoding="utf-8") as stream:
        for document in corpus_documents(documents, spans_per_document):
            stream.write(json.dumps(document, ensure_ascii=False) + "\n")
            doc_id = document["id"]
            rows.append({"id": doc_id, "text": document["text"], "meta": "{}"})
            span_rows.extend(
                {"doc_id": doc_id, **{k: v for k, v in s.items() if k != "text"}, "attrs": "{}"}
                for s in document["spans"]
            )
    return path, rows, span_rows


def write_corpus_file(path: Path, documents: int, spans_per_document: int = 10) -> Path:
    """Write the JSONL corpus only, streaming (for corpora too large to keep as rows)."""
    with path.open("w", encoding="utf-8") as stream:
        for document in corpus_documents(documents, spans_per_document):
            stream.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path


ROOT = Path(__file__).resolve().parents[1]


def child_time_and_peak(script: str, *args: object, timeout: int = 3600) -> tuple[float, float]:
    """Run `script` in a fresh Python process that prints `SECONDS PEAK_KIB` last; return
    (seconds, peak MiB). A fresh process, so peak memory is this work's alone."""
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=timeout,
    )
    seconds, peak = out.stdout.split()[-2:]
    return float(seconds), int(peak) / 1024  # KiB -> MiB
