"""Qt-free parts of the linguist's tools: invisible characters, the sliced project search,
the find bar's Arabic-aware next match, guidelines stored in the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import SchemaError
from annotator.invisibles import INVISIBLES, character_name, describe_characters, find_invisibles
from annotator.resources import default_schema_source
from annotator.schema import parse_schema, with_guidelines_file, with_guidelines_text
from annotator.search_job import SearchJob, next_match
from tests.helpers import run_cli


def test_every_listed_invisible_is_found_at_its_code_point_offset() -> None:
    text = "😀" + "".join(f"ب{ch}" for ch in INVISIBLES)
    found = find_invisibles(text)
    assert [text[offset] for offset, _ in found] == list(INVISIBLES)
    assert [offset for offset, _ in found] == [2 + 2 * i for i in range(len(INVISIBLES))]
    assert {inv.tag for _, inv in found} >= {"RLM", "LRM", "ALM", "ZWJ", "ZWNJ", "NBSP", "PDI"}


def test_a_short_selection_has_each_character_named_a_long_one_its_invisibles() -> None:
    assert describe_characters("\u200f") == "U+200F RIGHT-TO-LEFT MARK"
    assert describe_characters("ل\u200dا") == (
        "U+0644 ARABIC LETTER LAM · U+200D ZERO WIDTH JOINER · U+0627 ARABIC LETTER ALEF"
    )
    long = "قال\u200f الأمين\u00a0العام\u200f للحلف"
    assert describe_characters(long) == "U+200F RIGHT-TO-LEFT MARK ×2 · U+00A0 NO-BREAK SPACE"
    assert describe_characters("plain text here") == ""
    assert character_name("\x07") == "U+0007 <control>"


TEXTS = {"a": "قال لأوكرانيا", "b": "لا شيء", "c": "أوكـرانيا وأُوكْرَانِيَا"}


def test_a_sliced_search_finds_what_one_pass_finds_and_stops_when_asked() -> None:
    whole = SearchJob(list(TEXTS), TEXTS.__getitem__, "اوكرانيا").run()
    assert [(f.hit.doc_id, f.hit.text) for f in whole] == [
        ("a", "أوكرانيا"),
        ("c", "أوكـرانيا"),
        ("c", "أُوكْرَانِيَا"),
    ]
    ticks = iter(range(1000))
    sliced = SearchJob(list(TEXTS), TEXTS.__getitem__, "اوكرانيا")
    first = sliced.step(budget=0.5, clock=lambda: next(ticks))  # one document per slice
    assert sliced.searched == 1 and [f.hit.doc_id for f in first] == ["a"] and not sliced.done
    sliced.cancel()
    assert sliced.done and sliced.step() == [] and sliced.searched == 1


def test_the_hit_list_stops_at_its_limit() -> None:
    job = SearchJob(["a"], lambda _d: "ب " * 50, "ب", max_hits=10)
    assert len(job.run()) == 10 and job.truncated and job.done


arabic = st.text(
    alphabet=st.sampled_from(list("ابتلوأإكيى ") + ["\u064e", "\u0651", "\u0640", "😀", "\n"]),
    max_size=120,
)


@given(text=arabic, query=st.sampled_from(["ا", "ال", "لا", "كي", "وا"]))
def test_every_hit_sits_in_its_context_exactly(text: str, query: str) -> None:
    for found in SearchJob(["d"], lambda _d: text, query).run():
        hit = found.hit
        assert text[hit.start : hit.end] == hit.text
        assert found.context[found.at : found.at + len(hit.text)] == hit.text


def test_next_match_ignores_diacritics_and_wraps_once() -> None:
    text = "لِأُوكْرَانِيَا ثم أوكرانيا"
    first = next_match(text, "اوكرانيا", 0)
    assert first is not None and text[first[0] : first[1]] == "أُوكْرَانِيَا"
    second = next_match(text, "اوكرانيا", first[1])
    assert second is not None and text[second[0] : second[1]] == "أوكرانيا"
    assert next_match(text, "اوكرانيا", second[1]) == first
    assert next_match(text, "موسكو", 0) is None


def test_guidelines_markdown_is_stored_in_the_schema_source(tmp_path: Path) -> None:
    for markdown in ("# دليل\n\nPER: a person\n", "quotes ''' and \\ and \x7f and \"", ""):
        schema = parse_schema(with_guidelines_text(default_schema_source(), markdown))
        assert schema.guidelines_text == markdown
        assert schema == parse_schema(default_schema_source())  # same labels, same schema
    source = 'guidelines = "guide.md"\n' + default_schema_source()
    schema_file = tmp_path / "schema.toml"
    with pytest.raises(SchemaError, match="guide.md cannot be read") as missing:
        with_guidelines_file(source, schema_file)
    assert str(missing.value).startswith(f"{schema_file}:1: ")
    (tmp_path / "guide.md").write_text("\ufeff# Guide\r\nPER\r\n", encoding="utf-8")
    stored = parse_schema(with_guidelines_file(source, schema_file))
    assert (stored.guidelines, stored.guidelines_text) == ("guide.md", "# Guide\nPER\n")


def test_import_keeps_the_guidelines_in_the_project_and_refuses_a_missing_file(
    tmp_path: Path,
) -> None:
    schema_file = tmp_path / "schema.toml"
    schema_file.write_text('guidelines = "guide.md"\n' + default_schema_source(), "utf-8")
    document = tmp_path / "d.txt"
    document.write_text("نص", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, "--schema", schema_file, document)
    assert result.exit_code == 1 and not db.exists()
    assert result.output.strip().startswith(f"Error: {schema_file}:1: the guidelines file")
    (tmp_path / "guide.md").write_text("# How we label\n", encoding="utf-8")
    assert run_cli("import", "--db", db, "--schema", schema_file, document).exit_code == 0
    (tmp_path / "guide.md").unlink()
    shown = run_cli("schema", "--db", db)
    assert parse_schema(shown.output).guidelines_text == "# How we label\n"
