"""WebAnno TSV 3.3 syntax shared by the reader and the writer: type names, escaping,
stacked items (`LABEL[3]`, joined by `|`) and slot lists (joined by `;`)."""

from __future__ import annotations

import re

FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
CUSTOM = "webanno.custom."  # INCEpTION's prefix for a project's own layers
ANY_SPAN = "uima.tcas.Annotation"  # a slot target type meaning: a span of any layer
VALUE, ROLE, TARGET = "value", "role", "target"  # what a span layer's column holds
ITEM = re.compile(r"^(.*?)(?:\[(\d+)(?:_(\d+))?\])?$", re.S)  # value, id, relation target id
UNIT = re.compile(r"^(\d+)-(\d+)(?:\.(\d+))?$")  # a token (1-2) or sub-token (1-2.1)
_ESCAPED = re.compile(r"\\(->|[\\\[\]|_;*tnr])")
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r"}
_VALUE_SPECIAL = re.compile(r"->|[\\\[\]|_;*\t\n\r]")
_TEXT_SPECIAL = re.compile(r"[\\\t\r]")
_ESCAPE = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def unescape(value: str) -> str:
    """Undo TSV 3 escaping (`\\|`, `\\[`, `\\_`, `\\t`, ...)."""
    return _ESCAPED.sub(lambda m: _UNESCAPE.get(m.group(1), m.group(1)), value)


def escape_value(value: str) -> str:
    """Escape a feature value or slot role: INCEpTION reads `*`, `_`, `|`, `;`, `[`, `]` and
    `->` unescaped as syntax."""
    return _VALUE_SPECIAL.sub(lambda m: _ESCAPE.get(m.group(), "\\" + m.group()), value)


def escape_text(line: str) -> str:
    """Escape one `#Text=` line (a sentence's text is split into lines first)."""
    return _TEXT_SPECIAL.sub(lambda m: _ESCAPE.get(m.group(), "\\" + m.group()), line)


def split_stack(column: str) -> list[str]:
    """Split stacked values on `|` that is not escaped."""
    return re.split(r"(?<!\\)\|", column)


def split_slots(cell: str) -> list[str]:
    """Split a slot column's item on `;` that is not escaped."""
    return re.split(r"(?<!\\);", cell)
