"""Guidelines at hand: a dock beside the article showing the project's annotation guidelines.

The schema may name a Markdown file (`guidelines = "guide.md"`); its text is stored in the
project when the project is created (`guidelines_text`, see `schema.with_guidelines_text`),
so the project file describes itself. A project whose schema names the file without its
text finds it beside the project file. Below the guidelines, every label with its
description (the same text as the label bar's, the label menu's and the inspector's tips).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDockWidget, QTextBrowser

from annotator.gui.i18n import translate
from annotator.schema import Schema


def guidelines_markdown(schema: Schema, project_folder: Path) -> str:
    """Return the guidelines' Markdown: as stored in the project, else the named file
    beside the project file, else empty."""
    if schema.guidelines_text:
        return schema.guidelines_text
    if schema.guidelines:
        path = project_folder / schema.guidelines
        try:
            return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            return translate(
                "GuidelinesDock", "*The guidelines file {name} was not found beside the project.*"
            ).format(name=schema.guidelines)
    return ""


def labels_markdown(schema: Schema) -> str:
    """Return the schema's layers and labels with their descriptions, as Markdown."""
    lines = ["## " + translate("GuidelinesDock", "Labels"), ""]
    for layer in schema.layers:
        lines.append(f"**{layer.name}**" + (f" — {layer.description}" if layer.description else ""))
        lines.append("")
        for label in layer.labels:
            key = f" ({label.shortcut})" if label.shortcut else ""
            lines.append(f"- **{label.name}**{key}: {label.description}")
        lines.append("")
    return "\n".join(lines)


class GuidelinesDock(QDockWidget):
    def __init__(self, schema: Schema, project_folder: Path) -> None:
        super().__init__(translate("GuidelinesDock", "Guidelines"))
        self.setObjectName("guidelinesDock")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guidelinesText")
        self.browser.setOpenExternalLinks(True)
        guide = guidelines_markdown(schema, project_folder)
        self.has_guidelines = bool(guide)
        self.browser.setMarkdown((guide + "\n\n" if guide else "") + labels_markdown(schema))
        self.setWidget(self.browser)
