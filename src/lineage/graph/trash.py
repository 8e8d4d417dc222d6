"""The trash in the graph (docs/domain.md §13): snapshots taken inside a delete, trash
items written, listed, restored and purged.

A snapshot is kept as JSON text on its `:TrashItem`. Neo4j's temporal values have no JSON
form, so they are written as `{"$datetime": "<ISO 8601>"}` (nanoseconds and offset kept)
and read back as the same values: a restored node is property for property the one that
was deleted.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j.time import Date, DateTime, Duration

from lineage import cypher
from lineage.domain.trash import (
    LiveAsset,
    MovedRender,
    Repointed,
    RestoreFacts,
    Snapshot,
    SnapshotEdge,
    SnapshotNode,
    TrashItem,
    TrashKind,
)
from lineage.graph.database import run
from lineage.graph.reads import Key, PageRequest

GET_SNAPSHOT = cypher.load("trash/get_snapshot")
CREATE_TRASH_ITEM = cypher.load("trash/create_trash_item")
LOCK_TRASH_ITEM = cypher.load("trash/lock_trash_item")
LOCK_RESTORE_FACTS = cypher.load("trash/lock_restore_facts")
RESTORE_SNAPSHOT = cypher.load("trash/restore_snapshot")
LIST_SPACE_TRASH = cypher.load("trash/list_space_trash")
LIST_TRASH_ITEMS = cypher.load("trash/list_trash_items")
FIND_PURGEABLE_ITEMS = cypher.load("trash/find_purgeable_items")
DELETE_TRASH_ITEM = cypher.load("trash/delete_trash_item")
LIST_TRASH_FILE_KEYS = cypher.load("trash/list_trash_file_keys")


# --- values to and from JSON --------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, DateTime):
        return {"$datetime": value.iso_format()}
    if isinstance(value, Date):
        return {"$date": value.iso_format()}
    if isinstance(value, Duration):
        return {"$duration": [value.months, value.days, value.seconds, value.nanoseconds]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$datetime" in value:
            return DateTime.from_iso_format(value["$datetime"])
        if "$date" in value:
            return Date.from_iso_format(value["$date"])
        if "$duration" in value:
            months, days, seconds, nanoseconds = value["$duration"]
            return Duration(months=months, days=days, seconds=seconds, nanoseconds=nanoseconds)
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _props(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _decode(v) for k, v in raw.items()}


# --- taking a snapshot and writing the item --------------------------------------------------


async def snapshot(
    tx: Tx, asset_ids: Sequence[str], container_ids: Sequence[str], moved_ids: Sequence[str],
    repointed: Sequence[Repointed],
) -> Snapshot:  # fmt: skip
    """What the delete about to run in `tx` removes, as it is now."""
    [row] = await run(
        tx, GET_SNAPSHOT, asset_ids=list(asset_ids), container_ids=list(container_ids),
        moved_ids=list(moved_ids),
    )  # fmt: skip
    return Snapshot(
        nodes=tuple(SnapshotNode(tuple(n["labels"]), n["props"]) for n in row["nodes"]),
        edges=tuple(
            SnapshotEdge(
                e["type"], e["start"], e["start_label"], e["end"], e["end_label"], e["props"]
            )  # fmt: skip
            for e in row["edges"]
        ),
        moved=tuple(
            MovedRender(m["id"], m["project_id"], m["name"], m["props"]) for m in row["moved"]
        ),
        repointed=tuple(repointed),
    )


@dataclass(frozen=True)
class NewItem:
    """What a trash item says of its root, besides the snapshot."""

    kind: TrashKind
    root_id: str
    root_name: str
    root_type: str
    space_id: str
    project_id: str | None
    deleted_by: str | None
    file_keys: Sequence[str]


async def create_item(
    tx: Tx, new: NewItem, taken: Snapshot, retention_days: int
) -> tuple[str, Any, Any]:
    """Write the trash item in `tx`; answers its id, deleted_at and expires_at."""
    item = {
        "id": f"trash_{uuid.uuid4().hex[:16]}", "kind": str(new.kind), "root_id": new.root_id,
        "root_name": new.root_name, "root_type": new.root_type, "space_id": new.space_id,
        "project_id": new.project_id, "deleted_by": new.deleted_by,
        "node_ids": taken.node_ids, "asset_count": taken.asset_count(),
        "file_keys": list(new.file_keys), **_stored(taken),
    }  # fmt: skip
    [row] = await run(tx, CREATE_TRASH_ITEM, item=item, retention_days=retention_days)
    return row["id"], row["deleted_at"], row["expires_at"]


def _stored(taken: Snapshot) -> dict[str, str]:
    def text(items: Sequence[Any]) -> str:
        return json.dumps(_encode(list(items)), sort_keys=True)

    return {
        "nodes": text([{"labels": list(n.labels), "props": dict(n.props)} for n in taken.nodes]),
        "edges": text([e.__dict__ | {"props": dict(e.props)} for e in taken.edges]),
        "moved": text([m.__dict__ | {"props": dict(m.props)} for m in taken.moved]),
        "repointed": text([r.__dict__ for r in taken.repointed]),
    }


def _snapshot(props: Mapping[str, Any]) -> Snapshot:
    def loaded(name: str) -> list[dict[str, Any]]:
        return list(json.loads(props.get(name) or "[]"))

    return Snapshot(
        nodes=tuple(
            SnapshotNode(tuple(n["labels"]), _props(n["props"])) for n in loaded("nodes")
        ),  # fmt: skip
        edges=tuple(SnapshotEdge(**{**e, "props": _props(e["props"])}) for e in loaded("edges")),
        moved=tuple(MovedRender(**{**m, "props": _props(m["props"])}) for m in loaded("moved")),
        repointed=tuple(Repointed(**r) for r in loaded("repointed")),
    )


def item_from_record(props: Mapping[str, Any], with_snapshot: bool = False) -> TrashItem:
    return TrashItem(
        id=props["id"], kind=TrashKind(props["kind"]), root_id=props["root_id"],
        root_name=props.get("root_name") or "", root_type=props["root_type"],
        space_id=props["space_id"], project_id=props.get("project_id"),
        deleted_at=props["deleted_at"].to_native(), deleted_by=props.get("deleted_by"),
        expires_at=props["expires_at"].to_native(), asset_count=int(props["asset_count"]),
        file_keys=tuple(props.get("file_keys") or ()),
        snapshot=_snapshot(props) if with_snapshot else None,
    )  # fmt: skip


# --- restoring ------------------------------------------------------------------------------


async def lock_item(tx: Tx, item_id: str) -> TrashItem | None:
    """The item with its snapshot, under its write lock; None when there is none."""
    rows = await run(tx, LOCK_TRASH_ITEM, id=item_id)
    return item_from_record(rows[0]["t"], with_snapshot=True) if rows else None


async def restore_facts(
    tx: Tx, item: TrashItem, container_ids: Sequence[str], asset_ids: Sequence[str]
) -> RestoreFacts:
    """Lock the containers, then the live assets, and read what the checks need."""
    taken = item.snapshot
    assert taken is not None
    [row] = await run(
        tx, LOCK_RESTORE_FACTS, container_ids=list(container_ids), asset_ids=list(asset_ids),
        ends=[{"label": label, "id": id} for label, id in taken.outside_ends()],
        node_ids=taken.node_ids, file_keys=taken.file_keys(), space_id=item.space_id,
        moved=[{"id": m.id, "project_id": m.project_id} for m in taken.moved],
    )  # fmt: skip
    return RestoreFacts(
        taken_ids=frozenset(row["taken"]),
        live_ends=frozenset((e["label"], e["id"]) for e in row["live_ends"]),
        assets={
            a["id"]: LiveAsset(
                a["id"],
                a["content_hash"],
                tuple((c["id"], c["origin"], c["container"]) for c in a["clones"]),
                tuple(sorted(a["versions"])),
            )  # fmt: skip
            for a in row["assets"]
        },
        moved_in_place=frozenset(row["moved_in_place"]),
        taken_file_keys=frozenset(row["taken_file_keys"]),
        trashed_in={t["id"]: t["item"] for t in row["trashed"] if t["item"] != item.id},
    )


async def restore(tx: Tx, item: TrashItem) -> None:
    """Recreate the snapshot and delete the item, in `tx` (the checks passed)."""
    taken = item.snapshot
    assert taken is not None
    await run(
        tx, RESTORE_SNAPSHOT, item_id=item.id,
        nodes=[{"labels": list(n.labels), "props": dict(n.props)} for n in taken.nodes],
        edges=[e.__dict__ | {"props": dict(e.props)} for e in taken.edges],
        moved=[m.__dict__ | {"props": dict(m.props)} for m in taken.moved],
        repointed=[r.__dict__ for r in taken.repointed],
    )  # fmt: skip


# --- listing and purging --------------------------------------------------------------------


@dataclass(frozen=True)
class TrashPage:
    rows: list[tuple[TrashItem, Key]]
    has_next: bool


async def page(tx: Tx, space_id: str, request: PageRequest) -> TrashPage:
    records = await run(tx, LIST_SPACE_TRASH, space_id=space_id, **request.params())
    rows = [(item_from_record(r["t"]), tuple(r["key"])) for r in records]
    return TrashPage(rows[: request.first], len(rows) > request.first)


async def items(tx: Tx, space_id: str | None, limit: int) -> list[TrashItem]:
    records = await run(tx, LIST_TRASH_ITEMS, space_id=space_id, limit=limit)
    return [item_from_record(r["t"]) for r in records]


async def purgeable(tx: Tx, ids: Sequence[str] | None, all: bool, limit: int) -> list[TrashItem]:
    records = await run(
        tx, FIND_PURGEABLE_ITEMS, ids=None if ids is None else list(ids), all=all, limit=limit
    )
    return [item_from_record(r["t"]) for r in records]


async def delete_item(tx: Tx, item_id: str, all: bool) -> tuple[TrashItem, list[str]] | None:
    """Purge one item; answers it and the file keys nothing else refers to, or None when it
    was gone already (another purge, a restore) or has not expired."""
    rows = await run(tx, DELETE_TRASH_ITEM, id=item_id, all=all)
    if not rows:
        return None
    return item_from_record(rows[0]["t"]), list(rows[0]["free_keys"])


async def held_file_keys(tx: Tx) -> set[str]:
    return {r["key"] for r in await run(tx, LIST_TRASH_FILE_KEYS)}
