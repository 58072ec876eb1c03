"""Adjudication into gold: copy what enough annotators agree on exactly.

A span is accepted when at least `min_agree` annotators (the gold annotator aside) have
a span with the same start, end, layer, label and attributes; a relation when both its
ends were accepted (or are in gold already) and `min_agree` annotators link them by the
same type. What is in gold already is left alone, so running it again changes nothing.
Each copy is a normal store action (logged with `via = 'adjudicate'`), all in one
transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from annotator.errors import AnnotatorError
from annotator.model import Document, Span
from annotator.store import Store

SpanKey = tuple[int, int, str, str, str]  # start, end, layer, label, attributes (JSON)


@dataclass
class AdjudicationReport:
    into: str
    documents: int = 0  # documents where something was accepted
    spans_accepted: int = 0
    relations_accepted: int = 0
    spans_in_gold: int = 0  # agreed, and in gold already
    span_disagreements: int = 0  # spans fewer than min_agree annotators share, not in gold
    relation_disagreements: int = 0


def _key(span: Span) -> SpanKey:
    attrs = json.dumps(dict(span.attrs), sort_keys=True, ensure_ascii=False)
    return span.start, span.end, span.layer, span.label, attrs


agreement_key = _key  # what "the same span" means, also for the GUI's compare mode


def adjudicate(
    store: Store, into: str, min_agree: int, layers: tuple[str, ...] = ()
) -> AdjudicationReport:
    """Copy the agreed spans and relations of every document into annotator `into`."""
    if min_agree < 1:
        raise AnnotatorError(f"--min-agree must be 1 or more, not {min_agree}")
    for layer in layers:
        if store.schema.layer(layer) is None:
            raise AnnotatorError(f"no layer {layer!r} in the schema")
    report = AdjudicationReport(into)
    with store.transaction():
        for document in store.documents_by_id(store.document_ids()):
            _adjudicate_document(store, document, into, min_agree, layers, report)
    return report


def _adjudicate_document(
    store: Store,
    document: Document,
    into: str,
    min_agree: int,
    layers: tuple[str, ...],
    report: AdjudicationReport,
) -> None:
    def wanted(span: Span) -> bool:
        return not layers or span.layer in layers

    gold = {_key(s): s.id for s in document.spans if s.annotator == into and wanted(s)}
    gold_edges = {k[:4] for k in gold}
    holders: dict[SpanKey, set[str]] = defaultdict(set)
    key_of: dict[str, SpanKey] = {}
    for span in document.spans:
        if span.annotator != into and wanted(span):
            holders[_key(span)].add(span.annotator)
            key_of[span.id] = _key(span)
    accepted = 0
    for key, names in holders.items():
        if key in gold:
            report.spans_in_gold += len(names) >= min_agree
            continue
        if len(names) < min_agree or key[:4] in gold_edges:  # gold has it with other attrs
            report.span_disagreements += 1
            continue
        attrs = json.loads(key[4])
        span = store.add_span(
            document.id, key[0], key[1], key[2], key[3], into, attrs, via="adjudicate"
        )
        gold[key] = span.id
        accepted += 1
        report.spans_accepted += 1
    links: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for relation in document.relations:
        ends = key_of.get(relation.from_id), key_of.get(relation.to_id)
        if relation.annotator == into or ends[0] is None or ends[1] is None:
            continue
        if ends[0] in gold and ends[1] in gold:
            links[(relation.type, gold[ends[0]], gold[ends[1]])].add(relation.annotator)
        else:
            report.relation_disagreements += 1
    existing = {(r.type, r.from_id, r.to_id) for r in document.relations if r.annotator == into}
    for (kind, from_id, to_id), names in links.items():
        if (kind, from_id, to_id) in existing:
            continue
        if len(names) < min_agree:
            report.relation_disagreements += 1
            continue
        store.add_relation(document.id, kind, from_id, to_id, into, via="adjudicate")
        accepted += 1
        report.relations_accepted += 1
    report.documents += accepted > 0
