"""Distributing documents: deterministic plans, counts per document, overlap, filters,
starting spans, and errors that write no file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.store import Store
from annotator.team.assign import plan_assignment
from tests.helpers import run_cli
from tests.team_helpers import WORDS, make_team

IDS = [f"doc-{i}" for i in range(40)]


@given(
    annotators=st.integers(2, 6),
    per_document=st.integers(1, 3),
    overlap=st.floats(0, 1),
    seed=st.integers(0, 1000),
)
def test_every_document_gets_its_annotators(annotators, per_document, overlap, seed) -> None:
    names = [f"a{i}" for i in range(annotators)]
    per_document = min(per_document, annotators)
    plan = plan_assignment(IDS, names, per_document, overlap, seed)
    assert plan == plan_assignment(IDS, names, per_document, overlap, seed)
    counts = Counter(d for documents in plan.values() for d in documents)
    shared = round(overlap * len(IDS))
    assert sorted(counts.values()) == sorted(
        [max(per_document, 2)] * shared + [per_document] * (len(IDS) - shared)
    )
    loads = [len(documents) for documents in plan.values()]
    assert max(loads) - min(loads) <= 1  # the work is spread evenly
    for documents in plan.values():
        assert documents == [d for d in IDS if d in documents]  # in project order


def test_the_seed_decides(tmp_path: Path) -> None:
    one = plan_assignment(IDS, ["ana", "omar", "sara"], 1, 0.2, seed=1)
    assert one == plan_assignment(IDS, ["ana", "omar", "sara"], 1, 0.2, seed=1)
    assert one != plan_assignment(IDS, ["ana", "omar", "sara"], 1, 0.2, seed=2)


def test_assign_writes_one_file_per_annotator(tmp_path: Path) -> None:
    team = make_team(tmp_path / "team.db", documents=5)
    team.add_span("t0", *WORDS["سيئول"], "entity", "GPE", "model")
    team.set_status("t4", "lead", "done")
    team.close()
    result = run_cli(
        "assign",
        "--db",
        tmp_path / "team.db",
        "--annotators",
        "ana,omar",
        "--overlap",
        "0.5",
        "--docs",
        "t0,t1",
        "--docs",
        "t2",
        "--with-spans",
        "model",
        "--out-dir",
        tmp_path / "work",
    )
    assert result.exit_code == 0, result.output
    assert "3 documents assigned, 2 of them to two annotators or more" in result.output
    seen: Counter[str] = Counter()
    for name in ("ana", "omar"):
        with Store.open(tmp_path / "work" / f"{name}.db", readonly=True) as own:
            assert own.schema.source == Store.open(tmp_path / "team.db").schema.source
            seen.update(own.document_ids())
            if "t0" in own.document_ids():
                (span,) = own.spans("t0")
                assert (span.label, span.annotator) == ("GPE", name)
                assert own.status("t0", name) == "todo"
    assert set(seen) == {"t0", "t1", "t2"} and sum(seen.values()) == 5
    by_status = run_cli(
        "assign",
        "--db",
        tmp_path / "team.db",
        "--annotators",
        "kim",
        "--status",
        "done",
        "--out-dir",
        tmp_path / "done",
    )
    assert "1 documents assigned" in by_status.output
    with Store.open(tmp_path / "done" / "kim.db") as own:
        assert own.document_ids() == ["t4"] and own.spans("t4") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annotators", "ana,ana"], "annotator 'ana' is named twice"),
        (["--annotators", "ana,../x"], "cannot be a file name"),
        (["--annotators", "ana", "--per-document", "2"], "--per-document must be between 1"),
        (["--annotators", "ana,omar", "--overlap", "1.5"], "--overlap is a share"),
        (["--annotators", "ana", "--overlap", "0.5"], "needs at least two annotators"),
        (["--annotators", "ana", "--docs", "nope"], "no document 'nope'"),
        (["--annotators", "ana", "--status", "done"], "no documents to assign"),
    ],
)
def test_assign_errors_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    make_team(tmp_path / "team.db", documents=2).close()
    result = run_cli("assign", "--db", tmp_path / "team.db", *args, "--out-dir", tmp_path / "w")
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "w").exists() or not list((tmp_path / "w").iterdir())


def test_assign_never_overwrites_a_file(tmp_path: Path) -> None:
    make_team(tmp_path / "team.db", documents=2).close()
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "omar.db").write_bytes(b"earlier work")
    result = run_cli(
        "assign",
        "--db",
        tmp_path / "team.db",
        "--annotators",
        "ana,omar",
        "--out-dir",
        tmp_path / "w",
    )
    assert result.exit_code == 1 and "omar.db: exists already" in result.output
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == ["omar.db"]
    assert (tmp_path / "w" / "omar.db").read_bytes() == b"earlier work"
