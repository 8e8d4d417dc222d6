"""Every kind of refusal, each naming what was wrong; after each, nothing in the graph changed."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass

import pytest

from lineage.domain.enums import Layer
from lineage.domain.errors import (
    Immutable,
    InvalidTransition,
    MergeConflict,
    NotDeletable,
    NotFound,
    NotImportable,
    NotUsable,
    ScopeViolation,
    ValidationError,
)
from lineage.domain.model import Asset, Container
from lineage.graph.database import Database
from lineage.services import (
    cloning,
    containers,
    definitions,
    deletion,
    lifecycle,
    renders,
    versions,
)
from lineage.services.renders import RenderInput

from .helpers import (
    BASE,
    RENDER,
    approved,
    canonical,
    derived,
    refused,
    render,
    space_project_task,
    used,
)


@dataclass
class World:
    space: Container
    project: Container
    task: Container
    jennifer: Asset  # canonical, imported
    base: Asset  # project base clone of jennifer
    working: Asset  # project working clone
    task_base: Asset  # task base clone of working
    task_working: Asset  # task working clone, used by frame
    frame: Asset  # task render using task_working
    draft: Asset  # draft space definition
    portrait: Asset  # approved space render of jennifer
    draft_render: Asset  # draft space render of draft
    deprecated: Asset  # space definitions in those states
    archived: Asset
    discarded_render: Asset  # discarded space render
    archived_render: Asset  # archived space render
    other_space: Container
    foreign: Asset  # canonical definition of the other space
    sibling_project: Container
    sibling_base: Asset  # base clone in the sibling project
    sibling_task: Container
    sibling_task_base: Asset  # task base clone in the sibling task


async def build(db: Database) -> World:
    space, project, task = await space_project_task(db)
    jennifer = await canonical(db, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(db, project.id, jennifer.id)
    working = await cloning.derive_working_clone(db, base.id, {"name": "Jennifer_sullen"})
    task_base = await cloning.use_in_task(db, task.id, working.id)
    task_working = await cloning.derive_working_clone(db, task_base.id)
    frame = await render(db, task.id, "Panel 1", task_working.id)
    draft = await definitions.create_definition(db, space.id, "SCENE", "Kitchen")
    portrait = await approved(db, space.id, "Portrait", jennifer.id)
    draft_render = await render(db, space.id, "Kitchen test", draft.id)
    deprecated = await canonical(db, space.id, "STYLE", "Old ink")
    deprecated = await lifecycle.transition(db, deprecated.id, "DEPRECATED")
    archived = await definitions.create_definition(db, space.id, "STYLE", "Abandoned")
    archived = await lifecycle.transition(db, archived.id, "ARCHIVED")
    discarded_render = await render(db, space.id, "Bad shot", jennifer.id)
    discarded_render = await lifecycle.transition(db, discarded_render.id, "DISCARDED")
    archived_render = await approved(db, space.id, "Old shot", jennifer.id)
    archived_render = await lifecycle.transition(db, archived_render.id, "ARCHIVED")
    other_space = await containers.create(db, Layer.SPACE, "Someone else's")
    foreign = await canonical(db, other_space.id, "CHARACTER", "Stranger")
    sibling_project = await containers.create(db, Layer.PROJECT, "Comic #2", space.id)
    sibling_base = await cloning.import_to_project(db, sibling_project.id, jennifer.id)
    sibling_task = await containers.create(db, Layer.TASK, "Panel 2", project.id)
    sibling_task_base = await cloning.use_in_task(db, sibling_task.id, base.id)
    return World(
        space, project, task, jennifer, base, working, task_base, task_working, frame, draft,
        portrait, draft_render, deprecated, archived, discarded_render, archived_render,
        other_space, foreign, sibling_project, sibling_base, sibling_task, sibling_task_base,
    )  # fmt: skip


@pytest.fixture
async def world(graph: Database) -> World:
    return await build(graph)


# --- NotFound ---------------------------------------------------------------------------


async def test_not_found(graph: Database, world: World) -> None:
    w = world
    attempts = [
        (definitions.update_asset(graph, "nope", {"name": "x"}), "asset"),
        (lifecycle.transition(graph, "nope", "CANONICAL"), "asset"),
        (deletion.delete_asset(graph, "nope"), "asset"),
        (deletion.delete_asset(graph, "nope", dry_run=True), "asset"),
        (cloning.import_to_project(graph, w.project.id, "nope"), "asset"),
        (cloning.import_to_project(graph, "nope", w.jennifer.id), "container"),
        (cloning.use_in_task(graph, w.task.id, "nope"), "asset"),
        (cloning.use_in_task(graph, "nope", w.working.id), "container"),
        (cloning.derive_working_clone(graph, "nope"), "asset"),
        (definitions.create_definition(graph, "nope", "CHARACTER", "X"), "container"),
        (renders.register_render(graph, "nope", "X"), "container"),
        (render(graph, w.task.id, "Panel", "nope"), "asset"),
        (renders.attach_base_view(graph, "nope", w.frame.id, "portrait"), "definition"),
        (renders.attach_base_view(graph, w.jennifer.id, "nope", "portrait"), "render"),
        (deletion.delete_task(graph, "nope"), "container"),
        (deletion.delete_container(graph, "nope"), "container"),
        (containers.create(graph, Layer.PROJECT, "X", "nope"), "container"),
        (containers.create(graph, Layer.TASK, "X", w.space.id), "project"),
        (versions.create_version(graph, "nope"), "asset"),
        (versions.check_for_updates(graph, "nope"), "asset"),
        (versions.rebase(graph, "nope"), "asset"),
        (lifecycle.transition(graph, w.task.id, "CANONICAL"), "asset"),  # a container id
    ]
    for action, kind in attempts:
        error = await refused(graph, NotFound, action)
        assert error.kind == kind, error.message
        assert error.entity_id in ("nope", w.space.id, w.task.id)


# --- Immutable --------------------------------------------------------------------------


async def test_immutable_names_every_reason(graph: Database, world: World) -> None:
    w = world
    error = await refused(
        graph, Immutable, definitions.update_asset(graph, w.jennifer.id, {"description": "x"})
    )
    assert error.asset_id == w.jennifer.id
    assert reasons_of(error) == {
        derived(w.base.id, w.jennifer.id), derived(w.sibling_base.id, w.jennifer.id),
        used(w.portrait.id, w.jennifer.id), used(w.archived_render.id, w.jennifer.id),
    }  # fmt: skip
    assert "derive a working clone or create a new version" in error.message

    error = await refused(
        graph, Immutable, definitions.update_asset(graph, w.base.id, {"name": "x"})
    )
    assert reasons_of(error) == {
        BASE, derived(w.working.id, w.base.id), derived(w.sibling_task_base.id, w.base.id),
    }  # fmt: skip
    error = await refused(
        graph, Immutable, definitions.update_asset(graph, w.task_base.id, {"name": "x"})
    )
    assert reasons_of(error) == {BASE, derived(w.task_working.id, w.task_base.id)}
    error = await refused(
        graph, Immutable, definitions.update_asset(graph, w.task_working.id, {"name": "x"})
    )
    assert reasons_of(error) == {used(w.frame.id, w.task_working.id)}
    error = await refused(
        graph, Immutable, definitions.update_asset(graph, w.frame.id, {"prompt": "x"})
    )
    assert reasons_of(error) == {RENDER}
    # A space draft used only by a draft render is not locked; a render still is immutable.
    await definitions.update_asset(graph, w.draft.id, {"description": "messy"})
    error = await refused(
        graph, Immutable, definitions.update_asset(graph, w.draft_render.id, {"name": "x"})
    )
    assert reasons_of(error) == {RENDER}
    assert error.details()["reasons"][0]["kind"] == "RENDER"


def reasons_of(error: Immutable) -> set[tuple[str, str | None, tuple[str, ...]]]:
    return {(str(r.kind), r.dependent_id, r.path) for r in error.reasons}


# --- NotDeletable -----------------------------------------------------------------------


async def test_not_deletable_names_every_blocker(graph: Database, world: World) -> None:
    w = world
    for dry_run in (True, False):
        error = await refused(
            graph, NotDeletable, deletion.delete_asset(graph, w.draft.id, dry_run)
        )
        # The draft render does not lock the draft, but it would dangle.
        assert {(b.dependent_id, b.edge, b.binding) for b in error.blockers} == {
            (w.draft_render.id, "USES", False)
        }
        error = await refused(graph, NotDeletable, deletion.delete_asset(graph, w.base.id, dry_run))
        assert {(b.dependent_id, b.edge) for b in error.blockers} == {
            (w.working.id, "DERIVES_FROM"), (w.sibling_task_base.id, "DERIVES_FROM"),
        }  # fmt: skip
        assert error.details()["blockers"][0]["dependent_type"] == "CHARACTER"

    # A task whose render is used by another task cannot go with its renders.
    taken = await cloning.use_in_task(graph, w.sibling_task.id, w.frame.id)
    error = await refused(
        graph, NotDeletable, deletion.delete_task(graph, w.task.id, "DELETE_RENDERS")
    )
    assert error.asset_id == w.task.id
    assert [(b.dependent_id, b.edge) for b in error.blockers] == [(taken.id, "DERIVES_FROM")]


# --- InvalidTransition ------------------------------------------------------------------


async def test_invalid_transition_carries_the_allowed_set(graph: Database, world: World) -> None:
    w = world
    error = await refused(
        graph, InvalidTransition, lifecycle.transition(graph, w.frame.id, "CANONICAL")
    )
    assert error.allowed == ("APPROVED", "DISCARDED")
    error = await refused(
        graph, InvalidTransition, lifecycle.transition(graph, w.base.id, "DEPRECATED")
    )
    assert error.allowed == ()
    assert "no transition is allowed" in error.message


# --- NotUsable --------------------------------------------------------------------------


async def test_not_usable_for_import(graph: Database, world: World) -> None:
    w = world
    for source in (w.deprecated, w.archived, w.discarded_render, w.archived_render):
        error = await refused(
            graph, NotUsable, cloning.import_to_project(graph, w.project.id, source.id)
        )
        assert (error.asset_id, error.state) == (source.id, source.state)


async def test_not_usable_for_use_in_task_and_clone(graph: Database, world: World) -> None:
    w = world
    retired = await cloning.derive_working_clone(graph, w.base.id, {"name": "Jennifer_old"})
    retired = await lifecycle.transition(graph, retired.id, "ARCHIVED")
    old = await cloning.derive_working_clone(graph, w.base.id, {"name": "Jennifer_older"})
    await lifecycle.transition(graph, old.id, "CANONICAL")
    old = await lifecycle.transition(graph, old.id, "DEPRECATED")
    thrown = await render(graph, w.project.id, "Thrown away", w.base.id)
    thrown = await lifecycle.transition(graph, thrown.id, "DISCARDED")
    for source in (retired, old, thrown):
        error = await refused(graph, NotUsable, cloning.use_in_task(graph, w.task.id, source.id))
        assert error.asset_id == source.id

    # A discarded task base render clone gives no variants.
    shot = await render(graph, w.project.id, "Shot", w.base.id)
    task_shot = await cloning.use_in_task(graph, w.task.id, shot.id)
    task_shot = await lifecycle.transition(graph, task_shot.id, "DISCARDED")
    await refused(graph, NotUsable, cloning.derive_working_clone(graph, task_shot.id))
    # ...and a deprecated definition no new version.
    await refused(graph, NotUsable, versions.create_version(graph, w.deprecated.id))


async def test_not_usable_as_render_input(graph: Database, world: World) -> None:
    w = world
    for source in (w.deprecated, w.archived, w.discarded_render, w.archived_render):
        error = await refused(graph, NotUsable, render(graph, w.space.id, "New", source.id))
        assert error.asset_id == source.id
    # In a task, a retired project input is refused while being taken into the task, and
    # the clone of the good input made just before goes with the refusal.
    fresh = await cloning.derive_working_clone(graph, w.base.id, {"name": "Jennifer_fresh"})
    old = await cloning.derive_working_clone(graph, w.base.id, {"name": "Jennifer_old"})
    old = await lifecycle.transition(graph, old.id, "ARCHIVED")
    await refused(graph, NotUsable, render(graph, w.task.id, "Panel", fresh.id, old.id))


# --- ScopeViolation ---------------------------------------------------------------------


async def test_definitions_are_created_only_in_a_space(graph: Database, world: World) -> None:
    for container in (world.project, world.task):
        error = await refused(
            graph,
            ScopeViolation,
            definitions.create_definition(graph, container.id, "CHARACTER", "Jennifer_2"),
        )
        assert "only in a space" in error.message


async def test_nothing_reaches_another_space(graph: Database, world: World) -> None:
    w = world
    await refused(
        graph, ScopeViolation, cloning.import_to_project(graph, w.project.id, w.foreign.id)
    )
    await refused(graph, ScopeViolation, render(graph, w.space.id, "Crossover", w.foreign.id))
    other_project = await containers.create(graph, Layer.PROJECT, "Theirs", w.other_space.id)
    await refused(
        graph, ScopeViolation, cloning.import_to_project(graph, other_project.id, w.jennifer.id)
    )
    await refused(graph, ScopeViolation, render(graph, other_project.id, "Stolen", w.base.id))


async def test_nothing_reaches_sideways(graph: Database, world: World) -> None:
    w = world
    # A sibling project's asset, directly or taken into a task.
    await refused(graph, ScopeViolation, cloning.use_in_task(graph, w.task.id, w.sibling_base.id))
    await refused(graph, ScopeViolation, render(graph, w.task.id, "Panel", w.sibling_base.id))
    await refused(graph, ScopeViolation, render(graph, w.project.id, "Cover", w.sibling_base.id))
    # A sibling task's clone.
    await refused(graph, ScopeViolation, render(graph, w.task.id, "Panel", w.sibling_task_base.id))
    await refused(
        graph, ScopeViolation, cloning.use_in_task(graph, w.task.id, w.sibling_task_base.id)
    )


async def test_render_inputs_stay_in_the_container_chain(graph: Database, world: World) -> None:
    w = world
    # Lower layers are out of reach: a project render cannot use a task clone, a space
    # render a project clone.
    await refused(graph, ScopeViolation, render(graph, w.project.id, "Cover", w.task_working.id))
    await refused(graph, ScopeViolation, render(graph, w.space.id, "Ref", w.base.id))
    await refused(graph, ScopeViolation, render(graph, w.space.id, "Ref", w.frame.id))
    # Nor a base view from below its definition.
    await refused(
        graph,
        ScopeViolation,
        renders.attach_base_view(graph, w.jennifer.id, w.frame.id, "portrait"),
    )


async def test_clones_follow_the_chain(graph: Database, world: World) -> None:
    w = world
    await refused(graph, ScopeViolation, cloning.derive_working_clone(graph, w.jennifer.id))
    await refused(graph, ScopeViolation, cloning.derive_working_clone(graph, w.working.id))
    await refused(graph, ScopeViolation, cloning.derive_working_clone(graph, w.task_working.id))
    await refused(graph, ScopeViolation, cloning.use_in_task(graph, w.task.id, w.jennifer.id))
    await refused(graph, ScopeViolation, cloning.import_to_project(graph, w.task.id, w.jennifer.id))
    await refused(graph, ScopeViolation, cloning.use_in_task(graph, w.project.id, w.working.id))
    await refused(graph, ScopeViolation, deletion.delete_task(graph, w.project.id))
    await refused(graph, ScopeViolation, deletion.delete_container(graph, w.task.id))
    await refused(graph, ScopeViolation, versions.create_version(graph, w.base.id))


# --- NotImportable ----------------------------------------------------------------------


async def test_not_importable(graph: Database, world: World) -> None:
    w = world
    for source, why in (
        (w.draft, "DRAFT"),
        (w.draft_render, "DRAFT"),
        (w.base, "project"),
        (w.working, "project"),
        (w.frame, "task"),
    ):
        error = await refused(
            graph, NotImportable, cloning.import_to_project(graph, w.sibling_project.id, source.id)
        )
        assert error.asset_id == source.id and why in error.why


# --- MergeConflict ----------------------------------------------------------------------


async def test_rebase_conflict(graph: Database, world: World) -> None:
    w = world
    hero = await canonical(
        graph, w.space.id, "CHARACTER", "Hero", fields={"proportion_profile": "realistic"}
    )
    base = await cloning.import_to_project(graph, w.project.id, hero.id)
    ours = {"fields": {"proportion_profile": "caricature"}}
    working = await cloning.derive_working_clone(graph, base.id, ours)
    theirs = {"fields": {"proportion_profile": "chibi"}}
    newer = await versions.create_version(graph, hero.id, "MAJOR", theirs)
    await lifecycle.transition(graph, newer.id, "CANONICAL")
    error = await refused(graph, MergeConflict, versions.rebase(graph, working.id))
    assert error.asset_id == working.id
    assert [c.to_dict() for c in error.conflicts] == [
        {"path": "fields.proportion_profile", "base": "realistic", "theirs": "chibi",
         "ours": "caricature"}
    ]  # fmt: skip


# --- ValidationError --------------------------------------------------------------------


async def test_validation(graph: Database, world: World) -> None:
    w = world
    space = w.space.id

    def create(**kw: object) -> Awaitable[object]:
        args: dict[str, object] = {"type": "CHARACTER", "name": "Jennifer", **kw}
        return definitions.create_definition(graph, space, **args)  # type: ignore[arg-type]

    attempts = [
        (create(name="   "), "name"),
        (create(name=""), "name"),
        (create(name="x" * 201), "name"),
        (create(description="x" * 10_001), "description"),
        (create(type="WIZARD"), "type"),
        (create(type="RENDER"), "type"),
        (create(fields={"hair": "red"}), "fields.hair"),
        (create(fields={"canonical_tags": "hero"}), "fields.canonical_tags"),
        (create(fields={"proportion_profile": 3}), "fields.proportion_profile"),
        (create(type="STYLE", fields={"parameters": [1]}), "fields.parameters"),
        (create(neutral=True), "neutral"),
        (create(version="v2"), "version"),
        (containers.create(graph, Layer.PROJECT, "", space), "name"),
        (definitions.update_asset(graph, w.working.id, {"state": "CANONICAL"}), "state"),
        (definitions.update_asset(graph, w.working.id, {"name": " "}), "name"),
        (definitions.update_asset(graph, w.working.id, {"neutral": True}), "neutral"),
        (lifecycle.transition(graph, w.working.id, "GONE"), "state"),
        (deletion.delete_task(graph, w.task.id, "ALL"), "mode"),
        (versions.create_version(graph, w.jennifer.id, "HUGE"), "bump"),
        (render(graph, w.task.id, "x" * 201), "name"),
        (render(graph, w.task.id, "Panel", RenderInput(w.task_base.id, "HERO")), "role"),
        (render(graph, w.task.id, "Panel", RenderInput(w.task_base.id, "SCENE")), "inputs"),
        (renders.mark_final(graph, w.frame.id), "state"),
    ]
    for action, field in attempts:
        error = await refused(graph, ValidationError, action)
        assert error.field == field, error.message
