"""Where the default project lives, and how a first start gets the bundled sample."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "annotator"


def default_database_path() -> Path:
    """Return the default project database, in the user data dir (platformdirs)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "annotator.db"
