"""Restore and purge of trash items (docs/domain.md §13).

A restore is one transaction: the item under its lock, then the facts under the locks of
what its edges point at (containers first, then assets in id order, docs/domain.md §11),
the checks made here on them, then the write and its history entry. A refused restore
changes nothing. A purge deletes each expired item in a transaction of its own (so two
purging processes just find less to do) and then the files nothing else refers to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history
from lineage.domain.access import Viewer
from lineage.domain.diff import FieldChange
from lineage.domain.enums import Layer, Role
from lineage.domain.errors import NotFound, RestoreRefused
from lineage.domain.history import Action, Change, Operation, Recorder, Subject
from lineage.domain.trash import (
    Snapshot,
    SnapshotNode,
    TrashItem,
    TrashKind,
    order_containers,
    restore_problems,
)
from lineage.graph import history as history_log
from lineage.graph import trash
from lineage.graph.database import Database
from lineage.storage.base import FileStore, delete_files_after

# The role a restore needs: the one deleting the same thing needs (services.deletion).
REQUIRED = {
    TrashKind.ASSET: Role.EDITOR,
    TrashKind.TASK: Role.EDITOR,
    TrashKind.PROJECT: Role.EDITOR,
    TrashKind.SPACE: Role.OWNER,
}
PURGE_BATCH = 1000
Purged = tuple[TrashItem, list[str]]  # an item purged, and the file keys it freed


@dataclass(frozen=True)
class Restored:
    """What a restore brought back: the item as it was, and the renders moved back."""

    item: TrashItem
    asset_ids: tuple[str, ...]
    container_ids: tuple[str, ...]
    moved_back: tuple[str, ...]


async def restore(
    db: Database, item_id: str, viewer: Viewer | None = None, actor: str | None = None
) -> Restored:
    """Bring a trash item back as it was, or refuse (RestoreRefused) and change nothing.
    With a `viewer`, authorised like the delete that made the item."""

    async def work(tx: Tx) -> Restored:
        item = _authorised(await trash.lock_item(tx, item_id), item_id, viewer, actor)
        taken = _snapshot(item)
        ends = taken.outside_ends()
        assets = {id for label, id in ends if label == "Asset"} | {m.id for m in taken.moved}
        facts = await trash.restore_facts(tx, item, order_containers(ends), sorted(assets))
        problems = restore_problems(taken, facts)
        if problems:
            raise RestoreRefused(item.id, problems)
        await trash.restore(tx, item)
        await history_log.append(tx, _history(item, taken, actor))
        return Restored(
            item,
            tuple(n.id for n in taken.nodes if "Asset" in n.labels),
            tuple(n.id for n in taken.nodes if "Asset" not in n.labels),
            tuple(m.id for m in taken.moved),
        )

    return await db.write(work)


def _snapshot(item: TrashItem) -> Snapshot:
    assert item.snapshot is not None  # lock_item reads it
    return item.snapshot


def _authorised(
    item: TrashItem | None, id: str, viewer: Viewer | None, actor: str | None
) -> TrashItem:
    """Unknown, or in a space the caller is not a member of, the id answers NotFound. A
    deleted space's members are those its snapshot kept."""
    if item is None:
        raise NotFound("trash item", id)
    if viewer is None:
        return item
    if item.kind == TrashKind.SPACE:
        role = _snapshot(item).role_of(actor or "", item.space_id)
        viewer = Viewer({item.space_id: role} if role is not None else {})
    if not viewer.sees(item.space_id):
        raise NotFound("trash item", id)
    viewer.require(item.space_id, f"restore a {item.kind.lower()}", REQUIRED[item.kind])
    return item


def _history(item: TrashItem, taken: Snapshot, actor: str | None) -> list[history.Entry]:
    """Each node restored as it was, and each render moved back into its task with its
    re-pointed inputs pointing at the task's clones again."""
    changes = [_restored(node) for node in taken.nodes]
    for moved in taken.moved:
        inputs = [
            FieldChange(f"inputs.{r.clone_id}", r.target_id, r.clone_id)
            for r in taken.repointed
            if r.render_id == moved.id
        ]
        changes.append(Change(
            Subject.ASSET, Action.MOVED, moved.id, moved.name, "RENDER",
            container_id=str(moved.props.get("task_id")), previous_container_id=moved.project_id,
            layer=str(Layer.TASK), fields=tuple(inputs),
        ))  # fmt: skip
    record = Recorder(Operation.RESTORE_FROM_TRASH, actor)
    return record.add(item.space_id, item.project_id, *changes).entries()


def _restored(node: SnapshotNode) -> Change:
    props = node.props
    if "Asset" in node.labels:
        return Change(
            Subject.ASSET, Action.RESTORED, node.id, props.get("name"), props.get("type"),
            props.get("version") or props.get("inherited_version"),
            props.get("task_id") or props.get("project_id") or props.get("space_id"),
            layer=props.get("layer"), origin=props.get("origin"),
            state_after=props.get("state"), hash_after=props.get("content_hash"),
        )  # fmt: skip
    kind = Layer(node.kind_label.upper())
    return Change(Subject(str(kind)), Action.RESTORED, node.id, props.get("name"),
                  container_id=props.get("project_id") or props.get("space_id"))  # fmt: skip


# --- purge ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed (or, on a dry run, would remove)."""

    dry_run: bool
    items: tuple[TrashItem, ...]
    removed_files: tuple[str, ...] = ()
    failed_files: tuple[str, ...] = ()


async def purge(
    db: Database, store: FileStore | None, ids: Sequence[str] | None = None, all: bool = False,
    dry_run: bool = False,
) -> PurgeReport:  # fmt: skip
    """Delete the expired trash items (all of them with `all`; those of `ids` whether
    expired or not), then the files they held that nothing else refers to. Idempotent:
    an item another purge or a restore took first is skipped."""
    chosen_all = all or ids is not None

    async def candidates(tx: Tx) -> list[TrashItem]:
        return await trash.purgeable(tx, ids, chosen_all, PURGE_BATCH)

    found = await db.read_tx(candidates)
    if dry_run:
        return PurgeReport(True, tuple(found))
    purged: list[TrashItem] = []
    free: list[str] = []
    for item in found:
        done = await db.write(_purge_one(item.id, chosen_all))
        if done is not None:
            purged.append(done[0])
            free.extend(done[1])
    failed = await delete_files_after(store, free) if store is not None else []
    removed = tuple(key for key in dict.fromkeys(free) if key not in failed)
    return PurgeReport(False, tuple(purged), removed, tuple(failed))


def _purge_one(item_id: str, all: bool) -> Callable[[Tx], Awaitable[Purged | None]]:
    async def work(tx: Tx) -> Purged | None:
        return await trash.delete_item(tx, item_id, all)

    return work


async def list_items(
    db: Database, space_id: str | None = None, limit: int = 1000
) -> list[TrashItem]:
    async def work(tx: Tx) -> list[TrashItem]:
        return await trash.items(tx, space_id, limit)

    return await db.read_tx(work)
