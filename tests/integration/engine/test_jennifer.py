"""Jennifer's lifecycle (v1 section 8), asserting lock state and reasons at every step."""

from __future__ import annotations

import pytest

from lineage.domain.enums import Classification, Layer, Origin, State
from lineage.domain.errors import Immutable, NotDeletable
from lineage.graph.database import Database
from lineage.services import cloning, definitions, deletion, lifecycle, renders
from lineage.services.renders import RenderInput

from .helpers import canonical, fetch, lock_state, space_project_task


async def test_jennifer_lifecycle(graph: Database) -> None:
    space, project, task1 = await space_project_task(graph)
    jennifer = await definitions.create_definition(
        graph, space.id, "CHARACTER", "Jennifer", fields={"canonical_tags": ["protagonist"]}
    )
    # A draft test render in the space does not lock the draft (v1 5.1).
    neutral_ref = await renders.register_render(
        graph, space.id, "Jennifer portrait", [RenderInput(jennifer.id)]
    )
    assert neutral_ref.classification == Classification.CHARACTER
    state = await lock_state(graph, jennifer.id)
    assert not state.locked and not state.deletable
    jennifer = await definitions.update_asset(graph, jennifer.id, {"description": "lead"})

    jennifer = await lifecycle.transition(graph, jennifer.id, "CANONICAL")
    assert jennifer.state == State.CANONICAL
    living_room = await canonical(graph, space.id, "SCENE", "LivingRoom")
    comic_style = await canonical(graph, space.id, "STYLE", "ComicStyle_v1")

    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    assert (base.layer, base.origin) == (Layer.PROJECT, Origin.BASE_CLONE)
    assert base.content_hash == jennifer.content_hash
    assert await cloning.import_to_project(graph, project.id, jennifer.id) == base

    state = await lock_state(graph, jennifer.id)
    assert state.locked and state.immutable and not state.deletable
    assert [(r.dependent_id, r.path) for r in state.reasons] == [(base.id, (jennifer.id, base.id))]
    with pytest.raises(Immutable):
        await definitions.update_asset(graph, jennifer.id, {"description": "changed"})
    with pytest.raises(Immutable):
        await definitions.update_asset(graph, base.id, {"description": "changed"})

    variants = {}
    for mood in ("exuberant", "sullen", "determined"):
        clone = await cloning.derive_working_clone(graph, base.id, {"name": f"Jennifer_{mood}"})
        variants[mood] = await lifecycle.transition(graph, clone.id, "CANONICAL")
    assert not (await lock_state(graph, variants["sullen"].id)).locked

    scene_base = await cloning.import_to_project(graph, project.id, living_room.id)
    morning = await cloning.derive_working_clone(
        graph, scene_base.id, {"name": "LivingRoom_scene_morning"}
    )
    style_base = await cloning.import_to_project(graph, project.id, comic_style.id)

    frame = await renders.register_render(
        graph,
        task1.id,
        "Panel 1",
        [RenderInput(variants["exuberant"].id), RenderInput(morning.id),
         RenderInput(style_base.id)],
        prompt="Jennifer laughing in the living room",
    )  # fmt: skip
    assert frame.classification == Classification.COMPILATION
    assert frame.task_id == task1.id and frame.project_id == project.id
    assert set(frame.upstream_space_ids) == {jennifer.id, living_room.id, comic_style.id}
    frame = await lifecycle.transition(graph, frame.id, "APPROVED")

    exuberant = await lock_state(graph, variants["exuberant"].id)
    assert exuberant.locked  # its task base clone derives from it
    with pytest.raises(NotDeletable):
        await deletion.delete_asset(graph, variants["exuberant"].id)

    # The space-level Jennifer stays pristine.
    assert (await fetch(graph, jennifer.id)).content_hash == jennifer.content_hash

    # Deleting the task, keeping renders, leaves the frame in the project, still locking.
    report = await deletion.delete_task(graph, task1.id, "KEEP_RENDERS")
    assert frame.id in report.moved
    moved = await fetch(graph, frame.id)
    assert moved.layer == Layer.PROJECT and moved.task_id is None
    assert (await lock_state(graph, variants["exuberant"].id)).locked
