"""Distribute documents to annotators: one project file per annotator.

The plan is a plain function of the document ids, the names and a seed, so the same
call always gives the same files. Documents are shuffled with the seed; the first
`overlap` share of them get at least two annotators (what agreement needs), the others
`per_document`; each document goes to the least loaded annotators, ties broken by a
seeded order, so the work and the pairs spread evenly.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.model import Document
from annotator.store import Store, remove_database

_SAFE_NAME = re.compile(r"[^\W][\w.-]*")  # also a file name on every system


@dataclass(frozen=True)
class AssignOptions:
    annotators: tuple[str, ...]
    per_document: int = 1
    overlap: float = 0.0
    seed: int = 0
    doc_ids: tuple[str, ...] = ()  # empty: every document (of `status`, when given)
    status: str | None = None
    spans_from: str | None = None  # copy this annotator's spans as a starting point


@dataclass
class AssignReport:
    files: dict[str, Path] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)  # per annotator
    total: int = 0  # documents assigned
    shared: int = 0  # documents with two annotators or more
    spans: int = 0  # starting spans copied, in all files


def check_names(annotators: Sequence[str]) -> None:
    """Raise AnnotatorError unless the names are distinct and usable as file names."""
    if not annotators:
        raise AnnotatorError("name at least one annotator (--annotators ana,omar)")
    for name in annotators:
        if not _SAFE_NAME.fullmatch(name):
            raise AnnotatorError(
                f"annotator name {name!r} cannot be a file name (letters, digits, . _ -)"
            )
    repeated = sorted({n for n in annotators if list(annotators).count(n) > 1})
    if repeated:
        raise AnnotatorError(f"annotator {repeated[0]!r} is named twice")


def plan_assignment(
    doc_ids: Sequence[str],
    annotators: Sequence[str],
    per_document: int = 1,
    overlap: float = 0.0,
    seed: int = 0,
) -> dict[str, list[str]]:
    """Return, per annotator, the documents they get (in the order of `doc_ids`)."""
    check_names(annotators)
    if not 1 <= per_document <= len(annotators):
        raise AnnotatorError(
            f"--per-document must be between 1 and the number of annotators "
            f"({len(annotators)}), not {per_document}"
        )
    if not 0.0 <= overlap <= 1.0:
        raise AnnotatorError(f"--overlap is a share between 0 and 1, not {overlap}")
    if overlap > 0 and len(annotators) < 2:
        raise AnnotatorError("an overlap needs at least two annotators")
    rng = random.Random(seed)
    shuffled = list(doc_ids)
    rng.shuffle(shuffled)
    rank = {name: i for i, name in enumerate(rng.sample(list(annotators), len(annotators)))}
    shared = round(overlap * len(shuffled))
    load = dict.fromkeys(annotators, 0)
    chosen: dict[str, set[str]] = {name: set() for name in annotators}
    for index, doc_id in enumerate(shuffled):
        wanted = max(per_document, 2) if index < shared else per_document
        names = sorted(annotators, key=lambda n: (load[n], (rank[n] + index) % len(rank)))
        for name in names[:wanted]:
            load[name] += 1
            chosen[name].add(doc_id)
    return {name: [d for d in doc_ids if d in chosen[name]] for name in annotators}


def assign(store: Store, out_dir: Path, options: AssignOptions) -> AssignReport:
    """Write `out_dir/NAME.db` per annotator: the team schema and their documents (with
    `spans_from`'s spans and relations as their own, as a starting point). All or
    nothing: on an error no file is left behind."""
    check_names(options.annotators)
    doc_ids = _chosen_documents(store, options)
    plan = plan_assignment(
        doc_ids, options.annotators, options.per_document, options.overlap, options.seed
    )
    targets = {name: out_dir / f"{name}.db" for name in options.annotators}
    for target in targets.values():
        if target.exists():
            raise AnnotatorError(
                "exists already; remove it or choose another --out-dir (nothing was written)",
                path=target,
            )
    report = AssignReport(total=sum(1 for d in doc_ids if any(d in p for p in plan.values())))
    counts: dict[str, int] = {}
    for documents in plan.values():
        for doc_id in documents:
            counts[doc_id] = counts.get(doc_id, 0) + 1
    report.shared = sum(1 for n in counts.values() if n >= 2)
    written: list[Path] = []
    try:
        for name, documents in plan.items():
            target = targets[name]
            written.append(target)
            with Store.open(target, schema_source=store.schema.source) as own:
                with own.transaction():
                    for document in store.documents_by_id(documents, options.spans_from):
                        copy = _starting_point(document, name, options.spans_from is not None)
                        report.spans += len(copy.spans)
                        own.add_document(copy, name, source=str(store.path))
            report.files[name] = target
            report.documents[name] = len(documents)
    except BaseException:
        for target in written:
            remove_database(target)
        raise
    return report


def _chosen_documents(store: Store, options: AssignOptions) -> list[str]:
    ids = store.filtered_ids(None, options.status)
    if options.doc_ids:
        known = set(ids)
        missing = [d for d in options.doc_ids if not store.has_document(d)]
        if missing:
            raise AnnotatorError(f"no document {missing[0]!r} in {store.path}")
        wanted = set(options.doc_ids)
        ids = [d for d in ids if d in wanted and d in known]
    if not ids:
        raise AnnotatorError(f"no documents to assign in {store.path}")
    return ids


def _starting_point(document: Document, name: str, with_spans: bool) -> Document:
    """The document as `name` receives it: the text, and optionally the starting spans
    and relations as `name`'s own; no statuses (everything starts as todo)."""
    if not with_spans:
        return Document(document.id, document.text, dict(document.meta))
    return Document(
        document.id,
        document.text,
        dict(document.meta),
        [s._replace(annotator=name) for s in document.spans],
        [r._replace(annotator=name) for r in document.relations],
    )
