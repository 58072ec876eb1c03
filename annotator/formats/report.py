"""One report for every import and export: what was read or written, and what changed.

Readers and writers count into a `Report`; the command line prints `str(report)`. Named
counts (`counts`) say what a format could not carry or had to change; their wording lives
here, once, in `PHRASES` (a phrase may name other counts, as "{tokens} tokens in
{sentences} sentences" does). A count is shown when it is present, so a writer sets to 0
the counts it always shows and only increments the others when they happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRAS_KEY = "annotator_extras"

PHRASES: dict[str, str] = {
    # CoNLL export
    "tokens": "{tokens} tokens in {sentences} sentences",
    "split_words": "split {split_words} words at span edges",
    "unrepresentable": "{unrepresentable} overlapping or empty spans could not be represented",
    "empty_documents": "{empty_documents} documents without tokens not written",
    "removed_controls": "removed {removed_controls} invisible controls (--strip-controls)",
    "changed_entities": "{changed_entities} entities read back with other text "
    "(a reader joins their tokens with one space)",
    "changed_entities_stripped": "{changed_entities_stripped} entities read back with other "
    "text (a reader joins their tokens with one space; controls removed)",
    # brat export
    "renumbered": "{renumbered} span and relation ids renumbered for brat (kept in # lines)",
    "escaped_values": "{escaped_values} attribute values %-escaped",
    "shortened": "{shortened} ids shortened in file names (kept in # lines)",
    # doccano export: what doccano shows only as document metadata
    "hidden_attributes": "{hidden_attributes} attribute values only in doccano metadata",
    "hidden_relations": "{hidden_relations} relations only in doccano metadata",
    "hidden_statuses": "{hidden_statuses} statuses only in doccano metadata",
    "hidden_notes": "{hidden_notes} span notes and unsure flags only in doccano metadata",
    # exports without a place for them
    "lost_notes": "{lost_notes} span notes and unsure flags not carried by this format",
    "hidden_ids": "span and relation ids and annotators only in doccano metadata "
    f'("{EXTRAS_KEY}", which doccano keeps and our import restores)',
    # tables
    "rows": "{rows} rows",
    # Label Studio and WebAnno TSV
    "suggestions": "{suggestions} predictions stored as suggestions (review them in the app "
    "or with `annotator review`)",
    "skipped_predictions": "skipped {skipped_predictions} Label Studio prediction results "
    "that are no labelled span (relations, choices)",
    "skipped_cancelled": "skipped {skipped_cancelled} cancelled Label Studio annotations",
    "utf16_tasks": "{utf16_tasks} tasks had offsets in UTF-16 units (converted)",
    "ls_predictions": "{ls_predictions} annotators' work written as predictions",
    "ls_not_carried": "document ids, meta and statuses only in the tasks' data "
    "(Label Studio keeps and ignores them)",
    "skipped_unmapped": "skipped {skipped_unmapped} annotations of unmapped layers or "
    "features (--unmapped skip)",
}

# Counts that only feed another count's phrase.
_PARTS = {"sentences"}


@dataclass
class Report:
    """What one import or one export output did.

    `where` names the output (a file, a folder, "standard output"); empty for imports.
    `notes` are extra lines, such as per-file remarks of a reader.
    """

    format: str
    where: str = ""
    files: int = 0
    documents: int = 0
    spans: int = 0
    relations: int = 0
    skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, name: str, amount: int = 1) -> None:
        """Add `amount` to a named count (created, and so shown, on first use)."""
        self.counts[name] = self.counts.get(name, 0) + amount

    def __getattr__(self, name: str) -> int:
        """Read a named count as an attribute (`report.empty_documents`), 0 when unset."""
        if name in PHRASES or name in _PARTS:
            return self.counts.get(name, 0)
        raise AttributeError(name)

    def show(self, *names: str) -> None:
        """Show these counts even when they stay 0."""
        for name in names:
            self.counts.setdefault(name, 0)

    def details(self) -> str:
        """Return the named counts as one `;`-separated phrase list."""
        values = {name: 0 for name in _PARTS} | self.counts
        return "; ".join(
            PHRASES[name].format_map(values)
            for name in self.counts
            if name not in _PARTS and name in PHRASES
        )

    def headline(self) -> str:
        """Return the first part of the summary line: what was read or written."""
        if not self.where:
            return (
                f"imported {self.documents} documents, {self.spans} spans, "
                f"{self.relations} relations from {self.files} files; "
                f"skipped {self.skipped} already present"
            )
        line = f"{self.where}: {self.documents} documents ({self.format})"
        if "rows" in self.counts:  # a table: its rows say what was written
            return line
        return f"{line}, {self.spans} spans, {self.relations} relations"

    def __str__(self) -> str:
        details = self.details()
        line = self.headline() + (f"; {details}" if details else "")
        return "\n".join([line, *self.notes])
