"""`annotator show`: marks, wrapping before reordering, mirrored brackets, a real terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import arabic_reshaper
import pytest
from bidi import get_display
from bidi.mirror import MIRRORED
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import Document, Span
from annotator.search import context, find
from annotator.show import (
    bidi_levels,
    char_width,
    display_line,
    marked_text,
    render,
    visual_order,
    wrap,
)
from annotator.store import Store
from tests.helpers import run_cli

BIDI_TEST = Path("/usr/share/unicode/BidiCharacterTest.txt")


def test_marks_nest_outer_first_and_neutralise_controls() -> None:
    text = "قال ينس\x1b[2J إن أوكرانيا"
    spans = [
        Span("T1", 0, len(text), "claim", "CLAIM"),
        Span("T2", 4, 11, "entity", "PER"),
        Span("T3", 4, 7, "entity", "MISC"),
        Span("T4", 15, 23, "entity", "GPE"),
    ]
    assert marked_text(text, spans) == ("[CLAIM قال [PER [MISC ينس]\\x1b[2J] إن [GPE أوكرانيا]]")


def test_wrap_counts_columns_and_cuts_only_at_spaces_or_between_letters() -> None:
    assert wrap("واحد اثنان ثلاثة أربعة", 11) == ["واحد اثنان", "ثلاثة أربعة"]
    assert wrap("مُحَمَّدٌ رَسُولُ", 6) == ["مُحَمَّدٌ", "رَسُولُ"]  # marks take no column
    long = wrap("أوكرانيا" + "\u064e" + "وروسيا", 8)
    assert long == ["أوكرانيا\u064e", "وروسيا"]  # the fatha stays with its letter
    assert char_width("中") == 2 and char_width("\u200f") == 0


# A small reference derived by hand from UAX #9 (levels, then L2 and L4) for lines of the
# kinds `show` prints: python-bidi orders them, and leaves the mirroring out.
@pytest.mark.parametrize(
    ("line", "base", "visual", "unmirrored"),
    [
        ("abc (def)", 0, "abc (def)", "abc (def)"),
        ("قال (ينس)", 1, "(سني) لاق", ")سني( لاق"),
        ("قال [PER ينس]", 1, "[سني PER] لاق", "]سني PER[ لاق"),
        ("a (ب) c", 1, "c (ب) a", "c )ب( a"),
        ("قال «ينس»", 1, "«سني» لاق", "»سني« لاق"),
        ("abc «ينس» def", 0, "abc «سني» def", "abc «سني» def"),
        ("رقم 12 (أ)", 1, "(أ) 12 مقر", ")أ( 12 مقر"),
    ],
)
def test_lines_match_the_reference_with_brackets_mirrored(
    line: str, base: int, visual: str, unmirrored: str
) -> None:
    assert display_line(line, base) == visual
    assert get_display(line, base_dir="LR"[base]) == unmirrored


def _unmirrored(text: str) -> str:
    return "".join(min(ch, MIRRORED.get(ch, ch)) for ch in text)


@given(
    st.text(alphabet="ينسقالabc 12()[]«»<>.-،", max_size=30).filter(lambda s: "\n" not in s),
    st.sampled_from([0, 1]),
)
def test_the_order_is_python_bidis_and_only_mirrored_characters_differ(
    line: str, base: int
) -> None:
    shown = display_line(line, base)
    assert _unmirrored(shown) == _unmirrored(get_display(line, base_dir="LR"[base]))
    levels = bidi_levels(line, base)
    assert levels is not None
    for position, index in enumerate(visual_order(levels)):
        mirrored = shown[position] != line[index]
        assert mirrored == (levels[index] % 2 == 1 and line[index] in MIRRORED)


def test_levels_and_order_agree_with_the_unicode_reference() -> None:
    """Every 5th line of BidiCharacterTest.txt (Debian's unicode-data), when installed."""
    if not BIDI_TEST.exists():
        pytest.skip(f"{BIDI_TEST} is not installed (apt-get install unicode-data)")
    checked = 0
    lines = BIDI_TEST.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, 1):
        fields = raw.split("#")[0].strip().split(";")
        if len(fields) < 5 or number % 5:
            continue
        line = "".join(chr(int(code, 16)) for code in fields[0].split())
        if any(ch in line for ch in "\n\r\x1c\x1d\x1e\x85\u2029"):
            continue  # one paragraph per line: show splits paragraphs itself
        expected = fields[3].split()
        levels = bidi_levels(line, int(fields[2]) if fields[2] != "2" else int(fields[1]))
        assert levels is not None
        assert [str(lv) if e != "x" else "x" for e, lv in zip(expected, levels, strict=True)] == (
            expected
        ), f"line {number}"
        shown = [i for i in visual_order(levels) if expected[i] != "x"]
        assert shown == [int(i) for i in fields[4].split()], f"line {number}"
        checked += 1
    assert checked > 15000


def test_render_wraps_first_then_reorders_each_line() -> None:
    text = "واحد اثنان ثلاثة أربعة خمسة (ستة)"
    shown = render(text, [Span("T1", 0, 4, "entity", "MISC")], terminal=True, width=16)
    logical = wrap(marked_text(text, [Span("T1", 0, 4, "entity", "MISC")], "\u00a0"), 16)
    assert logical[:2] == ["[MISC\u00a0واحد]", "اثنان ثلاثة"]  # the first words first
    assert shown.split("\n") == [display_line(arabic_reshaper.reshape(x), 1) for x in logical]
    assert all(len(line) <= 16 for line in shown.split("\n"))
    assert shown.split("\n")[-1].startswith("(")  # (ستة) ends the paragraph, on the left


def test_piped_output_is_the_logical_text(tmp_path: Path, db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.add_document(Document("d1", "قال إن لأوكرانيا\x1b]0;x\x07 الحق\n"), "ana")
        store.add_spans("d1", [Span("", 8, 16, "entity", "GPE")], "ana")
        store.add_spans("d1", [Span("", 0, 22, "claim", "CLAIM")], "omar")
    result = run_cli("show", "--db", db_path, "d1")
    assert result.stdout == "[CLAIM قال إن ل[GPE أوكرانيا]\\x1b]0;x\\x07] الحق\n"
    only = run_cli("show", "--db", db_path, "d1", "--layer", "entity", "--annotator", "ana")
    assert only.stdout == "قال إن ل[GPE أوكرانيا]\\x1b]0;x\\x07 الحق\n"
    bad = run_cli("show", "--db", db_path, "d1", "--layer", "nope")
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: unknown layer 'nope'")


def _run_on_a_terminal(args: list[str], columns: int) -> str:
    """Run `annotator ARGS` with its output on a pseudo-terminal `columns` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert child.wait() == 0, child.stderr.read() if child.stderr else ""
    return output.decode("utf-8")


def test_show_on_a_terminal_shapes_wraps_and_mirrors(db_path: Path) -> None:
    text = "قال ينس ستولتنبرغ (الأمين العام) إن لأوكرانيا\x1b[2J الحق في الانضمام"
    with Store.open(db_path) as store:
        store.add_document(Document("d1", text), "ana")
        store.add_spans("d1", [Span("", 37, 45, "entity", "GPE")], "ana")
    lines = _run_on_a_terminal(["show", "--db", str(db_path), "d1"], 24).split("\r\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    expected = wrap(marked_text(text, store_spans(db_path), "\u00a0"), 24)
    assert len(lines) == len(expected) > 2
    for shown, logical in zip(lines, expected, strict=True):
        assert shown == display_line(arabic_reshaper.reshape(logical), 1)
        assert sum(map(char_width, shown)) <= 24
    assert "\x1b" not in "".join(lines) and "x1b[2J\\" in "".join(lines)
    assert lines[0].endswith("ﻝﺎﻗ")  # قال, the first word, at the right of the first line
    assert "(ﻡﺎﻌﻟﺍ ﻦﻴﻣﻷﺍ)" in "".join(lines)  # (الأمين العام), brackets mirrored
    assert "\u00a0GPE]ﻝ" in "".join(lines)  # ل, then the whole tag, its bracket mirrored


def store_spans(db_path: Path) -> list[Span]:
    with Store.open(db_path) as store:
        return store.spans("d1")


def test_search_on_a_terminal_wraps_each_hit_line_before_reordering(db_path: Path) -> None:
    text = "قال الأمين العام (ينس ستولتنبرغ) إن الحلف سيواصل دعم أوكرانيا\x1b[2J في مواجهة روسيا"
    with Store.open(db_path) as store:
        store.add_document(Document("d1", text), "ana")
    output = _run_on_a_terminal(["search", "--db", str(db_path), "أوكرانيا"], 40)
    lines = output.split("\r\n")[:-1]
    (hit,) = find("d1", text, "أوكرانيا")
    where = f"d1:{hit.start}-{hit.end}: "
    logical = wrap(context(text, hit).replace("\x1b", "\\x1b"), 40 - len(where))
    assert lines == [
        (where if number == 0 else " " * len(where))
        + display_line(arabic_reshaper.reshape(line), 1)
        for number, line in enumerate(logical)
    ]
    assert all(sum(map(char_width, line)) <= 40 for line in lines)
    assert "(ﻍﺮﺒﻨﺘﻟﻮﺘﺳ ﺲﻨﻳ)" in output and "\x1b" not in output
