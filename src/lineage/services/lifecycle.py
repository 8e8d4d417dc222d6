"""Lifecycle transitions (docs/domain.md §5): the tables in domain.lifecycle, plus what approving a
space render and publishing a version need."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history, lifecycle
from lineage.domain.enums import Layer, State
from lineage.domain.errors import NotFound
from lineage.domain.model import Asset
from lineage.domain.reasons import InputDrift
from lineage.domain.validation import parse_enum
from lineage.graph import assets, renders, versions
from lineage.graph.database import Database
from lineage.graph.history import append_one


async def transition(
    db: Database,
    asset_id: str,
    to_state: str,
    *,
    force: bool = False,
    deprecate_previous: bool = True,
    actor: str | None = None,
) -> Asset:
    """Move an asset to another state; allowed on locked assets (content does not change)."""
    target = parse_enum(State, to_state, "state")

    async def work(tx: Tx) -> Asset:
        asset, previous = await _locked(tx, asset_id, target)
        lifecycle.check_transition(
            asset.id, asset.type, asset.layer, asset.origin, asset.state, target, force=force
        )
        if asset.is_render and asset.layer == Layer.SPACE and target == State.APPROVED:
            lifecycle.check_inputs_current(asset.id, await input_drift(tx, asset.id))
        changes = []
        if asset.is_definition and asset.layer == Layer.SPACE and target == State.CANONICAL:
            deprecated = await _publish(tx, previous, deprecate_previous)
            if previous is not None and deprecated is not None:
                changes.append(history.asset_changed(previous, deprecated))
        moved = await assets.update(tx, asset.id, {"state": str(target)})
        changes.insert(0, history.asset_changed(asset, moved))
        await append_one(tx, history.Operation.TRANSITION_STATE, actor, moved, *changes)
        return moved

    return await db.write(work)


async def input_drift(tx: Tx, render_id: str) -> list[InputDrift]:
    """Each input's hash at generation time next to its current one."""
    return [
        InputDrift(r["input"]["id"], r["role"], r["snapshot_hash"], r["input"]["content_hash"])
        for r in await renders.inputs_of(tx, [render_id])
    ]


async def _locked(tx: Tx, asset_id: str, target: State) -> tuple[Asset, Asset | None]:
    """The asset, locked with what its transition decides on, all in one batch in id order
    (docs/domain.md §11), as a render using them takes them: for a publication the version
    it was made from (deprecated with it), for an approval its inputs (their drift decides,
    and a draft space render does not lock them against edits)."""
    previous = await versions.parent(tx, asset_id) if target == State.CANONICAL else None
    ids = [asset_id] if previous is None else [asset_id, previous.id]
    if target == State.APPROVED:
        ids += [r["input"]["id"] for r in await renders.inputs_of(tx, [asset_id])]
    found = await assets.get_many(tx, ids, lock=True)
    if asset_id not in found:
        raise NotFound("asset", asset_id)
    return found[asset_id], found.get(previous.id) if previous else None


async def _publish(tx: Tx, previous: Asset | None, deprecate_previous: bool) -> Asset | None:
    """Publishing a new version deprecates the canonical one it was made from (returned)."""
    if deprecate_previous and previous is not None and previous.state == State.CANONICAL:
        return await assets.update(tx, previous.id, {"state": str(State.DEPRECATED)})
    return None
