import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from annotator.cli import cli
from annotator.paths import default_database_path
from annotator.store import Store
from tests.helpers import run_cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert cli.commands[command].help and len(result.output) > 100


def test_list_and_schema(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "ar-1", "text": "ينس ستولتنبرغ في سيئول"}), "utf-8")
    run_cli("import", "--db", db_path, source)
    listing = run_cli("list", "--db", db_path).output
    assert "ar-1" in listing and "todo" in listing
    assert "ينس ستولتنبرغ" in listing  # piped output stays in logical order
    assert "0 of 1 documents done by tester" in listing
    schema = run_cli("schema", "--db", db_path).output
    assert 'name = "polarity"' in schema and "[[relations]]" in schema


def test_commands_on_a_missing_database_fail_cleanly(tmp_path: Path) -> None:
    result = run_cli("list", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no database at" in result.output
    assert not (tmp_path / "none.db").exists()


def test_default_database_starts_with_the_bundled_sample() -> None:
    assert not default_database_path().exists()
    listing = run_cli("list").output
    assert "sample-water-summit" in listing
    with Store.open(default_database_path()) as store:
        document = store.document("sample-water-summit")
    assert len(document.spans) > 10 and document.relations
    for span in document.spans:  # the sample's offsets are code points, after its emoji too
        assert 0 <= span.start < span.end <= len(document.text)
    assert "💧" in document.text and "(UNEP)" in document.text


def test_user_error_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "spans": [{"start": 0, "end": 9, "layer": "entity"}]}')
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", "--db", str(tmp_path / "p.db"), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"Error: {bad}:1: span 'T1': span 0-9 is out of range: the text has 1 characters\n"
    )


def test_status_command_and_log(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "d.jsonl"
    source.write_text(json.dumps({"id": "d", "text": "نص"}), "utf-8")
    run_cli("import", "--db", db_path, source)
    assert run_cli("status", "--db", db_path, "d", "done").exit_code == 0
    assert "1 of 1 documents done" in run_cli("list", "--db", db_path).output
    log = run_cli("log", "--db", db_path).output.splitlines()
    assert "document.status" in log[0] and "document.import (import)" in log[1]
    assert run_cli("status", "--db", db_path, "nope", "done").exit_code == 1


def test_click_is_the_only_cli_framework() -> None:
    assert isinstance(cli, click.Group)
