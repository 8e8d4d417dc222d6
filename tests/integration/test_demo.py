"""`lineage demo` loads Jennifer and every chain once; loading again changes nothing."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.demo import load_demo
from lineage.domain.enums import Layer
from lineage.graph import assets, locks
from lineage.graph.database import Database

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
