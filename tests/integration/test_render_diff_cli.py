"""`lineage diff LEFT RIGHT` against the real Neo4j (docs/domain.md §12, Render diff): the
table and `--json`, with inputs matched across clones and versions of one line."""

from __future__ import annotations

import json

from test_admin_cli import lineage, refused

from lineage.domain.enums import Layer
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import cloning, containers, definitions, lifecycle, versions
from lineage.services.registration import register_render
from lineage.services.renders import RenderInput


async def test_the_command_compares_renders_across_clones_and_versions(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    space = await containers.create(graph, Layer.SPACE, "Comics")
    project = await containers.create(graph, Layer.PROJECT, "Breakup", space.id)
    jen = await definitions.create_definition(graph, space.id, "CHARACTER", "Jennifer")
    jen = await lifecycle.transition(graph, jen.id, "CANONICAL")
    old_base = await cloning.import_to_project(graph, project.id, jen.id)
    left = await register_render(graph, project.id, "Frame 41", [RenderInput(old_base.id)],
                                 parameters={"pose": "sitting"})  # fmt: skip
    newer = await versions.create_version(graph, jen.id, changes={"description": "older"})
    await lifecycle.transition(graph, newer.id, "CANONICAL")
    new_base = await cloning.import_to_project(graph, project.id, newer.id)
    right = await register_render(graph, project.id, "Frame 42", [RenderInput(new_base.id)],
                                  parameters={"pose": "standing"})  # fmt: skip

    table = await lineage(neo4j_target, "diff", left.id, right.id)
    assert table.exit_code == 0, table.output
    summary, *rest = table.stdout.splitlines()
    assert summary == "Frame 41 vs Frame 42: Jennifer 1.0.0 to 2.0.0, pose changed"
    shown = "\n".join(rest)
    assert f"Jennifer 1.0.0 ({old_base.id})" in shown and f"Jennifer 2.0.0 ({new_base.id})" in shown
    assert "version, asset, content: description" in shown
    assert "parameters.pose" in shown and '"sitting"' in shown

    done = await lineage(neo4j_target, "diff", left.id, right.id, "--json")
    assert done.exit_code == 0, done.output
    found = json.loads(done.stdout)
    (change,) = found["changed"]
    # Both project clones belong to the line of the first space version.
    assert change["before"]["line_id"] == change["after"]["line_id"] == jen.id
    assert (change["before"]["version"], change["after"]["version"]) == ("1.0.0", "2.0.0")
    assert change["fields"] == [{"path": "description", "old": "", "new": "older"}]
    assert found["parameters"] == [{"path": "pose", "old": "sitting", "new": "standing"}]
    assert found["added"] == found["removed"] == [] and found["same"] is False


async def test_an_id_that_is_no_render_is_refused(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    space = await containers.create(graph, Layer.SPACE, "Comics")
    jen = await definitions.create_definition(graph, space.id, "CHARACTER", "Jennifer")
    refused(await lineage(neo4j_target, "diff", jen.id, "nothing"), "must both be renders")
