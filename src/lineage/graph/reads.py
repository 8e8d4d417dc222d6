"""Batch reads behind the API's DataLoaders: one query for many ids."""

from __future__ import annotations

from collections import defaultdict

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.model import Asset, Container
from lineage.graph.codec import asset_from_node, container_from_record
from lineage.graph.database import run

GET_CONTAINERS = cypher.load("containers/get_containers")
LIST_CLONES = cypher.load("assets/list_clones")
LIST_VIEWS = cypher.load("assets/list_views")
LIST_VERSION_LINKS = cypher.load("versions/list_version_links")


async def containers(tx: Tx, ids: list[str]) -> dict[str, Container]:
    records = await run(tx, GET_CONTAINERS, ids=ids)
    found = (container_from_record(r["c"], r["labels"]) for r in records)
    return {c.id: c for c in found}


async def clones(tx: Tx, ids: list[str]) -> dict[str, list[Asset]]:
    grouped: dict[str, list[Asset]] = defaultdict(list)
    for record in await run(tx, LIST_CLONES, ids=ids):
        grouped[record["id"]].append(asset_from_node(record["clone"]))
    return grouped


async def views(tx: Tx, ids: list[str]) -> dict[str, list[tuple[str, Asset]]]:
    grouped: dict[str, list[tuple[str, Asset]]] = defaultdict(list)
    for record in await run(tx, LIST_VIEWS, ids=ids):
        grouped[record["id"]].append((record["view"], asset_from_node(record["render"])))
    return grouped


async def version_links(tx: Tx, ids: list[str]) -> dict[str, tuple[Asset | None, list[Asset]]]:
    links = {}
    for record in await run(tx, LIST_VERSION_LINKS, ids=ids):
        previous = record["previous"]
        links[record["id"]] = (
            asset_from_node(previous) if previous is not None else None,
            [asset_from_node(n) for n in record["next"]],
        )
    return links
