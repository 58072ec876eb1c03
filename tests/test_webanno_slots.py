"""WebAnno TSV slot features (INCEpTION link features) become our relations."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.store import Store
from tests.conftest import SHARED
from tests.helpers import run_cli

SUITE = SHARED / "interop" / "webanno_tsv" / "tsv3-suite"
SLOT_FILES = (
    sorted(p for p in SUITE.glob("*/reference.tsv") if "ROLE_" in p.read_text(encoding="utf-8"))
    if SUITE.exists()
    else []
)
# Why a slot reference file may not import: our rules, not the slots.
OUR_RULES = ("repeats span", "zero-length span", "unknown label", "to itself", "maps to no layer")
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"


def stored(db: Path):
    with Store.open(db, readonly=True) as store:
        (doc_id,) = store.document_ids()
        return store.document(doc_id)


def edges_of_links(document) -> set[tuple[str, tuple[int, int], tuple[int, int]]]:
    spans = {s.id: (s.start, s.end) for s in document.spans}
    return {(r.type, spans[r.from_id], spans[r.to_id]) for r in document.relations}


def xmi_links(xmi: Path) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    """(host edges, target edges) of every link in INCEpTION's own CAS of the file."""
    elements = {e.get("{http://www.omg.org/XMI}id"): e for e in ET.parse(xmi).getroot()}
    links = {i: e for i, e in elements.items() if e.get("target") is not None}
    found = set()
    for host in elements.values():
        if host.get("begin") is None:
            continue
        for value in host.attrib.values():
            for ident in value.split():
                if ident in links:
                    target = elements[links[ident].get("target")]
                    found.add(
                        (
                            (int(host.get("begin")), int(host.get("end"))),
                            (int(target.get("begin")), int(target.get("end"))),
                        )
                    )
    return found


def host_type(tsv: Path) -> str:
    match = re.search(r"ROLE_([^:|]+):", tsv.read_text(encoding="utf-8"))
    assert match
    return match.group(1)


def test_the_suite_has_slot_files() -> None:
    if not SUITE.exists():
        pytest.skip("no ../shared/interop")
    assert len(SLOT_FILES) >= 10


@pytest.mark.parametrize("tsv", SLOT_FILES, ids=lambda p: p.parent.name)
def test_reference_slot_links_become_the_relations_inception_reads(
    tmp_path: Path, tsv: Path
) -> None:
    host = host_type(tsv)
    db = tmp_path / "p.db"
    result = run_cli(
        "import", "--db", db, tsv,
        "--layer-map", f"{host}=stance",
        "--layer-map", "webanno.custom.SimpleSpan=claim",
        "--layer-map", f"{host}:links=target",
    )  # fmt: skip
    if result.exit_code != 0:
        assert any(rule in result.output for rule in OUR_RULES), result.output
        assert not db.exists()
        return
    xmi = tsv.with_suffix(".xmi")
    if not xmi.exists():
        pytest.skip("no reference CAS")
    links = edges_of_links(stored(db))
    assert {(host_edges, target) for _, host_edges, target in links} == xmi_links(xmi)
    assert {kind for kind, _, _ in links} <= {"target"}


def test_most_reference_slot_files_import(tmp_path: Path) -> None:
    imported = 0
    for number, tsv in enumerate(SLOT_FILES):
        host = host_type(tsv)
        result = run_cli(
            "import", "--db", tmp_path / f"{number}.db", tsv,
            "--layer-map", f"{host}=stance",
            "--layer-map", "webanno.custom.SimpleSpan=claim",
            "--layer-map", f"{host}:links=target",
        )  # fmt: skip
        imported += result.exit_code == 0
    if not SLOT_FILES:
        pytest.skip("no ../shared/interop")
    assert imported >= 6


def test_a_role_that_maps_to_nothing_is_an_error_or_skipped_and_counted(
    tmp_path: Path,
) -> None:
    tsv = SUITE / "testSimpleSlotFeature" / "reference.tsv"
    if not tsv.exists():
        pytest.skip("no ../shared/interop")
    options = [
        "--layer-map", "webanno.custom.SimpleLinkHost=stance",
        "--layer-map", "webanno.custom.SimpleSpan=claim",
        "--layer-map", "webanno.custom.SimpleLinkHost:links:p1=target",
    ]  # fmt: skip
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, tsv, *options)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tsv}: slot feature webanno.custom.SimpleLinkHost")
    assert "role 'p2' maps to no relation type" in result.output
    assert not db.exists()

    result = run_cli("import", "--db", db, tsv, *options, "--unmapped", "skip")
    assert result.exit_code == 0, result.output
    assert "skipped 1 annotations of unmapped layers or features" in result.output
    assert edges_of_links(stored(db)) == {("target", (0, 4), (5, 7))}


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def test_an_arabic_claim_with_a_claimant_slot_after_emoji(tmp_path: Path) -> None:
    text = "😀🇺🇦 قال ستولتنبرغ إن الحلف سيدعم كييف"
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    claimant = text.index("ستولتنبرغ")
    claim = text.index("الحلف")
    claimant_unit = f"1-{[a for a, _ in words].index(claimant) + 1}"
    rows = []
    for number, (start, end) in enumerate(words, start=1):
        entity = "PER" if start == claimant else "_"
        in_claim = start >= claim  # the claim runs over several tokens: id [1]
        slot = ["CLAIM[1]", "claimant[1]", claimant_unit] if in_claim else ["_", "_", "_"]
        cells = [f"1-{number}", f"{utf16(text, start)}-{utf16(text, end)}", text[start:end]]
        rows.append("\t".join([*cells, entity, *slot]) + "\t")
    tsv = tmp_path / "arabic.tsv"
    tsv.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        f"#T_SP={NE}|value\n"
        "#T_SP=webanno.custom.Claim|value|ROLE_webanno.custom.Claim:claimant_"
        f"webanno.custom.ClaimClaimantLink|{NE}\n\n\n"
        f"#Text={text}\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, tsv)
    assert result.exit_code == 0, result.output
    document = stored(db)
    assert document.text == text
    by_id = {s.id: s for s in document.spans}
    ((relation),) = document.relations
    assert relation.type == "claimant"
    assert text[by_id[relation.from_id].start : by_id[relation.from_id].end] == text[claim:]
    assert by_id[relation.to_id].label == "PER"
    assert text[by_id[relation.to_id].start : by_id[relation.to_id].end] == "ستولتنبرغ"
