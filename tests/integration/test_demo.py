"""`lineage demo` loads Jennifer and every chain once; loading again changes nothing."""

from __future__ import annotations

import asyncio
import json
import subprocess

import commands
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.demo import load_demo
from lineage.domain.enums import Layer, Role
from lineage.graph import assets, locks
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access

COUNTS = cypher.load("test/get_graph_counts")


async def counts(db: Database) -> tuple[int, int]:
    record = (await db.read(COUNTS))[0]
    return record["nodes"], record["edges"]


async def test_demo_loads_every_chain_once(graph: Database) -> None:
    first = await load_demo(graph, say=lambda _: None)
    assert first.created
    before = await counts(graph)
    second = await load_demo(graph, say=lambda _: None)
    assert not second.created and second.ids["space"] == first.ids["space"]
    assert await counts(graph) == before

    ids = first.ids

    async def work(tx: Tx) -> None:
        kept = await assets.get(tx, ids["kept_render_of_deleted_task"])
        assert kept.layer == Layer.PROJECT and kept.origin_task_id is not None
        flags = await locks.flags(tx, [ids["space_jennifer"], ids["task_working_clone"]])
        assert flags[ids["space_jennifer"]][0]  # imported and versioned: locked
        assert flags[ids["task_working_clone"]][0]  # a render uses it

    await graph.read_tx(work)


async def test_demo_command_makes_the_owner(graph: Database, neo4j_target: Neo4jTarget) -> None:
    user = await access.create_user(graph, "Newcomer")
    env = commands.environment(neo4j_target)
    command = [*commands.LINEAGE, "demo"]
    done = await asyncio.to_thread(
        subprocess.run, [*command, "--owner", user.id], env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    space_id = json.loads(done.stdout)["space"]
    token = await access.create_token(graph, user.id)
    signed_in = await access.authenticate(graph, token)
    assert signed_in is not None and signed_in.user.roles == {space_id: Role.OWNER}
