"""Space versions: create and publish, check a project clone for updates, rebase."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history, lifecycle
from lineage.domain.diff import FieldChange
from lineage.domain.enums import DeriveKind, Layer, MergeSide, Origin, State, VersionBump
from lineage.domain.errors import Conflict, NotFound, ScopeViolation
from lineage.domain.merge import check_resolved, three_way_merge
from lineage.domain.model import Asset
from lineage.domain.reasons import MergeConflictItem
from lineage.domain.validation import parse_enum
from lineage.domain.versioning import INITIAL_VERSION, bump, compare
from lineage.graph import assets, clone_facts, locks, reads, versions
from lineage.graph.codec import content_changes
from lineage.graph.database import Database
from lineage.graph.history import append_one
from lineage.services.cloning import base_clone_into
from lineage.services.common import CONTENT_KEYS, new_id, validated_changes


@dataclass(frozen=True)
class UpdateCheck:
    """Where a project clone stands against the newest canonical version of its source."""

    asset_id: str
    source: Asset
    newest: Asset | None
    behind: int  # version steps from the source to `newest` (0 when up to date)
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class RebaseResult:
    asset: Asset
    moved: bool  # False: the working clone was locked, so a new one was made
    conflicts: tuple[MergeConflictItem, ...]


async def create_version(
    db: Database,
    asset_id: str,
    part: str = "MAJOR",
    changes: dict[str, Any] | None = None,
    actor: str | None = None,
) -> Asset:
    """A new DRAFT space definition deriving (VERSION) from `asset_id`, version bumped."""
    step = parse_enum(VersionBump, part, "bump")

    async def work(tx: Tx) -> Asset:
        # The space before the definition, the order every write into it locks them in
        # (docs/domain.md §11): a space render of the definition takes both too.
        old = (await clone_facts.facts(tx, asset_id)).source
        if old is None:
            raise NotFound("asset", asset_id)
        if old.layer != Layer.SPACE or not old.is_definition:
            raise ScopeViolation(
                f"{asset_id!r} is not a space definition; only those are versioned",
                "derive a working clone to change a project or task asset",
            )
        lifecycle.check_usable(old.id, old.state)
        later = await versions.children(tx, old.id)
        if later:
            raise Conflict(
                f"{asset_id!r} already has a next version ({later[0].id!r}, {later[0].version})",
                "create the new version from the newest one",
            )
        valid = validated_changes(old.type, changes or {})
        new = replace(
            old, id=new_id("d"), state=State.DRAFT, created_by=actor,
            version=bump(old.version or INITIAL_VERSION, step), **valid,
        ).with_content_hash()  # fmt: skip
        created = await assets.create(tx, new, (old.id, DeriveKind.VERSION))
        await append_one(tx, history.Operation.CREATE_VERSION, actor, created,
                         history.asset_created(created, old.id))  # fmt: skip
        return created

    return await db.write(work)


async def check_for_updates(db: Database, asset_id: str) -> UpdateCheck:
    """For a project clone: the newest CANONICAL version of its space source, with a diff."""

    async def work(tx: Tx) -> UpdateCheck:
        asset = await assets.get(tx, asset_id)
        if asset.layer != Layer.PROJECT or not asset.is_definition:
            await _project_base(tx, asset)  # raises the explanation
        found = (await reads.pending_updates(tx, [asset.id])).get(asset.id)
        if found is None:
            raise ScopeViolation(f"{asset.id!r} is not a clone", "pick a clone")
        return UpdateCheck(asset.id, found.source, found.newest, found.behind, found.changes)

    return await db.read_tx(work)


async def rebase(
    db: Database,
    asset_id: str,
    target_id: str | None = None,
    keep_ours: bool = False,
    resolutions: Mapping[str, MergeSide] | None = None,
    actor: str | None = None,
) -> RebaseResult:
    """Move a project working clone onto a base clone of a newer version (three-way merge).
    Each conflict keeps the side its path's resolution names; conflicts left unresolved
    refuse the rebase unless `keep_ours`. A locked clone is never moved."""
    chosen = dict(resolutions or {})

    async def work(tx: Tx) -> RebaseResult:
        # The project before the working clone, the order every write locks them in
        # (docs/domain.md §11): a render of the clone in the project takes it too.
        locked = await clone_facts.facts(tx, asset_id)
        working, project = locked.source, locked.container
        if working is None or project is None:
            raise NotFound("asset", asset_id)
        if working.layer != Layer.PROJECT or working.origin != Origin.WORKING_CLONE:
            raise ScopeViolation(
                f"{asset_id!r} is not a project working clone", "rebase a project working clone"
            )
        old_base = await _clone_parent(tx, working)
        target = await _rebase_target(tx, await _clone_parent(tx, old_base), target_id)
        new_base, made = await base_clone_into(tx, project, target.id, working.created_by)
        theirs = {path for path, side in chosen.items() if side == MergeSide.THEIRS}
        merge = three_way_merge(
            old_base.content(), new_base.content(), working.content(), take_theirs=theirs
        )
        check_resolved(working.id, merge.conflicts, chosen, keep_ours)
        content = {k: v for k, v in merge.merged.items() if k != "type"}
        made_base = [history.asset_created(new_base, target.id)] if made else []
        flags = await locks.flags(tx, [working.id])
        if flags[working.id][0]:
            rebased = await _new_working_clone(tx, working, new_base, content)
            change = history.asset_created(rebased, new_base.id)
            await append_one(tx, history.Operation.REBASE, actor, rebased, *made_base, change)
            return RebaseResult(rebased, False, tuple(merge.conflicts))
        moved = replace(working, inherited_version=target.version, **content).with_content_hash()
        await assets.remove_clone_edge(tx, working.id, old_base.id)
        await assets.derive(tx, working.id, new_base.id, DeriveKind.CLONE)
        keys = (*CONTENT_KEYS, "inherited_version")
        updated = await assets.update(tx, working.id, content_changes(moved, keys))
        parent = FieldChange("clone_parent_id", old_base.id, new_base.id)
        change = history.asset_changed(working, updated, [parent], new_base.id)
        await append_one(tx, history.Operation.REBASE, actor, updated, *made_base, change)
        return RebaseResult(updated, True, tuple(merge.conflicts))

    return await db.write(work)


async def _new_working_clone(
    tx: Tx, working: Asset, new_base: Asset, content: dict[str, Any]
) -> Asset:
    clone = replace(
        working, id=new_id("d"), state=State.DRAFT, inherited_version=new_base.inherited_version,
        created_at=None, updated_at=None, **content,
    ).with_content_hash()  # fmt: skip
    return await assets.create(tx, clone, (new_base.id, DeriveKind.CLONE))


async def _rebase_target(tx: Tx, source: Asset, target_id: str | None) -> Asset:
    newer = [v for v in await versions.newer(tx, source.id) if v.state == State.CANONICAL]
    if target_id is None:
        newest = _newest(newer)
        if newest is None:
            raise Conflict(f"{source.id!r} has no newer canonical version", "nothing to rebase")
        return newest
    chosen = next((v for v in newer if v.id == target_id), None)
    if chosen is None:
        raise ScopeViolation(
            f"{target_id!r} is not a newer canonical version of {source.id!r}",
            "pick one of the versions check-for-updates lists",
        )
    return chosen


async def _project_base(tx: Tx, asset: Asset) -> Asset:
    if asset.layer != Layer.PROJECT or not asset.is_definition:
        raise ScopeViolation(
            f"{asset.id!r} is not a project definition", "check a project base or working clone"
        )
    return asset if asset.origin == Origin.BASE_CLONE else await _clone_parent(tx, asset)


async def _clone_parent(tx: Tx, asset: Asset) -> Asset:
    parent = (await assets.clone_parents(tx, [asset.id])).get(asset.id)
    if parent is None:
        raise ScopeViolation(f"{asset.id!r} is not a clone", "pick a clone")
    return parent


def _newest(candidates: list[Asset]) -> Asset | None:
    by_version = functools.cmp_to_key(compare)
    return max(candidates, key=lambda a: by_version(a.version or "0.0.0"), default=None)
