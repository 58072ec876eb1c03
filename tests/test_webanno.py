"""WebAnno TSV 3.3: INCEpTION's own reference files each import exactly or fail clearly."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from annotator.store import Store
from tests.conftest import SHARED, shared_file
from tests.helpers import run_cli

SUITE = SHARED / "interop" / "webanno_tsv"
REFERENCES = sorted(SUITE.glob("**/*.tsv")) if SUITE.exists() else []

# What the README lists as unsupported: every failing reference file names one of these.
UNSUPPORTED = (
    "slot feature",
    "chain layer",
    "maps to no layer of the schema",
    "relations over",
    "zero-length span",
    "to take the label from",
    "not WebAnno TSV 3",
    "unknown label",  # a label outside the schema (--label-map renames it)
)


def sofa(tsv: Path) -> str | None:
    xmi = tsv.with_suffix(".xmi")
    if not xmi.exists():
        return None
    match = re.search(r'sofaString="([^"]*)"', xmi.read_text(encoding="utf-8"))
    return unescape(match.group(1)) if match else None


def stored(db: Path):
    with Store.open(db, readonly=True) as store:
        (doc_id,) = store.document_ids()
        return store.document(doc_id)


@pytest.mark.parametrize("tsv", REFERENCES, ids=lambda p: str(p.relative_to(SUITE)))
def test_every_reference_file_imports_or_names_what_is_unsupported(
    tmp_path: Path, tsv: Path
) -> None:
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, "--format", "webanno-tsv", tsv)
    if result.exit_code == 0:
        expected = sofa(tsv)
        if expected is not None:
            assert stored(db).text == expected
        return
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {tsv}"), result.output
    assert any(phrase in result.output for phrase in UNSUPPORTED), result.output
    assert not db.exists()


@pytest.mark.parametrize("tsv", REFERENCES, ids=lambda p: str(p.relative_to(SUITE)))
def test_with_unmapped_skipped_the_text_is_inceptions_own(tmp_path: Path, tsv: Path) -> None:
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, "--unmapped", "skip", tsv)
    if result.exit_code != 0:
        assert any(phrase in result.output for phrase in UNSUPPORTED), result.output
        return
    expected = sofa(tsv)
    if expected is None:
        pytest.skip("no reference text")
    # White space after the last token is not in the TSV file (INCEpTION cannot restore it
    # either); everything before it is exact.
    assert stored(db).text == expected.rstrip(" ")


def test_stacked_multi_token_spans_map_to_our_layer(tmp_path: Path) -> None:
    tsv = shared_file(
        "interop",
        "webanno_tsv",
        "tsv3-suite",
        "testMultiTokenStackedSpanWithFeatureValue",
        "reference.tsv",
    )
    db = tmp_path / "p.db"
    result = run_cli(
        "import",
        "--db",
        db,
        tsv,
        "--layer-map",
        "webanno.custom.Span=entity",
        "--label-map",
        "PERSON=PER",
        "--label-map",
        "LOCATION=LOC",
    )
    assert result.exit_code == 0, result.output
    document = stored(db)
    assert sorted((s.start, s.end, s.layer, s.label) for s in document.spans) == [
        (0, 16, "entity", "LOC"),
        (0, 16, "entity", "PER"),
    ]


def test_emoji_and_arabic_offsets_count_utf16_units(tmp_path: Path) -> None:
    text = "قال 😀 ستولتنبرغ في كييف"
    units = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]

    def utf16(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    rows = []
    for number, (start, end) in enumerate(units, start=1):
        tag = {"ستولتنبرغ": "PER", "كييف": "GPE"}.get(text[start:end], "_")
        rows.append(f"1-{number}\t{utf16(start)}-{utf16(end)}\t{text[start:end]}\t{tag}\t")
    tsv = tmp_path / "doc.tsv"
    tsv.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n\n\n"
        f"#Text={text}\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, tsv)
    assert result.exit_code == 0, result.output
    document = stored(db)
    assert document.text == text
    assert sorted((document.text[s.start : s.end], s.label) for s in document.spans) == [
        ("ستولتنبرغ", "PER"),
        ("كييف", "GPE"),
    ]


def test_escaped_values_and_a_custom_layer_mapped_to_ours(tmp_path: Path) -> None:
    tsv = tmp_path / "rel.tsv"
    tsv.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=webanno.custom.Claim|value\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n"
        "#T_RL=webanno.custom.Link|value|BT_webanno.custom.Claim\n"
        "#T_RL=webanno.custom.Says|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\n"
        "\n\n#Text=Ana says war\\tends\n"
        "1-1\t0-3\tAna\t_\tP\\_ER\t_\t_\t_\t\n"
        "1-2\t4-8\tsays\t*[1]\t_\t_\t_\t_\t\n"
        "1-3\t9-17\twar\\tends\t*[1]\t_\t_\t_\t_\t\n",
        encoding="utf-8",
    )
    db = tmp_path / "p.db"
    result = run_cli(
        "import",
        "--db",
        db,
        tsv,
        "--layer-map",
        "webanno.custom.Claim=claim",
        "--label-map",
        "P_ER=PER",
    )
    assert result.exit_code == 0, result.output
    document = stored(db)
    assert document.text == "Ana says war\tends"
    assert sorted((document.text[s.start : s.end], s.label) for s in document.spans) == [
        ("Ana", "PER"),
        ("says war\tends", "CLAIM"),
    ]
