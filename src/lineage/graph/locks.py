"""Lock state computed in Cypher (docs/domain.md §4): flags in batch, reasons on demand."""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.locks import inherent_lock_reasons
from lineage.domain.model import Asset, LockState
from lineage.domain.reasons import Blocker, LockKind, LockReason
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
    records = await run(tx, GET_DEPENDENTS, ids=list(by_id), limit=limit)
    result = {}
    for record in records:
        asset = by_id[record["id"]]
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
        inherent = inherent_lock_reasons(asset.type, asset.origin)
        result[asset.id] = LockState(
            asset_id=asset.id,
            locked=locked,
            immutable=locked or bool(inherent),
            deletable=record["total"] == 0,
            reasons=tuple(inherent + reasons),
            blockers=tuple(blockers),
            dependent_count=record["total"],
        )
    return result
