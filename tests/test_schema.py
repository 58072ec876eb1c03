import pytest

from annotator.errors import SchemaError
from annotator.resources import default_schema_source
from annotator.schema import parse_schema


def test_default_schema_layers_labels_and_relations() -> None:
    schema = parse_schema(default_schema_source())
    assert [layer.name for layer in schema.layers] == ["entity", "claim", "stance"]
    assert [label.name for label in schema.layer("entity").labels] == [
        "PER",
        "ORG",
        "GPE",
        "LOC",
        "MISC",
    ]
    assert [(lab.name, lab.shortcut) for lab in schema.labels()] == [
        ("PER", "1"),
        ("ORG", "2"),
        ("GPE", "3"),
        ("LOC", "4"),
        ("MISC", "5"),
        ("CLAIM", "6"),
        ("STANCE", "7"),
    ]
    polarity = schema.layer("stance").label("STANCE").attribute("polarity")
    assert polarity.values == ("favor", "against", "neutral")
    assert schema.relation("claimant").to_layers == ("entity",)
    assert schema.relation("target").to_layers == ("claim", "entity")
    assert all(lab.description and lab.color.startswith("#") for lab in schema.labels())


@pytest.mark.parametrize(
    ("layer", "label", "attrs", "message"),
    [
        ("entitty", "PER", {}, "unknown layer"),
        ("entity", "PERSON", {}, "unknown label"),
        ("stance", "STANCE", {"polarity": "pro"}, "cannot be 'pro'"),
        ("stance", "STANCE", {"mood": "x"}, "unknown attribute"),
    ],
)
def test_check_span_rejects(layer: str, label: str, attrs: dict, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        parse_schema(default_schema_source()).check_span(layer, label, attrs)


def test_check_relation_enforces_layers() -> None:
    schema = parse_schema(default_schema_source())
    schema.check_relation("target", "stance", "claim")
    with pytest.raises(SchemaError, match="cannot point to"):
        schema.check_relation("holder", "stance", "claim")
    with pytest.raises(SchemaError, match="cannot start at"):
        schema.check_relation("claimant", "entity", "entity")
    with pytest.raises(SchemaError, match="unknown relation"):
        schema.check_relation("author", "claim", "entity")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("name = ", "invalid TOML"),
        ("name = 'x'", "no layers"),
        ("[[layers]]\nname = 'a b'", "name must be"),
        ("[[layers]]\nname='a'\n[[layers.labels]]\nname='X'\ncolor='red'", "color"),
        (
            "[[layers]]\nname='a'\n[[layers.labels]]\nname='X'\nshortcut='1'\n"
            "[[layers.labels]]\nname='Y'\nshortcut='1'",
            "used twice",
        ),
        ("[[layers]]\nname='a'\n[[relations]]\nname='r'\nfrom=['a']\nto=['b']", "'to' must name"),
    ],
)
def test_bad_schema_is_explained(toml: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        parse_schema(toml)
