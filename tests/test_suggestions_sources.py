"""Suggestions from a gazetteer and from the project's own labels (proclitics outside the
span, exact code-point offsets, also with diacritics and tatweel), and review by score."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import Document, Span
from annotator.search import normalise
from annotator.store import Store
from annotator.suggest import names_pattern, suggest_from_gazetteer, suggest_from_labels
from tests.conftest import database_dump
from tests.helpers import run_cli

PROCLITICS = ["", "و", "ل", "ب", "ال", "وال", "بال", "لل", "ف", "وب"]
MARKS = ["", "\u064e", "\u0651", "\u0640", "\u0651\u064e", "\u0640\u0640"]  # fatha, shadda, tatweel
NAMES = ["أوكرانيا", "كييف", "موسكو"]
OTHER = ["قال", "الرئيس", "إن", "الحرب", "مصرف", "كييفي"]


def marked(word: str, mark: str, at: int) -> str:
    at = min(max(at, 1), len(word))  # a mark never starts a word
    return word[:at] + mark + word[at:]


words = st.one_of(
    st.tuples(st.sampled_from(PROCLITICS), st.sampled_from(NAMES), st.sampled_from(MARKS),
              st.integers(1, 4)),
    st.tuples(st.just(""), st.sampled_from(OTHER), st.just(""), st.just(1)),
)  # fmt: skip


def write_gazetteer(path: Path) -> Path:
    path.write_text("أوكرانيا\tGPE\nكييف\tGPE\nموسكو\tGPE\nالأمم المتحدة\tORG\n", encoding="utf-8")
    return path


@given(st.lists(words, min_size=1, max_size=10))
def test_gazetteer_leaves_proclitics_outside_and_gives_exact_offsets(
    tmp_path_factory: pytest.TempPathFactory, items: list[tuple[str, str, str, int]]
) -> None:
    folder = tmp_path_factory.mktemp("gaz")
    text = " ".join(p + marked(w, m, at) for p, w, m, at in items) + "."
    with Store.open(folder / "p.db") as store:
        store.add_document(Document("d", text), "ana")
        counts = suggest_from_gazetteer(store, write_gazetteer(folder / "g.tsv"), "gaz", "ana")
        found = store.suggestions("d")
    expected = [w for _, w, _, _ in items if w in NAMES]
    assert counts.created == len(found) == len(expected)
    for suggestion, name in zip(found, expected, strict=True):
        covered = text[suggestion.start : suggestion.end]
        assert normalise(covered) == normalise(name)  # the name, with its own marks only
        assert covered[0] == name[0]  # never a proclitic in front
        assert suggestion.label == "GPE" and suggestion.layer == "entity"


def test_gazetteer_matches_multiword_names_and_never_inside_longer_words(db_path: Path) -> None:
    text = "قالت الأمم المتحدة إن كييفي وكييف لموسكو مصرفها."
    with Store.open(db_path) as store:
        store.add_document(Document("d", text), "ana")
        suggest_from_gazetteer(store, write_gazetteer(db_path.parent / "g.tsv"), "gaz", "ana")
        found = {(text[s.start : s.end], s.label) for s in store.suggestions("d")}
    assert found == {("الأمم المتحدة", "ORG"), ("كييف", "GPE"), ("موسكو", "GPE")}


def test_names_pattern_prefers_the_longest_name_that_ends_a_word() -> None:
    pattern = names_pattern([normalise(n) for n in ("الامم", "الامم المتحده", "ab", "abc")])
    assert pattern.match("الامم المتحده").group() == "الامم المتحده"
    assert pattern.match("الامم المتحدة").group() == "الامم"
    assert pattern.match("abd") is None and pattern.match("ab d").group() == "ab"


def test_gazetteer_errors_name_the_line_and_write_nothing(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_document(Document("d", "كييف"), "ana")
    before = database_dump(db_path)
    for content, problem in (
        ("كييف\tGPE\nموسكو GPE\n", ":2: expected name<TAB>label"),
        ("كييف\tCITY\n", ":1: unknown label 'CITY'"),
    ):
        bad = tmp_path / "bad.tsv"
        bad.write_text(content, encoding="utf-8")
        result = run_cli("suggest", "--db", db_path, "--gazetteer", bad)
        assert result.exit_code == 1
        assert f"Error: {bad}{problem}" in result.output
        assert database_dump(db_path) == before
    neither = run_cli("suggest", "--db", db_path)
    assert neither.exit_code == 1 and "--gazetteer" in neither.output


@given(st.lists(words, min_size=1, max_size=10), st.data())
def test_from_labels_proposes_other_occurrences_without_proclitics(
    tmp_path_factory: pytest.TempPathFactory, items: list[tuple[str, str, str, int]], data
) -> None:
    folder = tmp_path_factory.mktemp("labels")
    text = " ".join(p + marked(w, m, at) for p, w, m, at in items) + "."
    seed = "كييف موسكو أوكرانيا"
    with Store.open(folder / "p.db") as store:
        store.add_document(Document("seed", seed), "ana")
        store.add_document(Document("d", text), "ana")
        for name in NAMES:
            start = seed.index(name)
            store.add_span("seed", start, start + len(name), "entity", "GPE", "ana")
        counts = suggest_from_labels(store, "ana")
        found = store.suggestions("d")
        assert store.suggestions("seed") == []  # labelled there already
    expected = [w for _, w, _, _ in items if w in NAMES]
    assert counts.created == len(found) == len(expected)
    assert counts.already_labelled == 3
    for suggestion, name in zip(found, expected, strict=True):
        covered = text[suggestion.start : suggestion.end]
        assert normalise(covered) == normalise(name) and covered[0] == name[0]
        assert (suggestion.label, suggestion.score, suggestion.source) == ("GPE", 1.0, "labels:ana")


def test_from_labels_takes_the_majority_label_scored_by_its_share(db_path: Path) -> None:
    text = "واشنطن قالت واشنطن إن واشنطن وواشنطن."
    with Store.open(db_path) as store:
        store.add_document(Document("d", text), "ana")
        starts = [i for i in range(len(text)) if text.startswith("واشنطن", i)]
        for start, label in zip(starts[:3], ["GPE", "GPE", "PER"], strict=False):
            store.add_span("d", start, start + 6, "entity", label, "ana")
        assert run_cli("suggest", "--db", db_path, "--from-labels", "--annotator", "ana",
                       "--min-count", "4").exit_code == 1  # fmt: skip
        result = run_cli("suggest", "--db", db_path, "--from-labels", "--annotator", "ana")
        assert result.exit_code == 0, result.output
        assert "labels:ana: 1 suggestions to review" in result.output
        (suggestion,) = store.suggestions("d", "ana")
    assert (suggestion.start, suggestion.label, suggestion.score) == (starts[3], "GPE", 0.6667)


def test_review_accepts_above_and_rejects_below_with_a_report(db_path: Path) -> None:
    text = "كييف وموسكو وبروكسل ولندن"
    with Store.open(db_path) as store:
        store.add_document(Document("d", text), "ana")
        spans = []
        for word, score in (("كييف", 0.95), ("موسكو", 0.9), ("بروكسل", 0.4), ("لندن", None)):
            start = text.index(word)
            spans.append((Span("", start, start + len(word), "entity", "GPE"), score))
        store.add_suggestions("d", spans, "m", "ana")
    accept = run_cli("review", "--db", db_path, "--source", "m", "--annotator", "ana",
                     "--accept-above", "0.9")  # fmt: skip
    assert accept.exit_code == 0, accept.output
    assert "accepted 2, rejected 0 in 1 documents; left 1 for review, 1 without a score" in (
        accept.output
    )
    reject = run_cli("review", "--db", db_path, "--source", "m", "--annotator", "ana",
                     "--reject-below", "0.5")  # fmt: skip
    assert "accepted 0, rejected 1" in reject.output
    with Store.open(db_path) as store:
        assert [text[s.start : s.end] for s in store.spans("d", "ana")] == ["كييف", "موسكو"]
        states = {text[s.start : s.end]: s.state for s in store.suggestions("d", "ana")}
    assert states == {"كييف": "accepted", "موسكو": "accepted", "بروكسل": "rejected",
                      "لندن": "pending"}  # fmt: skip
    both = run_cli("review", "--db", db_path, "--source", "m", "--accept-above", "0.9",
                   "--reject-below", "0.1")  # fmt: skip
    assert both.exit_code == 1 and "one of" in both.output
    unknown = run_cli("review", "--db", db_path, "--source", "x", "--accept-above", "0.5")
    assert unknown.exit_code == 1 and "no suggestions from source 'x'" in unknown.output
