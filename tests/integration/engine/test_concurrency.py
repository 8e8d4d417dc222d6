"""Check-then-write races (docs/domain.md §11): a delete against a first use, an edit against a
first use. Whatever the interleaving, the graph ends consistent and errors are typed."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Layer
from lineage.domain.errors import DriftedInputs, Immutable, LineageError, NotDeletable, NotFound
from lineage.domain.model import Asset, Container
from lineage.graph import containers
from lineage.graph import renders as graph_renders
from lineage.graph.assets import LOCK_ASSETS, UPDATE_ASSET
from lineage.graph.database import Database, run
from lineage.services import cloning, definitions, deletion, lifecycle, renders, versions
from lineage.services import containers as containers_service
from lineage.services.renders import RenderInput

from .helpers import canonical, exists, fetch, lock_state, render, space_project_task

ROUNDS = 20


async def inputs_of(db: Database, render_id: str) -> list[dict[str, Any]]:
    async def work(tx: Tx) -> list[dict[str, Any]]:
        return [r.data() for r in await graph_renders.inputs_of(tx, [render_id])]

    return await db.read_tx(work)


async def renders_in(db: Database, container: Container) -> set[str]:
    async def work(tx: Tx) -> set[str]:
        rows = await containers.asset_ids_within(tx, container)
        return {r["id"] for r in rows if r["type"] == "RENDER"}

    return await db.read_tx(work)


def outcome(result: object) -> bool:
    """True for a success; a failure must be a typed domain error."""
    if isinstance(result, BaseException):
        assert isinstance(result, LineageError), "".join(traceback.format_exception(result))
        return False
    return True


async def fresh_input(
    db: Database, space: Container, project: Container, task: Container, base: Asset, i: int
) -> tuple[Asset, Container]:
    """In turn: a task working clone used in its task, a project working clone that the
    task render first takes into the task, a space draft used by a project render."""
    if i % 3 == 0:
        task_base = await cloning.use_in_task(db, task.id, base.id)
        working = await cloning.derive_working_clone(db, task_base.id, {"name": f"v{i}"})
        return working, task
    if i % 3 == 1:
        return await cloning.derive_working_clone(db, base.id, {"name": f"v{i}"}), task
    return await definitions.create_definition(db, space.id, "SCENE", f"Scene {i}"), project


async def test_delete_races_a_first_use(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    wins = {"delete": 0, "render": 0}
    for i in range(ROUNDS):
        x, where = await fresh_input(graph, space, project, task, base, i)
        before = await renders_in(graph, where)
        deleted, rendered = await asyncio.gather(
            deletion.delete_asset(graph, x.id),
            renders.register_render(graph, where.id, f"Panel {i}", [renders.RenderInput(x.id)]),
            return_exceptions=True,
        )
        ok_delete, ok_render = outcome(deleted), outcome(rendered)
        assert ok_delete != ok_render, f"round {i}: {deleted!r} / {rendered!r}"
        after = await renders_in(graph, where)
        if ok_delete:
            wins["delete"] += 1
            assert not await exists(graph, x.id)
            assert after == before, "a failed render left something behind"
        else:
            wins["render"] += 1
            assert isinstance(deleted, NotDeletable)
            assert isinstance(rendered, Asset) and after == before | {rendered.id}
            assert await exists(graph, x.id)
            assert (await lock_state(graph, x.id)).locked
            used = [r["input"]["id"] for r in await inputs_of(graph, rendered.id)]
            assert len(used) == 1
            if x.layer != "PROJECT":
                assert used == [x.id]
    assert sum(wins.values()) == ROUNDS


async def test_edit_races_a_first_use(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    for i in range(ROUNDS):
        x = await cloning.derive_working_clone(graph, task_base.id, {"name": f"variant {i}"})
        edited, rendered = await asyncio.gather(
            definitions.update_asset(graph, x.id, {"description": f"edit {i}"}),
            render(graph, task.id, f"Panel {i}", x.id),
            return_exceptions=True,
        )
        ok_edit, ok_render = outcome(edited), outcome(rendered)
        assert ok_render, f"round {i}: the first use must not fail: {rendered!r}"
        assert isinstance(rendered, Asset)
        now = await fetch(graph, x.id)
        (edge,) = await inputs_of(graph, rendered.id)
        # Never an edit after the first use: the snapshot is the asset's current content.
        assert edge["snapshot_hash"] == now.content_hash
        if ok_edit:
            assert f"edit {i}" in edge["snapshot"]  # the edit came first and was used
        else:
            assert isinstance(edited, Immutable)
            assert [r.dependent_id for r in edited.reasons] == [rendered.id]
            assert now.content_hash == x.content_hash
        assert (await lock_state(graph, x.id)).locked


async def test_task_delete_races_a_new_render_in_it(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    for i in range(ROUNDS):
        task = await containers_service.create(graph, Layer.TASK, f"Panel {i}", project.id)
        working = await cloning.derive_working_clone(
            graph, (await cloning.use_in_task(graph, task.id, base.id)).id
        )
        deleted, rendered = await asyncio.gather(
            deletion.delete_task(graph, task.id, "DELETE_RENDERS"),
            render(graph, task.id, f"Panel {i}", working.id),
            return_exceptions=True,
        )
        assert outcome(deleted), f"round {i}: the delete must not fail: {deleted!r}"
        if not outcome(rendered):
            assert isinstance(rendered, NotFound)
        # Either way the task went with everything in it: nothing is left orphaned.
        assert not await renders_in(graph, task)
        assert not await exists(graph, working.id)
        assert (await lock_state(graph, base.id)).dependent_count == 0


async def race(*writes: Awaitable[object]) -> list[bool]:
    """Run writes at once; each succeeds (True) or fails with a typed domain error."""
    return [outcome(r) for r in await asyncio.gather(*writes, return_exceptions=True)]


def deadlock_retries(records: list[logging.LogRecord]) -> list[str]:
    """The driver's lines for transactions it retried after Neo4j found a deadlock."""
    return [r.getMessage() for r in records if "DeadlockDetected" in r.getMessage()]


async def test_writers_take_locks_in_one_order(
    graph: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # A working clone locks its project and its source; a project render locks the project
    # and its inputs; a task deleted with KEEP_RENDERS moves its renders into the project.
    # Taken in different orders, these deadlock (Neo4j then aborts one and the driver
    # retries it); taken in one order, they wait for each other.
    caplog.set_level(logging.WARNING, logger="neo4j")
    space, project, _ = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    for i in range(ROUNDS):
        task = await containers_service.create(graph, Layer.TASK, f"Task {i}", project.id)
        await render(graph, task.id, f"Panel {i}", base.id)
        await asyncio.gather(
            cloning.derive_working_clone(graph, base.id, {"name": f"v{i}"}),
            renders.register_render(graph, project.id, f"Cover {i}", [RenderInput(base.id)]),
            deletion.delete_task(graph, task.id, "KEEP_RENDERS"),
            renders.register_render(graph, project.id, f"Page {i}", [RenderInput(base.id)]),
        )
    assert deadlock_retries(caplog.records) == []


async def test_a_rebase_locks_the_project_before_the_working_clone(
    graph: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # A project render locks the project, then its input; a rebase of that input (a
    # working clone) must take the same order, or the two deadlock.
    caplog.set_level(logging.WARNING, logger="neo4j")
    space, project, _ = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    newer = await versions.create_version(graph, jennifer.id, "MINOR")
    await lifecycle.transition(graph, newer.id, "CANONICAL")
    for i in range(ROUNDS):
        working = await cloning.derive_working_clone(graph, base.id, {"name": f"v{i}"})
        await race(
            versions.rebase(graph, working.id, keep_ours=True),
            renders.register_render(graph, project.id, f"Cover {i}", [RenderInput(working.id)]),
        )
    assert deadlock_retries(caplog.records) == []


async def test_a_delete_races_a_working_clone_of_it(
    graph: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # Both lock the project, then the base clone: one wins, the other is refused, and
    # neither waits on the other in a cycle.
    caplog.set_level(logging.WARNING, logger="neo4j")
    space, project, _ = await space_project_task(graph)
    for i in range(ROUNDS):
        hero = await canonical(graph, space.id, "CHARACTER", f"Hero {i}")
        base = await cloning.import_to_project(graph, project.id, hero.id)
        deleted, derived = await race(
            deletion.delete_asset(graph, base.id),
            cloning.derive_working_clone(graph, base.id, {"name": f"v{i}"}),
        )
        assert deleted != derived, f"round {i}: exactly one wins"
    assert deadlock_retries(caplog.records) == []


async def test_a_new_version_locks_the_space_before_its_source(
    graph: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # A space render locks the space, then its inputs; a new version of an input is
    # written into the space, so it must take the same order.
    caplog.set_level(logging.WARNING, logger="neo4j")
    space, _, _ = await space_project_task(graph)
    for i in range(ROUNDS):
        hero = await canonical(graph, space.id, "CHARACTER", f"Hero {i}")
        await race(
            versions.create_version(graph, hero.id, "MINOR"),
            renders.register_render(graph, space.id, f"Test {i}", [RenderInput(hero.id)]),
        )
    assert deadlock_retries(caplog.records) == []


async def test_publishing_locks_both_versions_in_id_order(
    graph: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # Publishing a version deprecates the one before it; a space render using both locks
    # them in id order, so the publication must too.
    caplog.set_level(logging.WARNING, logger="neo4j")
    space, _, _ = await space_project_task(graph)
    for i in range(ROUNDS):
        hero = await canonical(graph, space.id, "CHARACTER", f"Hero {i}")
        newer = await versions.create_version(graph, hero.id, "MINOR")
        both = [RenderInput(hero.id), RenderInput(newer.id)]
        await race(
            lifecycle.transition(graph, newer.id, "CANONICAL"),
            renders.register_render(graph, space.id, f"Test {i}", both),
        )
    assert deadlock_retries(caplog.records) == []


async def test_an_approval_waits_for_an_edit_of_its_input(graph: Database) -> None:
    # A space render in DRAFT does not lock its inputs, so an input may be edited while
    # the render is approved: the approval takes the inputs' locks before it compares
    # their hashes, so an edit that lands first is seen and refuses it.
    space, _, _ = await space_project_task(graph)
    room = await definitions.create_definition(graph, space.id, "SCENE", "Room")
    test = await render(graph, space.id, "Room test", room.id)
    async with graph.driver.session(database=graph.database) as session:
        edit = await session.begin_transaction()
        await run(edit, LOCK_ASSETS, ids=[room.id])  # type: ignore[arg-type]
        approval = asyncio.create_task(lifecycle.transition(graph, test.id, "APPROVED"))
        await asyncio.sleep(1.0)
        assert not approval.done(), "the approval did not wait for the edit of its input"
        changes = {"description": "Repainted", "content_hash": "edited"}
        await run(edit, UPDATE_ASSET, id=room.id, changes=changes)  # type: ignore[arg-type]
        await edit.commit()
    with pytest.raises(DriftedInputs):
        await approval
