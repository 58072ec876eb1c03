"""Render the README's team screenshots offscreen: compare mode and the dashboard.

    make team-screenshots   (QT_QPA_PLATFORM=offscreen python -m benchmarks.team_screenshots)

A three-annotator project is built in a temporary folder from the bundled sample article:
ana's spans are the sample's, omar leaves two out and relabels one, sara moves an edge
and relabels another; all three mark it done. Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from annotator.model import Document
from annotator.resources import SAMPLE_DOCUMENTS
from annotator.store import Store

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def team_project(path: Path) -> str:
    """Create the project; return the document id."""
    line = json.loads(SAMPLE_DOCUMENTS.read_text(encoding="utf-8").splitlines()[0])
    doc_id, text = line["id"], line["text"]
    entities = [s for s in line.get("spans", []) if s.get("layer", "entity") == "entity"]
    with Store.open(path) as store:
        with store.transaction():
            store.add_document(Document(doc_id, text), "lead")
            for number, span in enumerate(entities):
                start, end, label = span["start"], span["end"], span["label"]
                store.add_span(doc_id, start, end, "entity", label, "ana")
                if number not in (3, 7):
                    omar = "ORG" if number == 5 else label
                    store.add_span(doc_id, start, end, "entity", omar, "omar")
                sara_start = start + 1 if number == 2 else start
                sara = "LOC" if label == "GPE" and number % 2 else label
                store.add_span(doc_id, sara_start, end, "entity", sara, "sara")
            for name in ("ana", "omar", "sara"):
                store.set_status(doc_id, name, "done")
    return doc_id


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui import create_main_window
    from annotator.gui.app import application

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = folder  # fresh settings: the default curator
        db = Path(folder) / "team.db"
        doc_id = team_project(db)
        window = create_main_window(db, doc_id, "lead")
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.compare.set_enabled(True)
        window.compare.accept_agreed()
        window.compare.step(+1)
        app.processEvents()
        window.grab().save(str(RESOURCES / "compare.png"))
        window.compare.set_enabled(False)
        dock = window.dashboard.show()
        app.processEvents()
        dock.setFloating(True)  # the whole dashboard, at a readable size
        dock.resize(560, 900)
        app.processEvents()
        dock.grab().save(str(RESOURCES / "dashboard.png"))
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
