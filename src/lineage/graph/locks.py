"""Lock state computed in Cypher (docs/domain.md §4): flags in batch, reasons on demand."""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.domain.locks import inherent_lock_reasons, is_immutable
from lineage.domain.model import Asset, LockState
from lineage.domain.reasons import Blocker, LockKind, LockReason
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

GET_LOCK_FLAGS = cypher.load("locks/get_lock_flags")
GET_DEPENDENTS = cypher.load("locks/get_dependents")
REASONS_LIMIT = 100


async def flags(
    tx: Tx, ids: Iterable[str], excluded: Iterable[str] = ()
) -> dict[str, tuple[bool, bool, bool]]:
    """id -> (locked, deletable, immutable), with `excluded` assets counted as gone."""
    records = await run(tx, GET_LOCK_FLAGS, ids=list(ids), excluded=list(excluded))
    return {r["id"]: (r["locked"], r["deletable"], r["immutable"]) for r in records}


async def states(
    tx: Tx, assets: Iterable[Asset], limit: int = REASONS_LIMIT
) -> dict[str, LockState]:
    """Full lock state with reasons (binding dependents) and blockers (all dependents)."""
    by_id = {asset.id: asset for asset in assets}
    records = await run(tx, GET_DEPENDENTS, ids=list(by_id), limit=limit, nodes=False)
    return {r["id"]: _state(by_id[r["id"]], r) for r in records}


async def assets_with_states(
    tx: Tx, ids: Iterable[str], limit: int = REASONS_LIMIT
) -> dict[str, tuple[Asset, LockState]]:
    """Each asset with its full lock state, in one query."""
    records = await run(tx, GET_DEPENDENTS, ids=list(ids), limit=limit, nodes=True)
    found = {}
    for record in records:
        asset = asset_from_node(record["node"])
        found[asset.id] = (asset, _state(asset, record))
    return found


def _state(asset: Asset, record: Record) -> LockState:
    dependents = record["dependents"]
    reasons = [
        LockReason(
            LockKind.DERIVED if d["edge"] == "DERIVES_FROM" else LockKind.USED,
            d["id"],
            d["type"],
            (asset.id, d["id"]),
        )
        for d in dependents
        if d["binding"]
    ]
    blockers = [Blocker(d["id"], d["type"], d["edge"], d["binding"]) for d in dependents]
    locked = bool(reasons)
    return LockState(
        asset_id=asset.id,
        locked=locked,
        immutable=is_immutable(asset.type, asset.origin, locked),
        deletable=record["total"] == 0,
        reasons=tuple(inherent_lock_reasons(asset.type, asset.origin) + reasons),
        blockers=tuple(blockers),
        dependent_count=record["total"],
    )
