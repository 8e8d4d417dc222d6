"""Breadth-first lineage walks in one bounded query each.

A walk starts at one asset and follows lineage edges (DERIVES_FROM, USES) upstream (what it
was made from), downstream (what depends on it) or both. Each asset is reached once, at its
shortest distance, so cycles end; the walk stops at `depth` steps, and at `max_nodes`
assets (nearest first), when it is marked `truncated`.

A walk reads only what its caller will show: every property of each asset (`full`), or
only those that place and name it (a partial record: the other fields keep their
defaults), and lock flags when asked. Large walks spend most of their time decoding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Edge
from lineage.domain.errors import ValidationError
from lineage.domain.locks import is_immutable
from lineage.domain.model import Asset, LockFlags
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

LIST_LINEAGE = cypher.load("lineage/list_lineage")
LIST_EDGES_OF = cypher.load("lineage/list_edges_of")

MAX_DEPTH = 10
MAX_NODES = 2000
# The query's text bounds the walk at MAX_DEPTH; each depth gets its own fixed copy.
_BOUND = f"*1..{MAX_DEPTH}]"


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
    was reached in (none for the root), the edges between reached assets, and their lock
    flags when asked. `assets` holds partial records unless the walk was `full`."""

    root_id: str
    depth_of: dict[str, int] = field(default_factory=dict)
    direction_of: dict[str, Direction] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    edges: set[LineageEdge] = field(default_factory=set)
    truncated: bool = False
    flags: dict[str, LockFlags] = field(default_factory=dict)


def check_bounds(depth: int, max_nodes: int) -> None:
    """Depth and size bounds are validated here: Cypher cannot take them as parameters."""
    if not 1 <= depth <= MAX_DEPTH:
        raise ValidationError("depth", f"must be between 1 and {MAX_DEPTH}, got {depth}")
    if not 1 <= max_nodes <= MAX_NODES:
        raise ValidationError("maxNodes", f"must be between 1 and {MAX_NODES}, got {max_nodes}")


def _query_for(depth: int) -> cypher.Query:
    assert LIST_LINEAGE.count(_BOUND) == 2, "list_lineage must bound both walks"
    return cypher.Query(LIST_LINEAGE.name, LIST_LINEAGE.replace(_BOUND, f"*1..{depth}]"))


WALK_QUERIES = {depth: _query_for(depth) for depth in range(1, MAX_DEPTH + 1)}


async def walk(
    tx: Tx,
    root: Asset,
    direction: Direction = Direction.BOTH,
    depth: int = 1,
    edge_types: Iterable[Edge] = (Edge.DERIVES_FROM, Edge.USES),
    max_nodes: int = 200,
    full: bool = True,
    flags: bool = False,
) -> LineageWalk:
    """Every asset within `depth` lineage steps of `root` in `direction`, at most
    `max_nodes` of them (the root included, nearest first); `truncated` when more were
    within reach. One query, whatever the depth. The root keeps the record given."""
    check_bounds(depth, max_nodes)
    types = sorted({str(t) for t in edge_types})
    result = LineageWalk(root.id, {root.id: 0}, {}, {root.id: root})
    if not types and not flags:
        return result
    both = direction == Direction.BOTH
    records = await run(
        tx, WALK_QUERIES[depth], id=root.id, edge_types=types, depth=depth,
        up=both or direction == Direction.UPSTREAM,
        down=both or direction == Direction.DOWNSTREAM,
        limit=max_nodes - 1, full=full, flags=flags,
    )  # fmt: skip
    if not records:  # the root went away since it was read
        return result
    for node, reached_in, distance, lock in records[0]["nodes"]:
        id = node["id"]
        if reached_in is not None and id not in result.depth_of:  # a cycle: keep the nearest
            result.depth_of[id] = distance
            result.direction_of[id] = Direction(reached_in)
            result.assets[id] = asset_from_node(node)
        if lock is not None and id not in result.flags:
            asset = result.assets[id]
            result.flags[id] = LockFlags(
                lock[0], lock[1], is_immutable(asset.type, asset.origin, lock[0])
            )
    held = result.depth_of
    result.edges = {
        LineageEdge(source, target, Edge(type), role)
        for source, target, type, role in records[0]["edges"]
        if source in held and target in held
    }
    result.truncated = bool(records[0]["more"])
    return result


@dataclass(frozen=True)
class EdgeRows:
    """Lineage edges around some assets, and the assets at their other ends; `more` when
    the row limit cut them."""

    edges: list[tuple[LineageEdge, str | None]]  # with a USES edge's snapshot hash
    others: dict[str, Asset]
    more: bool


async def edges_of(tx: Tx, ids: Iterable[str], up: bool, down: bool, limit: int) -> EdgeRows:
    """The edges leaving (`up`) and entering (`down`) the assets `ids`, at most `limit`."""
    records = await run(tx, LIST_EDGES_OF, ids=list(ids), up=up, down=down, limit=limit + 1)
    kept = records[:limit]
    edges = [
        (LineageEdge(r["source"], r["target"], Edge(r["type"]), r["role"]), r["hash"]) for r in kept
    ]
    others = {r["other"]["id"]: asset_from_node(r["other"]) for r in kept}
    return EdgeRows(edges, others, len(records) > limit)
