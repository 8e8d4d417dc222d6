"""Every cell of the transition tables (docs/domain.md §5) on real assets of every kind, plus the
force rule, drifted inputs on approval, and publishing a new version."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import pytest

from lineage.domain.enums import Layer, Origin, State
from lineage.domain.errors import DriftedInputs, InvalidTransition, ValidationError
from lineage.domain.model import Asset, Container
from lineage.graph.database import Database
from lineage.services import cloning, definitions, lifecycle, versions

from .helpers import approved, canonical, fetch, lock_state, refused, render, space_project_task

D, C, E = State.DRAFT, State.CANONICAL, State.EXPERIMENTAL
DEP, AR = State.DEPRECATED, State.ARCHIVED
AP, DIS = State.APPROVED, State.DISCARDED

# docs/domain.md §5, restated: from state -> allowed targets, per kind. Unlisted kinds never move.
SPACE_DEFINITION = {D: {C, AR, E}, E: {D, AR}, C: {DEP}, DEP: {AR}, AR: set()}
PROJECT_WORKING = {D: {C, AR}, C: {DEP}, DEP: {AR}, AR: set()}
RENDERS = {D: {AP, DIS}, AP: {AR}, DIS: set(), AR: set()}

# How a fresh DRAFT asset reaches a state through allowed transitions (renders reach
# ARCHIVED through APPROVED).
PATHS: Mapping[State, tuple[State, ...]] = {
    D: (), E: (E,), C: (C,), DEP: (C, DEP), AR: (AR,), AP: (AP,), DIS: (DIS,),
}  # fmt: skip


@dataclass
class World:
    db: Database
    space: Container
    project: Container
    task: Container
    made: int = 0

    def name(self) -> str:
        self.made += 1
        return f"asset {self.made}"


Maker = Callable[[World, str], Awaitable[Asset]]


async def space_original(w: World, type: str) -> Asset:
    if type == "RENDER":
        return await render(w.db, w.space.id, w.name())
    return await definitions.create_definition(w.db, w.space.id, type, w.name())


async def project_base(w: World, type: str) -> Asset:
    if type == "RENDER":
        source = await approved(w.db, w.space.id, w.name())
    else:
        source = await canonical(w.db, w.space.id, type, w.name())
    return await cloning.import_to_project(w.db, w.project.id, source.id)


async def project_working(w: World, type: str) -> Asset:
    return await cloning.derive_working_clone(w.db, (await project_base(w, type)).id)


async def project_original(w: World, type: str) -> Asset:
    return await render(w.db, w.project.id, w.name())


async def task_base(w: World, type: str) -> Asset:
    # From a draft project asset, so that the clone starts in DRAFT too; a render of a
    # character, since compilations are never varied.
    if type == "RENDER":
        character = await project_base(w, "CHARACTER")
        source = await render(w.db, w.project.id, w.name(), character.id)
    else:
        source = await project_working(w, type)
    return await cloning.use_in_task(w.db, w.task.id, source.id)


async def task_working(w: World, type: str) -> Asset:
    return await cloning.derive_working_clone(w.db, (await task_base(w, type)).id)


async def task_original(w: World, type: str) -> Asset:
    return await render(w.db, w.task.id, w.name())


async def task_base_of_canonical(w: World, type: str) -> Asset:
    return await cloning.use_in_task(w.db, w.task.id, (await project_base(w, type)).id)


@dataclass(frozen=True)
class Kind:
    layer: Layer
    origin: Origin
    make: Maker
    table: Mapping[State, set[State]]  # from state -> allowed targets
    reachable: tuple[State, ...]  # the from-states real assets of this kind can be in


DEFINITION_KINDS = [
    Kind(Layer.SPACE, Origin.ORIGINAL, space_original, SPACE_DEFINITION, (D, E, C, DEP, AR)),
    Kind(Layer.PROJECT, Origin.BASE_CLONE, project_base, {}, (C,)),
    Kind(Layer.PROJECT, Origin.WORKING_CLONE, project_working, PROJECT_WORKING, (D, C, DEP, AR)),
    Kind(Layer.TASK, Origin.BASE_CLONE, task_base, {}, (D,)),
    Kind(Layer.TASK, Origin.BASE_CLONE, task_base_of_canonical, {}, (C,)),
    Kind(Layer.TASK, Origin.WORKING_CLONE, task_working, {}, (D,)),
]
RENDER_KINDS = [
    Kind(Layer.SPACE, Origin.ORIGINAL, space_original, RENDERS, (D, AP, DIS, AR)),
    Kind(Layer.PROJECT, Origin.BASE_CLONE, project_base, RENDERS, (AP, AR)),
    Kind(Layer.PROJECT, Origin.ORIGINAL, project_original, RENDERS, (D, AP, DIS, AR)),
    Kind(Layer.TASK, Origin.BASE_CLONE, task_base, RENDERS, (D, AP, DIS, AR)),
    Kind(Layer.TASK, Origin.WORKING_CLONE, task_working, RENDERS, (D, AP, DIS, AR)),
    Kind(Layer.TASK, Origin.ORIGINAL, task_original, RENDERS, (D, AP, DIS, AR)),
]
CASES = [
    pytest.param(type, kind, id=f"{type}-{kind.layer}-{kind.origin}-{kind.make.__name__}")
    for type in ("CHARACTER", "SCENE", "STYLE")
    for kind in DEFINITION_KINDS
] + [
    pytest.param("RENDER", kind, id=f"RENDER-{kind.layer}-{kind.origin}-{kind.make.__name__}")
    for kind in RENDER_KINDS
]


def path(start: State, state: State, render: bool) -> tuple[State, ...]:
    if start == state:
        return ()
    if start == D and render and state == AR:
        return (AP, AR)
    if start == D:
        return PATHS[state]
    assert (start, state) == (AP, AR), f"no path from {start} to {state}"
    return (AR,)


async def in_state(w: World, type: str, kind: Kind, state: State) -> Asset:
    """A fresh asset of this kind, brought to `state` by allowed transitions."""
    asset = await kind.make(w, type)
    assert (asset.type, asset.layer, asset.origin) == (type, kind.layer, kind.origin)
    for step in path(asset.state, state, asset.is_render):
        asset = await lifecycle.transition(w.db, asset.id, step)
    assert asset.state == state
    return asset


@pytest.mark.parametrize(("type", "kind"), CASES)
async def test_every_transition_cell(graph: Database, type: str, kind: Kind) -> None:
    w = World(graph, *await space_project_task(graph))
    for source in kind.reachable:
        allowed = kind.table.get(source, set())
        # One asset takes every refusal: a refused transition leaves the state alone.
        asset = await in_state(w, type, kind, source)
        for target in State:
            if target in allowed:
                continue
            error = await refused(
                graph, InvalidTransition, lifecycle.transition(graph, asset.id, target)
            )
            assert (error.from_state, error.to_state) == (source, target)
            assert set(error.allowed) == allowed, f"{source}->{target}: allowed set"
            assert error.details()["allowed"] == sorted(allowed)
        # A fresh asset per allowed cell.
        for target in sorted(allowed):
            moved = await lifecycle.transition(
                graph, (await in_state(w, type, kind, source)).id, target
            )
            assert moved.state == target
            assert (await fetch(graph, moved.id)).state == target


async def test_archiving_a_canonical_space_definition_needs_force(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    error = await refused(
        graph, InvalidTransition, lifecycle.transition(graph, jennifer.id, "ARCHIVED")
    )
    assert error.needs_force and error.allowed == ("DEPRECATED",)
    assert "force" in error.message
    # Force opens only that cell.
    draft = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    error = await refused(
        graph, InvalidTransition, lifecycle.transition(graph, draft.id, "DEPRECATED", force=True)
    )
    assert not error.needs_force
    # A project working clone cannot be forced there.
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    working = await cloning.derive_working_clone(graph, base.id)
    working = await lifecycle.transition(graph, working.id, "CANONICAL")
    error = await refused(
        graph, InvalidTransition, lifecycle.transition(graph, working.id, "ARCHIVED", force=True)
    )
    assert not error.needs_force and error.allowed == ("DEPRECATED",)

    # Locked (imported) it may still be archived with force: content does not change.
    assert (await lock_state(graph, jennifer.id)).locked
    archived = await lifecycle.transition(graph, jennifer.id, "ARCHIVED", force=True)
    assert archived.state == State.ARCHIVED


async def test_unknown_target_state_is_a_validation_error(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    draft = await definitions.create_definition(graph, space.id, "STYLE", "Ink")
    error = await refused(graph, ValidationError, lifecycle.transition(graph, draft.id, "FINAL"))
    assert error.field == "state" and "CANONICAL" in error.problem


async def test_approving_a_space_render_with_drifted_inputs_is_refused(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    jennifer = await definitions.create_definition(graph, space.id, "CHARACTER", "Jennifer")
    kitchen = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen", neutral=True)
    test_shot = await render(graph, space.id, "Test shot", jennifer.id, kitchen.id)
    # The draft render does not bind, so the draft definition may still be refined.
    jennifer = await definitions.update_asset(graph, jennifer.id, {"description": "taller"})
    error = await refused(
        graph, DriftedInputs, lifecycle.transition(graph, test_shot.id, "APPROVED")
    )
    assert [d.input_id for d in error.drifted] == [jennifer.id]
    drift = error.drifted[0]
    assert drift.role == "CHARACTER" and drift.current_hash == jennifer.content_hash
    assert drift.snapshot_hash != drift.current_hash
    assert jennifer.id in error.message

    # Discarding it is fine; a render of the current content may be approved.
    await lifecycle.transition(graph, test_shot.id, "DISCARDED")
    fresh = await render(graph, space.id, "Test shot 2", jennifer.id, kitchen.id)
    assert (await lifecycle.transition(graph, fresh.id, "APPROVED")).state == State.APPROVED
    # Now binding: the definition is locked.
    assert (await lock_state(graph, jennifer.id)).locked


async def test_publishing_a_version_deprecates_the_previous_canonical(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    first = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    second = await versions.create_version(graph, first.id, "MAJOR", {"description": "redesign"})
    assert (second.state, second.version) == (State.DRAFT, "2.0.0")
    assert (await fetch(graph, first.id)).state == State.CANONICAL  # a draft publishes nothing
    await lifecycle.transition(graph, second.id, "CANONICAL")
    assert (await fetch(graph, first.id)).state == State.DEPRECATED

    third = await versions.create_version(graph, second.id, "MINOR")
    await lifecycle.transition(graph, third.id, "CANONICAL", deprecate_previous=False)
    assert (await fetch(graph, second.id)).state == State.CANONICAL
    assert (await fetch(graph, third.id)).state == State.CANONICAL


async def test_publishing_leaves_a_non_canonical_previous_version_alone(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    first = await definitions.create_definition(graph, space.id, "STYLE", "Ink")
    second = await versions.create_version(graph, first.id, "PATCH")
    await lifecycle.transition(graph, second.id, "CANONICAL")
    assert (await fetch(graph, first.id)).state == State.DRAFT


def test_the_kinds_cover_every_layer_origin_pair() -> None:
    definitions_cells = {(k.layer, k.origin) for k in DEFINITION_KINDS}
    render_cells = {(k.layer, k.origin) for k in RENDER_KINDS}
    assert len(definitions_cells) == 5 and len(render_cells) == 6
