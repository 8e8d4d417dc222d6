"""`lineage cleanup plan`: unused clones, discarded renders and empty tasks of the demo
graph plus a few made here, leaves first; what another asset still needs is kept with the
reason; --apply deletes exactly the planned steps, and the audits stay clean."""

from __future__ import annotations

import asyncio
import json
import subprocess

import commands

from lineage import cypher
from lineage.demo import load_demo
from lineage.domain.enums import Layer
from lineage.domain.model import Asset
from lineage.graph import audits
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import cleanup, cloning, containers, definitions, lifecycle, renders
from lineage.services.renders import RenderInput

COUNTS = cypher.load("test/get_graph_counts")


async def canonical(db: Database, space_id: str, type: str, name: str) -> Asset:
    draft = await definitions.create_definition(db, space_id, type, name)
    return await lifecycle.transition(db, draft.id, "CANONICAL")


async def asset_count(db: Database) -> int:
    """Nodes of the graph itself: the history's entries grow with every delete."""
    [counts] = await db.read(COUNTS)
    return int(counts["nodes"] - counts["history"])


async def test_the_plan_goes_leaves_first_and_apply_does_exactly_it(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    assert (await cleanup.plan(graph, ids["space"])).assets == []  # every demo clone is used
    space, project = ids["space"], ids["project"]
    # An import nothing uses, with a working clone of it: the clone goes before its base.
    hat = await canonical(graph, space, "STYLE", "Hat style")
    hat_base = await cloning.import_to_project(graph, project, hat.id)
    hat_work = await cloning.derive_working_clone(graph, hat_base.id, {"name": "Hat 2"})
    # A discarded render another render still uses as a reference: kept, with the reason.
    sketch = await renders.register_render(graph, space, "Sketch", [RenderInput(hat.id)])
    keeper = await renders.register_render(
        graph, space, "Keeper", [RenderInput(sketch.id, "REFERENCE")]
    )
    await lifecycle.transition(graph, sketch.id, "DISCARDED")
    # A discarded render nothing uses, and an empty task.
    draft = await renders.register_render(graph, space, "Draft", [RenderInput(hat.id)])
    await lifecycle.transition(graph, draft.id, "DISCARDED")
    empty = await containers.create(graph, Layer.TASK, "Nothing here", project)

    planned = await cleanup.plan(graph, space)
    reasons = {a.id: a.reason for a in planned.assets}
    assert reasons == {
        draft.id: "DISCARDED_RENDER", hat_work.id: "UNUSED_CLONE", hat_base.id: "UNUSED_CLONE"
    }  # fmt: skip
    order = [a.id for a in planned.assets]
    assert order.index(hat_work.id) < order.index(hat_base.id)  # leaves first
    assert [t.id for t in planned.tasks] == [empty.id]
    assert [(a.id, needed) for a, needed in planned.kept] == [(sketch.id, [keeper.id])]

    before = await asset_count(graph)
    result = await cleanup.apply(graph, planned)
    assert result.refused == {}
    assert result.deleted == [*order, empty.id]
    assert before - await asset_count(graph) == len(order) + 1  # the planned assets, the task
    assert (await cleanup.plan(graph, space)).assets == []
    assert not audits.has_violations(await audits.run_audits(graph))


async def test_the_command_plans_then_applies(graph: Database, neo4j_target: Neo4jTarget) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    empty = await containers.create(graph, Layer.TASK, "Nothing here", ids["project"])
    env = commands.environment(neo4j_target)

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        line = [*commands.LINEAGE, "cleanup", "plan"]
        return subprocess.run(
            [*line, "--space", ids["space"], *args], env=env, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip

    planned = await asyncio.to_thread(command, "--json")
    assert planned.returncode == 0, planned.stderr
    steps = json.loads(planned.stdout)["steps"]
    assert [(s["kind"], s["id"]) for s in steps] == [("task", empty.id)]
    applied = await asyncio.to_thread(command, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert f"1. {empty.id} 'Nothing here': EMPTY_TASK" in applied.stdout
    assert "deleted: 1" in applied.stdout
    assert (await cleanup.plan(graph, ids["space"])).tasks == []
