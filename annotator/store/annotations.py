"""Spans and relations: create, change, delete and put back, each one transaction that
is logged; ids from a per-document counter that never gives an id twice; undo and redo act
only on exactly the row they made (ConflictError otherwise)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.errors import AnnotatorError, ConflictError, StoreError
from annotator.model import (
    Relation,
    Span,
    check_not_duplicate,
    check_offsets,
    check_relation,
    check_unicode,
)
from annotator.store.connection import dump_json, now
from annotator.store.rows import (
    INSERT_RELATION,
    INSERT_SPAN,
    RELATION_COLUMNS,
    highest_number,
    relation_json,
    relation_row,
    span_json,
    span_row,
)
from annotator.store.span_reads import SpanReads


class AnnotationStore(SpanReads):
    def add_span(
        self,
        doc_id: str,
        start: int,
        end: int,
        layer: str,
        label: str,
        annotator: str,
        attrs: Mapping[str, str] | None = None,
        *,
        span_id: str | None = None,
        via: str = "edit",
    ) -> Span:
        """Create a span, durable when this returns; `span_id` re-creates a known one (redo).

        Raises DuplicateSpanError (with the stored span) when the annotator already has this
        span, and ConflictError when `span_id` is taken.
        """
        attrs = dict(attrs or {})
        self.schema.check_span(layer, label, attrs)
        check_unicode([annotator, attrs], "the span")
        with self.transaction():
            check_offsets(self.text(doc_id), start, end)
            span = Span(span_id or "", start, end, layer, label, attrs, annotator)
            check_not_duplicate(span, self._spans_at(doc_id, start, end))
            if span_id is not None:
                self._refuse_taken(doc_id, "spans", span_id)
                self._reserve_id("spans", doc_id, span_id)
            else:
                span = span._replace(id=self._next_id("spans", doc_id))
            self.ensure_annotator(annotator)
            self._insert_span(doc_id, span)
            self._touch_status(doc_id, annotator)
            self._log(annotator, "span.create", doc_id, span.id, None, span_json(span), via)
        return span

    def add_spans(
        self, doc_id: str, spans: Iterable[Span], annotator: str, via: str = "edit"
    ) -> list[Span]:
        """Create many spans (label all) in one transaction: all are stored, or none.

        Each span's edges, layer, label and attrs are used; a set id re-creates that span
        (redo), an empty one gets a new id. Each is logged as a `span.create` of the same
        commit, so one undo (`delete_spans` of the result) takes them all back.
        """
        spans = [s._replace(attrs=dict(s.attrs), annotator=annotator) for s in spans]
        for span in spans:
            self.schema.check_span(span.layer, span.label, span.attrs)
        check_unicode([annotator, [s.attrs for s in spans]], "the spans")
        if not spans:
            return []
        created = []
        with self.transaction():
            text = self.text(doc_id)
            self.ensure_annotator(annotator)
            for span in spans:
                check_offsets(text, span.start, span.end)
                check_not_duplicate(span, self._spans_at(doc_id, span.start, span.end))
                if span.id:
                    self._refuse_taken(doc_id, "spans", span.id)
                    self._reserve_id("spans", doc_id, span.id)
                else:
                    span = span._replace(id=self._next_id("spans", doc_id))
                self._insert_span(doc_id, span)
                self._log(annotator, "span.create", doc_id, span.id, None, span_json(span), via)
                created.append(span)
            self._touch_status(doc_id, annotator)
        return created

    def delete_spans(
        self, doc_id: str, spans: Iterable[Span], annotator: str, via: str = "undo"
    ) -> list[tuple[Span, list[Relation]]]:
        """Delete exactly these spans (the undo of `add_spans`) in one transaction, with the
        relations that touch them; ConflictError, and nothing deleted, when one of them was
        changed or removed elsewhere."""
        with self.transaction():
            return [
                self.delete_span(doc_id, span.id, annotator, via, expected=span) for span in spans
            ]

    def _refuse_taken(self, doc_id: str, kind: str, identifier: str) -> None:
        """Raise ConflictError when a span or relation id is in use (a redo or undo that
        would put back something that is already there)."""
        if self.conn.execute(
            f"SELECT 1 FROM {kind} WHERE doc_id = ? AND id = ?", [doc_id, identifier]
        ).fetchone():
            raise ConflictError(
                f"{identifier} is already in document {doc_id!r} (restored elsewhere?); "
                "nothing was changed"
            )

    def _current_span(self, doc_id: str, span_id: str, expected: Span | None) -> Span:
        """Return the stored span; with `expected`, raise ConflictError unless it is exactly
        that span (an undo or redo must not act on what someone else changed)."""
        try:
            span = self.span(doc_id, span_id)
        except StoreError:
            if expected is None:
                raise
            raise ConflictError(
                f"span {span_id} is no longer in the document (removed elsewhere); "
                "nothing was changed"
            ) from None
        if expected is not None and span_json(span) != span_json(expected):
            raise ConflictError(
                f"span {span_id} was changed elsewhere since (now {span.label} "
                f"{span.start}-{span.end} by {span.annotator}); nothing was changed"
            )
        return span

    def _insert_span(self, doc_id: str, span: Span) -> None:
        self.conn.execute(INSERT_SPAN, span_row(doc_id, span, span.annotator, now()))

    def delete_span(
        self,
        doc_id: str,
        span_id: str,
        annotator: str,
        via: str = "edit",
        *,
        expected: Span | None = None,
    ) -> tuple[Span, list[Relation]]:
        """Delete a span and the relations that touch it; return both, for undo.

        With `expected` (undo, redo), only exactly that span is deleted (ConflictError
        otherwise)."""
        with self.transaction():
            span = self._current_span(doc_id, span_id, expected)
            attached = [r for r in self.relations(doc_id) if span_id in (r.from_id, r.to_id)]
            self.ensure_annotator(annotator)
            self.conn.execute("DELETE FROM spans WHERE doc_id = ? AND id = ?", [doc_id, span_id])
            self._log(
                annotator,
                "span.delete",
                doc_id,
                span_id,
                {"span": span_json(span), "relations": [relation_json(r) for r in attached]},
                None,
                via,
            )
        return span, attached

    def restore_span(
        self,
        doc_id: str,
        span: Span,
        relations: list[Relation],
        annotator: str,
        via: str = "undo",
    ) -> None:
        """Put back a deleted span with its id, annotator and relations (undo of delete);
        ConflictError when its id is taken or one of its relations no longer fits."""
        with self.transaction():
            check_offsets(self.text(doc_id), span.start, span.end)
            self._refuse_taken(doc_id, "spans", span.id)
            check_not_duplicate(span, self._spans_at(doc_id, span.start, span.end))
            self.ensure_annotator(annotator)
            self.ensure_annotator(span.annotator)
            self._reserve_id("spans", doc_id, span.id)
            self._insert_span(doc_id, span)
            for relation in relations:
                self._check_restorable(doc_id, relation)
                self.ensure_annotator(relation.annotator)
                self._insert_relation(doc_id, relation)
            self._log(
                annotator,
                "span.create",
                doc_id,
                span.id,
                None,
                {"span": span_json(span), "relations": [relation_json(r) for r in relations]},
                via,
            )

    def update_span(
        self,
        doc_id: str,
        span_id: str,
        annotator: str,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
        attrs: Mapping[str, str] | None = None,
        note: str | None = None,
        unsure: bool | None = None,
        via: str = "edit",
        expected: Span | None = None,
    ) -> tuple[Span, Span]:
        """Change a span's edges, label (within its layer), attributes, note or unsure flag;
        return (before, after).

        On a label change, attributes the new label does not have are dropped. With
        `expected` (undo, redo), only exactly that span is changed (ConflictError otherwise).
        """
        check_unicode(note, "the note")
        with self.transaction():
            before = self._current_span(doc_id, span_id, expected)
            new_label = label if label is not None else before.label
            new_attrs = dict(attrs) if attrs is not None else dict(before.attrs)
            layer = self.schema.layer(before.layer)
            label_def = layer.label(new_label) if layer else None
            if label_def is not None and label is not None and attrs is None:
                new_attrs = {k: v for k, v in new_attrs.items() if label_def.attribute(k)}
            self.schema.check_span(before.layer, new_label, new_attrs)
            new_start = before.start if start is None else start
            new_end = before.end if end is None else end
            check_offsets(self.text(doc_id), new_start, new_end)
            after = before._replace(
                start=new_start,
                end=new_end,
                label=new_label,
                attrs=new_attrs,
                note=before.note if note is None else note,
                unsure=before.unsure if unsure is None else bool(unsure),
            )
            check_not_duplicate(after, self._spans_at(doc_id, new_start, new_end))
            self.ensure_annotator(annotator)
            self.conn.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, attrs = ?, note = ?,'
                " unsure = ? WHERE doc_id = ? AND id = ?",
                [
                    *(new_start, new_end, new_label, dump_json(new_attrs)),
                    *(after.note, int(after.unsure), doc_id, span_id),
                ],
            )
            self._log(
                annotator,
                "span.update",
                doc_id,
                span_id,
                span_json(before),
                span_json(after),
                via,
            )
        return before, after

    def add_relation(
        self,
        doc_id: str,
        kind: str,
        from_id: str,
        to_id: str,
        annotator: str,
        *,
        relation_id: str | None = None,
        via: str = "edit",
    ) -> Relation:
        """Link two spans; `relation_id` re-creates a known relation (redo)."""
        with self.transaction():
            relation = Relation(relation_id or "", kind, from_id, to_id, annotator)
            if relation_id is not None:
                self._refuse_taken(doc_id, "relations", relation_id)
            self._check_relation(doc_id, relation)
            if relation_id is not None:
                self._reserve_id("relations", doc_id, relation_id)
            else:
                relation = relation._replace(id=self._next_id("relations", doc_id))
            self.ensure_annotator(annotator)
            self._record_relation(doc_id, relation, annotator, via)
            self._touch_status(doc_id, annotator)
        return relation

    def _check_relation(self, doc_id: str, relation: Relation) -> None:
        """Apply the domain's relation rules against the stored spans and links."""
        source = self.span(doc_id, relation.from_id)
        target = self.span(doc_id, relation.to_id)
        others = [
            Relation(*row)
            for row in self.conn.execute(
                f"SELECT {RELATION_COLUMNS} FROM relations"
                " WHERE doc_id = ? AND from_span = ? AND to_span = ?",
                [doc_id, relation.from_id, relation.to_id],
            )
        ]
        check_relation(self.schema, relation, source, target, others)

    def _check_restorable(self, doc_id: str, relation: Relation) -> None:
        self._refuse_taken(doc_id, "relations", relation.id)
        try:
            self._check_relation(doc_id, relation)
        except AnnotatorError as error:
            raise ConflictError(
                f"relation {relation.id} cannot be put back ({error.message}); nothing was changed"
            ) from None
        self._reserve_id("relations", doc_id, relation.id)

    def restore_relation(
        self, doc_id: str, relation: Relation, annotator: str, via: str = "undo"
    ) -> None:
        """Put back a removed relation with its id and original annotator (undo)."""
        with self.transaction():
            self._check_restorable(doc_id, relation)
            self.ensure_annotator(annotator)
            self.ensure_annotator(relation.annotator)
            self._record_relation(doc_id, relation, annotator, via)

    def _record_relation(self, doc_id: str, relation: Relation, annotator: str, via: str) -> None:
        """Insert a relation and log its creation by `annotator`."""
        self._insert_relation(doc_id, relation)
        self._log(
            annotator, "relation.create", doc_id, relation.id, None, relation_json(relation), via
        )

    def _insert_relation(self, doc_id: str, relation: Relation) -> None:
        self.conn.execute(
            INSERT_RELATION, relation_row(doc_id, relation, relation.annotator, now())
        )

    def delete_relation(
        self,
        doc_id: str,
        relation_id: str,
        annotator: str,
        via: str = "edit",
        *,
        expected: Relation | None = None,
    ) -> Relation:
        """Remove a relation; with `expected` (undo, redo) only exactly that one."""
        with self.transaction():
            row = self.conn.execute(
                f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ? AND id = ?",
                [doc_id, relation_id],
            ).fetchone()
            if row is None:
                error = ConflictError if expected is not None else StoreError
                raise error(f"no relation {relation_id!r} in document {doc_id!r}")
            relation = Relation(*row)
            if expected is not None and relation != expected:
                raise ConflictError(
                    f"relation {relation_id} was changed elsewhere since; nothing was changed"
                )
            self.ensure_annotator(annotator)
            self.conn.execute(
                "DELETE FROM relations WHERE doc_id = ? AND id = ?", [doc_id, relation_id]
            )
            self._log(
                annotator,
                "relation.delete",
                doc_id,
                relation_id,
                relation_json(relation),
                None,
                via,
            )
        return relation

    def _next_id(self, kind: str, doc_id: str) -> str:
        """Return the document's next span (T12) or relation (R3) id from a counter that only
        grows: an id deleted, undone or taken by another window is never given again."""
        column, prefix = ("spans", "T") if kind == "spans" else ("relations", "R")
        row = self.conn.execute(
            f"SELECT {column} FROM id_counters WHERE doc_id = ?", [doc_id]
        ).fetchone()
        number = (row[0] if row else 0) + 1
        while self.conn.execute(
            f"SELECT 1 FROM {kind} WHERE doc_id = ? AND id = ?", [doc_id, f"{prefix}{number}"]
        ).fetchone():
            number += 1
        self._reserve_id(kind, doc_id, f"{prefix}{number}")
        return f"{prefix}{number}"

    def _reserve_id(self, kind: str, doc_id: str, identifier: str) -> None:
        """Move the document's counter past `identifier` (a new or restored id)."""
        column, prefix = ("spans", "T") if kind == "spans" else ("relations", "R")
        number = highest_number([identifier], prefix)
        if number:
            self.conn.execute(
                f"INSERT INTO id_counters (doc_id, {column}) VALUES (?, ?) ON CONFLICT (doc_id)"
                f" DO UPDATE SET {column} = max({column}, excluded.{column})",
                [doc_id, number],
            )
