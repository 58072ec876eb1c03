"""Label every occurrence: the plan, the one-transaction store call, undo as one step, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import ConflictError, DuplicateSpanError, SchemaError
from annotator.labelall import plan, to_label
from annotator.model import Document, Span
from annotator.search import find, normalise
from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "قال إن لأوكرانيا الحق، وأوكرانيا مستقلة. الحكومةأوكرانيا؟ أوكرانيا"


def spans_text(store: Store, doc_id: str) -> list[str]:
    text = store.text(doc_id)
    return [text[s.start : s.end] for s in store.spans(doc_id)]


def test_plan_leaves_labelled_hits_alone_flags_overlaps_and_skips_inside_words() -> None:
    hits = find("d", TEXT, "أوكرانيا")
    first, second, inside, last = hits
    spans = [
        Span("T1", first.start, first.end, "entity", "GPE"),  # already labelled
        Span("T2", second.start - 1, second.end + 7, "entity", "ORG"),  # overlaps
        Span("T3", 0, len(TEXT), "claim", "CLAIM"),  # another layer: no overlap
    ]
    candidates = plan(hits, spans, "entity", "GPE")
    assert [(c.already, c.inside_word, c.overlaps, c.checked) for c in candidates] == [
        (True, False, (), False),
        (False, False, ("T2",), True),
        (False, True, (), False),
        (False, False, (), True),
    ]
    assert [c.reason for c in candidates] == [
        "already labelled",
        "overlaps T2",
        "inside a longer word",
        "new",
    ]
    assert [c.hit for c in to_label(candidates)] == [second, last]
    asked = plan(hits, spans, "entity", "GPE", include_inside_words=True)
    assert [c.hit for c in to_label(asked)] == [second, inside, last]


@pytest.fixture
def store(db_path: Path):
    with Store.open(db_path) as store:
        store.add_document(Document("d1", TEXT), "ana")
        yield store


def test_add_spans_labels_many_in_one_transaction(store: Store) -> None:
    before = store.data_version()
    created = store.add_spans(
        "d1", [Span("", 8, 16, "entity", "GPE"), Span("", 24, 32, "entity", "GPE")], "ana"
    )
    assert [s.id for s in created] == ["T1", "T2"]
    assert spans_text(store, "d1") == ["أوكرانيا", "أوكرانيا"]
    assert [c["action"] for c in store.changes("d1", 2)] == ["span.create", "span.create"]
    assert store.status("d1", "ana") == "in_progress"
    assert store.data_version() == before  # our own commit: data_version counts others'


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (Span("", 24, 32, "entity", "GPE"), DuplicateSpanError),  # repeats the first
        (Span("", 24, 32, "entity", "NOPE"), SchemaError),
        (Span("", 60, 999, "entity", "GPE"), Exception),
    ],
)
def test_add_spans_is_all_or_nothing(
    store: Store, db_path: Path, bad: Span, error: type[Exception]
) -> None:
    before = database_dump(db_path)
    good = [Span("", 8, 16, "entity", "GPE"), Span("", 24, 32, "entity", "GPE")]
    with pytest.raises(error):
        store.add_spans("d1", [*good, bad], "ana")
    assert database_dump(db_path) == before
    assert store.add_spans("d1", good, "ana")[0].id == "T1"  # no id was used up either


def test_one_undo_removes_them_all_and_one_redo_puts_them_back(store: Store) -> None:
    created = store.add_spans(
        "d1", [Span("", 8, 16, "entity", "GPE"), Span("", 24, 32, "entity", "GPE")], "ana"
    )
    removed = store.delete_spans("d1", created, "ana", via="undo")
    assert [span for span, _ in removed] == created and store.spans("d1") == []
    assert store.add_spans("d1", created, "ana", via="redo") == created
    assert [s.id for s in store.spans("d1")] == ["T1", "T2"]


def test_undo_changes_nothing_when_one_span_was_changed_elsewhere(
    store: Store, db_path: Path
) -> None:
    created = store.add_spans(
        "d1", [Span("", 8, 16, "entity", "GPE"), Span("", 24, 32, "entity", "GPE")], "ana"
    )
    store.update_span("d1", "T2", "omar", label="LOC")
    before = database_dump(db_path)
    with pytest.raises(ConflictError):
        store.delete_spans("d1", created, "ana")
    assert database_dump(db_path) == before


def test_a_failure_in_the_middle_of_add_spans_leaves_nothing(store: Store, db_path: Path) -> None:
    """A database error after some inserts (here a trigger) rolls the whole batch back."""
    before = database_dump(db_path)
    store.db.conn.execute(
        "CREATE TEMP TRIGGER refuse_second BEFORE INSERT ON spans WHEN NEW.id = 'T2'"
        " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    spans = [Span("", 8, 16, "entity", "GPE"), Span("", 24, 32, "entity", "GPE")]
    with pytest.raises(ConflictError, match="disk full"):
        store.add_spans("d1", spans, "ana")
    assert database_dump(db_path) == before


WORDS = ["أوكرانيا", "روسيا", "مصر"]
PROCLITICS = ["", "و", "ل", "ب", "ف", "وب", "ال", "وال", "لل", "الحكومة"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PROCLITICS),
            st.sampled_from(WORDS),
            st.sampled_from(["", "\u064e", "ـ", "\u0651\u064e"]),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_label_all_never_includes_a_proclitic(
    tmp_path_factory: pytest.TempPathFactory, words: list[tuple[str, str, str]]
) -> None:
    text = " ".join(proclitic + word[:2] + mark + word[2:] for proclitic, word, mark in words)
    db_path = tmp_path_factory.mktemp("db") / "p.db"
    with Store.open(db_path) as store:
        store.add_document(Document("d", text), "ana")
    result = run_cli("label-all", "--db", db_path, "أوكرانيا", "--label", "GPE")
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        labelled = spans_text(store, "d")
    expected = [w for p, w, _ in words if w == "أوكرانيا" and p != "الحكومة"]
    assert len(labelled) == len(expected)
    for span_text in labelled:
        assert normalise(span_text) == "اوكرانيا"  # the word, never و ل ب ال in front


def test_cli_labels_the_name_inside_proclitic_words_and_reports(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_document(Document("d1", TEXT), "ana")
        store.add_document(Document("d2", "لا شيء"), "ana")
    result = run_cli("label-all", "--db", db_path, "أوكرانيا", "--label", "GPE")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "labelled  d1:8-16  أوكرانيا",
        "labelled  d1:24-32  أوكرانيا",
        "skipped  d1:48-56  أوكرانيا (inside a longer word)",
        "labelled  d1:58-66  أوكرانيا",
    ]
    assert "labelled 3 in 1 documents" in result.stderr
    with Store.open(db_path) as store:
        assert spans_text(store, "d1") == ["أوكرانيا"] * 3
        assert TEXT[7] == "ل" and TEXT[23] == "و"
        assert {s.annotator for s in store.spans("d1")} == {"tester"}
    again = run_cli("label-all", "--db", db_path, "أوكرانيا", "--label", "GPE")
    assert "labelled 0 in 0 documents; 3 already labelled" in again.stderr


def test_cli_inside_words_dry_run_and_errors(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_document(Document("d1", TEXT), "ana")
    before = database_dump(db_path)
    dry = run_cli("label-all", "--db", db_path, "أوكرانيا", "--label", "GPE", "--dry-run")
    assert dry.exit_code == 0 and "would label 3 in 1 documents" in dry.stderr
    assert database_dump(db_path) == before
    for args, message in [
        (["--label", "NOPE"], "unknown label 'NOPE'"),
        (["--label", "GPE", "--doc", "nope"], "no document 'nope'"),
    ]:
        failed = run_cli("label-all", "--db", db_path, "أوكرانيا", *args)
        assert failed.exit_code == 1 and failed.stderr.startswith("Error: ")
        assert message in failed.stderr and "Traceback" not in failed.output
        assert database_dump(db_path) == before
    inside = run_cli("label-all", "--db", db_path, "أوكرانيا", "--label", "LOC", "--inside-words")
    assert "labelled 4 in 1 documents" in inside.stderr


def test_cli_label_all_gives_a_stance_its_default_attributes(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_document(Document("d1", TEXT), "ana")
        stance = store.schema.find_label("STANCE")
    result = run_cli("label-all", "--db", db_path, "مستقلة", "--label", "STANCE")
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        (span,) = store.spans("d1")
    assert dict(span.attrs) == {a.name: a.default for a in stance.attributes if a.default}
