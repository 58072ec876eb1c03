"""The span index read as columns (one aggregate row, for another thread) is the index
read as rows: same spans, order, kinds, attributes, notes and flags; whose spans too."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.spanindex import SpanIndex
from annotator.store import Store
from tests.helpers import run_cli

TEXT = "قال ستولتنبرغ في سيئول 😀🇺🇦 إن الحرب طويلة، and NATO agreed.\n" * 4

span = st.tuples(
    st.integers(0, len(TEXT) - 2),
    st.integers(1, 6),
    st.sampled_from(["PER", "ORG", "STANCE"]),
    st.sampled_from(["ana", "bob"]),
    st.sampled_from(["", "check", 'quote " and \x1f tab\t', "ملاحظة"]),
    st.booleans(),
    st.sampled_from(["favor", "against"]),
)


def make_store(folder: Path) -> Path:
    source = folder / "doc.txt"
    source.write_text(TEXT, encoding="utf-8")
    db = folder / "p.db"
    assert run_cli("import", "--db", db, source).exit_code == 0
    return db


def columns_index(store: Store, doc_id: str, annotators=None) -> SpanIndex:
    c = store.span_index_reader(doc_id, annotators)()
    return SpanIndex.from_columns(c.ids, c.starts, c.ends, c.kinds, c.notes)


@settings(max_examples=30)
@given(spans=st.lists(span, max_size=25))
def test_columns_read_the_same_index_as_rows(tmp_path_factory, spans) -> None:
    db = make_store(tmp_path_factory.mktemp("cols"))
    with Store.open(db) as store:
        for start, length, label, annotator, note, unsure, polarity in spans:
            end = min(len(TEXT), start + length)
            layer = "stance" if label == "STANCE" else "entity"
            attrs = {"polarity": polarity} if layer == "stance" else {}
            try:
                added = store.add_span("doc", start, end, layer, label, annotator, attrs)
            except AnnotatorError:  # the same span twice: refused, as it should be
                continue
            if note or unsure:
                store.update_span("doc", added.id, annotator, note=note, unsure=unsure)
        rows = SpanIndex.from_rows(store.span_index_rows("doc"))
        assert columns_index(store, "doc").all() == rows.all()
        only_bob = [s for s in rows.all() if s.annotator == "bob"]
        assert columns_index(store, "doc", frozenset({"bob"})).all() == only_bob
        assert columns_index(store, "doc", frozenset()).all() == []
