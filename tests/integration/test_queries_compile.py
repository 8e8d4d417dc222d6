"""Every named query compiles on the real Neo4j; get_/list_/find_ queries are read-only."""

from __future__ import annotations

import pytest

from lineage import cypher
from lineage.graph.database import Database

# Schema files are applied (not EXPLAINed) by the migration tests; the admin query runs on
# the system database; SHOW commands, CALL IN TRANSACTIONS and schema commands (the
# migration lock's constraint) cannot be EXPLAINed.
NOT_EXPLAINABLE = (
    "schema/",
    "admin/",
    "test/delete_all",
    "test/list_",
    "meta/create_migration_lock_constraint",
)
QUERIES = [n for n in cypher.all_names() if not n.startswith(NOT_EXPLAINABLE)]


async def explain(db: Database, name: str) -> str:
    async with db.driver.session(database=db.database) as session:
        result = await session.run("EXPLAIN " + cypher.load(name))  # type: ignore[arg-type]
        summary = await result.consume()
    return str(summary.query_type)


@pytest.mark.parametrize("name", QUERIES)
async def test_query_compiles(db: Database, name: str) -> None:
    query_type = await explain(db, name)
    query = cypher.load(name)
    if query.is_read_only_by_name:
        # Neo4j reports DBMS procedure calls (dbms.components) as "s", though they only read.
        dbms_read = query_type == "s" and "CALL dbms." in query and "CREATE" not in query
        assert query_type == "r" or dbms_read, f"{name} is named as a read but is {query_type}"
