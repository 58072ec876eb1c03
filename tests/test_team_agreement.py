"""Agreement numbers: textbook examples, hand-computed figures and an independent
per-character computation, through real project files."""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.model import Document
from annotator.store import Store
from annotator.team.agreement import AgreementOptions, measure_agreement
from annotator.team.measures import Alpha, cohen_kappa, overlap_matches, strict_matches
from tests.helpers import run_cli
from tests.team_helpers import jsonl_lines

VALUES = {"1": "PER", "2": "ORG", "3": "GPE", "4": "LOC", "5": "MISC"}


def project(path: Path, documents: dict[str, str]) -> Store:
    store = Store.open(path)
    with store.transaction():
        for doc_id, text in documents.items():
            store.add_document(Document(doc_id, text), "lead")
    return store


def test_krippendorff_nominal_example_with_missing_values(tmp_path: Path) -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
    four observers, twelve units, values missing; nominal alpha = 0.743. Each unit is a
    one-letter document that an observer who gave no value did not mark done."""
    table = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    alpha = Alpha()
    for unit in zip(*(row.split() for row in table), strict=True):
        alpha.add(Counter(v for v in unit if v != "."))
    assert alpha.value() == pytest.approx(0.743, abs=5e-4)

    store = project(tmp_path / "k.db", {f"u{i:02d}": "س" for i in range(12)})
    for observer, row in zip("ABCD", table, strict=True):
        for unit, value in enumerate(row.split()):
            if value != ".":
                store.add_span(f"u{unit:02d}", 0, 1, "entity", VALUES[value], observer)
                store.set_status(f"u{unit:02d}", observer, "done")
    entity = measure_agreement(store, AgreementOptions(layers=("entity",)))["layers"]["entity"]
    assert entity["alpha"] == pytest.approx(0.743, abs=5e-4)
    assert entity["documents"] == 11 and entity["units"] == 11  # unit 12 has one value
    pairs = {(p["a"], p["b"]): p["documents"] for p in entity["pairs"]}
    assert pairs[("A", "B")] == 9 and pairs[("A", "C")] == 8


def test_krippendorff_binary_example() -> None:
    """Krippendorff (2011), section A: two observers, ten binary units, alpha = 0.095."""
    alpha = Alpha()
    for a, b in zip("0100000010", "1110010000", strict=True):
        alpha.add(Counter([a, b]))
    assert alpha.value() == pytest.approx(0.095, abs=5e-4)


def test_hand_computed_kappa(tmp_path: Path) -> None:
    """Units: both PER 20, only ana 5, only omar 10, neither 15: p_o = 0.7, p_e = 0.5,
    kappa = 0.4. Spaces are no units."""
    store = project(tmp_path / "k.db", {"d": "ب" * 25 + " " + "ب" * 25})
    store.add_span("d", 0, 26, "entity", "PER", "ana")  # the space inside is no unit
    store.add_span("d", 0, 20, "entity", "PER", "omar")
    store.add_span("d", 26, 36, "entity", "PER", "omar")
    for name in ("ana", "omar"):
        store.set_status("d", name, "done")
    (pair,) = measure_agreement(store)["layers"]["entity"]["pairs"]
    assert pair["kappa"] == pytest.approx(0.4)
    assert cohen_kappa({("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15}) == (
        pytest.approx(0.4)
    )


def test_strict_and_overlap_scores(tmp_path: Path) -> None:
    store = project(tmp_path / "s.db", {"d": "ب" * 40})
    for start, end, tag in ((0, 5, "PER"), (10, 15, "PER"), (20, 25, "ORG")):
        store.add_span("d", start, end, "entity", tag, "ana")
    for start, end, tag in ((0, 5, "PER"), (11, 16, "PER"), (30, 35, "ORG")):
        store.add_span("d", start, end, "entity", tag, "omar")
    for name in ("ana", "omar"):
        store.set_status("d", name, "done")
    (pair,) = measure_agreement(store)["layers"]["entity"]["pairs"]
    third, two_thirds = pytest.approx(1 / 3), pytest.approx(2 / 3)
    assert pair["strict"] == {"precision": third, "recall": third, "f1": third}
    assert pair["overlap"] == {"precision": two_thirds, "recall": two_thirds, "f1": two_thirds}
    assert pair["labels"]["PER"]["strict"]["f1"] == 0.5
    assert pair["labels"]["PER"]["overlap"]["f1"] == 1.0
    assert pair["labels"]["ORG"]["overlap"]["f1"] == 0.0


def test_overlap_matches_the_larger_overlap_first() -> None:
    # b's span overlaps a's first span by 1 and the second by 6: the second is matched,
    # so a's first stays free for b's second span.
    a = [(0, 4, "X"), (3, 10, "X")]
    b = [(3, 9, "X"), (0, 2, "X")]
    assert overlap_matches(a, b) == 2
    assert overlap_matches([(0, 10, "X")], [(2, 4, "X"), (5, 9, "X")]) == 1
    assert strict_matches([(0, 1, "X"), (0, 1, "Y")], [(0, 1, "Y")]) == 1


def test_longest_covering_span_gives_the_value(tmp_path: Path) -> None:
    store = project(tmp_path / "l.db", {"d": "بببببببببب"})
    store.add_span("d", 0, 10, "entity", "ORG", "ana")
    store.add_span("d", 2, 4, "entity", "PER", "ana")  # shorter: ORG wins
    store.add_span("d", 0, 5, "entity", "PER", "omar")
    store.add_span("d", 0, 5, "entity", "GPE", "omar")  # same edges: GPE < PER by name
    for name in ("ana", "omar"):
        store.set_status("d", name, "done")
    found: list[dict] = []
    result = measure_agreement(store, on_disagreement=found.append)
    assert [(d["start"], d["end"], d["labels"]) for d in found] == [
        (0, 5, {"ana": "ORG", "omar": "GPE"}),
        (5, 10, {"ana": "ORG", "omar": "O"}),
    ]
    assert result["layers"]["entity"]["confusion"]["matrix"]["ORG"]["GPE"] == 5


def test_which_documents_count(tmp_path: Path) -> None:
    store = project(tmp_path / "c.db", {"both": "ببب", "one": "ببب", "none": "ببب"})
    for doc_id in ("both", "one", "none"):
        store.add_span(doc_id, 0, 3, "entity", "PER", "ana")
        store.add_span(doc_id, 0, 3, "entity", "ORG", "omar")
    store.set_status("both", "ana", "done")
    store.set_status("both", "omar", "done")
    store.set_status("one", "ana", "done")
    entity = measure_agreement(store)["layers"]["entity"]
    assert entity["documents"] == 1 and entity["units"] == 3
    assert entity["pairs"][0]["documents"] == 1
    unfinished = measure_agreement(store, AgreementOptions(include_unfinished=True))
    assert unfinished["layers"]["entity"]["documents"] == 3
    assert unfinished["layers"]["claim"]["documents"] == 0  # nobody has a claim span
    only = measure_agreement(
        store, AgreementOptions(doc_ids=("one", "none"), include_unfinished=True)
    )
    assert only["layers"]["entity"]["documents"] == 2


def test_agreement_errors(tmp_path: Path) -> None:
    store = project(tmp_path / "e.db", {"d": "ببب"})
    with pytest.raises(AnnotatorError, match="two annotators or more"):
        measure_agreement(store)
    for name in ("ana", "omar"):
        store.set_status("d", name, "done")
    with pytest.raises(AnnotatorError, match="no layer 'places'"):
        measure_agreement(store, AgreementOptions(layers=("places",)))
    with pytest.raises(AnnotatorError, match="no document 'x'"):
        measure_agreement(store, AgreementOptions(doc_ids=("x",)))
    store.close()
    result = run_cli("agreement", "--db", tmp_path / "e.db", "--layer", "places")
    assert result.exit_code == 1 and result.output == "Error: no layer 'places' in the schema\n"


def test_cli_json_shape_and_disagreements(tmp_path: Path) -> None:
    store = project(tmp_path / "j.db", {"d": "قال ينس في سيئول"})
    store.add_span("d", 4, 7, "entity", "PER", "ana")
    store.add_span("d", 11, 16, "entity", "GPE", "ana")
    store.add_span("d", 4, 7, "entity", "PER", "omar")
    store.add_span("d", 11, 16, "entity", "LOC", "omar")
    for name in ("ana", "omar"):
        store.set_status("d", name, "done")
    store.close()
    out, rows = tmp_path / "a.json", tmp_path / "d.jsonl"
    result = run_cli(
        "agreement",
        "--db",
        tmp_path / "j.db",
        "--layer",
        "entity",
        "--json",
        out,
        "--disagreements",
        rows,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    entity = data["layers"]["entity"]
    assert set(data["layers"]) == {"entity"}
    assert {"documents", "units", "alpha", "pairs", "confusion"} <= set(entity)
    (pair,) = entity["pairs"]
    assert set(pair) == {"a", "b", "documents", "kappa", "strict", "overlap", "labels"}
    assert set(pair["strict"]) == {"precision", "recall", "f1"}
    assert set(pair["labels"]["PER"]) == {"strict", "overlap"}
    assert jsonl_lines(rows) == [
        {
            "document": "d",
            "layer": "entity",
            "start": 11,
            "end": 16,
            "labels": {"ana": "GPE", "omar": "LOC"},
            "text": "سيئول",
        }
    ]


# -- an independent computation: one value per character, textbook formulas ----------------


def reference(texts: dict[str, str], spans: dict[str, dict[str, list]], done: dict) -> dict:
    """Kappa per pair and alpha from per-character value lists and the explicit
    coincidence matrix, without the segments the product uses."""
    names = sorted({n for doc in done.values() for n in doc})

    def value(items: list, i: int) -> str:
        covering = sorted((-(e - s), s, lab) for s, e, lab in items if s <= i < e)
        return covering[0][2] if covering else "O"

    columns: dict[str, dict[str, list[str]]] = {}
    for doc_id, text in texts.items():
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            for name in names:
                if name in done[doc_id]:
                    columns.setdefault(name, {}).setdefault(doc_id, []).append(
                        value(spans[doc_id].get(name, []), i)
                    )
    kappas = {}
    for a, b in itertools.combinations(names, 2):
        xs, ys = [], []
        for doc_id in texts:
            if a in done[doc_id] and b in done[doc_id]:
                xs += columns[a][doc_id]
                ys += columns[b][doc_id]
        if not xs:
            kappas[(a, b)] = None
            continue
        n = len(xs)
        p_o = sum(x == y for x, y in zip(xs, ys, strict=True)) / n
        p_e = sum(xs.count(v) * ys.count(v) for v in set(xs) | set(ys)) / (n * n)
        kappas[(a, b)] = None if p_e == 1 else (p_o - p_e) / (1 - p_e)
    o: Counter = Counter()
    for doc_id in texts:
        coders = [n for n in names if n in done[doc_id]]
        if len(coders) < 2:
            continue
        for unit in range(len(columns[coders[0]][doc_id])):
            given = [columns[c][doc_id][unit] for c in coders]
            for i, j in itertools.permutations(range(len(given)), 2):
                o[(given[i], given[j])] += 1 / (len(given) - 1)
    n_c: Counter = Counter()
    for (c, _), count in o.items():
        n_c[c] += count
    n = sum(n_c.values())
    d_o = sum(count for (c, k), count in o.items() if c != k)
    d_e = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n - 1) if n > 1 else 0
    alpha = None if not d_e else 1 - d_o / d_e
    return {"kappa": kappas, "alpha": alpha}


span_strategy = st.tuples(
    st.integers(0, 11), st.integers(1, 6), st.sampled_from(["PER", "ORG", "GPE"])
)


@settings(max_examples=40)
@given(
    texts=st.lists(
        st.text("بت ج", min_size=3, max_size=12).filter(str.strip), min_size=1, max_size=3
    ),
    labels=st.lists(st.lists(span_strategy, max_size=4), min_size=9, max_size=9),
    finished=st.lists(st.booleans(), min_size=9, max_size=9),
)
def test_agreement_matches_an_independent_computation(texts, labels, finished) -> None:
    names = ("ana", "omar", "sara")
    documents = {f"d{i}": text for i, text in enumerate(texts)}
    spans: dict[str, dict[str, list]] = {d: {} for d in documents}
    done: dict[str, set[str]] = {d: set() for d in documents}
    with tempfile.TemporaryDirectory() as folder:
        store = project(Path(folder) / "h.db", documents)
        for index, (doc_id, text) in enumerate(documents.items()):
            for number, name in enumerate(names):
                cell = index * 3 + number
                items = {
                    (min(s, len(text) - 1), min(s + w, len(text)), lab)
                    for s, w, lab in labels[cell]
                }
                for start, end, tag in sorted(items):
                    store.add_span(doc_id, start, end, "entity", tag, name)
                spans[doc_id][name] = sorted(items)
                if finished[cell]:
                    store.set_status(doc_id, name, "done")
                    done[doc_id].add(name)
        compared = sorted({n for doc in done.values() for n in doc})
        if len(compared) < 2:
            return
        ours = measure_agreement(store, AgreementOptions(layers=("entity",)))["layers"]["entity"]
        store.close()
    expected = reference(documents, spans, done)
    assert ours["alpha"] == pytest.approx(expected["alpha"])
    for pair in ours["pairs"]:
        assert pair["kappa"] == pytest.approx(expected["kappa"][(pair["a"], pair["b"])])
