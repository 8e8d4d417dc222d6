"""Facts about the Neo4j server itself."""

from __future__ import annotations

from lineage import cypher
from lineage.graph.database import Database

GET_SERVER_COMPONENTS = cypher.load("meta/get_server_components")


async def neo4j_version(db: Database) -> str:
    records = await db.read(GET_SERVER_COMPONENTS)
    return str(records[0]["version"])
