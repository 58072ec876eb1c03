"""CoNLL keeps the text: tokens with spaces in tab files, every invisible mark, whole numbers,
document ids, and an import -> export round trip of an ANERcorp-shaped corpus."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.formats.conll import write_conll
from annotator.model import Document, Span
from annotator.store import Store
from tests.helpers import iob2_entities, run_cli

RLM = "\u200f"


def import_jsonl(tmp_path: Path, name: str, documents: list[dict]) -> Path:
    source = tmp_path / f"{name}.jsonl"
    source.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in documents), "utf-8")
    db = tmp_path / f"{name}.db"
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 0, result.output
    return db


def entity(text: str, words: str, label: str, occurrence: int = 1) -> dict:
    start = -1
    for _ in range(occurrence):
        start = text.index(words, start + 1)
    return {"start": start, "end": start + len(words), "layer": "entity", "label": label}


def conll_documents(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Read an export like a common script: skip -DOCSTART- lines, token first, tag last."""
    documents: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            documents.append((line, []))
        elif line:
            columns = line.split("\t")
            assert len(columns) == 2, line
            documents[-1][1].append((columns[0], columns[1]))
    return documents


def texts_by_id(db: Path) -> dict[str, tuple[str, list[str]]]:
    with Store.open(db) as store:
        return {
            doc_id: (
                store.text(doc_id),
                sorted(store.text(doc_id)[s.start : s.end] for s in store.spans(doc_id)),
            )
            for doc_id in store.document_ids()
        }


# -- import ------------------------------------------------------------------------------------


def test_a_tab_file_keeps_tokens_with_inner_spaces(tmp_path: Path) -> None:
    source = tmp_path / "places.conll"
    source.write_text("زار\tO\nNew York\tB-LOC\nو\tO\nلوس\u00a0أنجلوس\tB-LOC\n", "utf-8")
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 0, result.output
    text, entities = texts_by_id(db)["places"]
    assert text == "زار New York و لوس\u00a0أنجلوس"
    assert entities == sorted(["New York", "لوس\u00a0أنجلوس"])


def test_a_line_without_a_tab_in_a_tab_file_is_an_error_not_a_cut(tmp_path: Path) -> None:
    source = tmp_path / "mixed.conll"
    source.write_text("زار\tO\nNew York B-LOC\n", "utf-8")
    result = run_cli("import", "--db", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {source}:2: expected TOKEN<TAB>TAG")
    assert not (tmp_path / "p.db").exists()


def test_a_space_separated_line_with_one_column_more_is_an_error_not_a_cut(
    tmp_path: Path,
) -> None:
    source = tmp_path / "spaced.conll"
    source.write_text("زار O\nNew York B-LOC\n", "utf-8")
    result = run_cli("import", "--db", tmp_path / "p.db", source)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {source}:2: this line has 3 columns where line 1 has 2"
    )
    assert not (tmp_path / "p.db").exists()
    kept = tmp_path / "nbsp.conll"  # a no-break space is no column separator
    kept.write_text("زار O\nNew\u00a0York B-LOC\n", "utf-8")
    assert run_cli("import", "--db", tmp_path / "p.db", kept).exit_code == 0
    with Store.open(tmp_path / "p.db") as store:
        assert store.text("nbsp") == "زار New\u00a0York"


def test_a_token_of_white_space_is_an_error_or_skipped_and_counted(tmp_path: Path) -> None:
    spaced = tmp_path / "spaced.conll"
    spaced.write_text("قال O\n\u00a0 O\nالشرق B-LOC\n", "utf-8")
    tabbed = tmp_path / "tabbed.conll"
    tabbed.write_text("قال\tO\n \tO\nالشرق\tB-LOC\n", "utf-8")
    for source in (spaced, tabbed):
        result = run_cli("import", "--db", tmp_path / "p.db", source)
        assert result.exit_code == 1
        assert result.output.strip() == (
            f"Error: {source}:2: the token is only white space; "
            "--blank-tokens skip leaves such lines out"
        )
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, "--blank-tokens", "skip", spaced, tabbed)
    assert result.exit_code == 0, result.output
    assert f"{spaced}: skipped 1 tokens that were only white space" in result.output
    assert f"{tabbed}: skipped 1 tokens that were only white space" in result.output
    assert texts_by_id(db)["spaced"] == ("قال الشرق", ["الشرق"])


# -- export ------------------------------------------------------------------------------------

NEWS = (
    f"قال{RLM} مسؤول إن {RLM} الشرق الأوسط{RLM} يشهد نموا بـ34.3 بالمئة و5ر1 مليار ،{RLM}"
    f" وزار {RLM}موسكو{RLM}، ثم عاد إلى ال{RLM}قاهرة"
)


def test_export_keeps_every_invisible_mark_and_entity_text(tmp_path: Path) -> None:
    spans = [
        entity(NEWS, f"الشرق الأوسط{RLM}", "LOC"),
        entity(NEWS, f"{RLM}موسكو{RLM}", "GPE"),
        entity(NEWS, f"ال{RLM}قاهرة", "GPE"),
    ]
    db = import_jsonl(tmp_path, "news", [{"id": "n1", "text": NEWS, "spans": spans}])
    out = tmp_path / "news.conll"
    result = run_cli("export", "--db", db, "--format", "conll", "--out", out)
    assert result.exit_code == 0, result.output
    [(_, rows)] = conll_documents(out)
    tokens = [token for token, _ in rows]
    assert "".join(tokens) == re.sub(r"\s", "", NEWS)  # every character but white space
    assert "".join(tokens).count(RLM) == NEWS.count(RLM) == 7
    assert RLM in tokens  # the mark standing alone between spaces is a token of its own
    assert {"بـ", "34.3", "5ر1", f"،{RLM}", f"ال{RLM}قاهرة"} <= set(tokens)
    decoded = sorted(
        " ".join(tokens[a : b + 1]) for _, a, b in iob2_entities([tag for _, tag in rows])
    )
    assert decoded == sorted(NEWS[s["start"] : s["end"]] for s in spans)
    assert "entities read back with other text" not in result.output


def test_strip_controls_removes_them_and_says_how_many(tmp_path: Path) -> None:
    spans = [entity(NEWS, f"الشرق الأوسط{RLM}", "LOC"), entity(NEWS, RLM, "MISC", 2)]
    db = import_jsonl(tmp_path, "news", [{"id": "n1", "text": NEWS, "spans": spans}])
    out = tmp_path / "news.conll"
    result = run_cli("export", "--db", db, "--format", "conll", "--strip-controls", "--out", out)
    assert result.exit_code == 0, result.output
    assert "removed 7 invisible controls (--strip-controls)" in result.output
    assert "1 overlapping or empty spans could not be represented" in result.output
    assert "1 entities read back with other text" in result.output
    [(_, rows)] = conll_documents(out)
    assert RLM not in "".join(token for token, _ in rows)
    assert ("الأوسط", "I-LOC") in rows


def test_document_ids_travel_in_docstart_and_empty_documents_are_counted(tmp_path: Path) -> None:
    documents = [
        {"id": "nato/1", "text": "زار ستولتنبرغ سيئول."},
        {"id": "خبر 2\t100%", "text": "قال مسؤول"},
        {"id": "blank", "text": " \n "},
        {"id": "-DOCSTART-", "text": "نص"},
    ]
    db = import_jsonl(tmp_path, "ids", documents)
    out = tmp_path / "ids.conll"
    result = run_cli("export", "--db", db, "--format", "conll", "--out", out)
    assert "3 documents (conll)" in result.output
    assert "1 documents without tokens not written" in result.output
    headers = [header for header, _ in conll_documents(out)]
    assert headers[1] == "-DOCSTART-\tid=خبر%202%09100%25\tO"
    for header in headers:  # readers that split on white space see -DOCSTART- ... O
        assert header.split()[0] == "-DOCSTART-" and header.split()[-1] == "O"
    again = tmp_path / "again.db"
    result = run_cli("import", "--db", again, out)
    assert result.exit_code == 0, result.output
    with Store.open(again) as store:
        assert store.document_ids() == ["nato/1", "خبر 2\t100%", "-DOCSTART-"]


def test_docstart_lines_of_other_corpora_still_name_documents_by_file(tmp_path: Path) -> None:
    source = tmp_path / "eng.conll"
    source.write_text(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n\n"
        "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\n",
        "utf-8",
    )
    db = tmp_path / "p.db"
    assert run_cli("import", "--db", db, source).exit_code == 0
    with Store.open(db) as store:
        assert store.document_ids() == ["eng-1", "eng-2"]


# -- the round trip ----------------------------------------------------------------------------

ANERCORP_SHAPED = "\n".join(
    [
        "-DOCSTART-\tid=AFP_ARB_2024/01\tO",
        "",
        "فرانكفورت\tB-LOC",
        "(\tO",
        "د\tO",
        "ب\tO",
        "أ\tO",
        ")\tO",
        f"{RLM}\tO",
        "أعلن\tO",
        f"الاتحاد{RLM}\tB-ORG",
        "الأوروبي\tI-ORG",
        "أن\tO",
        "النمو\tO",
        "بلغ\tO",
        "5ر1\tO",
        "بالمئة\tO",
        "و\tO",
        "65ر12\tO",
        "مليار\tO",
        f"في{RLM}\tO",
        "الشرق\tB-LOC",
        f"الأوسط{RLM}\tI-LOC",
        ".\tO",
        "",
        f"وقال{RLM}ت\tO",
        "المتحدثة\tO",
        "في\tO",
        "New York\tB-LOC",
        "إن\tO",
        "الأسعار\tO",
        "ارتفعت\tO",
        "بـ34.3\tO",
        "بالمئة\tO",
        "في\tO",
        "لوس\u00a0أنجلوس\tB-LOC",
        ".\tO",
        "",
        "-DOCSTART-\tid=AFP_ARB_2024/02\tO",
        "",
        f"{RLM}موسكو\tB-GPE",
        "تستضيف\tO",
        "القمة\tO",
        "بـالتعاون\tO",
        "مع\tO",
        "جامعة\tB-ORG",
        "الدول\tI-ORG",
        "العربية\tI-ORG",
        f"{RLM}\tI-ORG",
        "",
    ]
)


def test_an_anercorp_shaped_corpus_round_trips(tmp_path: Path) -> None:
    source = tmp_path / "anercorp.conll"
    source.write_text(ANERCORP_SHAPED + "\n", "utf-8")
    first = tmp_path / "first.db"
    result = run_cli("import", "--db", first, source)
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.conll"
    result = run_cli("export", "--db", first, "--format", "conll", "--out", out)
    assert result.exit_code == 0, result.output
    # The one entity with a no-break space inside reads back with a plain space, and says so.
    assert "1 entities read back with other text" in result.output
    written = [token for _, rows in conll_documents(out) for token, _ in rows]
    given_tokens = [line.split("\t")[0] for line in ANERCORP_SHAPED.split("\n") if "\t" in line]
    given_tokens = [t for t in given_tokens if t != "-DOCSTART-"]
    assert "".join(written) == re.sub(r"\s", "", "".join(given_tokens))
    assert "".join(written).count(RLM) == ANERCORP_SHAPED.count(RLM) == 7
    for kept in ("5ر1", "65ر12", "34.3", "بـ", "بـالتعاون", f"{RLM}موسكو", f"الأوسط{RLM}", RLM):
        assert kept in written
    second = tmp_path / "second.db"
    result = run_cli("import", "--db", second, out)
    assert result.exit_code == 0, result.output
    before, after = texts_by_id(first), texts_by_id(second)
    assert list(after) == ["AFP_ARB_2024/01", "AFP_ARB_2024/02"] == list(before)
    for doc_id, (text, entities) in before.items():
        assert re.sub(r"\s", "", after[doc_id][0]) == re.sub(r"\s", "", text)
        assert after[doc_id][1] == sorted(e.replace("\u00a0", " ") for e in entities)
    assert f"الشرق الأوسط{RLM}" in before["AFP_ARB_2024/01"][1]
    assert f"جامعة الدول العربية {RLM}" in before["AFP_ARB_2024/02"][1]


pieces = st.sampled_from(
    ["قال", "الشرق", "بـ", "34.3", "5ر1", "مُحَمَّد", "\u08ca", "ـ", "،", ".", "«", "»", "😀", "👩‍💻"]
    + ["🇸🇦", "x", "_", "\u200f", "\u200e", "\u061c", "\u2067", "\u2069", "\ufeff", "\u200b"]
    + ["\u200c", " ", "  ", "\n", "\t", "\u00a0", "@", "#", "https://x.org/a", "%"]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pieces, max_size=30).map("".join), st.data())
@example(f"{RLM}قال{RLM} {RLM} بـ34.3", None)
def test_export_tokens_with_the_white_space_between_them_are_the_text(
    text: str, data: st.DataObject | None
) -> None:
    spans = []
    if data is not None and text:
        for number in range(data.draw(st.integers(0, 3))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            spans.append(Span(f"T{number}", start, end, "entity", "PER"))
    out = io.StringIO()
    report = write_conll([Document("d", text, {}, spans)], out, {"entity"})
    tokens = [
        line.split("\t")[0]
        for line in out.getvalue().split("\n")
        if line and not line.startswith("-DOCSTART-")
    ]
    position = 0
    for token in tokens:
        gap = text[position:].index(token)
        assert text[position : position + gap].isspace() or gap == 0
        position += gap + len(token)
    assert not text[position:].strip()
    assert "".join(tokens) == re.sub(r"\s", "", text)
    assert report.documents + report.empty_documents == 1
