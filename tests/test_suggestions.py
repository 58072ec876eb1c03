"""Suggestions in the store and from a model's files: kept apart from annotations (no
export, agreement or progress counts them unless asked), accept and reject durable and
undoable, rejections that survive a re-import, and imports that are all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, ConflictError
from annotator.formats import EXPORT_FOLDER_FORMATS, EXPORT_FORMATS
from annotator.model import Document, Span
from annotator.store import Store
from annotator.team.agreement import AgreementOptions, measure_agreement
from annotator.team.stats import team_stats
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "زار ستولتنبرغ كييف ثم عاد إلى بروكسل، وقال إن أوكرانيا ستنتصر."
NAMES = {"ستولتنبرغ": "PER", "كييف": "GPE", "بروكسل": "GPE", "أوكرانيا": "GPE"}


def edges(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def entity(word: str, label: str | None = None) -> Span:
    return Span("", *edges(word), "entity", label or NAMES[word])


@pytest.fixture
def store(db_path: Path):
    with Store.open(db_path) as store:
        store.add_document(Document("d1", TEXT), "ana")
        store.add_document(Document("d2", "لا شيء هنا."), "ana")
        yield store


def predictions(path: Path, scores: dict[str, float], doc_id: str = "d1", text: str = TEXT):
    """Write a model's output as our JSONL with a score per span."""
    spans = []
    for word, score in scores.items():
        start, end = edges(word)
        spans.append(
            {"start": start, "end": end, "layer": "entity", "label": NAMES[word], "score": score}
        )
    path.write_text(
        json.dumps({"id": doc_id, "text": text, "spans": spans}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return path


def test_suggestions_are_not_spans_and_count_nowhere(store: Store) -> None:
    counts = store.add_suggestions(
        "d1", [(entity("كييف"), 0.9), (entity("بروكسل"), None)], "model:ner", "ana"
    )
    assert (counts.created, counts.already_present) == (2, 0)
    assert store.spans("d1") == []
    assert [d.spans for d in store.list_documents("ana")] == [0, 0]
    assert store.progress("ana") == (0, 2)
    assert team_stats(store).annotators == []
    listed = store.suggestions("d1", "ana")
    assert [(s.label, s.score, s.state) for s in listed] == [
        ("GPE", 0.9, "pending"),
        ("GPE", None, "pending"),
    ]
    assert [TEXT[s.start : s.end] for s in listed] == ["كييف", "بروكسل"]


def test_add_suggestions_checks_offsets_labels_and_scores_and_writes_nothing(
    store: Store, db_path: Path
) -> None:
    before = database_dump(db_path)
    for bad, message in (
        ((Span("", 0, len(TEXT) + 1, "entity", "GPE"), None), "out of range"),
        ((Span("", 0, 3, "entity", "NOPE"), None), "NOPE"),
        ((entity("كييف"), 1.5), "score"),
    ):
        with pytest.raises(AnnotatorError, match=message):
            store.add_suggestions("d1", [(entity("بروكسل"), 0.5), bad], "model:ner", "ana")
    with pytest.raises(AnnotatorError, match="no document"):
        store.add_suggestions("nope", [(entity("كييف"), 0.5)], "model:ner", "ana")
    assert database_dump(db_path) == before


def test_accept_is_durable_logged_and_undone_in_one_step(store: Store, db_path: Path) -> None:
    store.add_suggestions("d1", [(entity("كييف"), 0.9)], "model:ner", "ana")
    (suggestion,) = store.suggestions("d1", "ana")
    span = store.accept_suggestion(suggestion.id, "ana")
    with Store.open(db_path) as other:  # committed: another connection sees it
        assert other.spans("d1") == [span._replace(attrs={})]
        assert other.suggestion(suggestion.id, "ana").state == "accepted"
        assert other.suggestion(suggestion.id, "ana").span_id == span.id
        log = other.changes("d1", limit=2)
    assert [c["action"] for c in log] == ["suggestion.accept", "span.create"]
    assert json.loads(log[0]["after"])["source"] == "model:ner"
    assert log[1]["via"] == "suggestion"
    with pytest.raises(ConflictError):
        store.accept_suggestion(suggestion.id, "ana")  # decided already
    store.undo_accept_suggestion(suggestion.id, "ana", span)
    with Store.open(db_path) as other:
        assert other.spans("d1") == []
        assert other.suggestion(suggestion.id, "ana").state == "pending"
    again = store.accept_suggestion(suggestion.id, "ana", span_id=span.id)  # redo
    assert again.id == span.id


def test_accept_with_edits_and_undo_refuses_a_span_changed_since(store: Store) -> None:
    start, end = edges("بروكسل")
    store.add_suggestions(
        "d1", [(Span("", start - 2, end, "entity", "PER"), 0.4)], "model:ner", "ana"
    )
    (suggestion,) = store.suggestions("d1", "ana")
    span = store.accept_suggestion(suggestion.id, "ana", start=start, label="GPE")
    assert (TEXT[span.start : span.end], span.label) == ("بروكسل", "GPE")
    store.update_span("d1", span.id, "ana", label="LOC")
    with pytest.raises(ConflictError):
        store.undo_accept_suggestion(suggestion.id, "ana", span)
    assert store.suggestion(suggestion.id, "ana").state == "accepted"
    assert [s.label for s in store.spans("d1")] == ["LOC"]


def test_reject_is_durable_undoable_and_per_annotator(store: Store, db_path: Path) -> None:
    store.add_suggestions("d1", [(entity("كييف"), 0.2)], "model:ner", "ana")
    (suggestion,) = store.suggestions("d1")
    store.reject_suggestion(suggestion.id, "ana")
    with Store.open(db_path) as other:
        assert other.suggestion(suggestion.id, "ana").state == "rejected"
        assert other.suggestion(suggestion.id, "omar").state == "pending"
        assert other.changes("d1", limit=1)[0]["action"] == "suggestion.reject"
    store.undo_reject_suggestion(suggestion.id, "ana")
    assert store.suggestion(suggestion.id, "ana").state == "pending"
    with pytest.raises(ConflictError):
        store.undo_reject_suggestion(suggestion.id, "ana")


def test_a_rejected_suggestion_does_not_return_on_reimport(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    model = predictions(tmp_path / "model.jsonl", {"كييف": 0.3, "بروكسل": 0.8})
    store.close()
    first = run_cli(
        "import", "--db", db_path, "--as-suggestions", "--source", "model:ner", "--annotator",
        "ana", model,
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "2 suggestions to review" in first.output
    with Store.open(db_path) as reopened:
        kyiv = next(s for s in reopened.suggestions("d1", "ana") if s.score == 0.3)
        reopened.reject_suggestion(kyiv.id, "ana")
        # Even when the rows are gone (a source cleaned up), the decision stays.
        reopened.db.conn.execute("DELETE FROM suggestions")
    again = run_cli(
        "import", "--db", db_path, "--as-suggestions", "--source", "model:ner", "--annotator",
        "ana", model,
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "1 suggestions to review" in again.output
    assert "1 rejected before" in again.output
    with Store.open(db_path) as reopened:
        states = {TEXT[s.start : s.end]: s.state for s in reopened.suggestions("d1", "ana")}
        assert states == {"كييف": "rejected", "بروكسل": "pending"}
        assert {s.state for s in reopened.suggestions("d1", "omar")} == {"pending"}
    third = run_cli("import", "--db", db_path, "--as-suggestions", "--source", "model:ner", model)
    assert "2 already present" in third.output


def test_import_as_suggestions_refuses_unknown_documents_and_other_texts(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    good = predictions(tmp_path / "a.jsonl", {"كييف": 0.5})
    unknown = predictions(tmp_path / "b.jsonl", {"كييف": 0.5}, doc_id="elsewhere")
    other = predictions(tmp_path / "c.jsonl", {"كييف": 0.5}, text=TEXT + " وأكثر")
    store.close()
    before = database_dump(db_path)
    for bad, words in ((unknown, "'elsewhere' is not in the project"), (other, "another text")):
        result = run_cli("import", "--db", db_path, "--as-suggestions", "--source", "m", good, bad)
        assert result.exit_code == 1
        assert f"Error: {bad}:1: document" in result.output
        assert words in result.output
        assert "Traceback" not in result.output
        assert database_dump(db_path) == before
    missing_source = run_cli("import", "--db", db_path, "--as-suggestions", good)
    assert missing_source.exit_code == 1 and "--source" in missing_source.output
    bad_score = tmp_path / "d.jsonl"
    bad_score.write_text(
        json.dumps({"id": "d1", "text": TEXT, "spans": [{**entity_json("كييف"), "score": 2}]})
        + "\n",
        encoding="utf-8",
    )
    result = run_cli("import", "--db", db_path, "--as-suggestions", "--source", "m", bad_score)
    assert result.exit_code == 1 and f"{bad_score}:1: span 'T1'" in result.output
    assert database_dump(db_path) == before
    no_project = run_cli(
        "import", "--db", tmp_path / "new.db", "--as-suggestions", "--source", "m", good
    )
    assert no_project.exit_code == 1 and not (tmp_path / "new.db").exists()


def entity_json(word: str) -> dict[str, object]:
    start, end = edges(word)
    return {"start": start, "end": end, "layer": "entity", "label": NAMES[word]}


def test_import_as_suggestions_reads_other_formats(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    doccano = tmp_path / "doccano.jsonl"
    start, end = edges("أوكرانيا")
    doccano.write_text(
        json.dumps({"id": "d1", "text": TEXT, "label": [[start, end, "GPE"]]}) + "\n",
        encoding="utf-8",
    )
    store.close()
    result = run_cli("import", "--db", db_path, "--as-suggestions", "--source", "dc", doccano)
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as reopened:
        (suggestion,) = reopened.suggestions("d1", sources=["dc"])
        assert (TEXT[suggestion.start : suggestion.end], suggestion.score) == ("أوكرانيا", None)
        assert reopened.spans("d1") == []


def _exports(db_path: Path, folder: Path) -> dict[str, object]:
    outputs: dict[str, object] = {}
    for fmt in EXPORT_FORMATS:
        out = folder / fmt
        result = run_cli("export", "--db", db_path, "--format", fmt, "--out", out, "--force")
        assert result.exit_code == 0, (fmt, result.output)
        if fmt in EXPORT_FOLDER_FORMATS:
            outputs[fmt] = {p.name: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        else:
            outputs[fmt] = out.read_bytes()
    return outputs


def test_suggestions_never_appear_in_any_export_agreement_or_progress(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    for name in ("gold", "ana"):
        store.add_span("d1", *edges("كييف"), "entity", "GPE", name)
        store.set_status("d1", name, "done")
    store.add_span("d1", *edges("بروكسل"), "entity", "LOC", "ana")
    before_agreement = measure_agreement(store)
    before_stats = team_stats(store)
    store.close()
    before = _exports(db_path, tmp_path / "before")
    with Store.open(db_path) as reopened:
        reopened.add_suggestions("d1", [(entity(w), 0.7) for w in NAMES], "model:ner", "ana")
        reopened.add_suggestions("d2", [], "model:ner", "ana")
        (first, *_) = reopened.suggestions("d1", "ana", sources=["model:ner"])
        reopened.reject_suggestion(first.id, "ana")
        assert measure_agreement(reopened) == before_agreement
        assert team_stats(reopened) == before_stats
    assert _exports(db_path, tmp_path / "after") == before
    listed = run_cli("list", "--db", db_path, "--annotator", "ana")
    assert "1 of 2 documents done" in listed.output


def test_agreement_compares_a_suggestion_source_with_gold(store: Store) -> None:
    for word in ("كييف", "بروكسل", "ستولتنبرغ"):
        store.add_span("d1", *edges(word), "entity", NAMES[word], "gold")
    store.set_status("d1", "gold", "done")
    store.set_status("d2", "gold", "done")
    model = [(entity("كييف"), 0.9), (entity("بروكسل", "LOC"), 0.6), (entity("أوكرانيا"), 0.8)]
    store.add_suggestions("d1", model, "model:ner")
    store.add_suggestions("d2", [], "model:ner")  # ran there, found nothing
    options = AgreementOptions(layers=("entity",), annotators=("gold", "suggest:model:ner"))
    result = measure_agreement(store, options)
    (pair,) = result["layers"]["entity"]["pairs"]
    assert (pair["a"], pair["b"], pair["documents"]) == ("gold", "suggest:model:ner", 2)
    assert pair["strict"]["precision"] == pytest.approx(1 / 3)
    assert pair["strict"]["recall"] == pytest.approx(1 / 3)
    assert pair["labels"]["GPE"]["strict"]["precision"] == pytest.approx(1 / 2)
    assert pair["labels"]["PER"]["strict"]["recall"] == 0
    with pytest.raises(AnnotatorError, match="no suggestions from source 'nope'"):
        measure_agreement(store, AgreementOptions(annotators=("gold", "suggest:nope")))


def test_cli_agreement_with_a_suggestion_source(store: Store, db_path: Path) -> None:
    store.add_span("d1", *edges("كييف"), "entity", "GPE", "gold")
    store.set_status("d1", "gold", "done")
    store.add_suggestions("d1", [(entity("كييف"), 0.9), (entity("بروكسل"), 0.3)], "m")
    store.close()
    result = run_cli(
        "agreement", "--db", db_path, "--layer", "entity", "--annotators", "gold,suggest:m"
    )
    assert result.exit_code == 0, result.output
    assert "gold / suggest:m: 1 documents" in result.output
    assert "GPE      strict P 0.500 R 1.000 F1 0.667" in result.output
