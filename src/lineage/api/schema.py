"""The GraphQL schema, code-first; `schema.graphql` is exported from here."""

from __future__ import annotations

import strawberry

import lineage
from lineage.api.context import Info
from lineage.graph import migrations, server_info


@strawberry.type(description="The service and the database behind it.")
class ServerInfo:
    version: str = strawberry.field(description="Version of the lineage service.")
    neo4j_version: str = strawberry.field(description="Version of the Neo4j server.")
    schema_version: int = strawberry.field(description="Schema migration applied in the graph.")


@strawberry.type
class Query:
    @strawberry.field(description="Versions of the service, Neo4j and the graph schema.")
    async def server_info(self, info: Info) -> ServerInfo:
        db = info.context.db
        return ServerInfo(
            version=lineage.__version__,
            neo4j_version=await server_info.neo4j_version(db),
            schema_version=await migrations.current_version(db),
        )


schema = strawberry.Schema(query=Query)
