"""Every row of the classification table (docs/domain.md §6) through register_render, with real
inputs in each layer; in projects and tasks the inputs are clones, whose type decides."""

from __future__ import annotations

import pytest

from lineage.domain.enums import Classification, Layer, Origin
from lineage.domain.errors import DuplicateInput
from lineage.domain.model import Asset, Container
from lineage.graph.database import Database
from lineage.services import cloning
from lineage.services.renders import RenderInput

from .helpers import approved, canonical, fetch, refused, render, space_project_task

CHARACTER, SCENE, COMPILATION = (
    Classification.CHARACTER, Classification.SCENE, Classification.COMPILATION,
)  # fmt: skip

# Inputs: c character, s scene, n neutral scene, st style, nst neutral style,
# ref reference render (itself a character render: its classification does not count).
ROWS = [
    # c = 1, s = 0: a character render, whatever else comes along.
    ("c", CHARACTER),
    ("c st", CHARACTER),
    ("c nst", CHARACTER),
    ("c n", CHARACTER),
    ("c n n st", CHARACTER),
    ("c ref", CHARACTER),
    # c = 0 and s = 1, or c = 0, s = 0, n >= 1: a scene render.
    ("s", SCENE),
    ("s st", SCENE),
    ("s n", SCENE),
    ("s n nst ref", SCENE),
    ("n", SCENE),
    ("n n", SCENE),
    ("n st ref", SCENE),
    # c >= 1 and s >= 1; c >= 2; s >= 2; no definitions: a compilation.
    ("c s", COMPILATION),
    ("c s n st", COMPILATION),
    ("c c", COMPILATION),
    ("c c n", COMPILATION),
    ("s s", COMPILATION),
    ("s s n", COMPILATION),
    ("c c s s", COMPILATION),
    ("", COMPILATION),
    ("st", COMPILATION),
    ("nst st", COMPILATION),
    ("ref", COMPILATION),
    ("ref ref st", COMPILATION),
]

DEFINITIONS = {
    "c": ("CHARACTER", False),
    "s": ("SCENE", False),
    "n": ("SCENE", True),
    "st": ("STYLE", False),
    "nst": ("STYLE", True),
}


async def space_input(db: Database, space: Container, token: str, index: int) -> Asset:
    name = f"{token} {index}"
    if token == "ref":
        character = await canonical(db, space.id, "CHARACTER", f"ref character {index}")
        return await approved(db, space.id, name, character.id)
    type, neutral = DEFINITIONS[token]
    return await canonical(db, space.id, type, name, neutral=neutral)


async def project_input(db: Database, project: Container, source: Asset) -> Asset:
    """Characters and scenes as working clones, styles and references as base clones."""
    base = await cloning.import_to_project(db, project.id, source.id)
    if source.is_render or source.type == "STYLE":
        return base
    return await cloning.derive_working_clone(db, base.id)


async def task_input(db: Database, task: Container, project_asset: Asset) -> Asset:
    """Characters as task working clones; the rest given as project clones, which the
    render takes into the task itself."""
    if project_asset.type != "CHARACTER":
        return project_asset
    task_base = await cloning.use_in_task(db, task.id, project_asset.id)
    return await cloning.derive_working_clone(db, task_base.id)


@pytest.mark.parametrize("layer", [Layer.SPACE, Layer.PROJECT, Layer.TASK])
@pytest.mark.parametrize(("inputs", "expected"), ROWS)
async def test_classification_row(
    graph: Database, layer: Layer, inputs: str, expected: Classification
) -> None:
    space, project, task = await space_project_task(graph)
    given = [await space_input(graph, space, t, i) for i, t in enumerate(inputs.split())]
    container = space
    if layer != Layer.SPACE:
        given = [await project_input(graph, project, a) for a in given]
        container = project
    if layer == Layer.TASK:
        given = [await task_input(graph, task, a) for a in given]
        container = task
    if layer != Layer.SPACE:
        assert all(a.origin != Origin.ORIGINAL for a in given)

    made = await render(graph, container.id, "Frame", *[RenderInput(a.id) for a in given])
    assert made.classification == expected
    assert (await fetch(graph, made.id)).classification == expected


async def test_an_input_given_twice_is_refused_not_counted_once(graph: Database) -> None:
    """In a task, a project clone and the task's clone of it are the same input: refused
    (DuplicateInput) rather than silently recorded once; each input counts once."""
    space, project, task = await space_project_task(graph)
    kitchen = await canonical(graph, space.id, "SCENE", "Kitchen")
    base = await cloning.import_to_project(graph, project.id, kitchen.id)
    task_base = await cloning.use_in_task(graph, task.id, base.id)
    await refused(graph, DuplicateInput, render(graph, task.id, "Frame", base.id, task_base.id))
    made = await render(graph, task.id, "Frame", base.id)
    assert made.classification == SCENE
