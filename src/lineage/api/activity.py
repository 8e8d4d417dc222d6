"""`spaceActivity`: a space's history entries as they are appended (docs/domain.md §12,
Live activity), over a WebSocket (graphql-transport-ws), to members of the space only.

The caller signs in when the connection opens: the bearer token from the connection_init
payload (`{"Authorization": "Bearer lin_..."}`), else from the upgrade request's
Authorization header. Each entry is sent only while the caller is still a member (the
sign-in is looked up again once `LINEAGE_SIGN_IN_CACHE_S` has passed).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from graphql import GraphQLError

from lineage.api.context import Context, Info
from lineage.api.history import CURSOR_KIND, HistoryEntry, entry_from_domain
from lineage.api.pagination import decode_cursor
from lineage.graph.access import User
from lineage.services.access import TokenExpired

ANONYMOUS = "anonymous"  # the user id of a caller who is not signed in (api.http.anonymous)
SIGN_IN = (
    'Sign in: send {"Authorization": "Bearer <token>"} as the connection_init payload, or the '
    "Authorization header with the upgrade request (see `lineage token create`)."
)


def not_member(space_id: str) -> GraphQLError:
    return GraphQLError(
        f"No space {space_id} among yours: only its members may follow its activity.",
        extensions={"code": "NOT_FOUND", "kind": "space", "id": space_id},
    )


async def sign_in(context: Context) -> None:
    """At connection_init: the caller's user, or why there is none (`context.refused`)."""
    params = context.connection_params or {}
    sent = params.get("Authorization") or params.get("authorization")
    token = _bearer(sent) if isinstance(sent, str) else None
    token = token or context.token
    context.token, context.refused = token, SIGN_IN
    if token is None:
        return
    try:
        assert context.sign_ins is not None
        user = await context.sign_ins.user(context.db, token, fresh=True)
    except TokenExpired as expired:
        context.refused = str(expired)
        return
    if user is not None:
        context.user = user


def _bearer(value: str) -> str | None:
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@strawberry.type(description="Live updates, over a WebSocket (graphql-transport-ws).")
class Subscription:
    @strawberry.subscription(
        description="The history entries of a space as they are appended (docs/domain.md "
        "§12, Live activity), oldest first, the same entries `Space.activity` lists; for "
        "members of the space only (sign in with the connection_init payload "
        '`{"Authorization": "Bearer <token>"}`). Entries are read every '
        "`LINEAGE_ACTIVITY_POLL_S` (1 s), so they arrive within about that."
    )
    async def space_activity(
        self,
        info: Info,
        space_id: Annotated[strawberry.ID, strawberry.argument(description="The space's id.")],
        after: Annotated[
            str | None,
            strawberry.argument(
                description="A cursor from `Space.activity` (an edge's `cursor`): the entries "
                "after it are sent first, then the new ones; null: only entries appended "
                "from now on."
            ),
        ] = None,
    ) -> AsyncGenerator[HistoryEntry, None]:
        context = info.context
        key = decode_cursor(CURSOR_KIND, after)
        await _member(context, str(space_id))
        assert context.activity is not None  # set for every WebSocket connection
        async for entry in context.activity.follow(str(space_id), key):
            await _member(context, str(space_id))
            yield entry_from_domain(entry)


async def _member(context: Context, space_id: str) -> None:
    """Refuses a caller who is not signed in, or not (any longer) a member of the space."""
    if context.token is None or context.user.id == ANONYMOUS:
        raise GraphQLError(context.refused or SIGN_IN, extensions={"code": "UNAUTHENTICATED"})
    assert context.sign_ins is not None  # set for every WebSocket connection
    try:
        user: User | None = await context.sign_ins.user(context.db, context.token, fresh=False)
    except TokenExpired as expired:
        raise GraphQLError(str(expired), extensions={"code": "UNAUTHENTICATED"}) from None
    if user is None:
        raise GraphQLError(SIGN_IN, extensions={"code": "UNAUTHENTICATED"})
    context.user = user
    if not context.can_see(space_id):
        raise not_member(space_id)
