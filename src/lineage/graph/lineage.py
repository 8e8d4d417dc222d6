"""Breadth-first lineage walks: one query per level, bounded in depth and size."""

from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.model import Asset
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

STEP = {
    "UPSTREAM": cypher.load("lineage/list_upstream_edges"),
    "DOWNSTREAM": cypher.load("lineage/list_downstream_edges"),
}


@dataclass(frozen=True)
class LineageEdge:
    source: str
    target: str
    type: str
    role: str | None


@dataclass
class LineageWalk:
    depth_of: dict[str, int] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    edges: set[LineageEdge] = field(default_factory=set)
    truncated: bool = False


async def walk(
    tx: Tx,
    root: Asset,
    directions: list[str],
    depth: int,
    edge_types: list[str],
    max_nodes: int,
) -> LineageWalk:
    """Every asset within `depth` lineage steps of `root` in the given directions; stops
    (truncated) at `max_nodes`. Visited nodes are not expanded twice, so cycles end."""
    result = LineageWalk({root.id: 0}, {root.id: root})
    for direction in directions:
        frontier = [root.id]
        for level in range(1, depth + 1):
            if not frontier or result.truncated:
                break
            frontier = await _step(tx, result, direction, frontier, level, edge_types, max_nodes)
    return result


async def _step(
    tx: Tx,
    result: LineageWalk,
    direction: str,
    frontier: list[str],
    level: int,
    edge_types: list[str],
    max_nodes: int,
) -> list[str]:
    records = await run(
        tx, STEP[direction], ids=frontier, edge_types=edge_types, limit=max_nodes * 4 + 1
    )
    reached: list[str] = []
    for record in records:
        node = record["node"]
        if node["id"] not in result.depth_of:
            if len(result.depth_of) >= max_nodes:
                result.truncated = True
                break
            result.depth_of[node["id"]] = level
            result.assets[node["id"]] = asset_from_node(node)
            reached.append(node["id"])
        edge = LineageEdge(record["from"], record["to"], record["type"], record["role"])
        result.edges.add(edge)
    if len(records) > max_nodes * 4:
        result.truncated = True
    return reached
