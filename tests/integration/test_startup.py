"""Start-up applies the migrations and retries while it cannot; /readyz only reports."""

from __future__ import annotations

import asyncio

from lineage import cypher
from lineage.app import Readiness
from lineage.graph import migrations
from lineage.graph.database import Database, Timeouts
from lineage.neo4j_local import free_port
from lineage.startup import Migrator

QUICK = Timeouts(connect=0.5, retry=0.0, transaction=5.0)


async def forget_migrations(graph: Database) -> None:
    await graph.run_autocommit(cypher.load("test/delete_schema_migrations"))


async def test_readyz_reports_missing_migrations_without_applying_them(graph: Database) -> None:
    await forget_migrations(graph)
    reason = await Readiness(graph).check()
    assert reason is not None and "schema version 0 is behind" in reason
    assert await migrations.current_version(graph) == 0  # still: the probe changed nothing
    await migrations.apply(graph)
    assert await Readiness(graph).check() is None


async def test_start_up_applies_the_migrations(graph: Database) -> None:
    await forget_migrations(graph)
    migrator = Migrator(graph)
    await migrator.start(wait_s=30)
    assert migrator.version == migrations.latest_version() and migrator.tries == 1
    await migrator.stop()


async def test_start_up_keeps_trying_while_neo4j_cannot_be_reached() -> None:
    nowhere = Database.connect(f"bolt://127.0.0.1:{free_port()}", None, "neo4j", QUICK)
    migrator = Migrator(nowhere, first_delay=0.05, max_delay=0.1)
    try:
        await migrator.start(wait_s=10)  # returns after the first failed try
        assert migrator.version is None and migrator.tries == 1
        for _ in range(200):
            if migrator.tries >= 3:
                break
            await asyncio.sleep(0.05)
        assert migrator.tries >= 3 and migrator.version is None
    finally:
        await migrator.stop()
        await nowhere.close()
