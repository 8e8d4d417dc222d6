"""Schema migrations: idempotent, every constraint present, version recorded in the graph."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ConstraintError

from lineage import cypher
from lineage.graph import migrations
from lineage.graph.database import Database


async def test_applying_twice_changes_nothing_and_records_the_version(graph: Database) -> None:
    first = await migrations.apply(graph)
    second = await migrations.apply(graph)
    assert first == second == migrations.latest_version() >= 2
    assert await migrations.current_version(graph) == migrations.latest_version()


async def test_constraints_and_indexes_exist(graph: Database) -> None:
    constraints = {r["name"] for r in await graph.read(cypher.load("test/list_constraint_names"))}
    assert {"asset_id", "space_id", "project_id", "task_id", "user_id"} <= constraints
    indexes = {r["name"] for r in await graph.read(cypher.load("test/list_index_names"))}
    assert {"asset_space_id", "asset_name_text"} <= indexes


async def test_asset_ids_are_unique(graph: Database) -> None:
    create = cypher.load("test/create_bare_asset")
    await graph.driver.execute_query(create, {"id": "a1"})
    with pytest.raises(ConstraintError):
        await graph.driver.execute_query(create, {"id": "a1"})
