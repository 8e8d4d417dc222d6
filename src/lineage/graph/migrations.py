"""Schema migrations: `cypher/schema/NNNN_name.cypher`, idempotent, version kept in the graph."""

from __future__ import annotations

from dataclasses import dataclass

from lineage import cypher
from lineage.graph.database import Database

GET_SCHEMA_VERSION = cypher.load("meta/get_schema_version")
RECORD_MIGRATION = cypher.load("meta/record_migration")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    query: cypher.Query


def migrations() -> list[Migration]:
    found = []
    for name in cypher.all_names():
        area, _, file = name.partition("/")
        if area == "schema":
            found.append(Migration(int(file.split("_", 1)[0]), file, cypher.load(name)))
    return sorted(found, key=lambda m: m.version)


def latest_version() -> int:
    return max((m.version for m in migrations()), default=0)


async def current_version(db: Database) -> int:
    records = await db.read(GET_SCHEMA_VERSION)
    return int(records[0]["version"])


async def apply(db: Database) -> int:
    """Apply every migration (each statement is IF NOT EXISTS) and record the versions."""
    for migration in migrations():
        for statement in cypher.statements(migration.query):
            await db.run_autocommit(statement)
        await db.driver.execute_query(
            RECORD_MIGRATION,
            {"version": migration.version, "name": migration.name},
            database_=db.database,
        )
    return await current_version(db)
