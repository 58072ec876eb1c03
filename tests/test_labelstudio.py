"""Label Studio JSON: both offset conventions, mismatches named, round trip, config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotator.offsets import OffsetMap
from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "قال 😀 ينس ستولتنبرغ 🇺🇦 إن أوكرانيا"
PERSON = "ينس ستولتنبرغ"
COUNTRY = "أوكرانيا"


def region(result_id: str, text: str, part: str, utf16: bool, label: str) -> dict:
    start = text.index(part)
    end = start + len(part)
    if utf16:
        offsets = OffsetMap(text)
        start, end = offsets.to_utf16(start), offsets.to_utf16(end)
    return {
        "id": result_id,
        "type": "labels",
        "from_name": "label",
        "to_name": "text",
        "value": {"start": start, "end": end, "text": part, "labels": [label]},
    }


def task(utf16: bool, task_id: int = 7) -> dict:
    return {
        "id": task_id,
        "data": {"text": TEXT},
        "annotations": [
            {
                "id": 1,
                "completed_by": 3,
                "result": [
                    region("a1", TEXT, PERSON, utf16, "PER"),
                    region("a2", TEXT, COUNTRY, utf16, "GPE"),
                ],
            }
        ],
        "predictions": [
            {
                "model_version": "m",
                "score": 0.7,
                "result": [region("p1", TEXT, COUNTRY, utf16, "GPE")],
            }
        ],
    }


def spans(db: Path) -> list[tuple[int, int, str, str, str]]:
    with Store.open(db, readonly=True) as store:
        (doc_id,) = store.document_ids()
        document = store.document(doc_id)
    return sorted(
        (s.start, s.end, s.label, s.annotator, document.text[s.start : s.end])
        for s in document.spans
    )


def test_code_point_and_utf16_offsets_import_to_the_same_spans(tmp_path: Path) -> None:
    for utf16 in (False, True):
        source = tmp_path / f"ls-{utf16}.json"
        source.write_text(json.dumps([task(utf16)], ensure_ascii=False), encoding="utf-8")
        result = run_cli("import", "--db", tmp_path / f"{utf16}.db", source)
        assert result.exit_code == 0, result.output
        assert "1 predictions stored as suggestions" in result.output
        assert ("tasks had offsets in UTF-16 units" in result.output) is utf16
        with Store.open(tmp_path / f"{utf16}.db", readonly=True) as store:
            (doc_id,) = store.document_ids()
            (suggestion,) = store.suggestions(doc_id)
            text = store.text(doc_id)
        assert (suggestion.source, suggestion.label, suggestion.score) == ("model:m", "GPE", 0.7)
        assert text[suggestion.start : suggestion.end] == COUNTRY  # not an annotation
        assert all(
            span[2] != "GPE" or span[3] != "model:m" for span in spans(tmp_path / f"{utf16}.db")
        )
    expected = [
        (TEXT.index(PERSON), TEXT.index(PERSON) + len(PERSON), "PER", "ls-user-3", PERSON),
        (TEXT.index(COUNTRY), TEXT.index(COUNTRY) + len(COUNTRY), "GPE", "ls-user-3", COUNTRY),
    ]
    assert spans(tmp_path / "False.db") == spans(tmp_path / "True.db") == sorted(expected)


def test_offsets_that_fit_neither_convention_are_an_error_naming_task_and_result(
    tmp_path: Path,
) -> None:
    broken = task(False)
    broken["annotations"][0]["result"][1]["value"]["start"] += 1
    source = tmp_path / "ls.json"
    source.write_text(json.dumps([broken], ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {source}:1: task 7, result 'a2'"), result.output
    assert "UTF-16" in result.output
    assert not db.exists()


def test_spans_after_an_emoji_without_text_are_refused_not_guessed(tmp_path: Path) -> None:
    undecided = task(True)
    for result in undecided["annotations"][0]["result"] + undecided["predictions"][0]["result"]:
        del result["value"]["text"]
    source = tmp_path / "ls.json"
    source.write_text(json.dumps([undecided], ensure_ascii=False), encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert "cannot be told whether their offsets count code points or UTF-16" in result.output


def test_json_min_and_one_task_per_line_shapes(tmp_path: Path) -> None:
    minimal = {
        "id": 3,
        "text": TEXT,
        "annotator": "sara@example.org",
        "label": [region("x", TEXT, PERSON, False, "PER")["value"]],
    }
    source = tmp_path / "min.json"
    source.write_text(json.dumps([minimal], ensure_ascii=False), encoding="utf-8")
    assert (
        run_cli("import", "--db", tmp_path / "min.db", "--format", "label-studio", source).exit_code
        == 0
    )
    assert [s[2:4] for s in spans(tmp_path / "min.db")] == [("PER", "sara@example.org")]
    lines = tmp_path / "tasks.jsonl"
    lines.write_text(json.dumps(task(False), ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "lines.db", "--format", "label-studio", lines)
    assert result.exit_code == 0, result.output
    assert len(spans(tmp_path / "lines.db")) == 2


def our_document() -> dict:
    return {
        "id": "d1",
        "text": TEXT,
        "meta": {"source": "wire"},
        "spans": [
            {
                "id": "T1",
                "start": TEXT.index(PERSON),
                "end": TEXT.index(PERSON) + len(PERSON),
                "layer": "entity",
                "label": "PER",
                "attrs": {},
                "annotator": "ana",
            },
            {
                "id": "T2",
                "start": 0,
                "end": 3,
                "layer": "stance",
                "label": "STANCE",
                "attrs": {"polarity": "against"},
                "annotator": "omar",
            },
            {
                "id": "T3",
                "start": TEXT.index(COUNTRY),
                "end": len(TEXT),
                "layer": "entity",
                "label": "GPE",
                "attrs": {},
                "annotator": "omar",
            },
            {
                "id": "T4",
                "start": TEXT.index(COUNTRY),
                "end": len(TEXT),
                "layer": "entity",
                "label": "GPE",
                "attrs": {},
                "annotator": "ana",
            },
        ],
        "relations": [
            {"id": "R1", "type": "target", "from": "T2", "to": "T3", "annotator": "omar"},
            {"id": "R2", "type": "holder", "from": "T2", "to": "T3", "annotator": "omar"},
        ],
        "status": {"ana": "done", "omar": "in_progress"},
    }


def test_round_trip_ours_to_label_studio_and_back_is_identical(tmp_path: Path) -> None:
    source = tmp_path / "ours.jsonl"
    source.write_text(json.dumps(our_document(), ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_cli("import", "--db", tmp_path / "a.db", source).exit_code == 0
    exported = tmp_path / "tasks.json"
    result = run_cli(
        "export", "--db", tmp_path / "a.db", "--format", "label-studio", "--out", exported
    )
    assert result.exit_code == 0, result.output
    tasks = json.loads(exported.read_text(encoding="utf-8"))
    assert [a["annotator"] for a in tasks[0]["annotations"]] == ["ana", "omar"]
    result = run_cli("import", "--db", tmp_path / "b.db", exported)  # recognised by shape
    assert result.exit_code == 0, result.output
    first = run_cli("export", "--db", tmp_path / "a.db", "--out", tmp_path / "a.jsonl")
    second = run_cli("export", "--db", tmp_path / "b.db", "--out", tmp_path / "b.jsonl")
    assert first.exit_code == second.exit_code == 0
    before, after = (
        json.loads((tmp_path / f"{name}.jsonl").read_text(encoding="utf-8")) for name in "ab"
    )
    # Spans with the same edges may come back in another order (grouped by annotator).
    for document in (before, after):
        document["spans"].sort(key=lambda span: span["id"])
    assert after == before


def test_labelling_config_names_every_label_attribute_and_relation(tmp_path: Path) -> None:
    source = tmp_path / "ours.jsonl"
    source.write_text(json.dumps(our_document(), ensure_ascii=False) + "\n", encoding="utf-8")
    run_cli("import", "--db", tmp_path / "a.db", source)
    result = run_cli(
        "export",
        "--db",
        tmp_path / "a.db",
        "--format",
        "label-studio",
        "--out",
        tmp_path / "tasks.json",
    )
    assert "labelling config:" in result.output
    view = ET.parse(tmp_path / "tasks.label_config.xml").getroot()
    labels = {(x.get("name"), y.get("value")) for x in view.iter("Labels") for y in x}
    assert ("entity", "PER") in labels and ("stance", "STANCE") in labels
    assert {r.get("value") for r in view.iter("Relation")} == {"claimant", "holder", "target"}
    (choices,) = view.iter("Choices")
    assert choices.get("perRegion") == "true" and choices.get("whenLabelValue") == "STANCE"
    assert view.find("Text").get("value") == "$text"


def test_predictions_from_writes_that_annotator_as_predictions(tmp_path: Path) -> None:
    source = tmp_path / "ours.jsonl"
    source.write_text(json.dumps(our_document(), ensure_ascii=False) + "\n", encoding="utf-8")
    run_cli("import", "--db", tmp_path / "a.db", source)
    out = tmp_path / "t.json"
    result = run_cli(
        "export",
        "--db",
        tmp_path / "a.db",
        "--format",
        "label-studio",
        "--out",
        out,
        "--predictions-from",
        "omar",
    )
    assert result.exit_code == 0, result.output
    (task_json,) = json.loads(out.read_text(encoding="utf-8"))
    assert [p["model_version"] for p in task_json["predictions"]] == ["omar"]
    assert [a["annotator"] for a in task_json["annotations"]] == ["ana"]
    wrong = run_cli(
        "export",
        "--db",
        tmp_path / "a.db",
        "--format",
        "jsonl",
        "--out",
        tmp_path / "x.jsonl",
        "--predictions-from",
        "omar",
    )
    assert wrong.exit_code == 1 and "only to --format label-studio" in wrong.output


def test_a_bad_task_leaves_the_database_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    good = tmp_path / "good.json"
    good.write_text(json.dumps([task(False, 1)], ensure_ascii=False), encoding="utf-8")
    assert run_cli("import", "--db", db, good).exit_code == 0
    before = database_dump(db)
    bad = task(False, 2)
    bad["annotations"][0]["result"].append({"id": "c", "type": "textarea", "value": {}})
    source = tmp_path / "bad.json"
    source.write_text(json.dumps([bad], ensure_ascii=False), encoding="utf-8")
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 1
    assert "task 2, result 'c': results of type 'textarea' cannot be imported" in result.output
    assert database_dump(db) == before


@given(
    prefix=st.text(alphabet=st.sampled_from("ab 😀🇺🇦ي\u0651"), max_size=12),
    word=st.text(alphabet=st.sampled_from("xyzع😀"), min_size=1, max_size=5),
)
def test_any_text_imports_the_same_span_under_both_conventions(prefix: str, word: str) -> None:
    from annotator.formats import ReadContext, ReadOptions
    from annotator.formats.labelstudio import _task_document
    from annotator.formats.report import Report
    from annotator.resources import default_schema_source
    from annotator.schema import parse_schema

    text = prefix + word + " ."
    found = []
    for utf16 in (False, True):
        item = {
            "data": {"text": text},
            "annotations": [
                {
                    "annotator": "a",
                    "result": [region("r", text, word, utf16, "PER") | {"from_name": "entity"}],
                }
            ],
        }
        item["annotations"][0]["result"][0]["value"]["start"] = (
            OffsetMap(text).to_utf16(len(prefix)) if utf16 else len(prefix)
        )
        item["annotations"][0]["result"][0]["value"]["end"] = (
            OffsetMap(text).to_utf16(len(prefix) + len(word)) if utf16 else len(prefix) + len(word)
        )
        context = ReadContext(
            parse_schema(default_schema_source()), ReadOptions(), Report("label-studio")
        )
        document = _task_document(item, context, "f-1")
        found.append([(s.start, s.end) for s in document.spans])
    assert found[0] == found[1] == [(len(prefix), len(prefix) + len(word))]
