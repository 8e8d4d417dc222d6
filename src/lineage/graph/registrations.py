"""Render registrations in the graph: the facts they are decided on, read in one query
under their locks, and the accepted ones written in one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.model import Asset, Container
from lineage.graph.codec import asset_from_node, asset_properties, container_from_record
from lineage.graph.database import run

LOCK_REGISTRATION_FACTS = cypher.load("renders/lock_registration_facts")
CREATE_REGISTRATIONS = cypher.load("renders/create_registrations")


@dataclass
class RegistrationFacts:
    """Containers and assets by id (locked, as they are once locked), the space assets
    upstream of each asset, the base clones in the task containers by (source, task), and
    the renders that own the given file keys."""

    containers: dict[str, Container] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    upstream: dict[str, frozenset[str]] = field(default_factory=dict)
    clones: dict[tuple[str, str], str] = field(default_factory=dict)
    file_owners: dict[str, str] = field(default_factory=dict)


async def facts(
    tx: Tx, container_ids: Iterable[str], input_ids: Iterable[str], file_keys: Iterable[str]
) -> RegistrationFacts:
    """Lock the containers, then the inputs and their task base clones, and read them."""
    found = RegistrationFacts()
    records = await run(
        tx, LOCK_REGISTRATION_FACTS, container_ids=sorted(set(container_ids)),
        input_ids=sorted(set(input_ids)), file_keys=sorted(set(file_keys)),
    )  # fmt: skip
    row = records[0]
    for item in row["containers"]:
        container = container_from_record(item["node"], item["labels"])
        found.containers[container.id] = container
    for item in row["assets"]:
        asset = asset_from_node(item["node"])
        found.assets[asset.id] = asset
        found.upstream[asset.id] = frozenset(item["upstream"])
    for item in row["clones"]:
        found.clones[(item["source_id"], item["container_id"])] = item["clone_id"]
    found.file_owners = {item["key"]: item["id"] for item in row["file_owners"]}
    return found


async def create(
    tx: Tx, clones: list[tuple[Asset, str]], renders: list[tuple[Asset, str | None, list[Any]]]
) -> list[Asset]:
    """Write base clones (clone, source id) and renders (render, file key, USES rows)."""
    records = await run(
        tx, CREATE_REGISTRATIONS,
        clones=[{"container_id": clone.container_id, "source_id": source_id,
                 "props": _stored(clone)} for clone, source_id in clones],
        renders=[{"container_id": render.container_id, "props": _stored(render),
                  "file_key": key, "inputs": uses} for render, key, uses in renders],
    )  # fmt: skip
    return [asset_from_node(node) for node in records[0]["renders"]]


def _stored(asset: Asset) -> dict[str, Any]:
    return {k: v for k, v in asset_properties(asset).items() if v is not None}
