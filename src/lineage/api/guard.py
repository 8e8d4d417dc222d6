"""Authorisation and typed results shared by the resolvers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from lineage.api.context import Info
from lineage.api.errors import to_graphql
from lineage.domain.enums import Role
from lineage.domain.errors import LineageError, NotFound

T = TypeVar("T")


async def space_of(info: Info, id: str) -> str:
    """The space an asset or container belongs to; NotFound when the viewer cannot see it."""
    loaders = info.context.loaders
    asset = await loaders.asset.load(id)
    space_id = asset.space_id if asset else None
    if space_id is None:
        container = await loaders.container.load(id)
        space_id = container.space_id if container else None
    if space_id is None or not info.context.can_see(space_id):
        raise NotFound("asset or container", id)
    return space_id


async def authorised(info: Info, id: str, action: str, required: Role = Role.EDITOR) -> str:
    space_id = await space_of(info, id)
    info.context.require(space_id, action, required)
    return space_id


async def typed(call: Callable[[], Awaitable[T]]) -> T | Any:
    """Run a use case; an expected failure becomes its GraphQL error type."""
    try:
        return await call()
    except LineageError as error:
        return to_graphql(error)
