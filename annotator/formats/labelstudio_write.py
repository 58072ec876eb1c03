"""Label Studio JSON, written: tasks with an annotation per annotator (or one annotator's
work as predictions) and the labelling config generated from our schema, so a Label Studio
project can be created from it and the file imported as it is (see `labelstudio`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from annotator.formats import WriteContext
from annotator.model import Document
from annotator.schema import Schema

TEXT_KEY = "text"


def labelling_config(schema: Schema) -> str:
    """Return a Label Studio labelling config for the schema: one <Labels> per layer, the
    text, per-region <Choices> for each attribute, and the relation types."""
    lines = ["<View>"]
    for layer in schema.layers:
        lines.append(f'  <Labels name={quoteattr(layer.name)} toName="text">')
        lines += [
            f"    <Label value={quoteattr(label.name)} background={quoteattr(label.color)}/>"
            for label in layer.labels
        ]
        lines.append("  </Labels>")
    lines.append('  <Text name="text" value="$text"/>')
    for label in schema.labels():
        for attribute in label.attributes:
            lines.append(
                f'  <Choices name={quoteattr(attribute.name)} toName="text" perRegion="true" '
                f"whenLabelValue={quoteattr(label.name)}>"
            )
            lines += [f"    <Choice value={quoteattr(v)}/>" for v in attribute.values]
            lines.append("  </Choices>")
    if schema.relations:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={quoteattr(r.name)}/>" for r in schema.relations]
        lines.append("  </Relations>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def write_label_config(schema: Schema, out: IO[str]) -> None:
    """Write the labelling config (the registry's side file of the export)."""
    out.write(labelling_config(schema))


def _results_of(document: Document, annotator: str) -> list[dict[str, Any]]:
    text = document.text
    results: list[dict[str, Any]] = []
    for span in document.spans:
        if span.annotator != annotator:
            continue
        where = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
        results.append(
            {
                "id": span.id,
                "type": "labels",
                "from_name": span.layer,
                "to_name": TEXT_KEY,
                "value": {**where, "labels": [span.label]},
            }
        )
        for name, value in sorted(span.attrs.items()):
            results.append(
                {
                    "id": span.id,
                    "type": "choices",
                    "from_name": name,
                    "to_name": TEXT_KEY,
                    "value": {**where, "choices": [value]},
                }
            )
    for relation in document.relations:
        if relation.annotator == annotator:
            results.append(
                {
                    "id": relation.id,
                    "type": "relation",
                    "from_id": relation.from_id,
                    "to_id": relation.to_id,
                    "direction": "right",
                    "labels": [relation.type],
                }
            )
    return results


def task_json(document: Document, number: int, predictions_from: str = "") -> dict[str, Any]:
    """Return one Label Studio task: an annotation per annotator, or a prediction for
    `predictions_from`."""
    annotators = sorted(
        {s.annotator for s in document.spans} | {r.annotator for r in document.relations}
    )
    annotations, predictions = [], []
    for annotator in annotators:
        results = _results_of(document, annotator)
        if annotator and annotator == predictions_from:
            predictions.append({"model_version": annotator, "result": results})
        else:
            annotations.append({"annotator": annotator, "result": results})
    task: dict[str, Any] = {
        "id": number,
        "data": {
            TEXT_KEY: document.text,
            "doc_id": document.id,
            "doc_meta": document.meta,
            "doc_status": dict(sorted(document.statuses.items())),
        },
        "annotations": annotations,
    }
    if predictions:
        task["predictions"] = predictions
    return task


def write_label_studio(documents: Iterable[Document], out: IO[str], context: WriteContext) -> None:
    """Write one JSON array of tasks (one task per line, so it also streams)."""
    report = context.report
    report.show("ls_not_carried")
    out.write("[")
    for number, document in enumerate(documents, start=1):
        if number > 1:
            out.write(",")
        task = task_json(document, number, context.predictions_from)
        out.write("\n" + json.dumps(task, ensure_ascii=False))
        report.documents += 1
        report.spans += len(document.spans)
        report.relations += len(document.relations)
        if task.get("predictions"):
            report.count("ls_predictions", len(task["predictions"]))
    out.write("\n]\n")
