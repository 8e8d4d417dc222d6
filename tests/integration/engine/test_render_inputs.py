"""Render inputs: one USES edge per given input, never merged or dropped; a file key belongs
to one render; style bindings name a style in reach; a vanished input is NotFound."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from neo4j import AsyncManagedTransaction as Tx
from neo4j.exceptions import ConstraintError

from lineage import cypher
from lineage.domain.enums import Classification, Layer
from lineage.domain.errors import DuplicateInput, NotDeletable, NotFound, ValidationError
from lineage.domain.file_errors import FileAlreadyRegistered
from lineage.graph import audits, migrations
from lineage.graph import renders as graph_renders
from lineage.graph.database import Database
from lineage.services import cloning, containers, definitions, deletion
from lineage.services.renders import RenderInput

from .helpers import (
    canonical,
    expect_lock,
    fetch,
    lock_state,
    refused,
    render,
    space_project_task,
    used,
)

SET_PROPERTIES = cypher.load("test/set_asset_properties")
CREATE_RENDERS = cypher.load("test/create_renders")
EDGE_AUDITS = ("render_classification", "binding_uses_hash", "uses_role", "dangling_edges")


async def inputs_of(graph: Database, render_id: str) -> list[dict[str, Any]]:
    async def work(tx: Tx) -> list[dict[str, Any]]:
        return [r.data() for r in await graph_renders.inputs_of(tx, [render_id])]

    return await graph.read_tx(work)


async def violations(graph: Database, *names: str) -> dict[str, list[dict[str, Any]]]:
    wanted = [a for a in audits.AUDITS if a.name in names]
    assert len(wanted) == len(names)
    return {r.name: r.violations for r in await audits.run_audits(graph, wanted)}


def edge_rows(edges: list[dict[str, Any]]) -> set[tuple[str, str | None, str, str]]:
    return {(e["input"]["id"], e["repointed_from"], e["role"], e["snapshot_hash"]) for e in edges}


# --- Task delete, KEEP_RENDERS: two clones of one ancestor stay two inputs ----------------


async def test_keep_renders_keeps_a_base_clone_and_its_working_clone_apart(
    graph: Database,
) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    task_working = await cloning.derive_working_clone(graph, task_base.id, {"description": "wet"})
    panel = await render(graph, task.id, "Panel", task_base.id, task_working.id)
    assert panel.classification == Classification.COMPILATION  # two character inputs
    before = {e["input"]["id"]: e for e in await inputs_of(graph, panel.id)}

    report = await deletion.delete_task(graph, task.id, "KEEP_RENDERS")
    assert set(report.repointed) == {
        (panel.id, task_base.id, base.id),
        (panel.id, task_working.id, base.id),
    }
    edges = await inputs_of(graph, panel.id)
    assert edge_rows(edges) == {
        (base.id, clone, "CHARACTER", before[clone]["snapshot_hash"])
        for clone in (task_base.id, task_working.id)
    }
    # Each edge keeps the snapshot of the clone it was (the working clone was changed).
    for edge in edges:
        assert edge["snapshot"] == before[edge["repointed_from"]]["snapshot"]
    assert len({e["snapshot_hash"] for e in edges}) == 2
    assert (await fetch(graph, panel.id)).classification == Classification.COMPILATION
    assert await violations(graph, *EDGE_AUDITS) == {name: [] for name in EDGE_AUDITS}

    # Locks and deletes see both edges: the base clone stays locked until the render goes.
    await expect_lock(
        graph, base.id, locked=True, immutable=True, deletable=False,
        why=[("BASE_CLONE", None, ()), used(panel.id, base.id)],
    )  # fmt: skip
    state = await lock_state(graph, base.id)
    assert state.dependent_count == 1 and len(state.reasons) == 2  # one render, named once
    error = await refused(graph, NotDeletable, deletion.delete_asset(graph, base.id))
    assert [(b.dependent_id, b.edge) for b in error.blockers] == [(panel.id, "USES")]
    gone = await deletion.delete_asset(graph, panel.id)
    assert base.id in gone.unlocked and base.id in gone.now_deletable
    await deletion.delete_asset(graph, base.id)


async def test_keep_renders_keeps_the_neutral_flag_the_classification_counted(
    graph: Database,
) -> None:
    """A task working clone made neutral, re-pointed to its non-neutral ancestor: the
    render stays what it was classified as, and the audit agrees."""
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    kitchen = await canonical(graph, space.id, "SCENE", "Kitchen")
    character = await cloning.import_to_project(graph, project.id, jennifer.id)
    scene = await cloning.import_to_project(graph, project.id, kitchen.id)
    backdrop = await cloning.derive_working_clone(
        graph, (await cloning.use_in_task(graph, task.id, scene.id)).id, {"neutral": True}
    )
    panel = await render(graph, task.id, "Panel", character.id, backdrop.id)
    assert panel.classification == Classification.CHARACTER  # c = 1, n = 1

    await deletion.delete_task(graph, task.id, "KEEP_RENDERS")
    assert {e["input"]["id"] for e in await inputs_of(graph, panel.id)} == {
        character.id,
        scene.id,
    }
    assert await violations(graph, "render_classification") == {"render_classification": []}


# --- Registration: two given inputs never resolve to one asset silently ------------------


async def test_a_project_input_and_the_tasks_clone_of_it_are_refused(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    for given in ((base.id, task_base.id), (task_base.id, base.id)):
        error = await refused(graph, DuplicateInput, render(graph, task.id, "Panel", *given))
        assert error.asset_id == task_base.id and error.layer == Layer.TASK
        assert error.input_ids == given
        assert f"{task_base.id} is this task's clone of {base.id}" in error.message
        assert "list it once" in error.message


async def test_a_project_input_given_before_its_task_clone_exists_is_refused(
    graph: Database,
) -> None:
    """The clone the first input would make is the second input: the same asset."""
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    shot = await render(graph, task.id, "Shot", base.id)  # makes the task base clone
    (edge,) = await inputs_of(graph, shot.id)
    task_base = edge["input"]["id"]
    other = await containers.create(graph, Layer.TASK, "Panel 2", project.id)
    # A render of another task (a project render) and this task's clone of it.
    taken = await cloning.use_in_task(graph, other.id, shot.id)
    error = await refused(graph, DuplicateInput, render(graph, other.id, "P", shot.id, taken.id))
    assert (error.asset_id, error.input_ids) == (taken.id, (shot.id, taken.id))
    error = await refused(graph, DuplicateInput, render(graph, task.id, "P", base.id, task_base))
    assert error.asset_id == task_base


@pytest.mark.parametrize("layer", ["SPACE", "PROJECT", "TASK"])
async def test_the_same_input_twice_is_refused(graph: Database, layer: str) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    container, input_id = {
        "SPACE": (space.id, jennifer.id), "PROJECT": (project.id, base.id),
        "TASK": (task.id, base.id),
    }[layer]  # fmt: skip
    twice = [RenderInput(input_id), RenderInput(input_id, "CHARACTER")]
    error = await refused(graph, DuplicateInput, render(graph, container, "Panel", *twice))
    assert (error.asset_id, error.input_ids) == (input_id, (input_id, input_id))
    assert "listed 2 times" in error.message


# --- A vanished input answers NotFound, as everywhere ------------------------------------


async def test_an_input_deleted_before_the_render_is_not_found(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    working = await cloning.derive_working_clone(graph, task_base.id)
    await deletion.delete_asset(graph, working.id)
    error = await refused(graph, NotFound, render(graph, task.id, "Panel", working.id))
    assert (error.kind, error.entity_id) == ("asset", working.id)


async def test_an_input_deleted_concurrently_is_not_found(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    for i in range(10):
        working = await cloning.derive_working_clone(graph, task_base.id, {"name": f"v{i}"})
        deleted, rendered = await asyncio.gather(
            deletion.delete_asset(graph, working.id),
            render(graph, task.id, f"Panel {i}", working.id),
            return_exceptions=True,
        )
        if isinstance(rendered, BaseException):
            assert isinstance(rendered, NotFound), repr(rendered)
            assert not isinstance(deleted, BaseException), repr(deleted)
        else:
            assert isinstance(deleted, NotDeletable), repr(deleted)


# --- One file key, one render -------------------------------------------------------------


def a_file(key: str) -> dict[str, Any]:
    return {"key": key, "content_type": "image/png", "size": 3, "checksum": "ab" * 32}


async def test_a_file_key_is_registered_once(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    first = await render(graph, space.id, "Shot", file=a_file("renders/k1.png"))
    error = await refused(
        graph,
        FileAlreadyRegistered,
        render(graph, space.id, "Again", file=a_file("renders/k1.png")),
    )
    assert (error.key, error.render_id) == ("renders/k1.png", first.id)
    # Another key is fine; deleting the owner deletes its file.
    await render(graph, space.id, "Other", file=a_file("renders/k2.png"))
    report = await deletion.delete_asset(graph, first.id)
    assert report.deleted_files == ("renders/k1.png",)


async def test_two_registrations_of_one_key_at_once_make_one_render(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    for i in range(5):
        file = a_file(f"renders/race-{i}.png")
        results = await asyncio.gather(
            *(render(graph, space.id, f"Shot {i}.{n}", file=file) for n in range(3)),
            return_exceptions=True,
        )
        made = [r for r in results if not isinstance(r, BaseException)]
        refusals = [r for r in results if isinstance(r, BaseException)]
        assert len(made) == 1, results
        assert all(isinstance(r, FileAlreadyRegistered) for r in refusals), refusals


async def test_a_file_another_render_still_shows_is_never_deleted(graph: Database) -> None:
    """Renders registered before keys were unique may share a file; clones show their
    source's: deleting one render removes the file only with the last that shows it."""
    space, project, task = await space_project_task(graph)
    first = await render(graph, space.id, "Shot", file=a_file("renders/shared.png"))
    second = await render(graph, space.id, "Shot again")
    stored = json.dumps(a_file("renders/shared.png"), sort_keys=True)
    await graph.driver.execute_query(
        SET_PROPERTIES, {"id": second.id, "props": {"file": stored}}, database_=graph.database
    )
    for dry_run in (True, False):
        report = await deletion.delete_asset(graph, first.id, dry_run)
        assert report.deleted_files == ()
        if dry_run:
            shared = (await violations(graph, "render_file_key_shared"))["render_file_key_shared"]
            assert [v["renders"] for v in shared] == [sorted([first.id, second.id])]
    report = await deletion.delete_asset(graph, second.id)
    assert report.deleted_files == ("renders/shared.png",)

    # A task's clone of a project render shows the render's file; deleting the task
    # (clone and all) leaves the file to the render.
    poster = await render(graph, project.id, "Poster", file=a_file("renders/poster.png"))
    await cloning.use_in_task(graph, task.id, poster.id)
    report = await deletion.delete_task(graph, task.id, "DELETE_RENDERS")
    assert report.deleted_files == ()


# --- Style bindings name a style in reach, of the same space ------------------------------


async def test_a_style_binding_names_a_style_in_reach(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    ink = await canonical(graph, space.id, "STYLE", "Ink")
    other = await containers.create(graph, Layer.SPACE, "Someone else's")
    foreign = await canonical(graph, other.id, "STYLE", "Their ink")
    kitchen = await canonical(graph, space.id, "SCENE", "Kitchen")
    sibling = await containers.create(graph, Layer.TASK, "Panel 2", project.id)
    ink_p = await cloning.import_to_project(graph, project.id, ink.id)
    sibling_ink = await cloning.use_in_task(graph, sibling.id, ink_p.id)

    def create(binding: str) -> Any:
        fields = {"style_binding": binding}
        return definitions.create_definition(graph, space.id, "CHARACTER", "J", fields=fields)

    for binding, problem in (
        ("nope", "no style with id 'nope' in this space"),
        (foreign.id, f"no style with id {foreign.id!r} in this space"),
        (kitchen.id, "not a style"),
    ):
        error = await refused(graph, ValidationError, create(binding))
        assert error.field == "fields.style_binding" and problem in error.message
    jennifer = await create(ink.id)
    assert jennifer.fields["style_binding"] == ink.id

    # Changes are checked where the asset lives; an unchanged binding is left alone.
    base = await cloning.import_to_project(graph, project.id, kitchen.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    for bad in (foreign.id, sibling_ink.id):
        error = await refused(
            graph,
            ValidationError,
            cloning.derive_working_clone(graph, task_base.id, {"fields": {"style_binding": bad}}),
        )
        assert error.field == "fields.style_binding"
    working = await cloning.derive_working_clone(
        graph, base.id, {"fields": {"style_binding": ink_p.id}}
    )
    error = await refused(
        graph,
        ValidationError,
        definitions.update_asset(graph, working.id, {"fields": {"style_binding": "nope"}}),
    )
    assert error.field == "fields.style_binding"
    changed = {"fields": {"style_binding": ink_p.id, "base_layout": "open"}}
    assert (await definitions.update_asset(graph, working.id, changed)).fields == changed["fields"]


async def test_the_file_key_migration_gives_each_old_file_one_owner(graph: Database) -> None:
    """Renders registered before keys were unique: the oldest render of a shared file owns
    it, the others and clones own none, and from then on the constraint holds."""
    shared = json.dumps(a_file("renders/old.png"), sort_keys=True)
    own = json.dumps(a_file("renders/own.png"), sort_keys=True)
    await create_renders(
        graph,
        [
            {
                "props": {"id": "r-new", "origin": "ORIGINAL", "file": shared},
                "at": "2026-02-01",
            },
            {
                "props": {"id": "r-old", "origin": "ORIGINAL", "file": shared},
                "at": "2026-01-01",
            },
            {"props": {"id": "r-own", "origin": "ORIGINAL", "file": own}, "at": "2026-03-01"},
            {
                "props": {"id": "r-clone", "origin": "BASE_CLONE", "file": own},
                "at": "2026-04-01",
            },
        ],
    )
    # As on a database these renders were registered in before version 6 was applied.
    await graph.run_autocommit(cypher.load("test/delete_schema_migrations"))
    await migrations.apply(graph)
    await graph.run_autocommit(cypher.load("test/delete_schema_migrations"))
    await migrations.apply(graph)  # idempotent
    records = await graph.read(cypher.load("test/get_graph_state"))
    keys = {
        n["props"]["id"]: n["props"].get("file_key")
        for n in records[0]["nodes"]
        if "Render" in n["labels"]
    }
    assert keys == {
        "r-old": "renders/old.png", "r-new": None, "r-own": "renders/own.png", "r-clone": None,
    }  # fmt: skip
    with pytest.raises(ConstraintError):
        await create_renders(graph, [{"props": {"id": "r-again", "file_key": "renders/own.png"}}])


async def create_renders(graph: Database, rows: list[dict[str, Any]]) -> None:
    rows = [{"at": None, **row} for row in rows]
    await graph.driver.execute_query(CREATE_RENDERS, {"rows": rows}, database_=graph.database)
