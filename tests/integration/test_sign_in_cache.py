"""Sign-in is one Neo4j lookup per token every few seconds, not one per request, and a
caller's own changes are never hidden by it (docs/domain.md §11)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from lineage import cypher
from lineage.api.sign_in import SignIns
from lineage.domain.enums import Role
from lineage.domain.errors import ValidationError
from lineage.graph.access import Token
from lineage.graph.database import Database, QueryCounter, query_counter, run
from lineage.services import access
from lineage.services.access import TokenExpired

SET_TOKEN_TIMES = cypher.load("test/set_token_times")


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
    assert await lookups(sign_ins, graph, token) == 2  # the lookup, and noting the use
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


async def only_token(db: Database, user_id: str) -> Token:
    (token,) = await access.list_tokens(db, user_id)
    return token


async def set_times(
    db: Database, id: str, expires_at: datetime | None = None, used: datetime | None = None
) -> None:
    await db.write(lambda tx: run(tx, SET_TOKEN_TIMES, id=id, expires_at=expires_at,
                                  last_used_at=used))  # fmt: skip


async def test_a_token_use_is_noted_at_most_once_a_minute(graph: Database) -> None:
    user = await access.create_user(graph, "Ada")
    token = await access.create_token(graph, user.id)
    assert (await only_token(graph, user.id)).last_used_at is None
    sign_ins = SignIns(ttl_s=0)
    before = datetime.now(UTC)
    await sign_ins.user(graph, token, fresh=True)
    noted = (await only_token(graph, user.id)).last_used_at
    assert noted is not None and noted >= before - timedelta(seconds=1)
    assert await lookups(sign_ins, graph, token, fresh=True) == 1  # read only
    assert (await only_token(graph, user.id)).last_used_at == noted

    long_ago = datetime.now(UTC) - timedelta(minutes=2)
    await set_times(graph, (await only_token(graph, user.id)).id, used=long_ago)
    assert await lookups(sign_ins, graph, token, fresh=True) == 2
    again = (await only_token(graph, user.id)).last_used_at
    assert again is not None and again > long_ago + timedelta(minutes=1)


async def test_an_expired_token_is_refused_fresh_or_cached(graph: Database) -> None:
    user = await access.create_user(graph, "Ada")
    sign_ins = SignIns(ttl_s=60)
    soon = datetime.now(UTC) + timedelta(seconds=2)
    token = await access.create_token(graph, user.id, expires_at=soon)
    assert await sign_ins.user(graph, token, fresh=False) is not None
    await asyncio.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.05)
    with pytest.raises(TokenExpired, match="expired at .* UTC; ask an operator"):
        await sign_ins.user(graph, token, fresh=False)  # from the cache
    with pytest.raises(TokenExpired):
        await sign_ins.user(graph, token, fresh=True)  # looked up


async def test_a_token_without_expiry_stays_valid_and_a_past_one_cannot_be_made(
    graph: Database,
) -> None:
    user = await access.create_user(graph, "Ada")
    token = await access.create_token(graph, user.id)
    assert (await only_token(graph, user.id)).expires_at is None
    assert await access.authenticate(graph, token) is not None
    with pytest.raises(ValidationError, match="has passed"):
        await access.create_token(graph, user.id, expires_at=datetime.now(UTC))
