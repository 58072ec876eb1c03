"""`--label-map FROM=TO`: rename another tool's labels to the schema's, for every format.

One `LabelMap` serves a whole import: readers call `find_label` (or `rename`) where they
turn a file's label name into a schema label, and the map counts what each mapping
rewrote. The rule that keeps a map from silently doing nothing: every TO must be a label
of the schema (checked before anything is read), and every FROM must rewrite at least
one label of the imported files (checked at the end, inside the import's transaction, so
a map that matched nothing leaves the database unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase

from annotator.errors import AnnotatorError
from annotator.schema import Label, Schema


def parse_label_map(pairs: Iterable[str]) -> dict[str, str]:
    """Parse `FROM=TO` options (FROM may be an fnmatch pattern such as MIS*)."""
    return parse_pairs(pairs, "--label-map", "FROM=TO")


def parse_pairs(pairs: Iterable[str], option: str, shape: str) -> dict[str, str]:
    """Parse `A=B` options into a mapping; anything else is an error naming `option`."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise AnnotatorError(f"{option} expects {shape}, got {pair!r}")
        mapping[source] = target
    return mapping


class LabelMap:
    """The import's label mapping, with a count of the labels each FROM rewrote."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping = dict(mapping or {})
        self.rewrote = dict.fromkeys(self.mapping, 0)
        self._patterns = [key for key in self.mapping if any(c in key for c in "*?[")]

    def __bool__(self) -> bool:
        return bool(self.mapping)

    def check_targets(self, schema: Schema) -> None:
        """Raise AnnotatorError for a TO that is no label of the schema."""
        for source, target in self.mapping.items():
            try:
                schema.find_label(target)
            except AnnotatorError as error:
                raise AnnotatorError(f"--label-map {source}={target}: {error.message}") from None

    def rename(self, name: str) -> str:
        """Return the label `name` maps to (itself when no FROM matches), counting it.

        An exact FROM wins over a pattern; patterns are tried in the order given.
        """
        if not self.mapping:
            return name
        key = name if name in self.mapping else None
        if key is None:
            key = next((p for p in self._patterns if fnmatchcase(name, p)), None)
            if key is None:
                return name
        self.rewrote[key] += 1
        return self.mapping[key]

    def find_label(self, schema: Schema, name: str) -> Label:
        """Return the schema label a file's label `name` stands for (after the map)."""
        return schema.find_label(self.rename(name))

    def check_used(self) -> None:
        """Raise AnnotatorError naming the first FROM that rewrote no label."""
        for source, count in self.rewrote.items():
            if count == 0:
                raise AnnotatorError(
                    f"--label-map {source}={self.mapping[source]} matched no label in the "
                    "imported files (nothing imported; check the spelling or leave it out)"
                )

    def notes(self) -> list[str]:
        """One line per mapping: how many labels it rewrote."""
        return [
            f"--label-map {source}={self.mapping[source]}: rewrote {count} labels"
            for source, count in self.rewrote.items()
        ]
