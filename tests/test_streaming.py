"""Import streams: memory stays flat in the corpus size, lines and errors keep their numbers."""

from __future__ import annotations

import codecs
import json
import tracemalloc
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.lines import HEAD_BYTES, text_lines
from annotator.importer import import_paths
from annotator.store import Store
from tests.helpers import run_cli

ARTICLE = "قال الأمين العام لحلف الناتو ينس ستولتنبرغ إن الدعم لأوكرانيا سيستمر. " * 8


def write_corpus(path: Path, documents: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(documents):
            text = f"({number}) {ARTICLE}"
            spans = [
                {
                    "id": f"T{k}",
                    "start": 4 + 10 * k,
                    "end": 8 + 10 * k,
                    "layer": "entity",
                    "label": "PER",
                }
                for k in range(1, 6)
            ]
            line = {"id": f"d{number}", "text": text, "spans": spans}
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def import_peak(tmp_path: Path, documents: int, fmt: str = "jsonl") -> int:
    """Return the Python heap's peak while importing `documents` generated documents."""
    source = write_corpus(tmp_path / f"corpus-{documents}.jsonl", documents)
    if fmt == "conll":
        with Store.open(tmp_path / "for-conll.db") as store:
            import_paths(store, [source], "a")
        source = tmp_path / f"corpus-{documents}.conll"
        assert (
            run_cli(
                "export", "--db", tmp_path / "for-conll.db", "--format", "conll", "--out", source
            ).exit_code
            == 0
        )
        (tmp_path / "for-conll.db").unlink()
    with Store.open(tmp_path / f"import-{documents}.db") as store:
        tracemalloc.start()
        try:
            report = import_paths(store, [source], "a")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert report.documents == documents
    return peak


@pytest.mark.parametrize("fmt", ["jsonl", "conll"])
def test_import_memory_stays_flat_in_the_corpus_size(tmp_path: Path, fmt: str) -> None:
    small = import_peak(tmp_path, 300, fmt)
    large = import_peak(tmp_path, 1200, fmt)  # the file is about 1.3 MB
    assert large < 1.5 * small, (small, large)


def lines_of(path: Path, encoding: str | None = None) -> list[tuple[int, str]]:
    return list(text_lines(path, encoding))


def test_lines_are_those_of_the_canonical_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + "أ\r\nب\rج\n\nد".encode())
    assert lines_of(path) == [(1, "أ"), (2, "ب"), (3, "ج"), (4, ""), (5, "د")]
    path.write_bytes("أ\r\nب\n".encode("utf-16"))
    assert lines_of(path) == [(1, "أ"), (2, "ب"), (3, "")]


def test_windows_1256_after_an_ascii_head_is_detected_at_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "a.conll"
    ascii_lines = b"x\tO\n" * (HEAD_BYTES // 4 + 10)
    path.write_bytes(ascii_lines + "الناتو\tB-ORG\n".encode("cp1256"))
    lines = lines_of(path)
    assert lines[-2] == (HEAD_BYTES // 4 + 11, "الناتو\tB-ORG")


def test_a_decoding_error_past_the_head_names_its_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    head = ('{"text": "نص"}\n' * 5000).encode()
    assert len(head) > HEAD_BYTES
    path.write_bytes(head + b'{"text": "\xff"}\n')
    with pytest.raises(AnnotatorError) as raised:
        lines_of(path)
    assert raised.value.path == str(path) and raised.value.line == 5001
    assert f"byte 0xff at byte {len(head) + 10}" in raised.value.message


def test_a_nul_byte_past_the_head_is_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "a"}\n' * 6000 + b"\x00\x01\n")
    with pytest.raises(AnnotatorError, match="binary file"):
        lines_of(path)


def test_white_space_only_and_empty_files_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"")
    with pytest.raises(AnnotatorError, match="empty file"):
        lines_of(path)
    path.write_bytes(b" \n\t\n")
    with pytest.raises(AnnotatorError, match="only white space"):
        lines_of(path)


def test_a_bad_line_deep_in_a_streamed_import_changes_nothing(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "c.jsonl", 400)
    with source.open("a", encoding="utf-8") as stream:
        stream.write('{"text": "x", "spans": [{"start": 0, "end": 9}]}\n')
    db = tmp_path / "p.db"
    result = run_cli("import", "--db", db, source)
    assert result.exit_code == 1 and f"{source}:401:" in result.output
    assert not db.exists()
