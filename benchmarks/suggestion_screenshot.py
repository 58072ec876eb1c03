"""Render the README's suggestions screenshot offscreen: a document under review.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.suggestion_screenshot

A project is built in a temporary folder from the bundled sample article: ana has labelled
its claims, stances and a few entities; a model (`model:camelbert-ner`) suggests the other
entities with scores (one of them wrong) and a gazetteer (`gazetteer:places`) the places.
The window goes to the second suggestion and lists them under the span list. Not part of
the test suite.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from annotator.model import Document, Span
from annotator.resources import SAMPLE_DOCUMENTS
from annotator.store import Store

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SCORES = (0.97, 0.91, 0.88, 0.64, 0.95, 0.83, 0.72, 0.99, 0.58, 0.93, 0.86, 0.77, 0.9, 0.69)


def review_project(path: Path) -> str:
    """Create the project; return the document id."""
    line = json.loads(SAMPLE_DOCUMENTS.read_text(encoding="utf-8").splitlines()[0])
    doc_id, text = line["id"], line["text"]
    spans = line.get("spans", [])
    entities = [s for s in spans if s.get("layer", "entity") == "entity"]
    with Store.open(path) as store:
        with store.transaction():
            store.add_document(Document(doc_id, text), "lead")
            for span in spans:
                if span.get("layer", "entity") != "entity" or span in entities[:3]:
                    store.add_span(
                        doc_id,
                        span["start"],
                        span["end"],
                        span.get("layer", "entity"),
                        span["label"],
                        "ana",
                        span.get("attrs"),
                    )
            model = [
                (Span("", s["start"], s["end"], "entity", s["label"]), score)
                for s, score in zip(entities[3:], SCORES, strict=False)
            ]
            wrong = text.index("المياه")
            model.append((Span("", wrong, wrong + len("المياه"), "entity", "LOC"), 0.41))
            store.add_suggestions(doc_id, model, "model:camelbert-ner", "ana")
            places = []
            for name in ("عمّان", "الأردن"):
                start = text.find(name)
                while start >= 0:
                    places.append((Span("", start, start + len(name), "entity", "GPE"), None))
                    start = text.find(name, start + 1)
            store.add_suggestions(doc_id, places, "gazetteer:places", "ana")
    return doc_id


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder  # default settings, not the user's
        from annotator.gui import create_main_window
        from annotator.gui.app import application

        app = application()
        db = Path(folder) / "review.db"
        doc_id = review_project(db)
        window = create_main_window(db, doc_id, "ana")
        window.resize(1400, 860)
        window.show()
        review = window.suggestions
        review.actions_by_id["suggest:in-span-list"].setChecked(True)
        review.step(+1)
        review.step(+1)
        app.processEvents()
        window.view.viewport().repaint()
        ok = window.grab().save(str(RESOURCES / "suggestions.png"))
        window.close()
        app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
