"""File formats: each module reads files into Documents and writes Documents to files.

The names live here, apart from the modules, so the command line can offer them without
importing every format.
"""

EXPORT_FOLDER_FORMATS = ("brat",)
EXPORT_FILE_FORMATS = (
    "jsonl",
    "conll",
    "doccano",
    "doccano-seq",
    "claims-csv",
    "stances-csv",
    "claims-jsonl",
    "stances-jsonl",
)
EXPORT_FORMATS = EXPORT_FILE_FORMATS + EXPORT_FOLDER_FORMATS
IMPORT_FORMATS = ("auto", "txt", "jsonl", "conll", "brat")
