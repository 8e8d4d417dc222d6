"""The archive's data access (`lineage export` / `lineage import`, docs/interchange.md):
keyset pages of nodes and edges in id order, what already exists, batched creates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.graph.database import Database, run

# Record kind -> relationship type of the edges between assets.
ASSET_EDGE_TYPES = {"derives_from": "DERIVES_FROM", "uses": "USES", "has_view": "HAS_VIEW"}

_PLURAL = {"user": "users", "space": "spaces", "project": "projects", "task": "tasks",
           "asset": "assets"}  # fmt: skip
LIST_NODES = {kind: cypher.load(f"archive/list_{name}") for kind, name in _PLURAL.items()}
FIND_NODES = {kind: cypher.load(f"archive/find_{name}") for kind, name in _PLURAL.items()}
CREATE_NODES = {kind: cypher.load(f"archive/create_{name}") for kind, name in _PLURAL.items()}
LIST_MEMBERSHIPS = cypher.load("archive/list_memberships")
LIST_ASSET_EDGES = cypher.load("archive/list_asset_edges")
FIND_MEMBERSHIPS = cypher.load("archive/find_memberships")
FIND_ASSET_EDGES = cypher.load("archive/find_asset_edges")
CREATE_EDGES = {
    "member_of": cypher.load("archive/create_memberships"),
    "derives_from": cypher.load("archive/create_derives_from"),
    "uses": cypher.load("archive/create_uses"),
    "has_view": cypher.load("archive/create_has_view"),
}
LIST_RENDER_FILES = cypher.load("archive/list_render_files")
GET_RECORD_COUNTS = cypher.load("archive/get_record_counts")


@dataclass(frozen=True)
class Scope:
    """What an export covers: every space, or the spaces named."""

    space_ids: tuple[str, ...] = field(default=())

    @property
    def everything(self) -> bool:
        return not self.space_ids

    @property
    def params(self) -> dict[str, Any]:
        return {"all": self.everything, "space_ids": list(self.space_ids)}

    def holds(self, space_id: str | None) -> bool:
        return self.everything or space_id in self.space_ids


async def node_page(db: Database, kind: str, scope: Scope, after: str, limit: int) -> list[Record]:
    """Up to `limit` nodes of `kind` in scope with ids after `after`: id, container, props."""
    return await db.read(LIST_NODES[kind], **scope.params, after=after, limit=limit)


async def edge_page(db: Database, kind: str, scope: Scope, after: str, limit: int) -> list[Record]:
    """The outgoing edges of `kind` of up to `limit` source nodes after `after`: source, edges."""
    if kind == "member_of":
        return await db.read(LIST_MEMBERSHIPS, **scope.params, after=after, limit=limit)
    params = {**scope.params, "after": after, "limit": limit}
    return await db.read(LIST_ASSET_EDGES, type=ASSET_EDGE_TYPES[kind], **params)


async def render_file_page(db: Database, scope: Scope, after: str, limit: int) -> list[Record]:
    """Up to `limit` render files owned in scope with keys after `after`: key, file."""
    return await db.read(LIST_RENDER_FILES, **scope.params, after=after, limit=limit)


async def record_counts(db: Database, scope: Scope) -> dict[str, int]:
    return dict((await db.read(GET_RECORD_COUNTS, **scope.params))[0])


async def existing_nodes(
    tx: Tx, kind: str, ids: list[str]
) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """Id -> (container, props) of the nodes of `kind` among `ids` already in the graph."""
    return {
        r["id"]: (r["container"], dict(r["props"]))
        for r in await run(tx, FIND_NODES[kind], ids=ids)
    }


async def existing_edges(
    tx: Tx, kind: str, pairs: list[Mapping[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """(from, to) -> props of the edges of `kind` between these pairs already in the graph."""
    if kind == "member_of":
        records = await run(tx, FIND_MEMBERSHIPS, pairs=pairs)
    else:
        records = await run(tx, FIND_ASSET_EDGES, type=ASSET_EDGE_TYPES[kind], pairs=pairs)
    return {(r["source"], r["to"]): dict(r["props"]) for r in records}


async def create_nodes(tx: Tx, kind: str, rows: list[dict[str, Any]]) -> int:
    """Create these nodes (and their IN edge); how many were created."""
    return int((await run(tx, CREATE_NODES[kind], rows=rows))[0]["created"])


async def create_edges(tx: Tx, kind: str, rows: list[dict[str, Any]]) -> int:
    return int((await run(tx, CREATE_EDGES[kind], rows=rows))[0]["created"])
