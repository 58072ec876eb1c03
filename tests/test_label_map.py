"""--label-map for every format, counted; options that cannot apply are errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "Jens Stoltenberg visited Kyiv"


def write_sources(folder: Path) -> dict[str, Path]:
    """The same two spans, labelled PERSON and CITY, in every format that has labels."""
    folder.mkdir()
    doccano = folder / "doccano.jsonl"
    doccano.write_text(
        json.dumps({"id": "dc", "text": TEXT, "label": [[0, 16, "PERSON"], [25, 29, "CITY"]]})
        + "\n"
    )
    ours = folder / "ours.jsonl"
    ours.write_text(
        json.dumps(
            {
                "id": "our",
                "text": TEXT,
                "spans": [
                    {"id": "T1", "start": 0, "end": 16, "layer": "entity", "label": "PERSON"},
                    {"id": "T2", "start": 25, "end": 29, "layer": "entity", "label": "CITY"},
                ],
            }
        )
        + "\n"
    )
    conll = folder / "c.conll"
    conll.write_text("Jens B-PERSON\nStoltenberg I-PERSON\nvisited O\nKyiv B-CITY\n")
    (folder / "brat.txt").write_text(TEXT)
    (folder / "brat.ann").write_text("T1\tPERSON 0 16\tJens Stoltenberg\nT2\tCITY 25 29\tKyiv\n")
    studio = folder / "ls.json"
    studio.write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "data": {"text": TEXT},
                    "annotations": [
                        {
                            "result": [
                                {
                                    "id": "a",
                                    "type": "labels",
                                    "from_name": "label",
                                    "value": {
                                        "start": 0,
                                        "end": 16,
                                        "text": "Jens Stoltenberg",
                                        "labels": ["PERSON"],
                                    },
                                },
                                {
                                    "id": "b",
                                    "type": "labels",
                                    "from_name": "label",
                                    "value": {
                                        "start": 25,
                                        "end": 29,
                                        "text": "Kyiv",
                                        "labels": ["CITY"],
                                    },
                                },
                            ]
                        }
                    ],
                }
            ]
        )
    )
    tsv = folder / "w.tsv"
    tsv.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n\n\n"
        f"#Text={TEXT}\n"
        "1-1\t0-4\tJens\tPERSON[1]\t\n1-2\t5-16\tStoltenberg\tPERSON[1]\t\n"
        "1-3\t17-24\tvisited\t_\t\n1-4\t25-29\tKyiv\tCITY\t\n"
    )
    return {
        "doccano": doccano,
        "jsonl": ours,
        "conll": conll,
        "brat": folder / "brat.ann",
        "label-studio": studio,
        "webanno-tsv": tsv,
    }


@pytest.mark.parametrize(
    "fmt", ["doccano", "jsonl", "conll", "brat", "label-studio", "webanno-tsv"]
)
def test_label_map_applies_to_every_format_and_counts(tmp_path: Path, fmt: str) -> None:
    source = write_sources(tmp_path / "in")[fmt]
    db = tmp_path / "p.db"
    result = run_cli(
        "import", "--db", db, "--label-map", "PERSON=PER", "--label-map", "C*=GPE", source
    )
    assert result.exit_code == 0, result.output
    assert "--label-map PERSON=PER: rewrote 1 labels" in result.output or (
        fmt == "conll" and "--label-map PERSON=PER: rewrote" in result.output
    )
    assert "--label-map C*=GPE: rewrote 1 labels" in result.output
    with Store.open(db, readonly=True) as store:
        (doc_id,) = store.document_ids()
        document = store.document(doc_id)
    assert sorted((document.text[s.start : s.end], s.label) for s in document.spans) == [
        ("Jens Stoltenberg", "PER"),
        ("Kyiv", "GPE"),
    ]


def test_a_mapping_that_matches_no_label_is_an_error_and_imports_nothing(tmp_path: Path) -> None:
    sources = write_sources(tmp_path / "in")
    db = tmp_path / "p.db"
    assert (
        run_cli(
            "import",
            "--db",
            db,
            sources["jsonl"],
            "--label-map",
            "PERSON=PER",
            "--label-map",
            "CITY=GPE",
        ).exit_code
        == 0
    )
    before = database_dump(db)
    result = run_cli(
        "import",
        "--db",
        db,
        "--label-map",
        "PERSON=PER",
        "--label-map",
        "CITY=GPE",
        "--label-map",
        "ORGANISATION=ORG",
        sources["doccano"],
    )
    assert result.exit_code == 1
    assert "--label-map ORGANISATION=ORG matched no label" in result.output
    assert database_dump(db) == before


def test_a_target_that_is_no_schema_label_is_an_error(tmp_path: Path) -> None:
    sources = write_sources(tmp_path / "in")
    result = run_cli(
        "import", "--db", tmp_path / "p.db", "--label-map", "PERSON=PERS", sources["doccano"]
    )
    assert result.exit_code == 1
    assert "--label-map PERSON=PERS: unknown label 'PERS'" in result.output
    assert not (tmp_path / "p.db").exists()


@pytest.mark.parametrize(
    ("option", "value", "fmt"),
    [
        ("--bad-tags", "outside", "doccano"),
        ("--blank-tokens", "skip", "label-studio"),
        ("--layer-map", "a=entity", "conll"),
        ("--unmapped", "skip", "brat"),
    ],
)
def test_an_option_no_file_reads_is_an_error(
    tmp_path: Path, option: str, value: str, fmt: str
) -> None:
    source = write_sources(tmp_path / "in")[fmt]
    result = run_cli(
        "import",
        "--db",
        tmp_path / "p.db",
        option,
        value,
        "--label-map",
        "PERSON=PER",
        "--label-map",
        "C*=GPE",
        source,
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {option} cannot apply"), result.output
    assert not (tmp_path / "p.db").exists()


def test_conll_options_still_apply_to_conll(tmp_path: Path) -> None:
    source = write_sources(tmp_path / "in")["conll"]
    result = run_cli(
        "import",
        "--db",
        tmp_path / "p.db",
        "--bad-tags",
        "outside",
        "--label-map",
        "PERSON=PER",
        "--label-map",
        "C*=GPE",
        source,
    )
    assert result.exit_code == 0, result.output
