"""doccano as it ships: pretty-printed objects over several lines and JSON arrays."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "زار ينس ستولتنبرغ 😀 أوكرانيا"


def item(number: int) -> dict:
    start = TEXT.index("أوكرانيا")
    return {"id": number, "text": TEXT, "label": [[4, 17, "PER"], [start, start + 8, "GPE"]]}


def labels(db: Path) -> dict[str, list[tuple[int, int, str]]]:
    with Store.open(db, readonly=True) as store:
        return {
            doc_id: sorted((s.start, s.end, s.label) for s in store.document(doc_id).spans)
            for doc_id in store.document_ids()
        }


def test_pretty_printed_objects_and_a_json_array_import_like_json_lines(tmp_path: Path) -> None:
    lines = tmp_path / "lines.jsonl"
    lines.write_text(
        "".join(json.dumps(item(n), ensure_ascii=False) + "\n" for n in (1, 2)), encoding="utf-8"
    )
    pretty = tmp_path / "pretty.jsonl"
    pretty.write_text(
        "\n".join(json.dumps(item(n), ensure_ascii=False, indent=2) for n in (1, 2)),
        encoding="utf-8",
    )
    array = tmp_path / "array.json"
    array.write_text(json.dumps([item(1), item(2)], ensure_ascii=False, indent=4), encoding="utf-8")
    one_line_array = tmp_path / "flat.json"
    one_line_array.write_text(json.dumps([item(1), item(2)], ensure_ascii=False), encoding="utf-8")
    found = []
    for source in (lines, pretty, array, one_line_array):
        db = tmp_path / f"{source.stem}.db"
        result = run_cli("import", "--db", db, source)
        assert result.exit_code == 0, result.output
        found.append(labels(db))
    assert found[0] == found[1] == found[2] == found[3]
    assert found[0]["1"] == [(4, 17, "PER"), (20, 28, "GPE")]


def test_errors_name_the_line_where_the_object_starts(tmp_path: Path) -> None:
    bad = item(2)
    bad["label"][1][2] = "NOPE"
    for name, text in (
        ("pretty.jsonl", json.dumps(item(1), indent=2) + "\n" + json.dumps(bad, indent=2)),
        ("array.json", json.dumps([item(1), bad], indent=2)),
    ):
        line = text[: text.rindex("{", 0, text.index('"id": 2'))].count("\n") + 1
        assert line > 10
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        db = tmp_path / "p.db"
        result = run_cli("import", "--db", db, source)
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {source}:{line}: label 1: unknown label 'NOPE'"), (
            result.output
        )
        assert database_dump(db) == "<no database>"


def test_a_broken_object_inside_an_array_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "array.json"
    source.write_text('[\n  {"text": "a"},\n  {"text": "b",, "label": []}\n]\n', encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {source}:3: malformed JSON"), result.output


def test_an_unclosed_pretty_object_is_an_error_at_its_first_line(tmp_path: Path) -> None:
    source = tmp_path / "cut.jsonl"
    source.write_text('{"text": "a"}\n{\n  "text": "b",\n  "label": [\n', encoding="utf-8")
    result = run_cli("import", "--db", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {source}:2: malformed JSON"), result.output
