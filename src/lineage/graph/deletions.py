"""Deletes in the graph: the facts a delete is decided on, read in one query under its
locks, and the decided delete written in one query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import AssetType, Layer, Origin
from lineage.domain.model import AssetRef, Container, ContainerRef
from lineage.domain.reasons import Blocker
from lineage.graph.codec import CONTAINER_KINDS, container_from_record
from lineage.graph.database import run

LOCK_DELETION_FACTS = cypher.load("deletion/lock_deletion_facts")
DELETE_PLANNED = cypher.load("deletion/delete_planned")
BLOCKERS_LIMIT = 100
LABELS = {kind: label for label, kind in CONTAINER_KINDS.items()}


@dataclass(frozen=True)
class Doomed:
    """An asset the delete removes: what authorises it and which file it shows."""

    id: str
    type: str
    space_id: str
    file: dict[str, Any] | None  # a render's stored `file` object
    project_id: str | None = None


@dataclass(frozen=True)
class Flags:
    """A lineage target's (locked, deletable) now and once the doomed assets are gone."""

    before: tuple[bool, bool]
    after: tuple[bool, bool]


@dataclass(frozen=True)
class Repoint:
    """A USES edge of a kept render into a doomed clone, and where it would go (None: no
    surviving CLONE ancestor within reach)."""

    render_id: str
    clone_id: str
    target_id: str | None


@dataclass(frozen=True)
class DeletionFacts:
    """As read once locked. `doomed` is empty when the id names nothing to delete (or a
    container of a kind the delete does not accept: `container` says which it is)."""

    container: Container | None
    inner: tuple[str, ...]
    doomed: tuple[Doomed, ...]
    moved: tuple[str, ...]
    blockers: tuple[Blocker, ...]
    targets: dict[str, Flags]
    repoints: tuple[Repoint, ...]
    shown_files: tuple[str, ...]
    assets: dict[str, AssetRef]  # the planned assets and their lineage targets
    containers: dict[str, ContainerRef]  # the container deleted and those inside it

    def still_shown(self, key: str) -> bool:
        """Whether a render left behind shows the file `key` (its `"key": "..."` member as
        the stored `file` JSON spells it, graph.codec; nested members count too)."""
        member = json.dumps({"key": key})[1:-1]
        return any(member in file for file in self.shown_files)


async def asset_facts(tx: Tx, asset_id: str) -> DeletionFacts:
    """Lock the asset's container, then the asset and its lineage targets, and read them."""
    return await _facts(tx, asset_id=asset_id, container_id=None, kinds=(), keep_renders=False)


async def container_facts(
    tx: Tx, container_id: str, kinds: Sequence[Layer], keep_renders: bool = False
) -> DeletionFacts:
    """Lock the container (a task's project first), then every asset inside it (when it is
    one of `kinds`) with their lineage targets, and read them."""
    return await _facts(
        tx, asset_id=None, container_id=container_id, kinds=kinds, keep_renders=keep_renders
    )


async def _facts(
    tx: Tx, asset_id: str | None, container_id: str | None, kinds: Sequence[Layer],
    keep_renders: bool,
) -> DeletionFacts:  # fmt: skip
    [row] = await run(
        tx, LOCK_DELETION_FACTS, asset_id=asset_id, container_id=container_id,
        kinds=[LABELS[kind] for kind in kinds], keep_renders=keep_renders,
        limit=BLOCKERS_LIMIT,
    )  # fmt: skip
    found = row["container"]
    return DeletionFacts(
        container=container_from_record(found["node"], found["labels"]) if found else None,
        inner=tuple(row["inner"]),
        doomed=tuple(_doomed(item) for item in row["doomed"]),
        moved=tuple(row["moved"]),
        blockers=tuple(
            Blocker(d["dependent_id"], d["dependent_type"], d["edge"], d["binding"])
            for d in row["dependents"]
        ),
        targets={
            t["id"]: Flags(_flags(t["flags"][0]), _flags(t["flags"][1])) for t in row["targets"]
        },
        repoints=tuple(
            Repoint(r["render_id"], r["clone_id"], r["target_id"]) for r in row["repoints"]
        ),
        shown_files=tuple(row["shown_files"]),
        assets={item["id"]: _asset_ref(item) for item in row["described"]},
        containers={box["id"]: _container_ref(box) for box in row["boxes"]},
    )


def _container_ref(box: dict[str, Any]) -> ContainerRef:
    kind = next(CONTAINER_KINDS[label] for label in box["labels"] if label in CONTAINER_KINDS)
    return ContainerRef(box["id"], kind, box["name"])


def _asset_ref(item: dict[str, Any]) -> AssetRef:
    return AssetRef(
        item["id"], AssetType(item["type"]), Origin(item["origin"]), item["name"],
        item.get("version"),
        _container_ref(item["container"]), item.get("state"), item.get("content_hash"),
    )  # fmt: skip


def _doomed(item: dict[str, Any]) -> Doomed:
    file = json.loads(item["file"]) if item.get("file") else None
    return Doomed(item["id"], item["type"], item["space_id"], file, item.get("project_id"))


def _flags(pair: list[bool]) -> tuple[bool, bool]:
    return bool(pair[0]), bool(pair[1])


async def delete(
    tx: Tx, repoints: Sequence[Repoint], moved: Sequence[str], project_id: str | None,
    asset_ids: Sequence[str], container_ids: Sequence[str],
) -> None:  # fmt: skip
    """Re-point, move the kept renders into the project, delete assets, then containers."""
    await run(
        tx, DELETE_PLANNED,
        repoints=[{"render_id": r.render_id, "clone_id": r.clone_id, "target_id": r.target_id}
                  for r in repoints],
        moved=list(moved), project_id=project_id, asset_ids=list(asset_ids),
        container_ids=list(container_ids),
    )  # fmt: skip
