"""Authorisation and typed results shared by the resolvers.

Every mutation authorises the id it acts on (`authorised`: NotFound outside the caller's
spaces, Forbidden below the role it needs) and checks every other id it is given with
`visible`, so another tenant's asset or container answers as if it did not exist.
"""

from __future__ import annotations

import asyncio
import typing
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from lineage.api.context import Context, Info
from lineage.api.errors import to_graphql
from lineage.domain.enums import Layer, Role
from lineage.domain.errors import LineageError, NotFound, ScopeViolation, ValidationError

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


async def authorised_container(
    info: Info, id: str, action: str, required: Role = Role.EDITOR
) -> str:
    """`authorised` for an id that must name a container (uploads and renders go into one):
    an asset id, or a container the caller cannot see, answers as an unknown container."""
    return await container_authorised(info.context, id, action, required)


async def container_authorised(
    ctx: Context, id: str, action: str, required: Role = Role.EDITOR
) -> str:
    """`authorised_container` for a request served outside GraphQL (same context)."""
    container = await ctx.loaders.container.load(id)
    if container is None or not ctx.can_see(container.space_id):
        raise NotFound("container", id)
    ctx.require(container.space_id, action, required)
    return container.space_id


async def visible(info: Info, *ids: str) -> None:
    """NotFound unless the viewer may see every one of these ids (sources, inputs, targets)."""
    await asyncio.gather(*(space_of(info, id) for id in dict.fromkeys(ids)))


async def require_kind(info: Info, id: str, kind: Layer, remedy: str) -> None:
    """The container `id` (already authorised) is a space, project or task as the operation
    expects; e.g. deleteProject never deletes a whole space."""
    container = await info.context.loaders.container.load(id)
    if container is None:
        raise NotFound(kind.lower(), id)
    if container.kind != kind:
        raise ScopeViolation(f"{id!r} is a {container.kind.lower()}, not a {kind.lower()}", remedy)


def page_size(info: Info, first: int | None) -> int:
    """How many items a list field returns: `first`, at most the configured maximum page
    size (LINEAGE_GRAPHQL_MAX_PAGE_SIZE), which is also the default."""
    limit = info.context.max_page_size
    if first is None:
        return limit
    if not 1 <= first <= limit:
        raise ValidationError("first", f"ask for 1 to {limit} items per page")
    return first


class UnlistedError(RuntimeError):
    """A use case raised an error its result union does not list: a fault of the service
    (the union must list it), answered as INTERNAL and logged, never hidden."""


async def typed(call: Callable[[], Awaitable[T]], result: Any = None) -> T | Any:
    """Run a use case; an expected failure becomes its GraphQL error type, which must be
    one of the members of `result` (a result union) when one is given."""
    try:
        return await call()
    except LineageError as error:
        answer = to_graphql(error)
        return answer if result is None else listed(answer, result, error)


def listed(answer: Any, result: Any, error: LineageError) -> Any:
    """`answer`, the GraphQL type of `error`, when the result union lists it."""
    if type(answer) not in union_members(result):
        raise UnlistedError(f"{type(answer).__name__} is not a member of {result}") from error
    return answer


def union_members(result: Any) -> tuple[type, ...]:
    """The member types of a result union (`Annotated[Union[...], strawberry.union(...)]`)."""
    return typing.get_args(typing.get_args(result)[0])
