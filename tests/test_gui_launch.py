"""`annotator-gui` starts the app without click: the same options, help and errors as
`annotator gui`, and neither click nor the command-line module loaded on the way."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from annotator.cli import cli
from annotator.gui.launch import launch, parser
from tests.guitools import make_project

ROOT = Path(__file__).resolve().parents[1]


def run_entry(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the `annotator-gui` entry point in a fresh process, offscreen, and report which
    modules it loaded."""
    code = (
        "import sys\n"
        "from annotator.gui.launch import launch\n"
        "code = launch(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m == 'click' or m.startswith('annotator.cli')))\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_gui_script_is_the_launch_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"]["annotator-gui"] == "annotator.gui.launch:main"


def test_screenshot_without_click_or_the_cli(tmp_path: Path) -> None:
    db = make_project(tmp_path)
    png = tmp_path / "shot.png"
    done = run_entry("--db", str(db), "--doc", "nato", "--screenshot", str(png))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert png.read_bytes().startswith(b"\x89PNG")


def test_same_options_and_help_as_annotator_gui() -> None:
    command = cli.commands["gui"]
    click_help = {
        opt: " ".join(param.help.split())
        for param in command.params
        for opt in param.opts
        if getattr(param, "help", None)
    }
    ours = {
        opt: " ".join((action.help or "").split())
        for action in parser()._actions
        for opt in action.option_strings
        if opt not in ("-h", "--help")
    }
    assert set(ours) == set(click_help)
    for opt, text in click_help.items():
        assert ours[opt].startswith(text), opt


def test_a_missing_document_is_one_error_line(tmp_path: Path) -> None:
    db = make_project(tmp_path)
    before = db.read_bytes()
    done = run_entry("--db", str(db), "--doc", "nope", "--screenshot", str(tmp_path / "x.png"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == f"Error: no document 'nope' in {db}"
    assert "Traceback" not in done.stderr
    assert db.read_bytes() == before


def test_a_schema_that_is_not_utf8_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = tmp_path / "schema.toml"
    schema.write_bytes(b"[layers]\nname = '\xff'\n")
    db = tmp_path / "new.db"
    code = launch(["--db", str(db), "--schema", str(schema), "--screenshot", str(tmp_path / "x")])
    assert code == 1
    assert capsys.readouterr().err == (
        f"Error: {schema}:2: the schema is not UTF-8 (byte 0xff at byte 17)\n"
    )
    assert not db.exists()


def test_unknown_options_are_one_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        launch(["--bogus"])
    assert stopped.value.code == 2
    assert (
        capsys.readouterr().err
        == "Error: unrecognized arguments: --bogus (see annotator-gui --help)\n"
    )
