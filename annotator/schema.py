"""The label schema: layers of labels (with attributes) and typed relations, from TOML.

A schema is copied into every database, so a project file describes itself. Shortcuts are
digits by default because they also work with an Arabic keyboard layout (the view maps
Arabic-Indic ١..٩ and Persian ۱..۹ to 1..9); letters would not.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.errors import SchemaError

LAYER_STYLES = ("background", "underline", "outline")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")  # used with fullmatch: no trailing newline
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# A label shortcut is one key, Shift allowed: Ctrl, Alt and Meta chords belong to the
# window's own commands (Ctrl+Z undo, Alt+arrows edges...), and these keys too.
_SHORTCUT = re.compile(r"(?:Shift\+)?(?:[^\s+]|F(?:[1-9]|1[0-2]))")
GUIDELINES_KEYS = ("guidelines", "guidelines_text")
_RESERVED_KEYS = {"Tab", "Backspace", "Delete", "Escape", "Esc", "Return", "Enter", "Space", "F3"}


@dataclass(frozen=True)
class Attribute:
    """A closed-vocabulary attribute of a label, such as a stance's polarity."""

    name: str
    values: tuple[str, ...]
    description: str = ""
    default: str | None = None


@dataclass(frozen=True)
class Label:
    name: str
    layer: str
    description: str = ""
    color: str = "#888888"
    shortcut: str = ""
    attributes: tuple[Attribute, ...] = ()

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True)
class Layer:
    name: str
    description: str = ""
    style: str = "background"
    labels: tuple[Label, ...] = ()

    def label(self, name: str) -> Label | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Label]:
        return {label.name: label for label in self.labels}


@dataclass(frozen=True)
class RelationType:
    """A directed link from a span of one of `from_layers` to one of `to_layers`."""

    name: str
    from_layers: tuple[str, ...]
    to_layers: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Schema:
    name: str
    layers: tuple[Layer, ...]
    relations: tuple[RelationType, ...] = ()
    source: str = field(default="", compare=False, repr=False)
    # The annotation guidelines: the Markdown file the schema names (relative to the
    # schema file), and its text as stored in the project (see `with_guidelines_text`).
    guidelines: str = field(default="", compare=False)
    guidelines_text: str = field(default="", compare=False, repr=False)

    def layer(self, name: str) -> Layer | None:
        return self._layers_by_name.get(name)

    @cached_property
    def _layers_by_name(self) -> dict[str, Layer]:
        return {layer.name: layer for layer in self.layers}

    def labels(self) -> list[Label]:
        """Return every label, in schema order."""
        return [label for layer in self.layers for label in layer.labels]

    def relation(self, name: str) -> RelationType | None:
        return next((r for r in self.relations if r.name == name), None)

    def relations_from(self, layer: str) -> list[RelationType]:
        return [r for r in self.relations if layer in r.from_layers]

    def find_label(self, label: str) -> Label:
        """Return the only label called `label`, for formats that carry no layer."""
        found = [lab for lab in self.labels() if lab.name == label]
        if not found:
            raise SchemaError(f"unknown label {label!r}")
        if len(found) > 1:
            layers = ", ".join(lab.layer for lab in found)
            raise SchemaError(f"label {label!r} is ambiguous: it exists in layers {layers}")
        return found[0]

    def check_span(self, layer: str, label: str, attrs: Mapping[str, Any]) -> None:
        """Raise SchemaError unless the schema allows this layer, label and attributes."""
        layer_def = self.layer(layer)
        if layer_def is None:
            known = ", ".join(x.name for x in self.layers)
            raise SchemaError(f"unknown layer {layer!r} (known: {known})")
        label_def = layer_def.label(label)
        if label_def is None:
            known = ", ".join(x.name for x in layer_def.labels)
            raise SchemaError(f"unknown label {label!r} in layer {layer!r} (known: {known})")
        for name, value in attrs.items():
            attribute = label_def.attribute(name)
            if attribute is None:
                raise SchemaError(f"unknown attribute {name!r} for label {label!r}")
            if value not in attribute.values:
                allowed = ", ".join(attribute.values)
                raise SchemaError(
                    f"attribute {name!r} of {label!r} cannot be {value!r} (allowed: {allowed})"
                )

    def check_relation(self, kind: str, from_layer: str, to_layer: str) -> None:
        """Raise SchemaError unless a `kind` relation may link these layers."""
        relation = self.relation(kind)
        if relation is None:
            known = ", ".join(r.name for r in self.relations) or "none"
            raise SchemaError(f"unknown relation type {kind!r} (known: {known})")
        if from_layer not in relation.from_layers:
            raise SchemaError(
                f"relation {kind!r} cannot start at a {from_layer!r} span "
                f"(only {', '.join(relation.from_layers)})"
            )
        if to_layer not in relation.to_layers:
            raise SchemaError(
                f"relation {kind!r} cannot point to a {to_layer!r} span "
                f"(only {', '.join(relation.to_layers)})"
            )


def parse_schema(source: str, *, strict: bool = True) -> Schema:
    """Parse and validate schema TOML; raise SchemaError naming the problem.

    `strict=False` is for a schema already stored in a project: rules added since it was
    written must not lock its users out (a reserved shortcut is dropped instead, a label
    name shared by two layers stays allowed).
    """
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise SchemaError(f"invalid TOML: {error}") from None
    layers: list[Layer] = []
    shortcuts = _Shortcuts(strict)
    for layer_index, raw_layer in enumerate(_list(data, "layers", "schema")):
        layer = _layer(raw_layer, layer_index, len(layers), shortcuts)
        _check_new_layer(layer, layers, strict)
        layers.append(layer)
    if not layers:
        raise SchemaError("schema declares no layers")
    layers = _assign_digit_shortcuts(layers, shortcuts.pending, shortcuts.used)
    relations = _relations(data, {x.name for x in layers})
    guidelines, guidelines_text = (data.get(key, "") for key in GUIDELINES_KEYS)
    if not isinstance(guidelines, str) or not isinstance(guidelines_text, str):
        raise SchemaError("guidelines must be a file name and guidelines_text a string")
    return Schema(
        str(data.get("name", "schema")),
        tuple(layers),
        tuple(relations),
        source,
        guidelines.strip(),
        guidelines_text,
    )


@dataclass
class _Shortcuts:
    """Label shortcuts seen so far, and the labels waiting for a digit."""

    strict: bool
    used: set[str] = field(default_factory=set)
    pending: list[tuple[int, int]] = field(default_factory=list)

    def take(self, raw: object, where: str, place: tuple[int, int]) -> str:
        shortcut = _shortcut(raw, where, self.strict)
        if not shortcut:
            self.pending.append(place)
            return shortcut
        if shortcut in self.used:
            raise SchemaError(f"shortcut {shortcut!r} is used twice")
        self.used.add(shortcut)
        return shortcut


def _layer(
    raw_layer: Mapping[str, Any], index: int, position: int, shortcuts: _Shortcuts
) -> Layer:
    name = _name(raw_layer, f"layers[{index}]")
    where = f"layer {name!r}"
    style = raw_layer.get("style", "background")
    if style not in LAYER_STYLES:
        raise SchemaError(f"{where}: style must be one of {', '.join(LAYER_STYLES)}")
    labels: list[Label] = []
    for label_index, raw in enumerate(_list(raw_layer, "labels", where)):
        label_name = _name(raw, f"{where} label {label_index}")
        here = f"{where} label {label_name!r}"
        color = raw.get("color", "#888888")
        if not isinstance(color, str) or not _COLOR.fullmatch(color):
            raise SchemaError(f"{here}: color must look like #rrggbb")
        labels.append(
            Label(
                name=label_name,
                layer=name,
                description=str(raw.get("description", "")),
                color=color.lower(),
                shortcut=shortcuts.take(raw.get("shortcut", ""), here, (position, len(labels))),
                attributes=_attributes(raw, here),
            )
        )
    if len({x.name for x in labels}) != len(labels):
        raise SchemaError(f"{where}: a label is declared twice")
    return Layer(name, str(raw_layer.get("description", "")), style, tuple(labels))


def _check_new_layer(layer: Layer, earlier: list[Layer], strict: bool) -> None:
    if any(x.name == layer.name for x in earlier):
        raise SchemaError(f"layer {layer.name!r} is declared twice")
    for label in layer.labels:
        other = next((x for x in earlier if x.label(label.name)), None)
        if other is not None and strict:
            raise SchemaError(
                f"label {label.name!r} is declared in layers {other.name!r} and "
                f"{layer.name!r}; formats without layers (CoNLL, brat, doccano) could not "
                "tell them apart"
            )


def _relations(data: Mapping[str, Any], layer_names: set[str]) -> list[RelationType]:
    relations: list[RelationType] = []
    for index, raw in enumerate(_list(data, "relations", "schema")):
        name = _name(raw, f"relations[{index}]")
        ends = []
        for key in ("from", "to"):
            value = raw.get(key)
            value = [value] if isinstance(value, str) else value
            if not value or not all(isinstance(v, str) and v in layer_names for v in value):
                raise SchemaError(f"relation {name!r}: {key!r} must name layers of this schema")
            ends.append(tuple(value))
        relations.append(RelationType(name, ends[0], ends[1], str(raw.get("description", ""))))
    if len({r.name for r in relations}) != len(relations):
        raise SchemaError("a relation type is declared twice")
    return relations


def _assign_digit_shortcuts(
    layers: list[Layer], pending: list[tuple[int, int]], used: set[str]
) -> list[Layer]:
    """Give labels without a shortcut the next free digit 1..9, in schema order."""
    free = [d for d in "123456789" if d not in used]
    mutable = [list(layer.labels) for layer in layers]
    for (layer_index, label_index), digit in zip(pending, free, strict=False):
        label = mutable[layer_index][label_index]
        mutable[layer_index][label_index] = Label(
            label.name, label.layer, label.description, label.color, digit, label.attributes
        )
    return [
        Layer(layer.name, layer.description, layer.style, tuple(labels))
        for layer, labels in zip(layers, mutable, strict=True)
    ]


def _attributes(raw: Mapping[str, Any], where: str) -> tuple[Attribute, ...]:
    attributes = []
    for index, item in enumerate(_list(raw, "attributes", where)):
        name = _name(item, f"{where} attribute {index}")
        values = item.get("values")
        if (
            not isinstance(values, list)
            or not values
            or not all(
                isinstance(v, str) and v and v == v.strip() and v.isprintable() for v in values
            )
        ):
            raise SchemaError(f"{where} attribute {name!r}: values must be a list of strings")
        default = item.get("default")
        if default is not None and default not in values:
            raise SchemaError(f"{where} attribute {name!r}: default is not one of its values")
        attributes.append(Attribute(name, tuple(values), str(item.get("description", "")), default))
    return tuple(attributes)


def _shortcut(value: object, where: str, strict: bool = True) -> str:
    """Return a label's shortcut, refusing keys that would shadow the window's commands."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise SchemaError(f'{where}: shortcut must be a key such as "1" or "F2"')
    shortcut = str(value).strip()
    if shortcut and (shortcut in _RESERVED_KEYS or not _SHORTCUT.fullmatch(shortcut)):
        if not strict:
            return ""
        raise SchemaError(
            f"{where}: shortcut {shortcut!r} is not allowed: use one key (a digit, a letter, "
            "F1-F12, Shift allowed); Ctrl, Alt and Meta chords and Tab, Esc, Delete, Enter, "
            "Space and F3 are the window's own commands"
        )
    return shortcut


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SchemaError(f"{where}: {key!r} must be an array of tables")
    return value


def _name(raw: Mapping[str, Any], where: str) -> str:
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise SchemaError(f"{where}: name must be a word of letters, digits, '_', '.' or '-'")
    return name


def with_guidelines_text(source: str, markdown: str) -> str:
    """Return schema TOML `source` with the guidelines' Markdown stored in it, so a project
    keeps its guidelines when the file is gone: `guidelines_text`, a top-level key put
    first (a key after a table header would belong to that table)."""
    if GUIDELINES_KEYS[1] in tomllib.loads(source):
        return source
    quotes = "'" * 3
    if quotes not in markdown and all(ch in "\t\n" or ch.isprintable() for ch in markdown):
        value = quotes + "\n" + markdown + quotes  # readable in `annotator schema`
    else:
        value = json.dumps(markdown, ensure_ascii=False).replace("\x7f", "\\u007f")
    return f"{GUIDELINES_KEYS[1]} = {value}\n" + source


def with_guidelines_file(source: str, schema_path: Path) -> str:
    """Return schema TOML `source` (read from `schema_path`) with the text of the guidelines
    file it names, which lies relative to the schema file, stored in it; SchemaError naming
    the schema's line when that file cannot be read. A schema that does not parse is
    returned as it is (its own error is reported where it is opened)."""
    try:
        schema = parse_schema(source)
    except SchemaError:
        return source
    if not schema.guidelines or schema.guidelines_text:
        return source
    path = schema_path.parent / schema.guidelines
    line = next(
        (
            number
            for number, text in enumerate(source.splitlines(), 1)
            if re.match(r"\s*guidelines\s*=", text)
        ),
        None,
    )
    try:
        markdown = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise SchemaError(
            f"the guidelines file {path} cannot be read: {error.strerror}",
            path=schema_path,
            line=line,
        ) from None
    except UnicodeDecodeError:
        raise SchemaError(
            f"the guidelines file {path} is not UTF-8", path=schema_path, line=line
        ) from None
    return with_guidelines_text(source, markdown.replace("\r\n", "\n").replace("\r", "\n"))
