"""Schema migrations: idempotent, every constraint present, version recorded in the graph,
applied once when several starters run them together (the migration lock)."""

from __future__ import annotations

import asyncio

import pytest
from neo4j.exceptions import ConstraintError

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.graph import migrations
from lineage.graph.database import Database, run
from lineage.neo4j_target import Neo4jTarget
from lineage.services import containers, definitions


async def test_applying_twice_changes_nothing_and_records_the_version(graph: Database) -> None:
    first = await migrations.apply(graph)
    second = await migrations.apply(graph)
    assert first == second == migrations.latest_version() >= 2
    assert await migrations.current_version(graph) == migrations.latest_version()


async def test_constraints_and_indexes_exist(graph: Database) -> None:
    constraints = {r["name"] for r in await graph.read(cypher.load("test/list_constraint_names"))}
    assert {"asset_id", "space_id", "project_id", "task_id", "user_id"} <= constraints
    indexes = {r["name"] for r in await graph.read(cypher.load("test/list_index_names"))}
    assert {"asset_space_id", "asset_name_folded_text"} <= indexes
    assert "asset_name_text" not in indexes  # the case-sensitive name index it replaced


async def test_asset_ids_are_unique(graph: Database) -> None:
    create = cypher.load("test/create_bare_asset")
    await graph.driver.execute_query(create, {"id": "a1"})
    with pytest.raises(ConstraintError):
        await graph.driver.execute_query(create, {"id": "a1"})


async def forget_migrations(graph: Database) -> None:
    """As on a database nobody migrated: no migration recorded, no lock held."""
    await graph.run_autocommit(cypher.load("test/delete_schema_migrations"))


async def test_two_starters_together_apply_each_migration_once(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    await forget_migrations(graph)
    starters = [
        Database.connect(neo4j_target.uri, neo4j_target.auth, neo4j_target.database)
        for _ in range(2)
    ]
    try:
        first, second = await asyncio.gather(
            migrations.apply_pending(starters[0], "first"),
            migrations.apply_pending(starters[1], "second"),
        )
    finally:
        for starter in starters:
            await starter.close()
    every = [m.version for m in migrations.migrations()]
    assert sorted(first + second) == every, (first, second)
    # Whoever applied a migration recorded it, once; the other found it applied.
    recorded = await migrations.applied_versions(graph)
    assert recorded == {v: "first" if v in first else "second" for v in every}
    assert await migrations.current_version(graph) == migrations.latest_version()


async def test_a_held_lock_is_waited_for_then_refused_with_its_holder(graph: Database) -> None:
    async with migrations.migration_lock(graph, "holder", lease_s=60):
        with pytest.raises(migrations.MigrationLockTimeout, match="held by holder"):
            async with migrations.migration_lock(graph, "waiter", wait_s=0.5):
                pass
    # Released on the way out: the next starter takes it at once.
    async with migrations.migration_lock(graph, "waiter", wait_s=0.5):
        pass


async def test_an_expired_lease_is_taken_over(graph: Database) -> None:
    """A starter that died holding the lock blocks the others for its lease only."""
    take = cypher.load("meta/take_migration_lock")
    await graph.write(lambda tx: run(tx, take, name="schema", owner="dead", lease_s=0))
    async with migrations.migration_lock(graph, "next", wait_s=2):
        pass


async def test_assets_stored_before_version_9_get_their_search_name(graph: Database) -> None:
    space = await containers.create(graph, Layer.SPACE, "Old data")
    hero = await definitions.create_definition(graph, space.id, "CHARACTER", "JenNifer Ö")
    get = cypher.load("test/get_name_folded")

    async def folded() -> str | None:
        value: str | None = (await graph.read(get, id=hero.id))[0]["name_folded"]
        return value

    assert await folded() == "jennifer ö"  # written with the name
    unset = cypher.load("test/set_asset_properties")
    await graph.write(lambda tx: run(tx, unset, id=hero.id, props={"name_folded": None}))
    await forget_migrations(graph)
    await migrations.apply(graph)
    assert await folded() == "jennifer ö"
