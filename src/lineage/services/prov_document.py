"""A provenance closure as a W3C PROV document (docs/interchange.md): assets are entities,
each generated render's generation an activity that used its inputs, DERIVES_FROM edges
derivations (a new version a revision), the users who created assets agents. Pure: it
reads nothing, it only maps the closure it is given."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prov.constants import PROV_LABEL, PROV_ROLE, PROV_TYPE
from prov.identifier import Namespace
from prov.model import (
    PROV,
    ProvActivity,
    ProvAgent,
    ProvDerivation,
    ProvDocument,
    ProvEntity,
    ProvUsage,
)

from lineage.domain.enums import DeriveKind, Origin
from lineage.domain.model import Asset
from lineage.graph.provenance import Closure, Derivation, Usage

LINEAGE = Namespace("lineage", "urn:lineage:")


class ProvenanceFormat(StrEnum):
    """The serialisations offered (the values are the command line's names)."""

    PROV_JSON = "json"
    PROV_N = "provn"
    PROV_O = "provo"  # RDF in Turtle, through the `rdf` extra of `prov` (rdflib)


@dataclass(frozen=True)
class ProvCounts:
    entities: int
    activities: int
    agents: int
    usages: int
    derivations: int


def entity_id(asset_id: str) -> Any:
    return LINEAGE[asset_id]


def agent_id(user_id: str) -> Any:
    return LINEAGE[user_id]


def activity_id(render_id: str) -> Any:
    """The generation of a render, named after it."""
    return LINEAGE[f"{render_id}.generation"]


def prov_document(closure: Closure) -> ProvDocument:
    """The closure as PROV: records in id order, so one graph gives one document."""
    doc = ProvDocument()
    doc.add_namespace(LINEAGE)
    for user_id in sorted(closure.users):
        _agent(doc, user_id, closure.users[user_id])
    generations = {}
    with_generation = generated(closure)
    for asset in sorted(closure.assets.values(), key=lambda a: a.id):
        _entity(doc, asset)
        if asset.id in with_generation:
            generations[asset.id] = _generation(doc, asset)
        elif asset.created_at is not None:  # made by an operation PROV has no record of
            doc.wasGeneratedBy(entity_id(asset.id), None, asset.created_at)
        if asset.created_by is not None:
            doc.wasAttributedTo(entity_id(asset.id), agent_id(asset.created_by))
    for usage in sorted(closure.usages, key=_usage_order):
        _used(doc, generations[usage.render], usage)
    for derivation in sorted(closure.derivations, key=lambda d: (d.child, d.parent)):
        _derived(doc, derivation)
    return doc


def serialize(doc: ProvDocument, format: ProvenanceFormat) -> str:
    if format == ProvenanceFormat.PROV_JSON:
        text = doc.serialize(format="json", indent=2)
    elif format == ProvenanceFormat.PROV_O:
        text = doc.serialize(format="rdf", rdf_format="turtle")
    else:
        text = doc.serialize(format="provn")
    assert text is not None  # no destination given: the text is returned
    return text


def counts(doc: ProvDocument) -> ProvCounts:
    """How many of each kind of record the document holds."""

    def count(kind: type) -> int:
        return sum(1 for _ in doc.get_records(kind))

    return ProvCounts(
        entities=count(ProvEntity),
        activities=count(ProvActivity),
        agents=count(ProvAgent),
        usages=count(ProvUsage),
        derivations=count(ProvDerivation),
    )


def generated(closure: Closure) -> set[str]:
    """The renders generated here (originals; a render's clones mirror one), and any render
    holding USES edges: each gets a generation activity."""
    used_by = {usage.render for usage in closure.usages}
    return {
        a.id for a in closure.assets.values()
        if a.is_render and (a.origin == Origin.ORIGINAL or a.id in used_by)
    }  # fmt: skip


def _agent(doc: ProvDocument, user_id: str, name: str | None) -> None:
    attributes: dict[Any, Any] = {PROV_TYPE: PROV["Person"]}
    if name is not None:
        attributes[PROV_LABEL] = name
    doc.agent(agent_id(user_id), attributes)


def _entity(doc: ProvDocument, asset: Asset) -> None:
    attributes: dict[Any, Any] = {
        PROV_TYPE: LINEAGE[asset.type.title()],
        PROV_LABEL: asset.name,
        LINEAGE["layer"]: str(asset.layer),
        LINEAGE["origin"]: str(asset.origin),
        LINEAGE["state"]: str(asset.state),
        LINEAGE["contentHash"]: asset.content_hash,
        LINEAGE["container"]: asset.container_id,
        LINEAGE["space"]: asset.space_id,
    }
    optional = {
        "version": asset.version,
        "inheritedVersion": asset.inherited_version,
        "classification": asset.classification,
        "fileChecksum": (asset.file or {}).get("checksum"),
        "contentType": (asset.file or {}).get("content_type"),
    }
    attributes |= {LINEAGE[k]: str(v) for k, v in optional.items() if v is not None}
    doc.entity(entity_id(asset.id), attributes)


def _generation(doc: ProvDocument, render: Asset) -> ProvActivity:
    """The render's generation: it ended by the time the render was registered (the
    record's created_at); when it started is not recorded."""
    attributes: dict[Any, Any] = {PROV_TYPE: LINEAGE["Generation"]}
    optional = {"model": render.model, "prompt": render.prompt, "renderType": render.render_type}
    attributes |= {LINEAGE[k]: v for k, v in optional.items() if v}
    activity = doc.activity(activity_id(render.id), None, render.created_at, attributes)
    doc.wasGeneratedBy(entity_id(render.id), activity, render.created_at)
    if render.created_by is not None:
        doc.wasAssociatedWith(activity, agent_id(render.created_by))
    return activity


def _used(doc: ProvDocument, activity: ProvActivity, usage: Usage) -> None:
    attributes: dict[Any, Any] = {
        PROV_ROLE: str(usage.role),
        LINEAGE["contentHash"]: usage.content_hash,
    }
    if usage.repointed_from is not None:
        attributes[LINEAGE["repointedFrom"]] = usage.repointed_from
    doc.used(activity, entity_id(usage.input), None, None, attributes)


def _derived(doc: ProvDocument, derivation: Derivation) -> None:
    attributes: dict[Any, Any] = {LINEAGE["kind"]: str(derivation.kind)}
    if derivation.kind == DeriveKind.VERSION:
        attributes[PROV_TYPE] = PROV["Revision"]
    doc.wasDerivedFrom(entity_id(derivation.child), entity_id(derivation.parent),
                       other_attributes=attributes)  # fmt: skip


def _usage_order(usage: Usage) -> tuple[str, str, str, str]:
    return (usage.render, str(usage.role), usage.input, usage.repointed_from or "")
