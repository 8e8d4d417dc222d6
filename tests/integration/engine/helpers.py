"""Shorthands for engine tests: build chains, read lock state, check refusals change nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

import pytest
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.domain.errors import LineageError
from lineage.domain.model import Asset, Container, LockState
from lineage.graph import assets, locks
from lineage.graph.database import Database
from lineage.services import containers, definitions, lifecycle, renders
from lineage.services.renders import RenderInput

GRAPH_COUNTS = cypher.load("test/get_graph_counts")
GRAPH_STATE = cypher.load("test/get_graph_state")

E = TypeVar("E", bound=LineageError)

# (kind, dependent_id, path) of a LockReason; (dependent_id, edge, binding) of a Blocker.
ReasonRow = tuple[str, str | None, tuple[str, ...]]
BlockerRow = tuple[str, str, bool]


async def lock_state(db: Database, asset_id: str) -> LockState:
    async def work(tx: Tx) -> LockState:
        asset = await assets.get(tx, asset_id)
        return (await locks.states(tx, [asset]))[asset_id]

    return await db.read_tx(work)


async def fetch(db: Database, asset_id: str) -> Asset:
    async def work(tx: Tx) -> Asset:
        return await assets.get(tx, asset_id)

    return await db.read_tx(work)


async def exists(db: Database, asset_id: str) -> bool:
    async def work(tx: Tx) -> bool:
        return asset_id in await assets.get_many(tx, [asset_id])

    return await db.read_tx(work)


async def space_project_task(db: Database) -> tuple[Container, Container, Container]:
    space = await containers.create(db, Layer.SPACE, "Comics")
    project = await containers.create(db, Layer.PROJECT, "Breakup Comic #1", space.id)
    task = await containers.create(db, Layer.TASK, "Page 1, Panel 1", project.id)
    return space, project, task


async def canonical(db: Database, space_id: str, type: str, name: str, **kw: object) -> Asset:
    created = await definitions.create_definition(db, space_id, type, name, **kw)  # type: ignore[arg-type]
    return await lifecycle.transition(db, created.id, "CANONICAL")


async def render(
    db: Database, container_id: str, name: str, *inputs: str | RenderInput, **kw: Any
) -> Asset:
    """Register a render; inputs are ids (default role) or RenderInputs."""
    given = [i if isinstance(i, RenderInput) else RenderInput(i) for i in inputs]
    return await renders.register_render(db, container_id, name, given, **kw)


async def approved(
    db: Database, container_id: str, name: str, *inputs: str | RenderInput, **kw: Any
) -> Asset:
    created = await render(db, container_id, name, *inputs, **kw)
    return await lifecycle.transition(db, created.id, "APPROVED")


def reasons(state: LockState) -> set[ReasonRow]:
    return {(str(r.kind), r.dependent_id, r.path) for r in state.reasons}


def blockers(state: LockState) -> set[BlockerRow]:
    return {(b.dependent_id, str(b.edge), b.binding) for b in state.blockers}


async def expect_lock(
    db: Database,
    asset_id: str,
    *,
    locked: bool,
    immutable: bool,
    deletable: bool,
    why: Iterable[ReasonRow] = (),
    blocked_by: Iterable[BlockerRow] | None = None,
) -> LockState:
    """Assert the lock state of an asset, its reasons and (when given) its blockers; the
    batch flags of graph.locks must agree with the full state."""
    state = await lock_state(db, asset_id)
    got = (state.locked, state.immutable, state.deletable)
    assert got == (locked, immutable, deletable), f"{asset_id}: (locked, immutable, deletable)"
    assert reasons(state) == set(why), f"{asset_id}: reasons"
    if blocked_by is not None:
        assert blockers(state) == set(blocked_by), f"{asset_id}: blockers"
    assert await flags(db, [asset_id]) == {asset_id: (locked, deletable, immutable)}
    return state


async def flags(db: Database, ids: Iterable[str]) -> dict[str, tuple[bool, bool, bool]]:
    """id -> (locked, deletable, immutable) as graph.locks.flags computes them."""
    wanted = list(ids)

    async def work(tx: Tx) -> dict[str, tuple[bool, bool, bool]]:
        return await locks.flags(tx, wanted)

    return await db.read_tx(work)


def derived(dependent_id: str, asset_id: str) -> ReasonRow:
    return ("DERIVED", dependent_id, (asset_id, dependent_id))


def used(dependent_id: str, asset_id: str) -> ReasonRow:
    return ("USED", dependent_id, (asset_id, dependent_id))


BASE: ReasonRow = ("BASE_CLONE", None, ())
RENDER: ReasonRow = ("RENDER", None, ())


async def graph_counts(db: Database) -> tuple[int, int]:
    record = (await db.read(GRAPH_COUNTS))[0]
    return record["nodes"], record["edges"]


async def graph_state(db: Database) -> tuple[list[str], list[str]]:
    """Every node and edge with all properties, as sorted text (order-free comparison)."""
    record = (await db.read(GRAPH_STATE))[0]
    return _sorted_text(record["nodes"]), _sorted_text(record["edges"])


async def asset_ids(db: Database) -> set[str]:
    record = (await db.read(GRAPH_STATE))[0]
    return {n["props"]["id"] for n in record["nodes"] if "Asset" in n["labels"]}


async def refused(db: Database, error: type[E], action: Awaitable[object]) -> E:
    """Await `action`, expect exactly `error`, and check that nothing in the graph changed."""
    counts, before = await graph_counts(db), await graph_state(db)
    with pytest.raises(LineageError) as caught:
        await action
    found = caught.value
    assert isinstance(found, error) and type(found) is error, (
        f"expected {error.__name__}: {found!r}"
    )
    assert await graph_counts(db) == counts
    assert await graph_state(db) == before
    return found


def _sorted_text(items: list[dict[str, Any]]) -> list[str]:
    return sorted(repr(sorted((k, _plain(v)) for k, v in item.items())) for item in items)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return sorted((k, _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
