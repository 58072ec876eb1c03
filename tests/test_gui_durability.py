"""No work is lost: a span the view has shown is in the database even if the process is
killed at once (SIGKILL, no chance to flush or close)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.store import Store
from tests.guitools import TEXT, make_project

CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QAction
from annotator.gui.app import application
from annotator.gui import create_main_window
app = application()
window = create_main_window(sys.argv[1], annotator="ana")
window.show()
app.processEvents()
label = window.findChild(QAction, "label:entity:PER")
for i in range(0, 400, 2):
    window.view.set_selection(i, i + 1)
    label.trigger()
    app.processEvents()
    span = window.session.selected
    assert span is not None and window.spans.model.rowCount() > 0
    print(f"shown {span.id} {span.start} {span.end}", flush=True)
print("finished", flush=True)
app.exec()
"""


def test_killed_right_after_labelling_loses_nothing(tmp_path: Path) -> None:
    db = make_project(tmp_path, text=TEXT * 3)
    for kill_after in (1, 7, 23):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        shown = []
        assert child.stdout is not None
        while len(shown) < kill_after:
            line = child.stdout.readline()
            assert line.startswith("shown"), line + (child.stderr.read() if child.stderr else "")
            shown.append(tuple(line.split()[1:]))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        with Store.open(db) as store:
            stored = {(s.id, str(s.start), str(s.end)) for s in store.spans("nato")}
        assert set(shown) <= stored
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
