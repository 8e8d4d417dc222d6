"""Deletes and cascades (docs/domain.md §6), each with a dry run that reports the same outcome."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import AssetType, Layer, Origin, TaskDeleteMode
from lineage.domain.errors import NotDeletable, ScopeViolation
from lineage.domain.locks import check_deletable
from lineage.domain.model import Asset, ChangeReport, Container
from lineage.domain.reasons import Blocker
from lineage.domain.validation import parse_enum
from lineage.graph import assets, containers, locks, renders
from lineage.graph.database import Database
from lineage.storage.base import file_key

MAX_CLONE_HOPS = 5


@dataclass
class Plan:
    """What a delete will do; `report` turns it into the answer."""

    assets: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    repoint: list[dict[str, str]] = field(default_factory=list)
    project_id: str | None = None


async def delete_asset(db: Database, asset_id: str, dry_run: bool = False) -> ChangeReport:
    """Delete one asset that nothing depends on."""

    async def work(tx: Tx) -> ChangeReport:
        # Container first, then asset: the order every write into a container takes, so a
        # delete racing a new render there waits instead of deadlocking.
        found = await assets.get(tx, asset_id)
        await containers.get(tx, found.container_id, lock=True)
        asset = await assets.get(tx, asset_id, lock=True)
        state = (await locks.states(tx, [asset]))[asset.id]
        check_deletable(asset.id, state.blockers)
        return await _carry_out(tx, Plan(assets=[asset.id]), dry_run)

    return await db.write(work)


async def delete_task(
    db: Database, task_id: str, mode: str = "KEEP_RENDERS", dry_run: bool = False
) -> ChangeReport:
    """Delete a task: its clones go; its renders move to the project or go too (v4 3.4)."""
    keep = parse_enum(TaskDeleteMode, mode, "mode") == TaskDeleteMode.KEEP_RENDERS

    async def work(tx: Tx) -> ChangeReport:
        # The project first: kept renders move into it, and every write into a project
        # locks it before the assets it touches (docs/domain.md §11).
        found = await containers.get(tx, task_id)
        if found.project_id is not None:
            await containers.get(tx, found.project_id, lock=True)
        task = await _container(tx, task_id, Layer.TASK)
        rows = await containers.asset_ids_within(tx, task)
        generated = [r["id"] for r in rows if _generated_render(r["type"], r["origin"])]
        if not keep:
            plan = Plan(assets=[r["id"] for r in rows], containers=[task.id])
        else:
            clones = [r["id"] for r in rows if r["id"] not in generated]
            plan = Plan(assets=clones, containers=[task.id], moved=generated)
            plan.project_id = task.project_id
            plan.repoint = await _repoints(tx, generated, clones)
        return await _carry_out(tx, plan, dry_run)

    return await db.write(work)


async def delete_container(db: Database, container_id: str, dry_run: bool = False) -> ChangeReport:
    """Delete a project (with its tasks) or a space (with everything in it)."""

    async def work(tx: Tx) -> ChangeReport:
        container = await containers.get(tx, container_id, lock=True)
        if container.kind == Layer.TASK:
            raise ScopeViolation(f"{container_id!r} is a task", "use deleteTask for tasks")
        rows = await containers.asset_ids_within(tx, container)
        inner = await containers.container_ids_within(tx, container)
        plan = Plan(assets=[r["id"] for r in rows], containers=[*inner, container.id])
        return await _carry_out(tx, plan, dry_run)

    return await db.write(work)


async def _carry_out(tx: Tx, plan: Plan, dry_run: bool) -> ChangeReport:
    # Deleting, moving and re-pointing edges locks the assets at their other ends as well:
    # all of them are locked here at once, in id order like every other write, so two
    # writers sharing inputs wait for each other instead of deadlocking.
    targets = await assets.lineage_targets(tx, plan.assets + plan.moved)
    locked = await assets.get_many(tx, [*plan.assets, *plan.moved, *targets], lock=True)
    doomed = {id: locked[id] for id in plan.assets if id in locked}
    _refuse_outside_dependents(plan, await assets.outside_dependents(tx, plan.assets))
    report = replace(await _report(tx, plan, dry_run), deleted_files=await _files(tx, doomed))
    if dry_run:
        return report
    if plan.repoint:
        await renders.repoint(tx, plan.repoint)
    if plan.moved and plan.project_id:
        await renders.move_to_project(tx, plan.moved, plan.project_id)
    await assets.delete(tx, plan.assets)
    if plan.containers:
        await containers.delete(tx, plan.containers)
    return report


async def _files(tx: Tx, doomed: dict[str, Asset]) -> tuple[str, ...]:
    """Files of the doomed renders that no render left behind still shows: a file is
    removed only with the last render that refers to it (a clone shows its source's file;
    renders registered before keys were unique may share one)."""
    keys = {key for key in (file_key(a.file) for a in doomed.values() if a.is_render) if key}
    kept = await renders.still_shown(tx, keys, doomed)
    return tuple(sorted(keys - kept))


def _refuse_outside_dependents(plan: Plan, dependents: list[dict[str, str]]) -> None:
    """Moved renders are re-pointed, so only other dependents block the delete."""
    repointed = {(m["render_id"], m["clone_id"]) for m in plan.repoint}
    blocking = [d for d in dependents if (d["dependent_id"], d["asset_id"]) not in repointed]
    if blocking:
        subject = plan.containers[0] if plan.containers else plan.assets[0]
        blockers = [Blocker(d["dependent_id"], d["dependent_type"], d["edge"]) for d in blocking]
        raise NotDeletable(subject, blockers)


async def _report(tx: Tx, plan: Plan, dry_run: bool) -> ChangeReport:
    kept_locked = {m["target_id"] for m in plan.repoint}
    # Moved renders count too: a task may have cloned its own render, and that lock goes.
    targets = await assets.lineage_targets(tx, plan.assets)
    before = await locks.flags(tx, targets)
    after = await locks.flags(tx, targets, excluded=plan.assets)
    unlocked = [t for t in targets if before[t][0] and not after[t][0] and t not in kept_locked]
    deletable = [t for t in targets if not before[t][1] and after[t][1] and t not in kept_locked]
    return ChangeReport(
        dry_run=dry_run,
        deleted=tuple(plan.assets + plan.containers),
        moved=tuple(plan.moved),
        repointed=tuple((m["render_id"], m["clone_id"], m["target_id"]) for m in plan.repoint),
        unlocked=tuple(sorted(unlocked)),
        now_deletable=tuple(sorted(deletable)),
    )


async def _repoints(tx: Tx, render_ids: list[str], clone_ids: list[str]) -> list[dict[str, str]]:
    """For each use of a doomed task clone by a kept render: its nearest surviving ancestor."""
    edges = await renders.uses_into(tx, render_ids, clone_ids)
    used = sorted({clone for _, clone in edges})
    ancestors = await _nearest_surviving(tx, used, set(clone_ids))
    return [
        {"render_id": render, "clone_id": clone, "target_id": ancestors[clone]}
        for render, clone in edges
    ]


async def _nearest_surviving(tx: Tx, clone_ids: list[str], doomed: set[str]) -> dict[str, str]:
    # Walk up CLONE edges past the task's own clones. The ancestor is usually a project
    # asset, but a render generated in another task (a project render, docs/domain.md §2) is one
    # too, although it lives in a Task container.
    found: dict[str, str] = {}
    current = {clone: clone for clone in clone_ids}
    for _ in range(MAX_CLONE_HOPS):
        if not current:
            break
        parents = await assets.clone_parents(tx, current.values())
        step = {}
        for clone, at in current.items():
            parent = parents[at]
            if parent.id in doomed:
                step[clone] = parent.id
            else:
                found[clone] = parent.id
        current = step
    return found


def _generated_render(type: str, origin: str) -> bool:
    return type == AssetType.RENDER and origin == Origin.ORIGINAL


async def _container(tx: Tx, id: str, kind: Layer) -> Container:
    container = await containers.get(tx, id, lock=True)
    if container.kind != kind:
        raise ScopeViolation(f"{id!r} is a {container.kind.lower()}, not a {kind.lower()}")
    return container
