"""Deletes: every dry run against the real outcome, unlocks, and task deletion modes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Layer
from lineage.domain.errors import NotDeletable, NotFound
from lineage.domain.model import ChangeReport
from lineage.graph import deletions, locks
from lineage.graph import renders as graph_renders
from lineage.graph.database import Database
from lineage.graph.deletions import DeletionFacts
from lineage.services import cloning, containers, definitions, deletion, lifecycle

from .helpers import (
    approved,
    asset_ids,
    canonical,
    derived,
    exists,
    expect_lock,
    fetch,
    flags,
    graph_state,
    lock_state,
    refused,
    render,
    space_project_task,
    used,
)

Delete = Callable[[bool], Awaitable[ChangeReport]]


async def dry_run_then_real(db: Database, delete: Delete) -> ChangeReport:
    """Run the dry run (which must change nothing), then the delete; both must report the
    same, and the report must match what really happened to the graph."""
    ids = await asset_ids(db)
    before = await flags(db, ids)
    state = await graph_state(db)
    dry = await delete(True)
    assert dry.dry_run
    assert await graph_state(db) == state, "a dry run changed the graph"

    real = await delete(False)
    assert not real.dry_run
    for name in ("deleted", "moved", "repointed", "unlocked", "now_deletable"):
        assert sorted(getattr(dry, name)) == sorted(getattr(real, name)), name

    left = await asset_ids(db)
    for gone in real.deleted:
        assert gone not in left
        if gone not in ids:  # a container
            await refused(db, NotFound, containers.get(db, gone))
    assert set(real.moved) <= left
    after = await flags(db, left)
    became_unlocked = {i for i in left if before[i][0] and not after[i][0]}
    became_deletable = {i for i in left if not before[i][1] and after[i][1]}
    assert set(real.unlocked) == became_unlocked
    assert set(real.now_deletable) == became_deletable
    assert left == ids - set(real.deleted)
    return real


async def test_delete_asset_dry_run_and_unlocks(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    first = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_sullen"})
    second = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_happy"})

    # Two dependents: deleting one keeps the lock.
    report = await dry_run_then_real(graph, lambda dry: deletion.delete_asset(graph, first.id, dry))
    assert report.deleted == (first.id,)
    assert report.unlocked == () and report.now_deletable == ()
    await expect_lock(
        graph, base.id, locked=True, immutable=True, deletable=False,
        why=[("BASE_CLONE", None, ()), derived(second.id, base.id)],
    )  # fmt: skip

    # Deleting the last one unlocks (a base clone stays immutable) and frees the delete.
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_asset(graph, second.id, dry)
    )
    assert report.unlocked == (base.id,) and report.now_deletable == (base.id,)
    await expect_lock(
        graph, base.id, locked=False, immutable=True, deletable=True, why=[("BASE_CLONE", None, ())]
    )
    report = await dry_run_then_real(graph, lambda dry: deletion.delete_asset(graph, base.id, dry))
    assert report.unlocked == (jennifer.id,)
    await expect_lock(graph, jennifer.id, locked=False, immutable=False, deletable=True)
    await definitions.update_asset(graph, jennifer.id, {"description": "editable again"})


async def test_deleting_renders_unlocks_what_they_used(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    working = await cloning.derive_working_clone(graph, task_base.id)
    one = await render(graph, task.id, "Panel 1", working.id)
    two = await render(graph, task.id, "Panel 2", working.id)

    report = await dry_run_then_real(graph, lambda dry: deletion.delete_asset(graph, one.id, dry))
    assert report.unlocked == ()
    await expect_lock(
        graph,
        working.id,
        locked=True,
        immutable=True,
        deletable=False,
        why=[used(two.id, working.id)],
    )
    report = await dry_run_then_real(graph, lambda dry: deletion.delete_asset(graph, two.id, dry))
    assert report.unlocked == (working.id,)
    await definitions.update_asset(graph, working.id, {"description": "editable again"})

    # A draft space render never locked its draft input; deleting it only frees the delete.
    draft = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    test_shot = await render(graph, space.id, "Test", draft.id)
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_asset(graph, test_shot.id, dry)
    )
    assert report.unlocked == () and report.now_deletable == (draft.id,)
    # An approved one did lock it.
    canon = await approved(graph, space.id, "Shot", jennifer.id)
    report = await dry_run_then_real(graph, lambda dry: deletion.delete_asset(graph, canon.id, dry))
    assert report.unlocked == ()  # the project's base clone still locks Jennifer
    assert (await lock_state(graph, jennifer.id)).locked


async def task_world(graph: Database) -> dict[str, str]:
    """A task with clones of project definitions and renders, and renders of its own."""
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    kitchen = await canonical(graph, space.id, "SCENE", "Kitchen")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    working = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_sullen"})
    scene_base = await cloning.import_to_project(graph, project.id, kitchen.id)
    cover = await render(graph, project.id, "Cover", base.id)

    task_working = await cloning.derive_working_clone(
        graph, (await cloning.use_in_task(graph, task.id, working.id)).id, {"description": "wet"}
    )
    frame = await render(graph, task.id, "Panel 1", task_working.id, scene_base.id)
    variant = await cloning.derive_working_clone(
        graph, (await cloning.use_in_task(graph, task.id, cover.id)).id, {"prompt": "at night"}
    )
    night = await render(graph, task.id, "Panel 2", variant.id, frame.id)
    idle = await cloning.use_in_task(graph, task.id, scene_base.id)  # also used by frame
    return {
        "space": space.id, "project": project.id, "task": task.id, "jennifer": jennifer.id,
        "base": base.id, "working": working.id, "scene_base": scene_base.id, "cover": cover.id,
        "task_working": task_working.id, "frame": frame.id, "variant": variant.id,
        "night": night.id, "task_scene": idle.id,
    }  # fmt: skip


async def test_delete_task_keeping_renders(graph: Database) -> None:
    w = await task_world(graph)
    snapshots = {
        r["input"]["id"]: (r["snapshot"], r["snapshot_hash"])
        for r in await inputs_of(graph, [w["frame"], w["night"]])
    }
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_task(graph, w["task"], "KEEP_RENDERS", dry)
    )
    assert set(report.moved) == {w["frame"], w["night"]}
    assert w["task"] in report.deleted and w["task_working"] in report.deleted
    assert w["variant"] in report.deleted
    assert set(report.repointed) == {
        (w["frame"], w["task_working"], w["working"]),
        (w["frame"], w["task_scene"], w["scene_base"]),
        (w["night"], w["variant"], w["cover"]),
    }
    assert report.unlocked == ()  # everything the task used is now used by its renders

    # The renders are project renders now, and each edge keeps what was really used.
    for render_id in (w["frame"], w["night"]):
        moved = await fetch(graph, render_id)
        assert (moved.layer, moved.task_id, moved.origin_task_id) == (
            Layer.PROJECT, None, w["task"],
        )  # fmt: skip
    edges = {
        (r["render_id"], r["input"]["id"]): r
        for r in await inputs_of(graph, [w["frame"], w["night"]])
    }
    assert set(edges) == {
        (w["frame"], w["working"]), (w["frame"], w["scene_base"]),
        (w["night"], w["cover"]), (w["night"], w["frame"]),
    }  # fmt: skip
    for (render_id, target), clone in (
        ((w["frame"], w["working"]), w["task_working"]),
        ((w["frame"], w["scene_base"]), w["task_scene"]),
        ((w["night"], w["cover"]), w["variant"]),
    ):
        edge = edges[(render_id, target)]
        assert edge["repointed_from"] == clone
        assert (edge["snapshot"], edge["snapshot_hash"]) == snapshots[clone]
    assert edges[(w["night"], w["frame"])]["repointed_from"] is None
    # The task clone was changed ("wet"): the snapshot is the clone's, not the working one's.
    working = await fetch(graph, w["working"])
    assert edges[(w["frame"], w["working"])]["snapshot_hash"] != working.content_hash

    # The project assets the renders depend on stay locked.
    await expect_lock(
        graph, w["working"], locked=True, immutable=True, deletable=False,
        why=[used(w["frame"], w["working"])],
    )  # fmt: skip
    await expect_lock(
        graph, w["cover"], locked=True, immutable=True, deletable=False,
        why=[("RENDER", None, ()), used(w["night"], w["cover"])],
    )  # fmt: skip
    await refused(graph, NotDeletable, deletion.delete_asset(graph, w["working"]))


async def test_delete_task_with_its_renders(graph: Database) -> None:
    w = await task_world(graph)
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_task(graph, w["task"], "DELETE_RENDERS", dry)
    )
    assert report.moved == () and report.repointed == ()
    assert {w["frame"], w["night"], w["variant"], w["task"]} <= set(report.deleted)
    # Only the task's clones held these; the project renders and clones stay.
    freed = {w["working"], w["cover"], w["scene_base"]}
    assert set(report.unlocked) == set(report.now_deletable) == freed
    await expect_lock(graph, w["working"], locked=False, immutable=False, deletable=True)


async def test_delete_renders_is_refused_when_a_render_is_used_outside(graph: Database) -> None:
    w = await task_world(graph)
    other = await containers.create(graph, Layer.TASK, "Panel 4", w["project"])
    taken = await cloning.use_in_task(graph, other.id, w["frame"])
    for dry_run in (True, False):
        error = await refused(
            graph, NotDeletable, deletion.delete_task(graph, w["task"], "DELETE_RENDERS", dry_run)
        )
        assert [(b.dependent_id, b.edge) for b in error.blockers] == [(taken.id, "DERIVES_FROM")]
    # A project render using it blocks too.
    await deletion.delete_task(graph, other.id, "DELETE_RENDERS")
    poster = await render(graph, w["project"], "Poster", w["night"])
    error = await refused(
        graph, NotDeletable, deletion.delete_task(graph, w["task"], "DELETE_RENDERS")
    )
    assert [b.dependent_id for b in error.blockers] == [poster.id]
    # Keeping the renders is fine: nothing dangles.
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_task(graph, w["task"], "KEEP_RENDERS", dry)
    )
    assert w["night"] in report.moved
    await expect_lock(
        graph, w["night"], locked=True, immutable=True, deletable=False,
        why=[("RENDER", None, ()), used(poster.id, w["night"])],
    )  # fmt: skip


async def test_delete_task_keeping_a_render_cloned_within_the_task(graph: Database) -> None:
    """A task may take its own render in (to vary it); when the task goes, that render
    stays and its clone does, and the lock the clone held is reported as gone."""
    w = await task_world(graph)
    own = await cloning.use_in_task(graph, w["task"], w["frame"])
    assert (await lock_state(graph, w["frame"])).locked
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_task(graph, w["task"], "KEEP_RENDERS", dry)
    )
    assert own.id in report.deleted
    assert w["frame"] not in report.unlocked  # night, kept too, still uses it


async def test_delete_task_unlocks_a_render_only_its_own_clone_held(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    shot = await render(graph, task.id, "Shot")
    own = await cloning.use_in_task(graph, task.id, shot.id)
    assert (await lock_state(graph, shot.id)).locked
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_task(graph, task.id, "KEEP_RENDERS", dry)
    )
    assert own.id in report.deleted and report.moved == (shot.id,)
    assert report.unlocked == (shot.id,)


async def test_delete_project_and_space(graph: Database) -> None:
    w = await task_world(graph)
    portrait = await approved(graph, w["space"], "Portrait", w["jennifer"])
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_container(graph, w["project"], dry)
    )
    assert {w["project"], w["task"], w["base"], w["frame"], w["night"]} <= set(report.deleted)
    # Kitchen was held only by the project; Jennifer also by an approved space render.
    kitchen = [i for i in report.unlocked]
    assert len(kitchen) == 1 and (await fetch(graph, kitchen[0])).name == "Kitchen"
    assert (await lock_state(graph, w["jennifer"])).locked

    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_container(graph, w["space"], dry)
    )
    assert set(report.deleted) == {w["space"], w["jennifer"], kitchen[0], portrait.id}
    assert report.unlocked == ()
    assert not await exists(graph, portrait.id)
    assert await asset_ids(graph) == set()


async def inputs_of(graph: Database, ids: list[str]) -> list[dict[str, Any]]:
    async def work(tx: Tx) -> list[dict[str, Any]]:
        return [r.data() for r in await graph_renders.inputs_of(tx, ids)]

    return await graph.read_tx(work)


async def test_deleted_state_is_gone_for_lifecycle_too(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    draft = await definitions.create_definition(graph, space.id, "STYLE", "Ink")
    await dry_run_then_real(graph, lambda dry: deletion.delete_asset(graph, draft.id, dry))
    await refused(graph, NotFound, lifecycle.transition(graph, draft.id, "CANONICAL"))


async def test_keep_renders_repoints_to_another_tasks_render(graph: Database) -> None:
    """The nearest surviving ancestor of a task clone may be a render of another task
    (a project render that still lives in its Task container)."""
    w = await task_world(graph)
    shot = await render(graph, w["task"], "Shot", w["base"])  # a character render
    other = await containers.create(graph, Layer.TASK, "Panel 4", w["project"])
    taken = await cloning.use_in_task(graph, other.id, shot.id)
    variant = await cloning.derive_working_clone(graph, taken.id, {"prompt": "sullen"})
    panel = await render(graph, other.id, "Panel 4", variant.id, shot.id)
    report = await dry_run_then_real(
        graph, lambda dry: deletion.delete_task(graph, other.id, "KEEP_RENDERS", dry)
    )
    assert set(report.repointed) == {
        (panel.id, variant.id, shot.id),
        (panel.id, taken.id, shot.id),
    }
    edges = await inputs_of(graph, [panel.id])
    # Two inputs were used, so two edges stay, each with the clone it was.
    assert sorted((e["input"]["id"], e["repointed_from"]) for e in edges) == sorted(
        [(shot.id, variant.id), (shot.id, taken.id)]
    )
    await expect_lock(
        graph, shot.id, locked=True, immutable=True, deletable=False,
        why=[("RENDER", None, ()), used(panel.id, shot.id)],
    )  # fmt: skip


async def rule_flags(
    db: Database, ids: list[str], excluded: list[str]
) -> dict[str, tuple[bool, bool]]:
    """(locked, deletable) by locks/get_lock_flags, `excluded` counted as gone."""

    async def work(tx: Tx) -> dict[str, tuple[bool, bool, bool]]:
        return await locks.flags(tx, ids, excluded)

    found = await db.read_tx(work)
    return {id: (locked, deletable) for id, (locked, deletable, _) in found.items()}


async def read_facts(db: Database, id: str, kind: Layer | None = None) -> DeletionFacts:
    """What deleting the asset (or the container of `kind`) reads, without deleting it."""

    async def work(tx: Tx) -> DeletionFacts:
        if kind is None:
            return await deletions.asset_facts(tx, id)
        return await deletions.container_facts(tx, id, [kind])

    return await db.write(work)


async def test_deletion_facts_follow_the_lock_rules(graph: Database) -> None:
    """The facts a delete reads repeat the rules of locks/get_lock_flags (target flags now
    and once the doomed assets are gone) and locks/get_dependents (blockers): they agree."""
    w = await task_world(graph)
    draft = await definitions.create_definition(graph, w["space"], "SCENE", "Attic")
    await render(graph, w["space"], "Test", draft.id)  # a draft space render: not binding
    for id, kind in ((w["task"], Layer.TASK), (w["project"], Layer.PROJECT), (w["night"], None)):
        facts = await read_facts(graph, id, kind)
        targets, doomed = list(facts.targets), [d.id for d in facts.doomed]
        assert targets, f"{id}: a delete with lineage targets"
        assert {t: f.before for t, f in facts.targets.items()} == await rule_flags(
            graph, targets, []
        )
        assert {t: f.after for t, f in facts.targets.items()} == await rule_flags(
            graph, targets, doomed
        )
    for id in (w["jennifer"], w["scene_base"], draft.id):
        facts = await read_facts(graph, id)
        assert facts.blockers, id
        assert set(facts.blockers) == set((await lock_state(graph, id)).blockers)
