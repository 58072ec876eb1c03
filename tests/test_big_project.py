"""A project of tens of thousands of documents opens and labels like a small one.

No timings: the tests count what grows with the project instead (document-list rows read,
the model's data() calls per label, SQLite VM steps to find a document).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from annotator.model import Span
from annotator.spanindex import SpanIndex
from annotator.store import Store
from tests.guitools import TEXT, shown_window

BIG = 20_000


def make_big_project(folder: Path, documents: int) -> Path:
    """A project of `documents` short documents, written with executemany (seconds, not
    minutes); the open one, `doc-00000`, is the real test text."""
    db = folder / "big.db"
    with Store.open(db) as store:
        conn = store.db.conn
        with store.transaction():
            store.ensure_annotator("ana")
            rows = []
            for number in range(documents):
                text = TEXT if number == 0 else f"{TEXT} ({number})"
                digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                rows.append((f"doc-{number:05d}", text, digest, "{}", "now", len(text)))
            conn.executemany(
                "INSERT INTO documents (id, text, text_sha256, meta, imported_at, length)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO id_counters (doc_id, spans, relations) VALUES (?, 0, 0)",
                [(row[0],) for row in rows],
            )
            conn.executemany(
                'INSERT INTO spans (doc_id, id, start, "end", layer, label, attrs, annotator,'
                " created_at) VALUES (?, 'T1', 0, 3, 'entity', 'PER', '{}', 'ana', 'now')",
                [(row[0],) for row in rows[1:]],
            )
    return db


def small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_big_project(tmp_path_factory.mktemp("big"), BIG)


@pytest.fixture
def big_copy(big_db: Path, tmp_path: Path) -> Path:
    """A private copy of the big project (tests write to it)."""
    copy = tmp_path / "big.db"
    with Store.open(big_db, readonly=True) as source:
        source.db.conn.execute("VACUUM INTO ?", [str(copy)])
    return copy


def data_calls_per_label(qtbot, db: Path) -> int:
    """Label three words in the window on `db`; return DocumentListModel.data() calls."""
    window = shown_window(qtbot, db)
    qtbot.waitUntil(lambda: window.session.complete)
    model = window.documents.model
    qtbot.waitUntil(lambda: len(model.rows) > 0)
    QApplication.processEvents()  # the first layout and paint
    label = window.findChild(QAction, "label:entity:ORG")
    before = model.data_calls
    for start in (4, 20, 40):
        window.view.set_selection(start, start + 3)
        label.trigger()
        QApplication.processEvents()  # the list repaints what changed
    qtbot.waitUntil(lambda: window.writer.pending == 0)
    assert model.rows[0].spans == 3  # the count shown is right
    return model.data_calls - before


def test_labelling_touches_the_document_list_as_little_in_a_big_project(
    qtbot,
    tmp_path: Path,
    big_copy: Path,
) -> None:
    small = data_calls_per_label(qtbot, make_big_project(small_folder(tmp_path), 3))
    big = data_calls_per_label(qtbot, big_copy)
    # Before: Qt resized the list's columns to their contents on every count change,
    # calling data() for a thousand rows (about 16,000 calls per label).
    assert 0 < small and big <= max(3 * small, 60), (small, big)


def test_the_document_list_fetches_lazily_and_filters_in_the_query(
    qtbot,
    big_copy: Path,
) -> None:
    window = shown_window(qtbot, big_copy)
    model = window.documents.model
    assert window.session.doc_id == "doc-00000"
    assert model.rowCount() == model.PAGE  # one page, not 20,000 rows
    assert model.fetched <= 2 * model.PAGE
    window.documents.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > model.PAGE)  # the view asked for more
    assert model.rowCount() < BIG
    assert model.data(model.index(model.PAGE, 0)) == f"doc-{model.PAGE:05d}"
    qtbot.keyClicks(window.documents.search, "19999")  # far beyond what was fetched
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["doc-19999"]
    window.documents.search.clear()
    status = window.documents.status
    status.setCurrentIndex(status.findData("done"))
    assert model.rowCount() == 0
    status.setCurrentIndex(status.findData(None))
    assert model.rowCount() == model.PAGE


def test_outside_changes_reread_what_was_fetched_not_the_project(
    qtbot,
    big_copy: Path,
) -> None:
    window = shown_window(qtbot, big_copy)
    model = window.documents.model
    before = model.fetched
    with Store.open(big_copy) as other:
        other.set_status("doc-00001", "ana", "done")
        other.add_span("doc-00002", 0, 3, "entity", "LOC", "omar")
    assert window.check_outside_changes()
    assert model.fetched - before <= model.PAGE
    assert model.rows[1].status == "done"
    assert model.rows[2].spans == 2


def vm_steps(store: Store, action: Callable[[], object]) -> int:
    """Count SQLite virtual-machine steps (in thousands) that `action` costs."""
    steps = 0

    def tick() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.db.conn.set_progress_handler(tick, 1000)
    try:
        action()
    finally:
        store.db.conn.set_progress_handler(None, 1000)
    return steps


def test_first_and_next_document_are_found_without_listing_the_project(
    qtbot,
    tmp_path: Path,
    big_copy: Path,
) -> None:
    from annotator.gui.session import Session

    small = make_big_project(small_folder(tmp_path), 3)
    costs = {}
    for name, db in (("small", small), ("big", big_copy)):
        with Store.open(db) as store:
            store.set_status("doc-00000", "ana", "done")
            session = Session(store, "ana")
            assert session.first_document() == "doc-00001"
            assert session.neighbour(1) == "doc-00000"  # nothing open: the first
            session.open_document("doc-00001")
            assert session.neighbour(1) == "doc-00002"
            assert session.neighbour(-1) == "doc-00000"
            assert store.adjacent_document("doc-00000", -1) is None
            assert store.adjacent_document("gone", 1) == "doc-00000"
            costs[name] = vm_steps(
                store,
                lambda session=session: (  # type: ignore[misc]
                    session.first_document(),
                    session.neighbour(1),
                    session.neighbour(-1),
                ),
            )
    # Listing 20,000 documents with their span counts took thousands of times more.
    assert costs["big"] <= costs["small"] + 5, costs


def test_the_window_opens_on_a_big_project_at_its_first_open_document(
    qtbot,
    big_copy: Path,
) -> None:
    with Store.open(big_copy) as store:
        for number in range(3):
            store.set_status(f"doc-{number:05d}", "ana", "done")
    window = shown_window(qtbot, big_copy)
    assert window.session.doc_id == "doc-00003"
    window.findChild(QAction, "next_document").trigger()
    qtbot.waitUntil(lambda: window.session.doc_id == "doc-00004")
    window.findChild(QAction, "previous_document").trigger()
    qtbot.waitUntil(lambda: window.session.doc_id == "doc-00003")


# -- the compact span index -----------------------------------------------------------------

positions = st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1]))
spans = st.lists(
    st.builds(
        lambda ident, edges, label, polarity: Span(
            f"T{ident}",
            edges[0],
            edges[1],
            "entity" if polarity is None else "stance",
            label,
            {} if polarity is None else {"polarity": polarity},
            "ana",
        ),
        st.integers(1, 40),
        positions,
        st.sampled_from(["PER", "ORG", "STANCE"]),
        st.none() | st.sampled_from(["favor", "against"]),
    ),
    max_size=40,
)


def plain_order(items: dict[str, Span]) -> list[Span]:
    return sorted(items.values(), key=lambda s: (s.start, s.end, s.id))


@given(spans, spans, st.lists(st.integers(0, 40), max_size=10), positions)
def test_the_compact_index_answers_like_a_plain_list(
    first: list[Span], added: list[Span], removed: list[int], window: tuple[int, int]
) -> None:
    expected = {s.id: s for s in first}
    rows = [
        (s.id, s.start, s.end, s.layer, s.label, json.dumps(s.attrs), s.annotator) for s in first
    ]
    unique = {row[0]: row for row in rows}.values()
    index = SpanIndex.from_rows(sorted(unique, key=lambda r: (r[1], r[2], r[0])))
    for span in added:
        index.add(span)
        expected[span.id] = span
    for number in removed:
        assert index.remove(f"T{number}") == expected.pop(f"T{number}", None)
    ordered = plain_order(expected)
    assert index.all() == ordered
    assert len(index) == len(ordered)
    for row, span in enumerate(ordered):
        assert index.row(row) == span
        assert index.position(span.id) == row == index.insertion_row(span)
        assert index.get(span.id) == span and span.id in index
    start, end = window
    assert index.overlapping(start, end) == [s for s in ordered if s.start < end and s.end > start]
    assert index.at(start) == sorted(
        [s for s in ordered if s.start <= start < s.end], key=lambda s: (s.end - s.start, s.id)
    )
    assert SpanIndex(expected.values()).all() == ordered
