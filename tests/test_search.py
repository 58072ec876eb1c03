"""Arabic-aware search: what matches what, exact offsets in the stored text, the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.model import Document
from annotator.search import MatchOptions, Normalised, context, find, normalise, search
from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

DEFAULT = MatchOptions()
WHOLE = MatchOptions(whole_word=True)


def texts_of(text: str, query: str, options: MatchOptions = DEFAULT) -> list[str]:
    hits = find("d", text, query, options)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
    return [hit.text for hit in hits]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("مُسْتَقِلَّةٌ", "مستقلة"),  # harakat, shadda, sukun, tanwin
        ("أوكرانيـــا", "أوكرانيا"),  # tatweel
        ("هٰذا", "هذا"),  # dagger alef
        ("اوكرانيا", "أوكرانيا"),  # alef forms, both ways
        ("إيران", "ايران"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("مصطفى", "مصطفي"),  # alef maqsura and ya
        ("کتاب", "كتاب"),  # Persian kaf
        ("ایران", "إيران"),  # Persian ya and alef
        ("ا\u0654وكرانيا", "أوكرانيا"),  # a combining hamza is the precomposed letter
        ("NATO", "nato"),
    ],
)
def test_spelling_variants_match_by_default(text: str, query: str) -> None:
    assert texts_of(text, query) == [text]


@pytest.mark.parametrize(
    ("text", "query", "option"),
    [
        ("الحكومه", "الحكومة", "unify_ta_marbuta"),
        ("مسؤول", "مسوول", "unify_hamza_seats"),
        ("رئيس", "رييس", "unify_hamza_seats"),
        ("عام ٢٠٢٤", "2024", "unify_digits"),
        ("عام ۲۰۲۴", "2024", "unify_digits"),
    ],
)
def test_optional_unifications_are_off_by_default(text: str, query: str, option: str) -> None:
    assert texts_of(text, query) == []
    found = texts_of(text, query, MatchOptions(**{option: True}))
    assert len(found) == 1 and normalise(found[0], MatchOptions(**{option: True})) == normalise(
        query, MatchOptions(**{option: True})
    )


def test_diacritics_and_tatweel_can_be_matched_literally() -> None:
    options = MatchOptions(ignore_diacritics=False, ignore_tatweel=False)
    assert texts_of("مُسْتَقِلَّةٌ مستقلة", "مستقلة", options) == ["مستقلة"]
    assert texts_of("أوكرانيـــا أوكرانيا", "أوكرانيا", options) == ["أوكرانيا"]


def test_a_hit_keeps_the_diacritics_of_its_last_letter_and_no_proclitic() -> None:
    text = "قال إنَّ لِأُوكْرَانِيَا حقًّا"
    (hit,) = find("d", text, "أوكرانيا")
    assert hit.text == "أُوكْرَانِيَا" and hit.proclitic == "لِ"
    assert text[hit.start - 2 : hit.start] == "لِ"


@pytest.mark.parametrize(
    "proclitic", ["و", "ف", "ب", "ك", "ل", "وب", "ول", "فب", "فل", "وك", "بـ", "وَلِ"]
)
def test_whole_words_accept_proclitics_and_leave_them_out(proclitic: str) -> None:
    text = f"قال إن {proclitic}أوكرانيا حقا"
    (hit,) = find("d", text, "أوكرانيا", WHOLE)
    assert hit.text == "أوكرانيا" and hit.proclitic == proclitic and hit.whole_word


@pytest.mark.parametrize("proclitic", ["ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فبال"])
def test_the_article_and_its_combinations_are_proclitics(proclitic: str) -> None:
    (hit,) = find("d", f"في {proclitic}عاصمة", "عاصمة", WHOLE)
    assert hit.text == "عاصمة" and hit.proclitic == proclitic


def test_hits_inside_longer_words_are_marked_and_left_out_of_whole_words() -> None:
    text = "الأوكرانيون في أوكرانيا; الحكومةأوكرانيا وأوكرانياتية"
    hits = find("d", text, "أوكرانيا")
    assert [(h.text, h.word_start, h.word_end) for h in hits] == [
        ("أوكرانيا", True, True),
        ("أوكرانيا", False, True),  # الحكومة is no proclitic
        ("أوكرانيا", True, False),  # the word goes on
    ]
    assert [h.start for h in find("d", text, "أوكرانيا", WHOLE)] == [hits[0].start]


def test_regular_expressions_match_normalised_text_and_map_back_exactly() -> None:
    text = "زار أوكرانـيا وروسِيا ومصرَ"
    options = MatchOptions(regex=True, whole_word=True)
    assert texts_of(text, "اوكرانيا|روسيا", options) == ["أوكرانـيا", "روسِيا"]
    assert texts_of(text, r"\w+يا", options) == ["أوكرانـيا", "وروسِيا"]  # \w takes the و


def test_bad_queries_are_one_clear_error() -> None:
    with pytest.raises(AnnotatorError, match="empty"):
        find("d", "نص", "  ")
    with pytest.raises(AnnotatorError, match="only diacritics"):
        find("d", "نص", "ًّ")
    with pytest.raises(AnnotatorError, match="regular expression"):
        find("d", "نص", "(", MatchOptions(regex=True))


def test_a_regex_that_matches_nothing_gives_no_empty_hit() -> None:
    assert find("d", "نص", "x*", MatchOptions(regex=True)) == []


def test_offsets_count_code_points_after_characters_outside_the_bmp() -> None:
    text = "🇺🇦 😀 قال: أوكرانيـا"
    (hit,) = find("d", text, "اوكرانيا")
    assert text[hit.start : hit.end] == "أوكرانيـا" and hit.start == 10


def test_context_is_the_line_around_the_hit() -> None:
    text = "سطر أول\n" + "كلمة " * 20 + "أوكرانيا" + " كلمة" * 20 + "\nسطر آخر"
    (hit,) = find("d", text, "أوكرانيا")
    around = context(text, hit, width=10)
    assert "أوكرانيا" in around and "\n" not in around
    assert around.startswith("…") and around.endswith("…")


def test_search_streams_one_document_at_a_time() -> None:
    read: list[str] = []

    def documents() -> Iterator[tuple[str, str]]:
        for number in range(3):
            read.append(f"d{number}")
            yield f"d{number}", "في أوكرانيا"

    hits = search(documents(), "أوكرانيا")
    assert next(hits).doc_id == "d0" and read == ["d0"]


# Hypothesis: Arabic words with random diacritics, tatweel and proclitics.
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةؤئ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
PROCLITICS = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "وب"]


@st.composite
def decorated(draw: st.DrawFn, word: str) -> str:
    """Return `word` with diacritics after letters and tatweel between them, at random."""
    out = []
    for index, letter in enumerate(word):
        out.append(letter)
        out.append(draw(st.sampled_from(["", "", *MARKS, MARKS[6] + MARKS[3]])))
        if index < len(word) - 1:
            out.append(draw(st.sampled_from(["", "", "ـ", "ـــ"])))
    return "".join(out)


@st.composite
def corpus_with(draw: st.DrawFn) -> tuple[str, str, int]:
    """Return (text, query, occurrences): the query word spelt variously after proclitics,
    among other words."""
    query = draw(st.text(alphabet=LETTERS, min_size=2, max_size=6))
    pieces = []
    occurrences = 0
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            pieces.append(draw(st.sampled_from(PROCLITICS)) + draw(decorated(query)))
            occurrences += 1
        else:
            pieces.append(draw(decorated(draw(st.text(alphabet=LETTERS, min_size=1, max_size=7)))))
    separator = draw(st.sampled_from([" ", "، ", "\n", " 😀 "]))
    return separator.join(pieces), query, occurrences


@given(corpus_with())
def test_every_hit_is_the_stored_text_and_normalises_to_the_query(
    case: tuple[str, str, int],
) -> None:
    text, query, occurrences = case
    hits = find("d", text, query)
    assert len(hits) >= occurrences
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
        assert normalise(hit.text) == normalise(query)
        assert hit.text[0] not in MARKS + "ـ"  # starts on a letter


@given(corpus_with())
def test_whole_word_hits_leave_the_proclitic_outside(case: tuple[str, str, int]) -> None:
    text, query, occurrences = case
    for hit in find("d", text, query, WHOLE):
        assert normalise(hit.text) == normalise(query)
        assert normalise(hit.proclitic) in {normalise(p) for p in PROCLITICS}
        assert text[hit.start - len(hit.proclitic) : hit.start] == hit.proclitic


@given(st.text(alphabet=LETTERS + MARKS + "ـ \u0654", max_size=40), st.data())
def test_the_map_back_is_exact_for_any_substring(text: str, data: st.DataObject) -> None:
    copy = Normalised(text)
    if not copy.text:
        return
    start = data.draw(st.integers(0, len(copy.text) - 1))
    end = data.draw(st.integers(start + 1, len(copy.text)))
    found = text[copy.start_of(start) : copy.end_of(end)]
    assert normalise(found) == copy.text[start:end]


# The command line.


@pytest.fixture
def project(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        store.add_document(Document("d1", "قال إنَّ لأوكرانيا حقًّا\nوأوكرانيـا مستقلة"), "ana")
        store.add_document(Document("d2", "الأوكرانيون في أوكرانيا\x1b[2J\x9b"), "ana")
        store.add_document(Document("d3", "لا شيء هنا"), "ana")
    return db_path


def test_cli_search_prints_documents_offsets_and_lines(project: Path) -> None:
    before = database_dump(project)
    result = run_cli("search", "--db", project, "اوكرانيا")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "d1:10-18: قال إنَّ لأوكرانيا حقًّا"
    assert [line.split(": ")[0] for line in lines] == ["d1:10-18", "d1:26-35", "d2:15-23"]
    assert "\x1b" not in result.stdout and "\\x1b" in lines[2]
    assert "3 hits in 2 documents" in result.stderr
    assert database_dump(project) == before


def test_cli_search_json_lines(project: Path) -> None:
    result = run_cli("search", "--db", project, "--json", "--whole-word", "أوكرانيا")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["start"], r["end"], r["text"]) for r in rows] == [
        ("d1", 10, 18, "أوكرانيا"),
        ("d1", 26, 35, "أوكرانيـا"),
        ("d2", 15, 23, "أوكرانيا"),
    ]
    assert rows[2]["context"] == "الأوكرانيون في أوكرانيا\x1b[2J\x9b"
    assert "\x9b" not in result.stdout and "\x1b" not in result.stdout


def test_cli_search_one_document_and_regex(project: Path) -> None:
    result = run_cli("search", "--db", project, "--doc", "d1", "--regex", "--json", "مستقل.")
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["مستقلة"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--doc", "nope", "x"], "no document 'nope'"),
        (["--regex", "("], "regular expression"),
        (["  "], "empty"),
    ],
)
def test_cli_search_errors_are_one_line(project: Path, args: list[str], message: str) -> None:
    result = run_cli("search", "--db", project, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.output
