"""Database.read_one: a one-query read as an auto-commit transaction, falling back to a
managed, retried one after a passing failure."""

from __future__ import annotations

import pytest
from neo4j import AsyncManagedTransaction as Tx
from neo4j.exceptions import TransientError

from lineage import cypher
from lineage.graph.database import Database, run

COUNTS = cypher.load("test/get_graph_counts")


async def test_a_one_query_read_answers(graph: Database) -> None:
    async def work(tx: Tx) -> int:
        return int((await run(tx, COUNTS))[0]["nodes"])

    assert await graph.read_one(work) == await graph.read_tx(work)


async def test_a_second_query_is_refused(graph: Database) -> None:
    async def work(tx: Tx) -> None:
        await run(tx, COUNTS)
        await run(tx, COUNTS)

    with pytest.raises(RuntimeError, match="second query"):
        await graph.read_one(work)


async def test_a_passing_failure_runs_it_again_managed(graph: Database) -> None:
    tries: list[str] = []

    async def work(tx: Tx) -> int:
        tries.append(type(tx).__name__)
        if len(tries) == 1:
            raise TransientError("the leader changed")
        return len(await run(tx, COUNTS))

    assert await graph.read_one(work) == 1
    assert tries == ["_SingleQuery", "AsyncManagedTransaction"]
