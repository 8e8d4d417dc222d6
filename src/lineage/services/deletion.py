"""Deletes and cascades (docs/domain.md §6), each with a dry run that reports the same outcome.

A delete is two queries in one transaction: the facts, read under the locks it takes
(containers first, then every asset it touches in one batch in id order, docs/domain.md
§11), on which it is authorised and decided here; then, unless it is a dry run, the write,
preceded by the snapshot of what it removes, kept as a trash item (docs/domain.md §13).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history
from lineage.domain.access import Viewer, known_to
from lineage.domain.diff import FieldChange
from lineage.domain.enums import AssetType, Edge, Layer, Role, TaskDeleteMode
from lineage.domain.errors import ScopeViolation
from lineage.domain.history import Operation, Recorder
from lineage.domain.locks import check_deletable
from lineage.domain.model import ChangeReport, Container
from lineage.domain.reasons import Blocker
from lineage.domain.trash import DEFAULT_RETENTION_DAYS, Repointed, TrashKind
from lineage.domain.validation import parse_enum
from lineage.graph import deletions, trash
from lineage.graph import history as history_log
from lineage.graph.database import Database
from lineage.graph.deletions import DeletionFacts, Doomed, Repoint
from lineage.storage.base import file_key

ACTIONS = {
    Layer.TASK: "delete a task",
    Layer.PROJECT: "delete a project",
    Layer.SPACE: "delete a space",
}
# Deleting a space takes everything its members made: only its owners may.
REQUIRED = {Layer.TASK: Role.EDITOR, Layer.PROJECT: Role.EDITOR, Layer.SPACE: Role.OWNER}
OPERATIONS = {
    Layer.TASK: Operation.DELETE_TASK,
    Layer.PROJECT: Operation.DELETE_PROJECT,
    Layer.SPACE: Operation.DELETE_SPACE,
}
REMEDIES = {
    Layer.TASK: "use deleteTask for tasks",
    Layer.PROJECT: "use deleteSpace or deleteTask",
    Layer.SPACE: "use deleteProject or deleteTask",
}


@dataclass
class Plan:
    """What a delete will do; `subject` names it in a refusal."""

    subject: str
    assets: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    repoint: list[Repoint] = field(default_factory=list)
    project_id: str | None = None
    # Where the history entry goes: the operation, and the space and project it names.
    operation: Operation = Operation.DELETE_ASSET
    space_id: str = ""
    scope_project_id: str | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS


KINDS = {
    Operation.DELETE_ASSET: TrashKind.ASSET,
    Operation.DELETE_TASK: TrashKind.TASK,
    Operation.DELETE_PROJECT: TrashKind.PROJECT,
    Operation.DELETE_SPACE: TrashKind.SPACE,
}


async def delete_asset(
    db: Database, asset_id: str, dry_run: bool = False, viewer: Viewer | None = None,
    actor: str | None = None, retention_days: int = DEFAULT_RETENTION_DAYS,
) -> ChangeReport:  # fmt: skip
    """Delete one asset that nothing depends on. With a `viewer`, the asset is authorised
    on what the transaction read."""

    async def work(tx: Tx) -> ChangeReport:
        facts = await deletions.asset_facts(tx, asset_id)
        asset = _visible_asset(facts, asset_id, viewer)
        if viewer is not None:
            viewer.require(asset.space_id, "delete")
        plan = Plan(asset.id, assets=[asset.id], space_id=asset.space_id,
                    scope_project_id=asset.project_id, retention_days=retention_days)  # fmt: skip
        return await _carry_out(tx, facts, plan, dry_run, actor)

    return await db.write(work)


async def delete_task(
    db: Database, task_id: str, mode: str = "KEEP_RENDERS", dry_run: bool = False,
    viewer: Viewer | None = None, actor: str | None = None,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> ChangeReport:  # fmt: skip
    """Delete a task: its clones go; its renders move to the project or go too (v4 3.4)."""
    keep = parse_enum(TaskDeleteMode, mode, "mode") == TaskDeleteMode.KEEP_RENDERS

    async def work(tx: Tx) -> ChangeReport:
        facts = await deletions.container_facts(tx, task_id, [Layer.TASK], keep_renders=keep)
        task = _authorised_container(facts, task_id, Layer.TASK, viewer)
        if task.kind != Layer.TASK:
            raise ScopeViolation(f"{task_id!r} is a {task.kind.lower()}, not a task")
        plan = Plan(task.id, [d.id for d in facts.doomed], [task.id], list(facts.moved))
        plan.operation, plan.space_id = Operation.DELETE_TASK, task.space_id
        plan.scope_project_id, plan.retention_days = task.project_id, retention_days
        if keep:
            # Kept renders move into the project; their edges into the task's clones follow
            # the clones' nearest surviving ancestors.
            plan.project_id = task.project_id
            plan.repoint = [r for r in facts.repoints if r.target_id is not None]
        return await _carry_out(tx, facts, plan, dry_run, actor)

    return await db.write(work)


async def delete_container(
    db: Database, container_id: str, dry_run: bool = False, viewer: Viewer | None = None,
    kind: Layer | None = None, actor: str | None = None,
    retention_days: int = DEFAULT_RETENTION_DAYS,
) -> ChangeReport:  # fmt: skip
    """Delete a project (with its tasks) or a space (with everything in it); `kind`, when
    given, is the one the caller means (deleteProject never deletes a whole space)."""
    kinds = [kind] if kind is not None else [Layer.PROJECT, Layer.SPACE]

    async def work(tx: Tx) -> ChangeReport:
        facts = await deletions.container_facts(tx, container_id, kinds)
        container = _authorised_container(facts, container_id, kind, viewer)
        if container.kind not in kinds:
            raise _wrong_kind(container, kind)
        plan = Plan(container.id, [d.id for d in facts.doomed], [*facts.inner, container.id])
        plan.operation, plan.space_id = OPERATIONS[container.kind], container.space_id
        plan.scope_project_id = container.location.project_id
        plan.retention_days = retention_days
        return await _carry_out(tx, facts, plan, dry_run, actor)

    return await db.write(work)


async def _carry_out(
    tx: Tx, facts: DeletionFacts, plan: Plan, dry_run: bool, actor: str | None = None
) -> ChangeReport:
    _refuse_dependents(plan.subject, facts)
    report = _report(facts, plan, dry_run)
    if dry_run:
        return report
    item_id = await _put_in_trash(tx, facts, plan, report.deleted_files, actor)
    await deletions.delete(
        tx, plan.repoint, plan.moved, plan.project_id, plan.assets, plan.containers
    )
    await history_log.append(tx, _history(facts, plan, actor))
    return replace(report, trash_item_id=item_id)


async def _put_in_trash(
    tx: Tx, facts: DeletionFacts, plan: Plan, file_keys: tuple[str, ...], actor: str | None
) -> str:
    """Snapshot what the delete removes, before it does, as one trash item; the files of
    its renders stay until the item is purged."""
    repointed = [Repointed(r.render_id, r.clone_id, str(r.target_id)) for r in plan.repoint]
    taken = await trash.snapshot(tx, plan.assets, plan.containers, plan.moved, repointed)
    asset = facts.assets.get(plan.subject)
    box = facts.containers.get(plan.subject)
    root_name, root_type = (asset.name, str(asset.type)) if asset else (
        (box.name, str(box.kind)) if box else ("", "")
    )  # fmt: skip
    new = trash.NewItem(
        KINDS[plan.operation], plan.subject, root_name, root_type, plan.space_id,
        plan.scope_project_id, actor, file_keys,
    )  # fmt: skip
    item_id, _, _ = await trash.create_item(tx, new, taken, plan.retention_days)
    return item_id


def _history(facts: DeletionFacts, plan: Plan, actor: str | None) -> list[history.Entry]:
    """What went, as it was, and the renders moved with their re-pointed inputs."""
    inputs: dict[str, list[FieldChange]] = {}
    for r in plan.repoint:
        inputs.setdefault(r.render_id, []).append(
            FieldChange(f"inputs.{r.clone_id}", r.clone_id, r.target_id)
        )
    changes = [
        *(history.asset_deleted(facts.assets[id]) for id in plan.assets),
        *(history.asset_moved(facts.assets[id], str(plan.project_id), inputs.get(id, []))
          for id in plan.moved),
        *(history.container_deleted(facts.containers[id]) for id in plan.containers),
    ]  # fmt: skip
    record = Recorder(plan.operation, actor)
    return record.add(plan.space_id, plan.scope_project_id, *changes).entries()


def _refuse_dependents(subject: str, facts: DeletionFacts) -> None:
    """Any dependent outside the doomed set blocks, so that nothing dangles; a kept render's
    edge into a doomed clone is re-pointed instead, unless the clone has no ancestor left."""
    stranded = [
        Blocker(r.render_id, AssetType.RENDER, Edge.USES)
        for r in facts.repoints
        if r.target_id is None
    ]
    check_deletable(subject, [*facts.blockers, *stranded])


def _report(facts: DeletionFacts, plan: Plan, dry_run: bool) -> ChangeReport:
    # The assets kept renders are re-pointed to stay locked and undeletable: the flags
    # "after" count the doomed clones as gone but cannot see the edges the write adds.
    kept_locked = {r.target_id for r in plan.repoint}
    flags = {id: f for id, f in facts.targets.items() if id not in kept_locked}
    unlocked = [id for id, f in flags.items() if f.before[0] and not f.after[0]]
    deletable = [id for id, f in flags.items() if not f.before[1] and f.after[1]]
    return ChangeReport(
        dry_run=dry_run,
        deleted=tuple(plan.assets + plan.containers),
        moved=tuple(plan.moved),
        repointed=tuple((r.render_id, r.clone_id, str(r.target_id)) for r in plan.repoint),
        unlocked=tuple(sorted(unlocked)),
        now_deletable=tuple(sorted(deletable)),
        deleted_files=_files(facts),
        assets=facts.assets,
        containers=facts.containers,
    )


def _files(facts: DeletionFacts) -> tuple[str, ...]:
    """Files of the doomed renders that no render left behind still shows: a file is
    removed only with the last render that refers to it (a clone shows its source's file;
    renders registered before keys were unique may share one)."""
    keys = {key for key in (file_key(d.file) for d in facts.doomed) if key}
    return tuple(sorted(key for key in keys if not facts.still_shown(key)))


def _visible_asset(facts: DeletionFacts, id: str, viewer: Viewer | None) -> Doomed:
    """Another tenant's asset answers as an id that does not exist (`guard.visible`)."""
    return known_to(viewer, facts.doomed[0] if facts.doomed else None, id, "asset")


def _authorised_container(
    facts: DeletionFacts, id: str, kind: Layer | None, viewer: Viewer | None
) -> Container:
    """The container to delete, authorised as `guard.authorised` does: unknown, or outside
    the caller's spaces, it answers as an unknown id; the role is the one the delete of
    `kind` (else of the container's own kind) needs."""
    container = known_to(viewer, facts.container, id, "container")
    if viewer is not None:
        meant = kind or container.kind
        viewer.require(container.space_id, ACTIONS[meant], REQUIRED[meant])
    return container


def _wrong_kind(container: Container, meant: Layer | None) -> ScopeViolation:
    if meant is None:  # a project or a space was asked for
        return ScopeViolation(f"{container.id!r} is a task", REMEDIES[Layer.TASK])
    return ScopeViolation(
        f"{container.id!r} is a {container.kind.lower()}, not a {meant.lower()}",
        REMEDIES[meant],
    )
