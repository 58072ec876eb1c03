"""Label Studio JSON: a list of tasks, both ways, plus the labelling config from our schema.

A task: {"id", "data": {"text": ..., "doc_id", "doc_meta", "doc_status"}, "annotations":
[{"annotator", "completed_by", "result": [...]}], "predictions": [...]}. Results:
`labels` spans (`value.start/end/text/labels`, `from_name` our layer), `relation`
results (`from_id`, `to_id`, `labels`: our relation type, `direction`) and per-region
`choices` (same `id` as their span, `from_name` the attribute). The keys `doc_id`,
`doc_meta`, `doc_status` and an annotation's `annotator` are ours: Label Studio keeps
`data` as it is and ignores the rest, and our import restores them.

Offsets: Label Studio counted UTF-16 units for years (its issues #1347, #1008, #4988) and
counts code points since. Per task, the spans' `value.text` decides which convention fits;
offsets are converted exactly, and a task where neither fits is an error naming the task
and the result. A task without any `value.text` whose spans follow a character outside
the BMP cannot be decided and is refused rather than guessed.

The file is one JSON array (read whole), JSON Lines or pretty-printed tasks
(`annotator.formats.jsonvalues`). JSON-MIN (`{"text", "label": [{"start", "end", "text",
"labels"}]}`) is read too. Predictions become suggestions of `model:MODEL_VERSION`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.formats import ReadContext
from annotator.formats.jsonvalues import json_values

# The writer lives beside this module; the registry finds both here.
from annotator.formats.labelstudio_write import TEXT_KEY, write_label_config, write_label_studio
from annotator.model import Document, Relation, Span
from annotator.offsets import OffsetMap
from annotator.schema import Label
from annotator.text import canonicalize_with_offsets

_RESULT_KINDS = ("labels", "relation", "choices")


def read_label_studio(path: Path, context: ReadContext) -> Iterator[tuple[int | None, Document]]:
    """Yield `(line where the task starts, document)` for each task of the export."""
    for number, task in json_values(path, context.options.encoding):
        try:
            yield number, _task_document(task, context, f"{path.stem}-{number}")
        except AnnotatorError as error:
            raise error.located(path, number) from None


def _task_document(task: Any, context: ReadContext, default_id: str) -> Document:
    if not isinstance(task, dict):
        raise AnnotatorError(f"expected a Label Studio task (an object), got {type(task).__name__}")
    task_name = f"task {task.get('id', default_id)}"
    if not isinstance(task.get("data"), dict):
        task = _from_min(task)
    data = task["data"]
    text = _task_text(data, task_name)
    doc_id = data.get("doc_id", task.get("id", default_id))
    if isinstance(doc_id, int) and not isinstance(doc_id, bool) and "doc_id" not in data:
        doc_id = f"{default_id.rsplit('-', 1)[0]}-{doc_id}"
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or str(doc_id) == "":
        raise AnnotatorError(f'{task_name}: "doc_id" must be a non-empty string')
    meta = data.get("doc_meta", {})
    statuses = data.get("doc_status", {})
    if not isinstance(meta, dict) or not isinstance(statuses, dict):
        raise AnnotatorError(f'{task_name}: "doc_meta" and "doc_status" must be objects')
    predictions = task.get("predictions") or []
    if not isinstance(predictions, list):
        raise AnnotatorError(f'{task_name}: "predictions" must be an array')
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        raise AnnotatorError(f'{task_name}: "annotations" must be an array')
    spans: list[Span] = []
    relations: list[Relation] = []
    results = [
        (_annotator(item, index), result)
        for index, item in enumerate(annotations)
        for result in _results(item, task_name)
    ]
    predicted = [result for item in predictions for result in _results(item, task_name)]
    convert = _offset_convention(
        text, [r for _, r in results] + predicted, task_name, context
    )
    used: set[str] = set()
    for index, item in enumerate(annotations):
        if isinstance(item, dict) and item.get("was_cancelled"):
            context.report.count("skipped_cancelled")
            continue
        found, linked = _annotation(item, index, text, convert, context, task_name, used)
        spans += found
        relations += linked
    suggestions = _predictions(predictions, text, convert, context, task_name)
    if "\r" in text or text.startswith("\ufeff"):
        text, moved = canonicalize_with_offsets(text)
        spans = [s._replace(start=moved(s.start), end=moved(s.end)) for s in spans]
        suggestions = [
            (source, s._replace(start=moved(s.start), end=moved(s.end)), score)
            for source, s, score in suggestions
        ]
    return Document(str(doc_id), text, meta, spans, relations, statuses, suggestions)


def _predictions(
    predictions: list[Any],
    text: str,
    convert: OffsetMap | None,
    context: ReadContext,
    task_name: str,
) -> list[tuple[str, Span, float | None]]:
    """Read a task's predictions as suggestions: source `model:MODEL_VERSION` (or
    `model:label-studio`), score the result's own `score`, else the prediction's."""
    found: list[tuple[str, Span, float | None]] = []
    for index, item in enumerate(predictions):
        if not isinstance(item, dict):
            raise AnnotatorError(f"{task_name}: prediction {index + 1} is not an object")
        version = item.get("model_version")
        named = isinstance(version, str) and version
        source = f"model:{version}" if named else "model:label-studio"
        overall = _score(item.get("score"), f"{task_name}, prediction {index + 1}")
        for result in item.get("result", []):
            if not isinstance(result, dict) or result.get("type") != "labels":
                context.report.count("skipped_predictions")  # relations, choices: no suggestion
                continue
            where = f"{task_name}, prediction result {result.get('id')!r}"
            score = _score(result.get("score"), where)
            for span in _spans(result, text, convert, context, where, set()):
                found.append((source, span, overall if score is None else score))
    return found


def _score(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise AnnotatorError(f"{where}: score must be a number from 0 to 1, got {value!r}")
    return float(value)


def _from_min(task: dict[str, Any]) -> dict[str, Any]:
    """Turn a JSON-MIN row (data keys at the top, each control's results as a list under its
    name) into a task."""
    data, result = {}, []
    for key, value in task.items():
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) and "start" in v and "labels" in v for v in value)
        ):
            result += [
                {"id": f"{key}-{n}", "type": "labels", "from_name": key, "value": v}
                for n, v in enumerate(value, start=1)
            ]
        elif key not in ("annotator", "annotation_id", "created_at", "updated_at", "lead_time"):
            data[key] = value
    if not isinstance(data.get(TEXT_KEY), str):
        raise AnnotatorError('not a Label Studio task: no "data" object and no "text"')
    annotator = task.get("annotator")
    annotation: dict[str, Any] = {"result": result}
    if annotator is not None:
        annotation["completed_by"] = annotator
    return {"id": task.get("id"), "data": data, "annotations": [annotation]}


def _task_text(data: dict[str, Any], task_name: str) -> str:
    """The text is `data.text`, else the only string of `data` that is not one of ours."""
    text = data.get(TEXT_KEY)
    if text is None:
        strings = [k for k, v in data.items() if isinstance(v, str) and k != "doc_id"]
        if len(strings) != 1:
            raise AnnotatorError(
                f'{task_name}: no "text" in "data" and not exactly one other text field '
                f'({", ".join(strings) or "none"}); rename the text field to "text"'
            )
        text = data[strings[0]]
    if not isinstance(text, str) or not text:
        raise AnnotatorError(f"{task_name}: the text must be a non-empty string")
    return text


def _annotator(item: Any, index: int) -> str:
    """Who made an annotation: our `annotator` key; else `completed_by`: its email (or
    username) when it is an object, a name as it is, a user number as `ls-user-N`."""
    if not isinstance(item, dict):
        return ""
    name = item.get("annotator")
    if isinstance(name, str) and name:
        return name
    who = item.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if isinstance(who, str) and who:
        return who
    if isinstance(who, int) and not isinstance(who, bool):
        return f"ls-user-{who}"
    return f"ls-annotation-{item.get('id', index + 1)}"


def _results(item: Any, task_name: str) -> list[dict[str, Any]]:
    if not isinstance(item, dict) or not isinstance(item.get("result", []), list):
        raise AnnotatorError(f'{task_name}: an annotation must be an object with a "result" array')
    results: list[dict[str, Any]] = item.get("result", [])
    for result in results:
        if not isinstance(result, dict):
            raise AnnotatorError(f"{task_name}: a result must be an object")
    return results


def _offset_convention(
    text: str, results: list[dict[str, Any]], task_name: str, context: ReadContext
) -> OffsetMap | None:
    """Return None when the task's offsets count code points, an OffsetMap when they count
    UTF-16 units; raise when neither fits the spans' own `value.text`."""
    regions = [r for r in results if r.get("type") == "labels" and isinstance(r.get("value"), dict)]
    offsets = OffsetMap(text)
    if offsets.utf16_length == len(text):
        return None  # no character outside the BMP: both conventions agree
    checked = [r for r in regions if isinstance(r["value"].get("text"), str)]
    if not checked:
        first_astral = next(i for i, c in enumerate(text) if ord(c) > 0xFFFF)
        if any(_int(r["value"].get("end")) > first_astral for r in regions):
            raise AnnotatorError(
                f"{task_name}: spans follow characters outside the BMP (emoji) and carry no "
                '"text", so it cannot be told whether their offsets count code points or '
                "UTF-16 units; export again with the span text"
            )
        return None
    code_point_miss = _first_miss(text, checked, None)
    if code_point_miss is None:
        return None
    utf16_miss = _first_miss(text, checked, offsets)
    if utf16_miss is None:
        context.report.count("utf16_tasks")
        return offsets
    value = code_point_miss["value"]
    raise AnnotatorError(
        f"{task_name}, result {code_point_miss.get('id')!r}: the text {value.get('text')!r} is "
        f"not at {value.get('start')}-{value.get('end')} counting code points, and result "
        f"{utf16_miss.get('id')!r} does not fit counting UTF-16 units either"
    )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _first_miss(
    text: str, results: list[dict[str, Any]], utf16: OffsetMap | None
) -> dict[str, Any] | None:
    for result in results:
        value = result["value"]
        start, end = _int(value.get("start")), _int(value.get("end"))
        if utf16 is not None:
            try:
                if utf16.to_utf16(utf16.from_utf16(start)) != start:
                    return result  # inside a surrogate pair
                if utf16.to_utf16(utf16.from_utf16(end)) != end:
                    return result
                start, end = utf16.from_utf16(start), utf16.from_utf16(end)
            except ValueError:
                return result
        if not 0 <= start < end <= len(text) or text[start:end] != value["text"]:
            return result
    return None


def _annotation(
    item: dict[str, Any],
    index: int,
    text: str,
    convert: OffsetMap | None,
    context: ReadContext,
    task_name: str,
    used: set[str],
) -> tuple[list[Span], list[Relation]]:
    """Read one annotation's results: spans first, then their choices, then relations."""
    annotator = _annotator(item, index)
    spans: dict[str, list[Span]] = {}
    choices: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for result in item.get("result", []):
        kind = result.get("type")
        where = f"{task_name}, result {result.get('id')!r}"
        if kind == "labels":
            spans[str(result.get("id"))] = _spans(result, text, convert, context, where, used)
            for span in spans[str(result.get("id"))]:
                used.add(span.id)
        elif kind == "choices":
            choices.append(result)
        elif kind == "relation":
            links.append(result)
        else:
            raise AnnotatorError(
                f"{where}: results of type {kind!r} cannot be imported "
                f"(only {', '.join(_RESULT_KINDS)})"
            )
    for result in choices:
        where = f"{task_name}, result {result.get('id')!r}"
        region = spans.get(str(result.get("id")))
        if region is None:
            raise AnnotatorError(
                f"{where}: choices that belong to no span (a classification of the whole "
                "task) have no place in the schema"
            )
        name = result.get("from_name")
        picked = result.get("value", {}).get("choices")
        if not isinstance(name, str) or not isinstance(picked, list) or len(picked) != 1:
            raise AnnotatorError(f'{where}: expected one of "choices" under a "from_name"')
        spans[str(result["id"])] = [
            s._replace(attrs={**s.attrs, name: str(picked[0])}) for s in region
        ]
    relations = [
        _relation(result, n, spans, annotator, f"{task_name}, relation {n + 1}", used)
        for n, result in enumerate(links)
    ]
    flat = [span._replace(annotator=annotator) for group in spans.values() for span in group]
    return flat, relations


def _spans(
    result: dict[str, Any],
    text: str,
    convert: OffsetMap | None,
    context: ReadContext,
    where: str,
    used: set[str],
) -> list[Span]:
    value = result.get("value")
    if not isinstance(value, dict):
        raise AnnotatorError(f'{where}: "value" must be an object')
    start, end = _int(value.get("start")), _int(value.get("end"))
    if convert is not None:
        start, end = convert.from_utf16(start), convert.from_utf16(end)
    if not 0 <= start < end <= len(text):
        raise AnnotatorError(f"{where}: span {start}-{end} is outside the text or empty")
    names = value.get("labels")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise AnnotatorError(f'{where}: "labels" must be a non-empty list of names')
    base = str(result.get("id") or f"T{len(used) + 1}")
    found = []
    for n, name in enumerate(names):
        label = _label(context, result.get("from_name"), name)
        span_id = base if len(names) == 1 else f"{base}-{n + 1}"
        while span_id in used:
            span_id += "'"
        found.append(Span(span_id, start, end, label.layer, label.name))
    return found


def _label(context: ReadContext, control: Any, name: str) -> Label:
    """A label of the layer the control is named after, else the only label so called."""
    renamed = context.labels.rename(name)
    layer = context.schema.layer(control) if isinstance(control, str) else None
    label = layer.label(renamed) if layer is not None else None
    return label if label is not None else context.schema.find_label(renamed)


def _relation(
    result: dict[str, Any],
    index: int,
    spans: dict[str, list[Span]],
    annotator: str,
    where: str,
    used: set[str],
) -> Relation:
    ends = []
    for key in ("from_id", "to_id"):
        group = spans.get(str(result.get(key)))
        if not group:
            raise AnnotatorError(
                f"{where}: {key} {result.get(key)!r} names no span of its annotation"
            )
        ends.append(group[0].id)
    direction = result.get("direction", "right")
    if direction == "left":
        ends.reverse()
    elif direction != "right":
        raise AnnotatorError(f"{where}: direction {direction!r} has no place in our relations")
    labels = result.get("labels") or []
    if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
        raise AnnotatorError(f'{where}: expected exactly one relation type in "labels"')
    relation_id = str(result.get("id") or f"R{index + 1}")
    while relation_id in used:
        relation_id += "'"
    used.add(relation_id)
    return Relation(relation_id, labels[0], ends[0], ends[1], annotator)


# -- export -----------------------------------------------------------------------------

__all__ = ["read_label_studio", "write_label_config", "write_label_studio"]
