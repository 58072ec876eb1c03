"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call that returns
nothing and aborts after ~5,000 calls (none_dealloc). Our dependency pin must keep us off
that combination; this test makes 10,000 such calls in a fresh process."""

import subprocess
import sys

CALLS = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication([])
view = QPlainTextEdit()
for i in range(10_000):
    view.setObjectName(f"view{i}")
    view.setPlainText("نص")
print("clean")
"""


def test_ten_thousand_void_calls_exit_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "clean"
    assert "none_dealloc" not in result.stderr
