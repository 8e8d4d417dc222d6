"""The read side of the schema: the viewer, containers and assets they may see."""

from __future__ import annotations

import strawberry

from lineage import __version__
from lineage.api.context import Info
from lineage.api.types import (
    Asset,
    Project,
    Role,
    Space,
    Task,
    container_from_domain,
    from_domain,
)
from lineage.domain.enums import Layer
from lineage.domain.model import Container
from lineage.graph import migrations, server_info


@strawberry.type(description="The service and the database behind it.")
class ServerInfo:
    version: str = strawberry.field(description="Version of the lineage service.")
    neo4j_version: str = strawberry.field(description="Version of the Neo4j server.")
    schema_version: int = strawberry.field(description="Schema migration applied in the graph.")


@strawberry.type
class Membership:
    space: Space
    role: Role


@strawberry.type(description="The signed-in user.")
class Viewer:
    id: strawberry.ID
    name: str

    @strawberry.field
    async def memberships(self, info: Info) -> list[Membership]:
        roles = info.context.user.roles
        found = await info.context.loaders.container.load_many(list(roles))
        return [
            Membership(space=container_from_domain(c), role=roles[c.id])
            for c in found
            if c is not None
        ]


@strawberry.type
class Query:
    @strawberry.field(description="Versions of the service, Neo4j and the graph schema.")
    async def server_info(self, info: Info) -> ServerInfo:
        db = info.context.db
        return ServerInfo(
            version=__version__,
            neo4j_version=await server_info.neo4j_version(db),
            schema_version=await migrations.current_version(db),
        )

    @strawberry.field(description="The signed-in user and their spaces.")
    def viewer(self, info: Info) -> Viewer:
        user = info.context.user
        return Viewer(id=strawberry.ID(user.id), name=user.name)

    @strawberry.field(description="The spaces you are a member of.")
    async def spaces(self, info: Info) -> list[Space]:
        found = await info.context.loaders.container.load_many(list(info.context.user.roles))
        visible = sorted((c for c in found if c is not None), key=lambda c: (c.name, c.id))
        return [container_from_domain(c) for c in visible]

    @strawberry.field
    async def space(self, info: Info, id: strawberry.ID) -> Space | None:
        return await _visible(info, str(id), Layer.SPACE)

    @strawberry.field
    async def project(self, info: Info, id: strawberry.ID) -> Project | None:
        return await _visible(info, str(id), Layer.PROJECT)

    @strawberry.field
    async def task(self, info: Info, id: strawberry.ID) -> Task | None:
        return await _visible(info, str(id), Layer.TASK)

    @strawberry.field(description="Any asset you may see, by id.")
    async def asset(self, info: Info, id: strawberry.ID) -> Asset | None:
        found = await info.context.loaders.asset.load(str(id))
        if found is None or not info.context.can_see(found.space_id):
            return None
        return from_domain(found)


async def _visible(info: Info, id: str, kind: Layer) -> object | None:
    found: Container | None = await info.context.loaders.container.load(id)
    if found is None or found.kind != kind or not info.context.can_see(found.space_id):
        return None
    return container_from_domain(found)
