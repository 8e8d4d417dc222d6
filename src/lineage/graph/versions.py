"""Space definition versions (VERSION edges) in the graph."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.model import Asset
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

FIND_NEWER_VERSIONS = cypher.load("versions/find_newer_versions")
GET_VERSION_CHILDREN = cypher.load("versions/get_version_children")
GET_VERSION_PARENT = cypher.load("versions/get_version_parent")


async def newer(tx: Tx, id: str) -> list[Asset]:
    """Every later version of `id`, nearest first."""
    return [asset_from_node(r["a"]) for r in await run(tx, FIND_NEWER_VERSIONS, id=id)]


async def children(tx: Tx, id: str) -> list[Asset]:
    return [asset_from_node(r["a"]) for r in await run(tx, GET_VERSION_CHILDREN, id=id)]


async def parent(tx: Tx, id: str) -> Asset | None:
    records = await run(tx, GET_VERSION_PARENT, id=id)
    return asset_from_node(records[0]["a"]) if records else None
