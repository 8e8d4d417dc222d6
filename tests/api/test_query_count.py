"""Speed by construction: a lineage answer with nested lock, deletability and inputs runs
a fixed number of Neo4j queries, whatever the number of nodes (no N+1); so does a render
registration, one or a batch, whatever the number of renders and inputs."""

from __future__ import annotations

from typing import Any

from lineage.domain.enums import Layer
from lineage.domain.model import Asset
from lineage.graph.database import Database
from lineage.services import cloning, containers, lifecycle

from .conftest import Caller
from .reads import canonical, post, render

LINEAGE_WITH_LOCKS = """
query($id: ID!) {
  asset(id: $id) {
    lineage(direction: BOTH, depth: 5, maxNodes: 500) {
      nodes {
        asset {
          id
          lock { locked reasons { dependentId } }
          deletability { deletable }
          ... on Render { inputs { role } }
        }
      }
      edges { from to }
    }
  }
}
"""


async def build_lineage(db: Database, owner: str, projects: int) -> tuple[Asset, int]:
    """A space character and everything made from it: per project a base clone, a working
    clone, a project render and a task with a clone and a render (5 assets); plus a space
    render. Returns the character and the asset count of its lineage."""
    space = await containers.create(db, Layer.SPACE, f"Space of {projects}", actor=owner)
    hero = await canonical(db, space.id, "CHARACTER", "Hero")
    await render(db, space.id, "Hero test", hero.id)
    for index in range(projects):
        project = await containers.create(db, Layer.PROJECT, f"Project {index}", space.id)
        task = await containers.create(db, Layer.TASK, f"Task {index}", project.id)
        base = await cloning.import_to_project(db, project.id, hero.id)
        working = await cloning.derive_working_clone(db, base.id, {"name": f"Hero {index}"})
        cover = await render(db, project.id, f"Cover {index}", working.id)
        await lifecycle.transition(db, cover.id, "APPROVED")
        await render(db, task.id, f"Panel {index}", working.id)  # takes it into the task
    return hero, 2 + 5 * projects


def count_queries(caller: Caller, root: Asset, expected_nodes: int) -> int:
    body = post(caller, LINEAGE_WITH_LOCKS, id=root.id)
    assert "errors" not in body, body
    nodes = body["data"]["asset"]["lineage"]["nodes"]
    assert len(nodes) == expected_nodes
    assert sum(1 for n in nodes if n["asset"]["lock"]["locked"]) > expected_nodes // 2
    count: int = body["extensions"]["queryCount"]
    return count


async def test_lineage_query_count_does_not_grow_with_nodes(
    graph: Database, caller: Caller
) -> None:
    small, small_nodes = await build_lineage(graph, caller.user_id, 10)  # 52 assets
    large, large_nodes = await build_lineage(graph, caller.user_id, 20)  # 102 assets
    small_count = count_queries(caller, small, small_nodes)
    large_count = count_queries(caller, large, large_nodes)
    # The root asset, the walk, one batch of lock states (lock and deletability share it)
    # and one of render inputs.
    assert small_count == large_count == 4, (small_count, large_count)


LOCK_ONE = "query($id: ID!) { asset(id: $id) { id lock { locked reasons { dependentId } } } }"

LINEAGE_FLAGS = """
query($id: ID!) {
  asset(id: $id) {
    lineage(direction: BOTH, depth: 5, maxNodes: 500) {
      nodes { asset { id name lock { locked immutable } deletability { deletable } } }
    }
  }
}
"""

LINEAGE_STATES = LINEAGE_FLAGS.replace(
    "lock { locked immutable }", "lock { locked immutable reasons { kind } }"
)


async def test_a_lock_check_is_one_query(graph: Database, caller: Caller) -> None:
    hero, _ = await build_lineage(graph, caller.user_id, 2)
    body = post(caller, LOCK_ONE, id=hero.id)
    assert body["data"]["asset"]["lock"]["locked"] is True
    assert body["extensions"]["queryCount"] == 1  # the asset is read with its dependents


async def test_lock_flags_on_a_lineage_come_with_the_walk(graph: Database, caller: Caller) -> None:
    hero, expected = await build_lineage(graph, caller.user_id, 3)
    flags = post(caller, LINEAGE_FLAGS, id=hero.id)
    states = post(caller, LINEAGE_STATES, id=hero.id)
    assert flags["extensions"]["queryCount"] == 2  # the root asset, then the walk
    assert states["extensions"]["queryCount"] == 3  # and the full lock states

    def by_id(body: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        nodes = body["data"]["asset"]["lineage"]["nodes"]
        return {
            n["asset"]["id"]: (
                n["asset"]["name"],
                n["asset"]["lock"]["locked"],
                n["asset"]["lock"]["immutable"],
                n["asset"]["deletability"]["deletable"],
            )
            for n in nodes
        }

    from_flags, from_states = by_id(flags), by_id(states)
    assert len(from_flags) == expected
    assert from_flags == from_states
    assert {locked for _, locked, _, _ in from_flags.values()} == {True, False}
    assert {deletable for *_, deletable in from_flags.values()} == {True, False}


REGISTER = """
mutation($container: ID!, $inputs: [RenderInputSpec!]!) {
  registerRender(containerId: $container, name: "Panel", inputs: $inputs) {
    __typename ... on AssetPayload { asset { id } }
  }
}
"""
REGISTER_MANY = """
mutation($inputs: [RegisterRenderInput!]!) {
  registerRenders(inputs: $inputs) {
    __typename ... on RegisterRendersPayload { results { __typename } }
  }
}
"""


async def project_inputs(db: Database, owner: str, count: int) -> tuple[str, list[str]]:
    """A task and `count` project base clones it does not hold yet (each registration in
    the task takes them in through task base clones)."""
    space = await containers.create(db, Layer.SPACE, "Registering", actor=owner)
    project = await containers.create(db, Layer.PROJECT, "Film", space.id)
    task = await containers.create(db, Layer.TASK, "Shot", project.id)
    clones = []
    for index in range(count):
        hero = await canonical(db, space.id, "CHARACTER", f"Hero {index}")
        clones.append((await cloning.import_to_project(db, project.id, hero.id)).id)
    return task.id, clones


async def test_register_render_reads_once_and_writes_once(graph: Database, caller: Caller) -> None:
    task, inputs = await project_inputs(graph, caller.user_id, 5)
    given = [{"id": i} for i in inputs]
    for _ in range(2):  # the first makes the five task clones, the second finds them
        body = post(caller, REGISTER, container=task, inputs=given)
        assert body["data"]["registerRender"]["__typename"] == "AssetPayload", body
        # The facts under the locks, then the write; the token check comes before.
        assert body["extensions"]["queryCount"] == 3  # facts, write, history append


async def test_register_renders_costs_the_same_queries_for_any_batch(
    graph: Database, caller: Caller
) -> None:
    task, inputs = await project_inputs(graph, caller.user_id, 5)
    for size in (1, 20):
        items = [{"containerId": task, "name": f"Panel {i}", "inputs": [{"id": x} for x in inputs]}
                 for i in range(size)]  # fmt: skip
        body = post(caller, REGISTER_MANY, inputs=items)
        results = body["data"]["registerRenders"]["results"]
        assert [r["__typename"] for r in results] == ["AssetPayload"] * size, body
        assert body["extensions"]["queryCount"] == 3  # facts, write, history append


IMPORT = """
mutation($project: ID!, $source: ID!) {
  importToProject(projectId: $project, sourceId: $source) {
    __typename ... on AssetPayload { asset { id } }
  }
}
"""
USE = IMPORT.replace("importToProject(projectId: $project", "useInTask(taskId: $project")
DERIVE = """
mutation($source: ID!, $changes: ContentChanges) {
  deriveWorkingClone(sourceId: $source, changes: $changes) {
    __typename ... on AssetPayload { asset { id } }
  }
}
"""


async def test_clones_read_once_and_write_once(graph: Database, caller: Caller) -> None:
    space = await containers.create(graph, Layer.SPACE, "Cloning", actor=caller.user_id)
    project = await containers.create(graph, Layer.PROJECT, "Film", space.id)
    task = await containers.create(graph, Layer.TASK, "Shot", project.id)
    hero = await canonical(graph, space.id, "CHARACTER", "Hero")
    ink = await canonical(graph, space.id, "STYLE", "Ink")
    ink_base = await cloning.import_to_project(graph, project.id, ink.id)

    def queries(document: str, field: str, **variables: object) -> int:
        body = post(caller, document, **variables)
        assert body["data"][field]["__typename"] == "AssetPayload", body
        count: int = body["extensions"]["queryCount"]
        return count

    # The facts under the locks, then the clone with its edge; a repeat finds the clone.
    made = [queries(IMPORT, "importToProject", project=project.id, source=hero.id)]
    made.append(queries(IMPORT, "importToProject", project=project.id, source=hero.id))
    base = post(caller, IMPORT, project=project.id, source=hero.id)
    base_id = base["data"]["importToProject"]["asset"]["id"]
    bound = {"fields": {"style_binding": ink_base.id}}
    made.append(queries(DERIVE, "deriveWorkingClone", source=base_id, changes=bound))
    made.append(queries(USE, "useInTask", project=task.id, source=base_id))
    # Facts, write and history append; importing again is the facts only.
    assert made == [3, 1, 3, 3], made


DELETE = """
mutation($id: ID!, $dry: Boolean!) {
  r: deleteAsset(id: $id, dryRun: $dry) {
    __typename ... on DeleteReport { deleted { id } moved { id } repointed { render { id } } }
  }
}
"""
DELETE_TASK = """
mutation($id: ID!, $mode: TaskDeleteMode!, $dry: Boolean!) {
  r: deleteTask(id: $id, mode: $mode, dryRun: $dry) {
    __typename ... on DeleteReport { deleted { id } moved { id } repointed { render { id } } }
  }
}
"""
DELETE_PROJECT = DELETE.replace("deleteAsset", "deleteProject")
DELETE_SPACE = DELETE.replace("deleteAsset", "deleteSpace")


async def delete_world(db: Database, owner: str, size: int) -> dict[str, Any]:
    """A space, a project with `size` base clones and two tasks; in each task `size`
    renders, each using one base clone through a task base clone (re-pointed to the
    project's when the task goes with KEEP_RENDERS), and one free task render."""
    space = await containers.create(db, Layer.SPACE, f"Deleting {size}", actor=owner)
    project = await containers.create(db, Layer.PROJECT, "Film", space.id)
    tasks = [await containers.create(db, Layer.TASK, f"Shot {i}", project.id) for i in (1, 2)]
    clones = []
    for index in range(size):
        hero = await canonical(db, space.id, "CHARACTER", f"Hero {index}")
        clones.append((await cloning.import_to_project(db, project.id, hero.id)).id)
    free = []
    for task in tasks:
        for index, clone in enumerate(clones):
            await render(db, task.id, f"Panel {index}", clone)
        free.append((await render(db, task.id, "Sketch")).id)
    return {"space": space.id, "project": project.id, "tasks": [t.id for t in tasks],
            "free": free}  # fmt: skip


def delete_queries(caller: Caller, document: str, **variables: object) -> tuple[int, int]:
    """The query counts of the dry run, then of the real delete (which must do it)."""
    counts = []
    for dry in (True, False):
        body = post(caller, document, dry=dry, **variables)
        assert body["data"]["r"]["__typename"] == "DeleteReport", body
        counts.append(body["extensions"]["queryCount"])
    return counts[0], counts[1]


async def test_deletes_read_once_and_write_once(graph: Database, caller: Caller) -> None:
    for size in (2, 6):
        world = await delete_world(graph, caller.user_id, size)
        keep, drop = world["tasks"]
        body = post(caller, DELETE_TASK, id=keep, mode="KEEP_RENDERS", dry=True)
        assert len(body["data"]["r"]["repointed"]) == size, body
        counts = {
            "deleteAsset": delete_queries(caller, DELETE, id=world["free"][1]),
            "deleteTask KEEP_RENDERS": delete_queries(
                caller, DELETE_TASK, id=keep, mode="KEEP_RENDERS"
            ),
            "deleteTask DELETE_RENDERS": delete_queries(
                caller, DELETE_TASK, id=drop, mode="DELETE_RENDERS"
            ),
            "deleteProject": delete_queries(caller, DELETE_PROJECT, id=world["project"]),
            "deleteSpace": delete_queries(caller, DELETE_SPACE, id=world["space"]),
        }
        # Dry run: the facts under the locks; real: the facts, the snapshot of what goes and
        # its trash item (docs/domain.md §13), the delete, the history append.
        assert counts == dict.fromkeys(counts, (1, 5)), (size, counts)
