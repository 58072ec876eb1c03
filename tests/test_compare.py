"""Compare and curate decisions without Qt: stretches, agreement, stepping, acceptance;
and the dashboard's numbers from a real team project."""

from __future__ import annotations

from pathlib import Path

from annotator.compare import (
    SHOW_EVERYONE,
    SHOW_MINE,
    compare_spans,
    describe_stretch,
    plan_accept,
    shown_annotators,
)
from annotator.dashboard import team_charts
from annotator.model import Span
from annotator.team.adjudicate import adjudicate
from tests.team_helpers import TEXT, WORDS, make_team


def span(who: str, word: str, label: str, layer: str = "entity", attrs=None) -> Span:
    start, end = WORDS[word]
    return Span(f"{who}-{word}-{label}", start, end, layer, label, attrs or {}, who)


PERSON = "ينس ستولتنبرغ"
CITY = "سيئول"
NATO = "حلف شمال الأطلسي"
UKRAINE = "أوكرانيا"

# Everyone: PER on Stoltenberg. ana and omar: GPE Seoul, sara: LOC. Only ana: ORG NATO.
TEAM = [
    span("ana", PERSON, "PER"),
    span("omar", PERSON, "PER"),
    span("sara", PERSON, "PER"),
    span("ana", CITY, "GPE"),
    span("omar", CITY, "GPE"),
    span("sara", CITY, "LOC"),
    span("ana", NATO, "ORG"),
]


def test_stretches_tell_agreement_from_disagreement_and_single_labels():
    comparison = compare_spans(TEAM)
    assert comparison.annotators == ("ana", "omar", "sara")
    person, city, nato = comparison.stretches
    assert person.agreed and [v.holders for v in person.versions] == [("ana", "omar", "sara")]
    assert not city.agreed
    assert [(v.label, v.holders) for v in city.versions] == [
        ("GPE", ("ana", "omar")),
        ("LOC", ("sara",)),
    ]
    assert not nato.agreed and nato.versions[0].holders == ("ana",)  # only one labelled it
    assert comparison.disagreements == [city, nato]
    line = describe_stretch(city, TEXT, 3)
    assert "GPE «سيئول» — ana, omar" in line and "LOC «سيئول» — sara" in line


def test_different_attributes_or_edges_are_different_versions():
    claim = "سيدعم أوكرانيا"
    spans = [
        span("ana", claim, "STANCE", "stance", {"polarity": "pro"}),
        span("omar", claim, "STANCE", "stance", {"polarity": "against"}),
        span("ana", UKRAINE, "GPE"),
        span("omar", claim, "GPE"),  # longer edges, overlapping ana's
    ]
    comparison = compare_spans(spans)
    stance = [s for s in comparison.stretches if s.layer == "stance"][0]
    entity = [s for s in comparison.stretches if s.layer == "entity"][0]
    assert len(stance.versions) == 2 and not stance.agreed
    assert len(entity.versions) == 2 and (entity.start, entity.end) == WORDS[claim]


def test_stepping_goes_through_disagreements_in_text_order_and_wraps():
    comparison = compare_spans(TEAM)
    city, nato = comparison.disagreements
    assert comparison.step(None, +1) is city
    assert comparison.step(None, -1) is nato
    assert comparison.step(city.start, +1) is nato
    assert comparison.step(nato.start, +1) is city  # wraps
    assert comparison.step(nato.start, -1) is city
    assert comparison.step(city.start, -1) is nato
    assert compare_spans(TEAM[:3]).step(None, +1) is None  # nothing to curate


def test_gold_spans_resolve_stretches_and_are_not_compared():
    gold = span("gold", CITY, "GPE")
    comparison = compare_spans([*TEAM, gold])
    assert comparison.annotators == ("ana", "omar", "sara")
    city = comparison.disagreements[0]
    assert city.resolved and city.gold == (gold,)
    assert city.accepted is not None and city.accepted.label == "GPE"


def test_accepting_replaces_gold_there_and_accepting_twice_changes_nothing():
    comparison = compare_spans([*TEAM, span("gold", CITY, "GPE")])
    city = comparison.disagreements[0]
    gpe, loc = city.versions
    assert plan_accept(city, gpe, "gold") is None  # gold has it already
    plan = plan_accept(city, loc, "gold")
    assert plan is not None
    assert [s.label for s in plan.remove] == ["GPE"]
    assert (plan.add.label, plan.add.annotator, plan.add.id) == ("LOC", "gold", "")


def test_agreed_versions_to_accept_leave_gold_alone():
    comparison = compare_spans(TEAM)
    assert [v.label for v in comparison.agreed_to_accept()] == ["PER"]
    gold_per_other_label = span("gold", PERSON, "ORG")
    assert compare_spans([*TEAM, gold_per_other_label]).agreed_to_accept() == []


def test_agreement_means_what_adjudicate_means(tmp_path: Path):
    """accept-agreed accepts exactly what `adjudicate --min-agree <everyone>` copies."""
    store = make_team(tmp_path / "team.db", documents=1)
    for s in TEAM:
        store.add_span("t0", s.start, s.end, s.layer, s.label, s.annotator)
    agreed = compare_spans(store.spans("t0")).agreed_to_accept()
    adjudicate(store, "gold", min_agree=3)
    gold = [s for s in store.spans("t0") if s.annotator == "gold"]
    assert [(v.start, v.end, v.label) for v in agreed] == [(s.start, s.end, s.label) for s in gold]
    store.close()


def test_annotator_filter_shows_mine_by_default_and_always_mine():
    assert shown_annotators(SHOW_MINE, "ana") == {"ana"}
    assert shown_annotators("", "ana") == {"ana"}
    assert shown_annotators(SHOW_EVERYONE, "ana") is None
    assert shown_annotators("omar", "ana") == {"omar", "ana"}


def test_dashboard_numbers_come_from_stats_and_agreement(tmp_path: Path):
    store = make_team(tmp_path / "team.db", documents=2)
    for doc in ("t0", "t1"):
        for s in TEAM:
            store.add_span(doc, s.start, s.end, s.layer, s.label, s.annotator)
    for name in ("ana", "omar", "sara"):
        store.set_status("t0", name, "done")
    store.set_status("t1", "ana", "done")
    done, labels, f1, kappa = team_charts(store)
    assert done.value("ana", "done") == 2 and done.value("omar", "done") == 1
    assert labels.value("ana", "ORG") == 2 and labels.value("sara", "LOC") == 2
    assert labels.value("sara", "ORG") is None
    assert f1.value("ana–omar", "PER") == 1.0 and f1.value("ana–omar", "GPE") == 1.0
    assert f1.value("ana–sara", "GPE") == 0.0  # sara said LOC
    assert f1.scale == 1.0 and kappa.value("ana–omar", "entity") is not None
    store.close()


def test_dashboard_explains_missing_agreement(tmp_path: Path):
    store = make_team(tmp_path / "team.db", documents=1)
    store.add_span("t0", *WORDS[CITY], "entity", "GPE", "ana")
    charts = team_charts(store)
    assert charts[2].bars == () and "two annotators" in charts[2].note
    store.close()
