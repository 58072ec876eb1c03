"""Adjudication into gold: exact agreement of N annotators (attributes included),
relations whose both ends are accepted, idempotence, and what is left for curation."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.store import Store
from annotator.team.adjudicate import adjudicate
from tests.conftest import database_dump
from tests.team_helpers import WORDS, make_team


def test_only_exact_agreement_of_n_is_accepted(tmp_path: Path) -> None:
    store = make_team(tmp_path / "team.db", documents=1)
    stance = WORDS["سيدعم أوكرانيا"]
    holders = {}
    for name, polarity in (("ana", "favor"), ("omar", "favor"), ("sara", "against")):
        person = store.add_span("t0", *WORDS["ينس ستولتنبرغ"], "entity", "PER", name)
        made = store.add_span("t0", *stance, "stance", "STANCE", name, {"polarity": polarity})
        store.add_relation("t0", "holder", made.id, person.id, name)
        holders[name] = made
    store.add_span("t0", *WORDS["سيئول"], "entity", "GPE", "ana")
    store.add_span("t0", *WORDS["سيئول"], "entity", "LOC", "omar")

    report = adjudicate(store, "gold", 2)
    gold = store.document("t0", "gold")
    assert sorted((s.label, dict(s.attrs)) for s in gold.spans) == [
        ("PER", {}),
        ("STANCE", {"polarity": "favor"}),
    ]
    (relation,) = gold.relations
    assert relation.type == "holder" and relation.annotator == "gold"
    assert (report.spans_accepted, report.relations_accepted) == (2, 1)
    # sara's "against" stance, GPE and LOC each had one annotator; sara's holder link
    # ends at a stance gold does not have.
    assert report.span_disagreements == 3 and report.relation_disagreements == 1
    assert {c["via"] for c in store.changes("t0") if c["annotator"] == "gold"} == {"adjudicate"}

    store.close()
    before = database_dump(tmp_path / "team.db")
    with Store.open(tmp_path / "team.db") as again:
        second = adjudicate(again, "gold", 2)
    assert (second.spans_accepted, second.relations_accepted, second.spans_in_gold) == (0, 0, 2)
    assert database_dump(tmp_path / "team.db") == before


def test_layer_filter_and_threshold(tmp_path: Path) -> None:
    store = make_team(tmp_path / "team.db", documents=1)
    for name in ("ana", "omar", "sara"):
        store.add_span("t0", *WORDS["سيئول"], "entity", "GPE", name)
    for name in ("ana", "omar"):
        store.add_span("t0", *WORDS["سيدعم أوكرانيا"], "claim", "CLAIM", name)
    assert adjudicate(store, "gold", 3, ("claim",)).spans_accepted == 0
    assert adjudicate(store, "gold", 3).spans_accepted == 1
    assert [s.label for s in store.spans("t0", "gold")] == ["GPE"]
    with pytest.raises(AnnotatorError, match="--min-agree must be 1 or more"):
        adjudicate(store, "gold", 0)
    with pytest.raises(AnnotatorError, match="no layer 'x'"):
        adjudicate(store, "gold", 2, ("x",))
