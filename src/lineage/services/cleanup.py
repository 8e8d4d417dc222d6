"""Cleanup (docs/domain.md §6): unused clones, discarded renders and empty tasks, planned
as an ordered dry run that respects locks (leaves first), then carried out on request."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from lineage.domain.cleanup import order_deletions
from lineage.domain.enums import TaskDeleteMode
from lineage.domain.errors import LineageError
from lineage.graph import cleanup
from lineage.graph.cleanup import Candidate, EmptyTask
from lineage.graph.database import Database
from lineage.services import deletion


@dataclass(frozen=True)
class CleanupPlan:
    """Assets to delete in order, then empty tasks; candidates kept, with what keeps them."""

    assets: list[Candidate]
    tasks: list[EmptyTask]
    kept: list[tuple[Candidate, list[str]]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "steps": [{"kind": "asset", **_asset(a)} for a in self.assets]
            + [{"kind": "task", **t.__dict__} for t in self.tasks],
            "kept": [{**_asset(a), "needed_by": needed} for a, needed in self.kept],
        }


@dataclass
class CleanupResult:
    deleted: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


async def plan(db: Database, space_id: str | None = None) -> CleanupPlan:
    """The candidates of one space (or all), as a plan; nothing is changed."""
    found, tasks = await db.read_tx(lambda tx: cleanup.candidates(tx, space_id))
    by_id = {c.id: c for c in found}
    ordered, kept = order_deletions({c.id: c.dependents for c in found})
    return CleanupPlan(
        [by_id[id] for id in ordered], tasks, [(by_id[id], kept[id]) for id in sorted(kept)]
    )


async def apply(db: Database, planned: CleanupPlan) -> CleanupResult:
    """Carry out a plan step by step, each delete in its own transaction with its usual
    checks: a step refused because the graph changed since the plan is reported and
    skipped, never forced."""
    result = CleanupResult()
    for asset in planned.assets:
        await _step(result, asset.id, deletion.delete_asset(db, asset.id))
    for task in planned.tasks:
        # Only a task still empty goes: a clone or render taken in since stays with it.
        check = await deletion.delete_task(db, task.id, TaskDeleteMode.KEEP_RENDERS, True)
        if set(check.deleted) != {task.id} or check.moved:
            result.refused[task.id] = "the task is no longer empty"
            continue
        await _step(result, task.id, deletion.delete_task(db, task.id))
    return result


async def _step(result: CleanupResult, id: str, delete: Awaitable[object]) -> None:
    try:
        await delete
    except LineageError as error:
        result.refused[id] = error.message
        return
    result.deleted.append(id)


def _asset(a: Candidate) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "type": a.type, "origin": a.origin, "state": a.state,
        "container_id": a.container_id, "reason": a.reason,
    }  # fmt: skip
