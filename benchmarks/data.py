"""Deterministic benchmark data, generated from the project's own sample article."""

from __future__ import annotations

import json
import random
import re
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


def write_corpus(
    path: Path, documents: int, spans_per_document: int = 10
) -> tuple[Path, list[dict], list[dict]]:
    """Write a JSONL corpus (about 2 KB of text per document) and return the same data as
    plain rows, for the sqlite-utils floor."""
    paragraphs = [p for p in sample_text().split("\n") if p.strip()]
    rows, span_rows = [], []
    with path.open("w", encoding="utf-8") as stream:
        for number in range(documents):
            chosen = [paragraphs[(number + k) % len(paragraphs)] for k in range(3)]
            text = f"({number}) " + "\n".join(chosen)
            spans = word_spans(text, spans_per_document, seed=number)
            doc_id = f"doc-{number:05d}"
            stream.write(
                json.dumps({"id": doc_id, "text": text, "spans": spans}, ensure_ascii=False) + "\n"
            )
            rows.append({"id": doc_id, "text": text, "meta": "{}"})
            span_rows.extend(
                {"doc_id": doc_id, **{k: v for k, v in s.items() if k != "text"}, "attrs": "{}"}
                for s in spans
            )
    return path, rows, span_rows
