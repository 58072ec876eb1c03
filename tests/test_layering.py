"""The architecture as a test: who may import whom (see ../shared/STYLE.md)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "annotator"
DOMAIN = {"errors", "text", "offsets", "schema", "model"}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    imported = imports_of(path)
    if parts[0] != "gui":
        assert not any(name.startswith("PySide6") for name in imported), "Qt outside gui/"
    if parts[0] in DOMAIN:
        ours = {n for n in imported if n.startswith("annotator")}
        assert all(n.split(".")[1] in DOMAIN for n in ours), ours
        assert not {"sqlite3", "sqlite_utils", "click"} & {n.split(".")[0] for n in imported}
    if parts[0] not in ("cli", "__main__"):
        assert "annotator.cli" not in imported, "nothing imports the CLI"
