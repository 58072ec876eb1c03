"""Helpers for the team tests: a small team project and annotators labelling their files."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.model import Document
from annotator.store import Store

TEXT = "قال ينس ستولتنبرغ في سيئول إن حلف شمال الأطلسي سيدعم أوكرانيا."
# (start, end) of the words above, by their text, so tests read like the sentence.
WORDS = {
    w: (TEXT.index(w), TEXT.index(w) + len(w))
    for w in (
        "ينس ستولتنبرغ",
        "سيئول",
        "حلف شمال الأطلسي",
        "أوكرانيا",
        "سيدعم أوكرانيا",
    )
}


def make_team(path: Path, documents: int = 4, text: str = TEXT) -> Store:
    """Create a team project holding `documents` copies of the sentence (t0, t1, ...)."""
    store = Store.open(path)
    with store.transaction():
        for number in range(documents):
            store.add_document(Document(f"t{number}", text), "lead")
    return store


def label(
    path: Path, name: str, labels: dict[str, str], *, done: bool = True, claim: bool = False
) -> None:
    """Open an annotator's file as `name` and label every document: each word of `labels`
    with its label, optionally a claim linked to its claimant (PER); then mark it done."""
    with Store.open(path) as store:
        for doc_id in store.document_ids():
            spans = {}
            for word, tag in labels.items():
                start, end = WORDS[word]
                spans[word] = store.add_span(doc_id, start, end, "entity", tag, name)
            if claim:
                start, end = WORDS["سيدعم أوكرانيا"]
                made = store.add_span(doc_id, start, end, "claim", "CLAIM", name)
                claimant = spans.get("ينس ستولتنبرغ") or store.add_span(
                    doc_id, *WORDS["ينس ستولتنبرغ"], "entity", "PER", name
                )
                store.add_relation(doc_id, "claimant", made.id, claimant.id, name)
            if done:
                store.set_status(doc_id, name, "done")


def jsonl_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
