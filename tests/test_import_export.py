import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.store import Store
from tests.conftest import database_dump
from tests.helpers import run_cli

TEXT = "قال 😀 ينس ستولتنبرغ (Jens Stoltenberg) إن 🇺🇦 أوكرانيا ستنضم إلى الناتو."


def span(start: int, end: int, layer: str = "entity", label: str = "PER", **extra) -> dict:
    return {"start": start, "end": end, "layer": layer, "label": label, **extra}


def doc_line(**fields) -> str:
    obj = {"id": "d1", "text": TEXT, **fields}
    return json.dumps(obj, ensure_ascii=False)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def rich_document() -> dict:
    """A document with emoji before spans, overlapping and nested spans, and relations."""
    person = TEXT.index("ينس")
    ukraine = TEXT.index("أوكرانيا")
    return {
        "id": "nato-1",
        "text": TEXT,
        "meta": {"source": "test", "date": "2024-01-29"},
        "spans": [
            {
                "id": "T1",
                "start": person,
                "end": person + 13,
                "text": TEXT[person : person + 13],
                "layer": "entity",
                "label": "PER",
                "attrs": {},
                "annotator": "ana",
            },
            {
                "id": "T2",
                "start": person + 4,
                "end": person + 13,
                "text": TEXT[person + 4 : person + 13],
                "layer": "entity",
                "label": "MISC",
                "attrs": {},
                "annotator": "bob",
            },
            {
                "id": "T3",
                "start": ukraine - 3,
                "end": len(TEXT) - 1,
                "text": TEXT[ukraine - 3 : len(TEXT) - 1],
                "layer": "claim",
                "label": "CLAIM",
                "attrs": {},
                "annotator": "ana",
            },
            {
                "id": "T4",
                "start": ukraine,
                "end": ukraine + 8,
                "text": "أوكرانيا",
                "layer": "entity",
                "label": "GPE",
                "attrs": {},
                "annotator": "ana",
            },
            {
                "id": "T5",
                "start": 0,
                "end": len(TEXT),
                "text": TEXT,
                "layer": "stance",
                "label": "STANCE",
                "attrs": {"polarity": "favor"},
                "annotator": "ana",
            },
        ],
        "relations": [
            {"id": "R1", "type": "claimant", "from": "T3", "to": "T1", "annotator": "ana"},
            {"id": "R2", "type": "holder", "from": "T5", "to": "T1", "annotator": "ana"},
            {"id": "R3", "type": "target", "from": "T5", "to": "T3", "annotator": "ana"},
        ],
    }


def test_jsonl_round_trip_is_byte_identical(tmp_path: Path) -> None:
    source = write(tmp_path, "in.jsonl", json.dumps(rich_document(), ensure_ascii=False) + "\n")
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    assert run_cli("import", "--db", first, source).exit_code == 0
    assert run_cli("export", "--db", first, "--out", tmp_path / "a.jsonl").exit_code == 0
    assert run_cli("import", "--db", second, tmp_path / "a.jsonl").exit_code == 0
    assert run_cli("export", "--db", second, "--out", tmp_path / "b.jsonl").exit_code == 0
    exported = (tmp_path / "a.jsonl").read_bytes()
    assert exported == (tmp_path / "b.jsonl").read_bytes()
    obj = json.loads(exported)
    assert obj["meta"] == {"source": "test", "date": "2024-01-29"}
    assert {s["id"]: s["annotator"] for s in obj["spans"]}["T2"] == "bob"
    for item in obj["spans"]:
        assert obj["text"][item["start"] : item["end"]] == item["text"]
    assert "أوكرانيا" in exported.decode("utf-8")  # UTF-8, not ASCII-escaped


def test_export_to_stdout_and_filters(tmp_path: Path, db_path: Path) -> None:
    source = write(tmp_path, "in.jsonl", json.dumps(rich_document(), ensure_ascii=False))
    run_cli("import", "--db", db_path, source)
    result = run_cli("export", "--db", db_path, "--out", "-", "--annotator", "bob")
    obj = json.loads(result.stdout)
    assert [s["id"] for s in obj["spans"]] == ["T2"] and obj["relations"] == []
    assert run_cli("export", "--db", db_path, "--out", "-", "--status", "done").stdout == ""
    run_cli("status", "--db", db_path, "--annotator", "bob", "nato-1", "done")
    assert (
        json.loads(run_cli("export", "--db", db_path, "--out", "-", "--status", "done").stdout)[
            "id"
        ]
        == "nato-1"
    )


alphabet = st.sampled_from(["a", " ", "\n", "ب", "لأ", "😀", "🇸🇦", "𝐀", "e\u0301", "\u200f"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(alphabet, min_size=1, max_size=40).map("".join), st.data())
def test_any_spans_survive_the_round_trip(tmp_path_factory, text: str, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("rt")
    spans = []
    for index in range(data.draw(st.integers(0, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        label = data.draw(st.sampled_from(["PER", "ORG", "GPE"]))
        if any((s["start"], s["end"], s["label"]) == (start, end, label) for s in spans):
            continue  # the same span twice is refused (tests/test_data_safety.py)
        spans.append(
            {"id": f"T{index + 1}", **span(start, end, label=label), "text": text[start:end]}
        )
    source = write(folder, "x.jsonl", json.dumps({"id": "x", "text": text, "spans": spans}))
    assert run_cli("import", "--db", folder / "a.db", source).exit_code == 0
    run_cli("export", "--db", folder / "a.db", "--out", folder / "a.jsonl")
    run_cli("import", "--db", folder / "b.db", folder / "a.jsonl")
    run_cli("export", "--db", folder / "b.db", "--out", folder / "b.jsonl")
    assert (folder / "a.jsonl").read_bytes() == (folder / "b.jsonl").read_bytes()
    exported = json.loads((folder / "a.jsonl").read_text(encoding="utf-8"))
    assert exported["text"] == text
    assert sorted((s["start"], s["end"], s["label"]) for s in exported["spans"]) == sorted(
        (s["start"], s["end"], s["label"]) for s in spans
    )


def test_txt_import_detects_encodings_and_canonicalizes(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "nested").mkdir(parents=True)
    write(folder, "utf8.txt", codecs.BOM_UTF8 + "سطر\r\nثان".encode())
    write(folder, "nested/legacy.txt", "خبر عاجل".encode("cp1256"))
    write(folder, "nested/wide.txt", "خبر 😀".encode("utf-16"))
    write(folder, "notes.md", "ignored")
    result = run_cli("import", "--db", db_path, folder)
    assert result.exit_code == 0, result.output
    assert "imported 3 documents" in result.output
    with Store.open(db_path) as store:
        assert store.text("utf8") == "سطر\nثان"
        assert store.text("legacy") == "خبر عاجل"
        assert store.text("wide") == "خبر 😀"
        assert store.document("legacy").meta == {"source": "legacy.txt", "encoding": "cp1256"}


def test_doccano_sequence_labelling_lines(tmp_path: Path, db_path: Path) -> None:
    person = TEXT.index("ينس")
    line = json.dumps({"id": 7, "text": TEXT, "label": [[person, person + 13, "PER"]]})
    source = write(tmp_path, "doccano.jsonl", line + "\n" + json.dumps({"text": "نص"}) + "\n")
    assert run_cli("import", "--db", db_path, source).exit_code == 0
    with Store.open(db_path) as store:
        assert store.document_ids() == ["7", "doccano-2"]
        [imported] = store.spans("7")
        assert (imported.layer, imported.label) == ("entity", "PER")
        assert TEXT[imported.start : imported.end] == "ينس ستولتنبرغ"


def test_crlf_inside_jsonl_text_keeps_spans_on_their_characters(tmp_path: Path, db_path: Path):
    text = "سطر\r\nينس\r\n"
    line = json.dumps({"id": "c", "text": text, "spans": [span(5, 8, text="ينس")]})
    run_cli("import", "--db", db_path, write(tmp_path, "c.jsonl", line))
    with Store.open(db_path) as store:
        assert store.text("c") == "سطر\nينس\n"
        [moved] = store.spans("c")
        assert store.text("c")[moved.start : moved.end] == "ينس"


def test_duplicate_import_is_skipped_and_conflict_is_an_error(tmp_path: Path, db_path: Path):
    source = write(tmp_path, "a.jsonl", doc_line(spans=[span(0, 3)]))
    run_cli("import", "--db", db_path, source)
    again = run_cli("import", "--db", db_path, source)
    assert again.exit_code == 0
    assert "imported 0 documents" in again.output and "skipped 1" in again.output
    with Store.open(db_path) as store:
        assert len(store.spans("d1")) == 1
    changed = write(tmp_path, "b.jsonl", json.dumps({"id": "d1", "text": "نص آخر"}))
    result = run_cli("import", "--db", db_path, changed)
    assert result.exit_code == 1
    assert "b.jsonl:1: document 'd1' already exists with a different text" in result.output


person = TEXT.index("ينس")
BAD_INPUTS = [
    ("bad.txt", "سطر\nسطر\n".encode() + b"\xff\xfe\x80", 3, "undecodable bytes"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary file"),
    ("empty.txt", b"", None, "empty file"),
    ("empty.jsonl", b"", None, "empty file"),
    ("bad.jsonl", doc_line() + '\n{"id": "x", "text": ', 2, "malformed JSON"),
    ("range.jsonl", doc_line(spans=[span(3, 500)]), 1, "out of range"),
    ("order.jsonl", doc_line(spans=[span(9, 9)]), 1, "empty or reversed"),
    ("reversed.jsonl", doc_line(spans=[span(9, 4)]), 1, "empty or reversed"),
    (
        "utf16.jsonl",
        doc_line(spans=[span(person + 1, person + 14, text="ينس ستولتنبرغ")]),
        1,
        "has text 'ينس ستولتنبرغ' but the document has",
    ),
    ("layer.jsonl", doc_line(spans=[span(0, 3, layer="event")]), 1, "unknown layer 'event'"),
    ("label.jsonl", doc_line(spans=[span(0, 3, label="PERSON")]), 1, "unknown label 'PERSON'"),
    (
        "attr.jsonl",
        doc_line(spans=[span(0, 3, "stance", "STANCE", attrs={"polarity": "pro"})]),
        1,
        "cannot be 'pro'",
    ),
    (
        "rel.jsonl",
        doc_line(
            spans=[span(0, 3, id="T1")],
            relations=[{"id": "R1", "type": "holder", "from": "T1", "to": "T9"}],
        ),
        1,
        "does not exist",
    ),
    ("doccano.jsonl", json.dumps({"text": "abc", "label": [[0, 2, "NOPE"]]}), 1, "unknown label"),
    ("array.jsonl", "[1, 2]", 1, "expected a JSON object"),
    ("notext.jsonl", '{"id": "x"}', 1, 'missing "text"'),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), BAD_INPUTS)
def test_bad_input_changes_nothing_and_says_where(
    tmp_path: Path, db_path: Path, name: str, content: str | bytes, line: int | None, message: str
) -> None:
    good = write(tmp_path, "good.jsonl", json.dumps({"id": "good", "text": "نص جيد"}))
    assert run_cli("import", "--db", db_path, good).exit_code == 0
    before = database_dump(db_path)
    other_good = write(tmp_path, "another.jsonl", json.dumps({"id": "another", "text": "نص"}))
    bad = write(tmp_path, name, content)
    result = run_cli("import", "--db", db_path, other_good, bad)
    assert result.exit_code == 1
    where = f"{bad}:{line}:" if line else f"{bad}:"
    assert result.output.startswith(f"Error: {where}"), result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1  # one message, one line
    assert database_dump(db_path) == before  # `another.jsonl` was rolled back too


def test_failed_first_import_leaves_no_database(tmp_path: Path, db_path: Path) -> None:
    bad = write(tmp_path, "bad.jsonl", "{")
    assert run_cli("import", "--db", db_path, bad).exit_code == 1
    assert not db_path.exists()


def test_missing_path_and_unsupported_type(tmp_path: Path, db_path: Path) -> None:
    result = run_cli("import", "--db", db_path, tmp_path / "nope.txt")
    assert result.exit_code == 1 and "no such file or folder" in result.output
    result = run_cli("import", "--db", db_path, write(tmp_path, "x.pdf", b"%PDF"))
    assert result.exit_code == 1 and "unsupported file type '.pdf'" in result.output
    assert not db_path.exists()
