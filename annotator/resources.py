"""The only module that knows where bundled resources live."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Installed wheels carry resources/ inside the package; a source checkout has it beside it.
RESOURCES = next(
    (p for p in (_HERE / "resources", _HERE.parent / "resources") if p.is_dir()),
    _HERE / "resources",
)
DEFAULT_SCHEMA = RESOURCES / "schema.toml"
SAMPLE_DOCUMENTS = RESOURCES / "sample" / "sample.jsonl"


def default_schema_source() -> str:
    return DEFAULT_SCHEMA.read_text(encoding="utf-8")
