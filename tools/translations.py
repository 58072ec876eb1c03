"""Regenerate the interface's translations: `python tools/translations.py` (`make translations`).

pyside6-lupdate collects every string the GUI marks (translate(), QT_TRANSLATE_NOOP,
self.tr()) into resources/i18n/annotator_<lang>.ts, keeping the translations already
written there; pyside6-lrelease compiles each .ts into the .qm the app loads. Both tools
ship with PySide6-Essentials. The .ts files carry no line numbers, so they change only when
a string does; tests/test_gui_arabic.py checks that both files are up to date.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "annotator" / "gui"
TRANSLATIONS = ROOT / "resources" / "i18n"
LANGUAGES = ("ar",)


def tool(name: str) -> str:
    """Return the PySide6 tool beside this Python (the project's venv)."""
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def python_sources(folder: Path = SOURCES) -> list[str]:
    return [str(path) for path in sorted(folder.rglob("*.py"))]


def update(ts_file: Path, sources: list[str] | None = None) -> None:
    """Collect the marked strings into `ts_file` (new ones unfinished, gone ones dropped)."""
    subprocess.run(
        [tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none"]
        + ["-target-language", ts_file.stem.rpartition("_")[2]]
        + (sources or python_sources())
        + ["-ts", str(ts_file)],
        check=True,
    )


def release(ts_file: Path, qm_file: Path) -> None:
    """Compile `ts_file` into `qm_file`."""
    subprocess.run([tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True)


def main() -> None:
    for lang in LANGUAGES:
        ts_file = TRANSLATIONS / f"annotator_{lang}.ts"
        update(ts_file)
        release(ts_file, ts_file.with_suffix(".qm"))
        print(f"{ts_file.relative_to(ROOT)} and its .qm are up to date")


if __name__ == "__main__":
    main()
