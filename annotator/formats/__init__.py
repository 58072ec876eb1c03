"""File formats: the registry of every format the importer and the exporter know.

Each entry names the module that reads and writes it, the file extensions the importer
picks it by, whether its export is a folder and the options it reads. The modules load only
when a format is used (`Format.reader()` / `Format.writer()`), so the command line can offer
the names, extensions and help without importing any format: `annotator gui` starts fast.

A reader is `read(path, context) -> Iterator[(line or None, Document)]`; it opens the file
itself and streams, counting what it changed into `context.report`. A writer is
`write(documents, out, context) -> None`, `out` a text stream or, for a folder format, the
folder; it counts what it wrote and what it could not carry into `context.report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.formats.labelmap import LabelMap
    from annotator.formats.report import Report
    from annotator.model import Document
    from annotator.schema import Schema


@dataclass
class ReadOptions:
    """How to read files: a forced format and encoding, the label map (every format), CoNLL's
    bad tags and tokens of white space, WebAnno TSV's layer map and what to do with what
    cannot be mapped. `given` names the options the user set: one that no imported file's
    format reads is an error (`importer.check_options`), never a silent no-op."""

    format: str = "auto"
    encoding: str | None = None
    label_map: dict[str, str] = field(default_factory=dict)
    bad_tags: str = "error"
    blank_tokens: str = "error"
    layer_map: dict[str, str] = field(default_factory=dict)
    unmapped: str = "error"
    given: frozenset[str] = frozenset()


@dataclass
class ReadContext:
    """What a reader needs besides the file: the schema, the options, the report."""

    schema: Schema
    options: ReadOptions
    report: Report
    labels: LabelMap = field(default_factory=lambda: _label_map())  # one per import

    def __post_init__(self) -> None:
        if not self.labels and self.options.label_map:
            self.labels = _label_map(self.options.label_map)

    def find_label(self, name: str) -> Any:
        """Return the schema label for a file's label `name`, through `--label-map`."""
        return self.labels.find_label(self.schema, name)


def _label_map(mapping: dict[str, str] | None = None) -> LabelMap:
    from annotator.formats.labelmap import LabelMap  # loaded when a file is read

    return LabelMap(mapping)


@dataclass
class WriteContext:
    """What a writer needs besides the documents and the output."""

    schema: Schema
    report: Report
    layers: frozenset[str] = frozenset()
    nested: str = "outer"
    strip_controls: bool = False
    predictions_from: str = ""  # label-studio: this annotator's work goes to `predictions`


Reader = Callable[[Path, ReadContext], Iterator[tuple["int | None", "Document"]]]
Writer = Callable[["Iterable[Document]", Any, WriteContext], None]


@dataclass(frozen=True)
class Format:
    """One format: where its reader and writer live and how the importer finds it."""

    name: str
    module: str
    description: str
    read: str = ""  # function name in `module`; "" when the format cannot be imported
    write: str = ""  # function name in `module`; "" when the format cannot be exported
    extensions: tuple[str, ...] = ()  # lower case, with the dot; what `auto` import picks
    folder: bool = False  # the export writes a folder, not a stream
    default_layers: tuple[str, ...] = ()  # layers exported when --layer is not given
    options: tuple[str, ...] = ()  # the import or export options this format reads
    # A file written beside a file export from the schema: (function name, suffix).
    side_file: tuple[str, str] = ("", "")

    def reader(self) -> Reader:
        """Import the format's module and return its reader."""
        function: Reader = getattr(import_module(self.module), self.read)
        return function

    def writer(self) -> Writer:
        """Import the format's module and return its writer."""
        function: Writer = getattr(import_module(self.module), self.write)
        return function

    def side_writer(self) -> Callable[[Schema, Any], None] | None:
        """Return the writer of the side file (Label Studio's labelling config), if any."""
        if not self.side_file[0]:
            return None
        function: Callable[[Schema, Any], None] = getattr(
            import_module(self.module), self.side_file[0]
        )
        return function


_PACKAGE = "annotator.formats"
_TABLE_MODULE = f"{_PACKAGE}.tables"

FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format(
            "txt",
            f"{_PACKAGE}.plain",
            "one document per file, encoding detected",
            read="read_txt",
            extensions=(".txt",),
            options=("encoding",),
        ),
        Format(
            "jsonl",
            f"{_PACKAGE}.jsonl",
            "lossless; import also reads doccano (JSON Lines, pretty-printed objects, a JSON "
            "array) and recognises Label Studio exports",
            read="read_jsonl",
            write="write_jsonl",
            extensions=(".jsonl", ".json"),
            options=("encoding", "label_map"),
        ),
        Format(
            "conll",
            f"{_PACKAGE}.conll",
            "CoNLL IOB2, token<TAB>tag",
            read="read_conll",
            write="write_conll_export",
            extensions=(".conll", ".iob", ".iob2", ".bio"),
            default_layers=("entity",),
            options=(
                "encoding",
                "label_map",
                "bad_tags",
                "blank_tokens",
                "layers",
                "nested",
                "strip_controls",
            ),
        ),
        Format(
            "brat",
            f"{_PACKAGE}.brat",
            "brat standoff, a folder of .txt/.ann pairs",
            read="read_brat_file",
            write="write_brat",
            extensions=(".ann",),
            folder=True,
            options=("encoding", "force", "label_map"),
        ),
        Format(
            "label-studio",
            f"{_PACKAGE}.labelstudio",
            "Label Studio JSON tasks with annotations per annotator, plus its labelling config",
            read="read_label_studio",
            write="write_label_studio",
            options=("encoding", "label_map", "predictions_from"),
            side_file=("write_label_config", ".label_config.xml"),
        ),
        Format(
            "webanno-tsv",
            f"{_PACKAGE}.webanno",
            "INCEpTION's WebAnno TSV 3.3 (#FORMAT=WebAnno TSV 3.3), a folder of ID.tsv",
            read="read_webanno",
            write="write_webanno",
            extensions=(".tsv",),
            folder=True,
            options=("encoding", "label_map", "layer_map", "unmapped"),
        ),
        Format(
            "doccano",
            f"{_PACKAGE}.doccano",
            "doccano relation extraction",
            write="write_relation_shape",
        ),
        Format(
            "doccano-seq",
            f"{_PACKAGE}.doccano",
            "doccano sequence labelling",
            write="write_sequence_shape",
        ),
        Format("claims-csv", _TABLE_MODULE, "one row per claim", write="write_claims_csv"),
        Format("stances-csv", _TABLE_MODULE, "one row per stance", write="write_stances_csv"),
        Format("claims-jsonl", _TABLE_MODULE, "one row per claim", write="write_claims_jsonl"),
        Format("stances-jsonl", _TABLE_MODULE, "one row per stance", write="write_stances_jsonl"),
    )
}

IMPORT_FORMATS = ("auto", *(f.name for f in FORMATS.values() if f.read))
EXPORT_FORMATS = tuple(f.name for f in FORMATS.values() if f.write)
EXPORT_FOLDER_FORMATS = tuple(f.name for f in FORMATS.values() if f.write and f.folder)
EXPORT_FILE_FORMATS = tuple(f.name for f in FORMATS.values() if f.write and not f.folder)
BY_EXTENSION = {ext: f for f in FORMATS.values() if f.read for ext in f.extensions}
IMPORT_EXTENSIONS = tuple(BY_EXTENSION)


def format_for(path: Path, forced: str = "auto", encoding: str | None = None) -> Format:
    """Return the format that reads `path`: the forced one, else by extension (else txt);
    a JSON file whose first object is a Label Studio task is read as Label Studio."""
    if forced != "auto":
        return FORMATS[forced]
    entry = BY_EXTENSION.get(path.suffix.lower(), FORMATS["txt"])
    if entry.name == "jsonl" and _is_label_studio(path, encoding):
        return FORMATS["label-studio"]
    return entry


def _is_label_studio(path: Path, encoding: str | None) -> bool:
    """A Label Studio task: a `data` object and no `text` of its own (ours has `text`)."""
    from annotator.formats.jsonvalues import first_value

    value = first_value(path, encoding)
    return isinstance(value, dict) and isinstance(value.get("data"), dict) and "text" not in value


def export_format(name: str) -> Format:
    """Return an export format by name; KeyError names no format we write."""
    entry = FORMATS[name]
    if not entry.write:
        raise KeyError(name)
    return entry


def import_help() -> str:
    """Describe the import formats and their extensions (for `import --help`)."""
    described = (f"{f.name} ({' '.join(f.extensions)})" for f in FORMATS.values() if f.read)
    return "; auto goes by extension: " + ", ".join(described)


def export_help() -> str:
    """Describe the export formats (for `export --help`)."""
    return ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values() if f.write)
