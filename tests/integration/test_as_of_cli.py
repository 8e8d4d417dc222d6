"""`lineage as-of ID TIME` against the real Neo4j (docs/domain.md §12): a deleted clone is
back for an instant before its delete, in the table and in `--json`."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from test_admin_cli import lineage, refused

from lineage.domain.enums import Layer
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import cloning, containers, definitions, deletion, lifecycle


async def test_the_command_shows_a_deleted_clone_before_its_delete(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    space = await containers.create(graph, Layer.SPACE, "Comics")
    project = await containers.create(graph, Layer.PROJECT, "Breakup", space.id)
    jen = await definitions.create_definition(graph, space.id, "CHARACTER", "Jennifer")
    await lifecycle.transition(graph, jen.id, "CANONICAL")
    base = await cloning.import_to_project(graph, project.id, jen.id)
    await asyncio.sleep(0.01)
    then = datetime.now(UTC).isoformat()
    await asyncio.sleep(0.01)
    await deletion.delete_asset(graph, base.id)

    table = await lineage(neo4j_target, "as-of", jen.id, then, "--direction", "downstream")
    assert table.exit_code == 0, table.output
    [clone_row] = [line for line in table.stdout.splitlines() if base.id in line]
    assert "deleted since" in clone_row and project.id in clone_row

    done = await lineage(neo4j_target, "as-of", jen.id, then, "--json")
    assert done.exit_code == 0, done.output
    found = json.loads(done.stdout)
    assert found["at"].startswith(then[:19])
    assert [(n["id"], n["deleted"]) for n in found["nodes"]] == [(jen.id, False), (base.id, True)]
    assert found["edges"] == [{"from": base.id, "to": jen.id, "type": "DERIVES_FROM",
                               "role": "CLONE", "snapshot_hash": None}]  # fmt: skip

    refused(await lineage(neo4j_target, "as-of", jen.id, "2000-01-01T00:00:00Z"),
            "did not exist")  # fmt: skip
