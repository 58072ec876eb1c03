"""WebAnno TSV slot features (INCEpTION's link features) as our relations.

A slot feature of a span layer links its annotation (the host) to other spans, each link
with a role: `ROLE_webanno.custom.Claim:claimant_webanno.custom.ClaimClaimantLink` then a
column naming the targets' type (`...NamedEntity`, or `uima.tcas.Annotation` for any
layer). Each link becomes one relation from the host's span to the target's span. Its type,
first found wins: `--layer-map TYPE:FEATURE:ROLE=RELATION`, `--layer-map
TYPE:FEATURE=RELATION`, the role when it names a relation of the schema, the feature when
the role is empty and the feature names one. A link that maps to nothing, or whose host or
target was not imported, is one error or, with `--unmapped skip`, left out and counted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from annotator.errors import AnnotatorError
from annotator.formats.webanno_syntax import ANY_SPAN
from annotator.model import Relation, Span
from annotator.schema import Schema

_ADDRESS = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)\])?$")


class SlotHost(Protocol):
    """What the reader knows of an annotation: where it starts, its slots."""

    layer: str
    key: str
    unit: str
    roles: dict[str, list[str]]
    targets: dict[str, list[str]]


def slot_relation(
    layer_map: Mapping[str, str], schema: Schema, layer_type: str, feature: str, role: str
) -> str | None:
    """Return the relation type a link of `feature` with `role` maps to, or None."""
    for key in (f"{layer_type}:{feature}:{role}", f"{layer_type}:{feature}"):
        if key in layer_map:
            return layer_map[key]
    if role and schema.relation(role) is not None:
        return role
    if not role and schema.relation(feature) is not None:
        return feature
    return None


def slot_relations(
    annotations: Mapping[tuple[str, str], SlotHost],
    by_key: Mapping[tuple[str, str], Span],
    target_types: Mapping[tuple[str, str], str],
    layer_map: Mapping[str, str],
    schema: Schema,
    skip: bool,
    relations: list[Relation],
) -> int:
    """Append the relations the slots of `annotations` map to; return how many were skipped.

    `target_types` gives each (layer, slot feature) its targets' type; `relations` holds the
    relations read so far (a link repeating one of them is not added twice).
    """
    seen = {(r.type, r.from_id, r.to_id) for r in relations}
    skipped = 0
    for (layer_type, key), host in annotations.items():
        for feature, roles in host.roles.items():
            targets = host.targets.get(feature, [])
            where = f"slot feature {layer_type}:{feature} at {host.unit}"
            if len(targets) != len(roles):
                raise AnnotatorError(f"{where}: {len(roles)} roles but {len(targets)} targets")
            for role, address in zip(roles, targets, strict=True):
                kind = slot_relation(layer_map, schema, layer_type, feature, role)
                origin = by_key.get((layer_type, key))
                target_type = target_types.get((layer_type, feature), ANY_SPAN)
                target = _target(annotations, by_key, target_type, address, where)
                problem = _problem(schema, kind, origin, target, layer_type, feature, role)
                if problem:
                    if skip:
                        skipped += 1
                        continue
                    raise AnnotatorError(f"{where}: {problem}")
                assert kind is not None and origin is not None and target is not None
                link = (kind, origin.id, target.id)
                if link not in seen:
                    seen.add(link)
                    relations.append(Relation(f"R{len(relations) + 1}", *link))
    return skipped


def _problem(
    schema: Schema,
    kind: str | None,
    origin: Span | None,
    target: Span | None,
    layer_type: str,
    feature: str,
    role: str,
) -> str:
    """Say why a link cannot become a relation ("" when it can)."""
    if kind is None:
        return (
            f"role {role or '(empty)'!r} maps to no relation type; --layer-map "
            f"{layer_type}:{feature}=RELATION (or {layer_type}:{feature}:ROLE=RELATION) "
            "maps it, --unmapped skip leaves it out"
        )
    if schema.relation(kind) is None:
        return f"role {role!r} maps to {kind!r}, which is no relation type of the schema"
    if origin is None or target is None:
        end = "its host" if origin is None else "its target"
        return f"{end} was not imported (--unmapped skip leaves the link out)"
    return ""


def _target(
    annotations: Mapping[tuple[str, str], SlotHost],
    by_key: Mapping[tuple[str, str], Span],
    target_type: str,
    address: str,
    where: str,
) -> Span | None:
    """Return the span a slot target (`1-2`, `1-2[3]`, `1-3.1`) names; None if it was not
    imported. A target without an id is the one annotation of the type starting there."""
    match = _ADDRESS.match(address)
    if match is None:
        raise AnnotatorError(f"{where}: bad slot target {address!r}")
    unit, ident = match.group(1), match.group(2)
    found = [
        key
        for key, annotation in annotations.items()
        if (target_type == ANY_SPAN or key[0] == target_type)
        and (key[1] == ident if ident and ident != "0" else annotation.unit == unit)
    ]
    if not found:
        raise AnnotatorError(f"{where}: slot target {address} names no annotation")
    if len(found) > 1:
        raise AnnotatorError(f"{where}: slot target {address} is ambiguous (stacked spans)")
    return by_key.get(found[0])
