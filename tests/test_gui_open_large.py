"""Opening a long document stays cheap: what runs before the first paint, counted as SQL
statements (never timed), and the span index that comes out complete and in order."""

from __future__ import annotations

import json

from annotator.gui import create_main_window
from tests.guitools import TEXT, make_project, shown_window
from tests.helpers import run_cli


def statements_while(window, action) -> list[str]:
    """Return the SQL statements the window's connection ran during `action()`."""
    ran: list[str] = []
    conn = window.session.store.conn
    conn.set_trace_callback(ran.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return ran


def word_spans(text: str, count: int) -> list[dict]:
    """The first `count` words of `text` as PER spans, in text order."""
    spans, start = [], 0
    while len(spans) < count:
        start = text.find(" ", start) + 1
        end = text.find(" ", start)
        if start == 0 or end < 0:
            break
        spans.append(
            {"start": start, "end": end, "layer": "entity", "label": "PER", "annotator": "ana"}
        )
    return spans


def test_opening_a_document_without_suggestions_reads_its_spans_once(qtbot, tmp_path) -> None:
    text = TEXT * 20
    db = make_project(tmp_path, text, spans=word_spans(text, 200))
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    ran = statements_while(window, lambda: window.open_document("nato"))
    reads = [s for s in ran if "FROM spans" in s]
    assert len(reads) == 1, reads  # the span index; no suggestion state from the spans
    assert len(window.session.spans) == 200
    assert window.suggestions.all == []


def test_a_document_with_suggestions_still_shows_which_are_labelled(qtbot, tmp_path) -> None:
    word = TEXT.index("ناتو")
    db = make_project(
        tmp_path,
        spans=[
            {"start": word, "end": word + 4, "layer": "entity", "label": "ORG", "annotator": "ana"}
        ],
    )
    path = tmp_path / "model.jsonl"
    suggested = {"start": word, "end": word + 4, "layer": "entity", "label": "ORG"}
    path.write_text(
        json.dumps({"id": "nato", "text": TEXT, "spans": [suggested]}, ensure_ascii=False),
        encoding="utf-8",
    )
    result = run_cli("import", "--db", db, "--as-suggestions", "--source", "m", path)
    assert result.exit_code == 0, result.output
    window = shown_window(qtbot, db)
    assert [s.state for s in window.suggestions.all] == ["labelled"]
