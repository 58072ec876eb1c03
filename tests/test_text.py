import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.text import canonicalize, canonicalize_with_offsets, decode

ARABIC = 'دعا الأمين العام لحلف شمال الأطلسي "ناتو"، ينس ستولتنبرغ، إلى دعم لأوكرانيا.'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffabc", "abc"),
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\r\r\n", "\n\n"),
        ("x\ufeffy", "x\ufeffy"),  # only a leading BOM is a BOM
    ],
)
def test_canonicalize_only_touches_bom_and_line_ends(raw: str, expected: str) -> None:
    assert canonicalize(raw) == expected


def test_canonicalize_keeps_everything_else() -> None:
    # diacritics, tatweel, ZWNJ, bidi marks and isolates, NBSP, decomposed letters
    text = "مُحَمَّد ـــ می\u200cخواهم \u200f\u2067عربي\u2069\u00a0e\u0301"
    assert canonicalize(text) == text


@given(st.text())
def test_canonical_text_has_no_cr_and_is_stable(text: str) -> None:
    result = canonicalize(text)
    assert "\r" not in result
    assert canonicalize(result) == result


@given(st.text(alphabet=st.sampled_from(["a", "ب", "\r", "\n", "😀"]), max_size=40), st.data())
def test_offsets_follow_canonicalization(text: str, data: st.DataObject) -> None:
    new_text, moved = canonicalize_with_offsets(text)
    assert new_text == canonicalize(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = canonicalize(text[start:end])
    if text[start:end].endswith("\r") and text[end : end + 1] == "\n":
        expected = expected[:-1]  # the CR of a CRLF is dropped, its LF lies outside the span
    assert new_text[moved(start) : moved(end)] == expected


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        (ARABIC.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16"),
        (ARABIC.replace("،", ",").encode("cp1256"), "cp1256"),
    ],
)
def test_decode_detects_encodings(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text in (ARABIC, ARABIC.replace("،", ","))


def test_decode_crlf_and_bom_become_canonical() -> None:
    text, _ = decode(codecs.BOM_UTF8 + "سطر\r\nآخر\r".encode())
    assert text == "سطر\nآخر\n"


def test_forced_encoding_wins() -> None:
    assert decode("café".encode("latin-1"), "latin-1") == ("café", "latin-1")


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "empty file", None),
        (b"   \n ", "empty", None),
        (b"ok\nalso ok\n\x89PNG\x00\x00\x01", "binary file", None),
        ("سطر\nسطر".encode() + b"\xff\xfe\x80 tail", "undecodable bytes", 2),
    ],
)
def test_decode_rejects_bad_input_with_a_line(data: bytes, message: str, line: int | None) -> None:
    with pytest.raises(AnnotatorError) as caught:
        decode(data)
    assert message in caught.value.message
    assert caught.value.line == line


def test_forced_encoding_reports_line_of_bad_byte() -> None:
    with pytest.raises(AnnotatorError) as caught:
        decode(b"a\nb\n\xff", "utf-8")
    assert caught.value.line == 3
    with pytest.raises(AnnotatorError, match="unknown encoding"):
        decode(b"a", "no-such-codec")
