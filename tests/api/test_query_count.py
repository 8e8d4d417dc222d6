"""Speed by construction: a lineage answer with nested lock, deletability and inputs runs
a fixed number of Neo4j queries, whatever the number of nodes (no N+1)."""

from __future__ import annotations

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
    # The root asset, one walk query per level (5), one batch of lock
    # states (lock and deletability share it) and one of render inputs.
    assert small_count == large_count <= 8, (small_count, large_count)
