"""The lineage chains of v4 section 6, with the lock state and its reasons at every step."""

from __future__ import annotations

from lineage.domain.enums import Classification, Layer, Origin, State
from lineage.domain.errors import Immutable, ScopeViolation, ValidationError
from lineage.graph.database import Database
from lineage.services import cloning, containers, definitions, deletion, lifecycle
from lineage.services.renders import RenderInput

from .helpers import (
    BASE,
    RENDER,
    approved,
    canonical,
    derived,
    expect_lock,
    fetch,
    refused,
    render,
    space_project_task,
    used,
)


async def test_definition_chain(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    await expect_lock(graph, jennifer.id, locked=False, immutable=False, deletable=True)

    # Space canonical definition -> (import) project immutable base clone.
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    assert (base.layer, base.origin, base.project_id) == (
        Layer.PROJECT,
        Origin.BASE_CLONE,
        project.id,
    )
    assert base.content_hash == jennifer.content_hash and base.inherited_version == "1.0.0"
    await expect_lock(
        graph, jennifer.id, locked=True, immutable=True, deletable=False,
        why=[derived(base.id, jennifer.id)], blocked_by=[(base.id, "DERIVES_FROM", True)],
    )  # fmt: skip
    await expect_lock(graph, base.id, locked=False, immutable=True, deletable=True, why=[BASE])

    # -> (derive) project working clone.
    working = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_sullen"})
    assert (working.layer, working.origin, working.state) == (
        Layer.PROJECT, Origin.WORKING_CLONE, State.DRAFT,
    )  # fmt: skip
    await expect_lock(
        graph, base.id, locked=True, immutable=True, deletable=False,
        why=[BASE, derived(working.id, base.id)],
    )  # fmt: skip
    await expect_lock(graph, working.id, locked=False, immutable=False, deletable=True)

    # -> (used in task) task base clone.
    task_base = await cloning.use_in_task(graph, task.id, working.id)
    assert (task_base.layer, task_base.origin, task_base.task_id) == (
        Layer.TASK, Origin.BASE_CLONE, task.id,
    )  # fmt: skip
    assert task_base.content_hash == working.content_hash
    assert await cloning.use_in_task(graph, task.id, working.id) == task_base
    await expect_lock(
        graph, working.id, locked=True, immutable=True, deletable=False,
        why=[derived(task_base.id, working.id)],
    )  # fmt: skip
    await expect_lock(graph, task_base.id, locked=False, immutable=True, deletable=True, why=[BASE])

    # -> (derive) task working clone.
    task_working = await cloning.derive_working_clone(
        graph, task_base.id, {"description": "crying"}
    )
    assert (task_working.layer, task_working.origin) == (Layer.TASK, Origin.WORKING_CLONE)
    await expect_lock(
        graph, task_base.id, locked=True, immutable=True, deletable=False,
        why=[BASE, derived(task_working.id, task_base.id)],
    )  # fmt: skip
    await expect_lock(graph, task_working.id, locked=False, immutable=False, deletable=True)
    task_working = await definitions.update_asset(
        graph, task_working.id, {"description": "sobbing"}
    )

    # -> (generate) task render: a project render with task_id.
    frame = await render(graph, task.id, "Panel 1", task_working.id, prompt="Jennifer sobbing")
    assert (frame.layer, frame.origin, frame.state) == (Layer.TASK, Origin.ORIGINAL, State.DRAFT)
    assert (frame.project_id, frame.task_id) == (project.id, task.id)
    assert frame.classification == Classification.CHARACTER
    assert frame.upstream_space_ids == (jennifer.id,)
    await expect_lock(
        graph, task_working.id, locked=True, immutable=True, deletable=False,
        why=[used(frame.id, task_working.id)], blocked_by=[(frame.id, "USES", True)],
    )  # fmt: skip
    await expect_lock(graph, frame.id, locked=False, immutable=True, deletable=True, why=[RENDER])
    error = await refused(
        graph, Immutable, definitions.update_asset(graph, task_working.id, {"description": "x"})
    )
    assert error.reasons[0].dependent_id == frame.id

    # Each earlier link keeps its own lock, and the space definition is pristine.
    await expect_lock(
        graph, jennifer.id, locked=True, immutable=True, deletable=False,
        why=[derived(base.id, jennifer.id)],
    )  # fmt: skip
    assert (await fetch(graph, jennifer.id)).content_hash == jennifer.content_hash


async def test_project_input_in_a_task_render_goes_through_the_task_base_clone(
    graph: Database,
) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    working = await cloning.derive_working_clone(graph, base.id)

    frame = await render(graph, task.id, "Panel 2", working.id)
    task_base = await cloning.use_in_task(graph, task.id, working.id)  # the one made above
    await expect_lock(
        graph, task_base.id, locked=True, immutable=True, deletable=False,
        why=[BASE, used(frame.id, task_base.id)],
    )  # fmt: skip
    await expect_lock(
        graph, working.id, locked=True, immutable=True, deletable=False,
        why=[derived(task_base.id, working.id)],
    )  # fmt: skip


async def test_render_chain(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")

    # Space render: a draft or discarded one does not bind its input; an approved one does.
    sketch = await render(graph, space.id, "Jennifer sketch", jennifer.id)
    portrait = await render(graph, space.id, "Jennifer portrait", jennifer.id)
    assert portrait.classification == Classification.CHARACTER
    await lifecycle.transition(graph, sketch.id, "DISCARDED")
    await expect_lock(
        graph, jennifer.id, locked=False, immutable=False, deletable=False,
        blocked_by=[(portrait.id, "USES", False), (sketch.id, "USES", False)],
    )  # fmt: skip
    portrait = await lifecycle.transition(graph, portrait.id, "APPROVED")
    await expect_lock(
        graph, jennifer.id, locked=True, immutable=True, deletable=False,
        why=[used(portrait.id, jennifer.id)],
        blocked_by=[(portrait.id, "USES", True), (sketch.id, "USES", False)],
    )  # fmt: skip
    await expect_lock(
        graph, portrait.id, locked=False, immutable=True, deletable=True, why=[RENDER]
    )

    # -> (import) project base render clone.
    base = await cloning.import_to_project(graph, project.id, portrait.id)
    assert (base.type, base.layer, base.origin) == ("RENDER", Layer.PROJECT, Origin.BASE_CLONE)
    assert base.content_hash == portrait.content_hash
    assert base.classification == Classification.CHARACTER
    await expect_lock(
        graph, portrait.id, locked=True, immutable=True, deletable=False,
        why=[RENDER, derived(base.id, portrait.id)],
    )  # fmt: skip
    await expect_lock(
        graph, base.id, locked=False, immutable=True, deletable=True, why=[BASE, RENDER]
    )

    # -> (used in task) task base render clone.
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    assert (task_base.layer, task_base.origin) == (Layer.TASK, Origin.BASE_CLONE)
    await expect_lock(
        graph, base.id, locked=True, immutable=True, deletable=False,
        why=[BASE, RENDER, derived(task_base.id, base.id)],
    )  # fmt: skip
    await expect_lock(
        graph, task_base.id, locked=False, immutable=True, deletable=True, why=[BASE, RENDER]
    )

    # -> (derive) task variant render clone: the one render that may still change.
    variant = await cloning.derive_working_clone(
        graph, task_base.id, {"prompt": "nighttime variant"}
    )
    assert (variant.layer, variant.origin, variant.prompt) == (
        Layer.TASK, Origin.WORKING_CLONE, "nighttime variant",
    )  # fmt: skip
    await expect_lock(
        graph, task_base.id, locked=True, immutable=True, deletable=False,
        why=[BASE, RENDER, derived(variant.id, task_base.id)],
    )  # fmt: skip
    await expect_lock(graph, variant.id, locked=False, immutable=False, deletable=True)
    variant = await definitions.update_asset(graph, variant.id, {"parameters": {"night": True}})

    # -> (generate) new project render with task_id.
    panel = await render(graph, task.id, "Panel 3", variant.id)
    assert (panel.project_id, panel.task_id, panel.layer) == (project.id, task.id, Layer.TASK)
    assert panel.classification == Classification.COMPILATION  # a reference only: no definitions
    assert panel.upstream_space_ids == tuple(sorted((portrait.id, jennifer.id)))
    await expect_lock(
        graph, variant.id, locked=True, immutable=True, deletable=False,
        why=[used(panel.id, variant.id)],
    )  # fmt: skip
    await expect_lock(graph, panel.id, locked=False, immutable=True, deletable=True, why=[RENDER])
    await refused(graph, Immutable, definitions.update_asset(graph, variant.id, {"prompt": "day"}))


async def test_compilation_renders_import_as_reference_only(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    kitchen = await canonical(graph, space.id, "SCENE", "Kitchen")
    montage = await approved(graph, space.id, "Montage", jennifer.id, kitchen.id)
    assert montage.classification == Classification.COMPILATION

    base = await cloning.import_to_project(graph, project.id, montage.id)
    assert base.classification == Classification.COMPILATION
    await refused(graph, ScopeViolation, cloning.derive_working_clone(graph, base.id))
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    error = await refused(graph, ScopeViolation, cloning.derive_working_clone(graph, task_base.id))
    assert "reference-only" in error.message

    # As a REFERENCE input it is fine, in the project and in the task.
    in_project = await render(graph, project.id, "Cover", RenderInput(base.id, "REFERENCE"))
    in_task = await render(graph, task.id, "Panel", RenderInput(base.id, "REFERENCE"))
    assert in_project.classification == in_task.classification == Classification.COMPILATION
    await expect_lock(
        graph, task_base.id, locked=True, immutable=True, deletable=False,
        why=[BASE, RENDER, used(in_task.id, task_base.id)],
    )  # fmt: skip
    # ...and only as a REFERENCE.
    await refused(
        graph, ValidationError, render(graph, task.id, "Bad", RenderInput(base.id, "CHARACTER"))
    )


async def test_task_render_is_a_project_render_for_other_tasks(graph: Database) -> None:
    """A render generated in a task is a project render (docs/domain.md §2, v4 3.3): another task of
    the project takes it in through a task base clone, like any project render."""
    space, project, first = await space_project_task(graph)
    second = await containers.create(graph, Layer.TASK, "Page 1, Panel 4", project.id)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    frame = await approved(graph, first.id, "Panel 1", base.id)
    assert frame.classification == Classification.CHARACTER

    # Used directly in its own task; through a task base clone in another one.
    again = await render(graph, first.id, "Panel 1b", frame.id)
    taken = await cloning.use_in_task(graph, second.id, frame.id)
    assert (taken.layer, taken.origin, taken.task_id) == (Layer.TASK, Origin.BASE_CLONE, second.id)
    assert taken.content_hash == frame.content_hash
    variant = await cloning.derive_working_clone(graph, taken.id, {"prompt": "sullen"})
    panel = await render(graph, second.id, "Panel 4", frame.id, variant.id)
    await expect_lock(
        graph, frame.id, locked=True, immutable=True, deletable=False,
        why=[RENDER, used(again.id, frame.id), derived(taken.id, frame.id)],
    )  # fmt: skip
    await expect_lock(
        graph, taken.id, locked=True, immutable=True, deletable=False,
        why=[BASE, RENDER, derived(variant.id, taken.id), used(panel.id, taken.id)],
    )  # fmt: skip
    # A project render may use it too.
    cover = await render(graph, project.id, "Cover", frame.id)
    assert cover.project_id == project.id and cover.task_id is None

    # Task clones stay local: the second task cannot reach the first task's clones.
    first_base = await cloning.use_in_task(graph, first.id, base.id)
    await refused(graph, ScopeViolation, render(graph, second.id, "Sideways", first_base.id))
    await refused(graph, ScopeViolation, cloning.use_in_task(graph, second.id, first_base.id))

    # The first task goes with its renders kept: the second task's clone still mirrors it.
    report = await deletion.delete_task(graph, first.id, "KEEP_RENDERS")
    assert set(report.moved) == {frame.id, again.id}
    moved = await fetch(graph, frame.id)
    assert (moved.layer, moved.task_id, moved.origin_task_id) == (Layer.PROJECT, None, first.id)
    await expect_lock(
        graph, frame.id, locked=True, immutable=True, deletable=False,
        why=[
            RENDER, used(again.id, frame.id), derived(taken.id, frame.id),
            used(cover.id, frame.id),
        ],
    )  # fmt: skip
