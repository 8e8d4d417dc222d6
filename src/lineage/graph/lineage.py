"""Breadth-first lineage walks: one query per level, bounded in depth and size.

A walk starts at one asset and follows lineage edges (DERIVES_FROM, USES) upstream (what it
was made from), downstream (what depends on it) or both, one level per query. Each asset is
expanded at most once, so cycles end; the walk stops at `depth` levels, and at `max_nodes`
assets, when it is marked `truncated`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Edge
from lineage.domain.errors import ValidationError
from lineage.domain.model import Asset
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

LIST_LINEAGE_STEP = cypher.load("lineage/list_lineage_step")

MAX_DEPTH = 10
MAX_NODES = 2000
# Rows one level may return, per node the walk may hold: edges between known nodes come on
# top of new nodes, so a level may legitimately return more rows than nodes.
ROWS_PER_NODE = 4


class Direction(StrEnum):
    UPSTREAM = "UPSTREAM"
    DOWNSTREAM = "DOWNSTREAM"
    BOTH = "BOTH"


@dataclass(frozen=True)
class LineageEdge:
    source: str
    target: str
    type: Edge
    role: str | None


@dataclass
class LineageWalk:
    """What a walk reached: every asset with its depth (the root is 0) and the direction it
    was reached in (none for the root), and the edges between reached assets."""

    root_id: str
    depth_of: dict[str, int] = field(default_factory=dict)
    direction_of: dict[str, Direction] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    edges: set[LineageEdge] = field(default_factory=set)
    truncated: bool = False


def check_bounds(depth: int, max_nodes: int) -> None:
    """Depth and size bounds are validated here: Cypher cannot take them as parameters."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValidationError("depth", f"must be between 1 and {MAX_DEPTH}, got {depth}")
    if not 1 <= max_nodes <= MAX_NODES:
        raise ValidationError("maxNodes", f"must be between 1 and {MAX_NODES}, got {max_nodes}")


async def walk(
    tx: Tx,
    root: Asset,
    direction: Direction = Direction.BOTH,
    depth: int = 1,
    edge_types: Iterable[Edge] = (Edge.DERIVES_FROM, Edge.USES),
    max_nodes: int = 200,
) -> LineageWalk:
    """Every asset within `depth` lineage steps of `root` in `direction`, at most
    `max_nodes` of them (the root included); `truncated` when more were within reach.
    One query per level (both directions share it); a reached asset is not expanded again."""
    check_bounds(depth, max_nodes)
    types = sorted({str(t) for t in edge_types})
    result = LineageWalk(root.id, {root.id: 0}, {}, {root.id: root})
    both = direction == Direction.BOTH
    up = [root.id] if both or direction == Direction.UPSTREAM else []
    down = [root.id] if both or direction == Direction.DOWNSTREAM else []
    for level in range(1, depth + 1):
        if not (up or down) or not types:
            break
        up, down = await _step(tx, result, up, down, level, types, max_nodes)
    return result


async def _step(
    tx: Tx,
    result: LineageWalk,
    up: list[str],
    down: list[str],
    level: int,
    edge_types: list[str],
    max_nodes: int,
) -> tuple[list[str], list[str]]:
    limit = max_nodes * ROWS_PER_NODE + 1
    records = await run(tx, LIST_LINEAGE_STEP, up=up, down=down, edge_types=edge_types, limit=limit)
    reached: dict[Direction, list[str]] = {Direction.UPSTREAM: [], Direction.DOWNSTREAM: []}
    for record in records:
        node = record["node"]
        id = node["id"]
        if id not in result.depth_of:
            if len(result.depth_of) >= max_nodes:
                result.truncated = True
                continue  # edges between nodes already held are still kept
            towards = Direction(record["direction"])
            result.depth_of[id] = level
            result.direction_of[id] = towards
            result.assets[id] = asset_from_node(node)
            reached[towards].append(id)
        edge = LineageEdge(record["from"], record["to"], Edge(record["type"]), record["role"])
        result.edges.add(edge)
    if len(records) >= limit:
        result.truncated = True
    return reached[Direction.UPSTREAM], reached[Direction.DOWNSTREAM]
