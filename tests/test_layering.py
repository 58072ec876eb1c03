"""The architecture's contracts (import-linter, in pyproject.toml) cover the whole package.

`lint-imports` (run by `make test`) checks who may import whom; this test makes sure no
module escapes those contracts: each top-level module or package of `annotator` takes a
place in the layers, and each one outside `gui` is forbidden to import Qt.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "annotator"
CONTRACTS = {
    contract["id"]: contract
    for contract in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
}


def top_level_modules() -> set[str]:
    names = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return {f"annotator.{name}" for name in names}


def test_every_module_has_a_layer() -> None:
    layered = {
        name.strip()
        for layer in CONTRACTS["layers"]["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    assert top_level_modules() - layered == set()


def test_every_module_outside_the_gui_is_kept_from_qt() -> None:
    kept_from_qt = set(CONTRACTS["qt-only-in-gui"]["source_modules"])
    assert top_level_modules() - kept_from_qt == {"annotator.gui", "annotator.__main__"}


def test_the_domain_contract_names_only_domain_modules() -> None:
    domain = set(CONTRACTS["pure-domain"]["source_modules"])
    assert not domain & {"annotator.store", "annotator.formats", "annotator.cli", "annotator.gui"}
