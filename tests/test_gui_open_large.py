"""Opening a long document stays cheap: what runs before the first paint, counted as SQL
statements (never timed), and the span index that comes out complete and in order."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.errors import StoreError
from annotator.gui import create_main_window
from annotator.gui.session.core import PRELOAD_CHARACTERS
from annotator.store import Store
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


LONG = (TEXT + "\n") * 120  # past the characters loaded before the first paint


def long_project(tmp_path) -> Path:
    spans = word_spans(LONG, 3000)
    spans[5] |= {"note": "check", "unsure": True}
    spans[7] |= {"annotator": "bob"}
    return make_project(tmp_path, LONG, spans=spans)


def test_the_whole_index_is_built_after_the_first_paint(qtbot, tmp_path) -> None:
    db = long_project(tmp_path)
    assert len(LONG) > PRELOAD_CHARACTERS
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    session = window.session
    assert not session.complete  # the first screens' spans only, until the article paints
    assert all(s.start < PRELOAD_CHARACTERS for s in session.loaded_spans.all())
    window.show()
    qtbot.waitUntil(lambda: session.complete, timeout=5000)
    with Store.open(db, readonly=True) as store:
        mine = [s for s in store.spans("nato") if s.annotator == "ana"]
    assert session.spans.all() == sorted(mine, key=lambda s: (s.start, s.end, s.id))
    assert session.spans.get(mine[5].id).note == "check"


def test_spans_committed_while_the_index_is_read_are_in_it(qtbot, tmp_path) -> None:
    db = long_project(tmp_path)
    far = LONG.rindex("Seoul")
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    with Store.open(db) as other:  # another program, while the index is being read
        theirs = other.add_span("nato", far - 11, far - 4, "entity", "PER", "ana")
    session = window.session
    mine = session.add_span(far, far + 5, "entity", "GPE")  # this window, past the preload
    session.complete_loading()
    assert mine.id in session.spans and theirs.id in session.spans
    assert len(session.spans) == 3000 - 1 + 2  # bob's span is not shown to ana


def test_a_failed_background_read_falls_back_to_reading_here(qtbot, tmp_path) -> None:
    db = long_project(tmp_path)
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    session = window.session
    session._rest.read._thread.join()
    session._rest.read._error = StoreError("unreadable")  # as if its connection failed
    session.complete_loading()
    assert len(session.spans) == 2999


def test_the_whole_index_is_read_apart_from_the_window_connection(qtbot, tmp_path) -> None:
    """The window's connection reads only the first screens' spans; the whole index is
    read on a connection of its own (another thread), while Qt lays out the text."""
    db = long_project(tmp_path)
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)

    def open_and_load() -> None:
        window.open_document("nato")
        window.session.complete_loading()

    reads = [s for s in statements_while(window, open_and_load) if "FROM spans" in s]
    assert len(reads) == 1 and "start <" in reads[0], reads
    assert len(window.session.spans) == 2999


def test_the_index_is_read_once_and_ahead_of_building_the_window(
    qtbot, tmp_path, monkeypatch
) -> None:
    """The long document's index read starts before the window is built (about 40 ms of
    work it overlaps) and is the one the document then uses: one read, not two."""
    import annotator.gui.opening as opening
    from annotator.gui.session.core import SessionCore

    db = long_project(tmp_path)
    events: list[str] = []
    read, build = SessionCore._read_whole_index, opening.MainWindow

    def reading(self, doc_id):
        events.append("read")
        return read(self, doc_id)

    def building(session):
        events.append("window")
        return build(session)

    monkeypatch.setattr(SessionCore, "_read_whole_index", reading)
    monkeypatch.setattr(opening, "MainWindow", building)
    window = create_main_window(db, annotator="ana")
    qtbot.addWidget(window)
    window.session.complete_loading()
    assert events == ["read", "window"]
    assert len(window.session.spans) == 2999  # of the annotators shown: ana's
