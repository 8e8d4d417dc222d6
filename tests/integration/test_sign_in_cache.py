"""Sign-in is one Neo4j lookup per token every few seconds, not one per request, and a
caller's own changes are never hidden by it (docs/domain.md §11)."""

from __future__ import annotations

from lineage.api.sign_in import SignIns
from lineage.domain.enums import Role
from lineage.graph.database import Database, QueryCounter, query_counter
from lineage.services import access


async def lookups(sign_ins: SignIns, db: Database, token: str, *, fresh: bool = False) -> int:
    counter = QueryCounter()
    reset = query_counter.set(counter)
    try:
        assert await sign_ins.user(db, token, fresh=fresh) is not None
    finally:
        query_counter.reset(reset)
    return counter.count


async def test_a_token_is_looked_up_once_within_the_cache_time(graph: Database) -> None:
    user = await access.create_user(graph, "Ada")
    token = await access.create_token(graph, user.id)
    sign_ins = SignIns(ttl_s=60)
    assert await lookups(sign_ins, graph, token) == 1
    assert await lookups(sign_ins, graph, token) == 0
    assert await lookups(sign_ins, graph, token, fresh=True) == 1  # mutations, bookmarks
    sign_ins.forget(token)
    assert await lookups(sign_ins, graph, token) == 1
    assert await lookups(SignIns(ttl_s=0), graph, token) == 1


async def test_a_cached_sign_in_is_a_copy_a_request_may_change(graph: Database) -> None:
    user = await access.create_user(graph, "Ada")
    token = await access.create_token(graph, user.id)
    sign_ins = SignIns(ttl_s=60)
    first = await sign_ins.user(graph, token, fresh=False)
    assert first is not None
    first.roles["space_x"] = Role.OWNER  # what Context.grant does for a new space
    again = await sign_ins.user(graph, token, fresh=False)
    assert again is not None and again.roles == {}


async def test_unknown_tokens_are_not_cached(graph: Database) -> None:
    sign_ins = SignIns(ttl_s=60)
    for _ in range(2):
        assert await sign_ins.user(graph, "lin_unknown", fresh=False) is None
