"""Assets and their lineage edges in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import DeriveKind
from lineage.domain.errors import NotFound
from lineage.domain.model import Asset
from lineage.graph.codec import asset_from_node, asset_properties
from lineage.graph.database import run

CREATE_ASSET = cypher.load("assets/create_asset")
GET_ASSETS = cypher.load("assets/get_assets")
LOCK_ASSETS = cypher.load("assets/lock_assets")
UPDATE_ASSET = cypher.load("assets/update_asset")
CREATE_DERIVES_FROM = cypher.load("assets/create_derives_from")
DELETE_DERIVES_FROM = cypher.load("assets/delete_derives_from")
GET_CLONE_PARENTS = cypher.load("assets/get_clone_parents")
CREATE_VIEW = cypher.load("assets/create_view")


async def get_many(tx: Tx, ids: Iterable[str], *, lock: bool = False) -> dict[str, Asset]:
    """Assets by id; with `lock`, their write locks are taken first, in sorted order."""
    query = LOCK_ASSETS if lock else GET_ASSETS
    records = await run(tx, query, ids=sorted(set(ids)))
    return {asset.id: asset for asset in (asset_from_node(r["a"]) for r in records)}


async def get(tx: Tx, id: str, *, lock: bool = False) -> Asset:
    found = await get_many(tx, [id], lock=lock)
    if id not in found:
        raise NotFound("asset", id)
    return found[id]


async def create(
    tx: Tx,
    asset: Asset,
    derived_from: tuple[str, DeriveKind] | None = None,
    *,
    copy_views: bool = False,
) -> Asset:
    """Write a new asset; with `derived_from` (parent id, kind) its DERIVES_FROM edge too,
    and with `copy_views` the parent's base views (HAS_VIEW to the same renders)."""
    parent_id, kind = derived_from if derived_from else (None, None)
    records = await run(
        tx, CREATE_ASSET, container_id=asset.container_id, props=_stored(asset),
        parent_id=parent_id, kind=str(kind) if kind else None, copy_views=copy_views,
    )  # fmt: skip
    if not records:
        raise NotFound("container", asset.container_id)
    return asset_from_node(records[0]["a"])


async def update(tx: Tx, id: str, changes: dict[str, Any]) -> Asset:
    records = await run(tx, UPDATE_ASSET, id=id, changes=changes)
    if not records:
        raise NotFound("asset", id)
    return asset_from_node(records[0]["a"])


async def derive(tx: Tx, child_id: str, parent_id: str, kind: DeriveKind) -> None:
    await run(tx, CREATE_DERIVES_FROM, child_id=child_id, parent_id=parent_id, kind=str(kind))


async def remove_clone_edge(tx: Tx, child_id: str, parent_id: str) -> None:
    await run(tx, DELETE_DERIVES_FROM, child_id=child_id, parent_id=parent_id)


async def clone_parents(tx: Tx, ids: Iterable[str]) -> dict[str, Asset]:
    records = await run(tx, GET_CLONE_PARENTS, ids=list(ids))
    return {r["id"]: asset_from_node(r["parent"]) for r in records}


async def attach_view(tx: Tx, definition_id: str, render_id: str, view: str) -> None:
    await run(tx, CREATE_VIEW, definition_id=definition_id, render_id=render_id, view=view)


def _stored(asset: Asset) -> dict[str, Any]:
    return {k: v for k, v in asset_properties(asset).items() if v is not None}
