"""Shared test setup: offscreen Qt, a private user data dir, real SQLite files."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI replays the same examples every run (a red build is always the code's fault, never the
# draw); locally hypothesis keeps exploring new inputs. HYPOTHESIS_PROFILE overrides.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Set before anything imports Qt: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "C.UTF-8"

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep the default database and QSettings of tests out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")
    # Qt reads XDG_CONFIG_HOME once per process: point QSettings at this test's own folder,
    # so no test sees another's font size, zoom, filters or window layout.
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:
        settings = qt_core.QSettings
        for fmt in (settings.Format.NativeFormat, settings.Format.IniFormat):
            settings.setPath(fmt, settings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


def database_dump(path: Path) -> str:
    """Return the logical content of a database (schema and rows), for 'unchanged' checks."""
    if not path.exists():
        return "<no database>"
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def shared_file(*parts: str) -> Path:
    """Return a file of ../shared, or skip the test when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
