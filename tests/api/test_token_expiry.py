"""Over HTTP: an expired token is refused with 401 and says so; a token's use is noted."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from lineage import cypher
from lineage.graph.access import Token
from lineage.graph.database import Database, run
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access

from .conftest import Caller, call_api

T = TypeVar("T")
SET_TOKEN_TIMES = cypher.load("test/set_token_times")
VIEWER = "{ viewer { id name } }"


def with_db(target: Neo4jTarget, work: Callable[[Database], Awaitable[T]]) -> T:
    async def go() -> T:
        db = Database.connect(target.uri, target.auth, target.database)
        try:
            return await work(db)
        finally:
            await db.close()

    return asyncio.run(go())


def tokens(target: Neo4jTarget, user_id: str) -> list[Token]:
    return with_db(target, lambda db: access.list_tokens(db, user_id))


def expired_token(target: Neo4jTarget, user_id: str) -> str:
    """A token made valid for a day, then moved to have expired an hour ago."""

    async def make(db: Database) -> str:
        secret = await access.create_token(db, user_id, "old", datetime.now(UTC) + timedelta(1))
        (made,) = [t for t in await access.list_tokens(db, user_id) if t.label == "old"]
        past = datetime.now(UTC) - timedelta(hours=1)
        await db.write(lambda tx: run(tx, SET_TOKEN_TIMES, id=made.id, expires_at=past,
                                      last_used_at=None))  # fmt: skip
        return secret

    return with_db(target, make)


def test_an_expired_token_is_refused_with_401_saying_so(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    secret = expired_token(neo4j_target, caller.user_id)
    answer = call_api(caller.url, VIEWER, token=secret)
    assert answer.status == 401 and answer.data is None, answer
    assert answer.codes == ["UNAUTHENTICATED"]
    assert answer.headers.get("www-authenticate") == "Bearer"
    message = answer.errors[0]["message"] if answer.errors else ""
    assert "This API token expired at" in message and "lineage token create" in message

    probe = call_api(caller.url, "{ serverInfo { version } }", token=secret)
    assert probe.status == 200 and probe.data is not None, probe  # the public probe still answers
    unknown = call_api(caller.url, VIEWER, token="lin_unknown")
    assert unknown.status == 401 and "expired" not in str(unknown.errors)


def test_a_token_in_date_signs_in_and_its_use_is_noted(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    (before,) = tokens(neo4j_target, caller.user_id)
    assert before.last_used_at is None
    started = datetime.now(UTC)
    answer = call_api(caller.url, VIEWER, token=caller.token)
    assert answer.status == 200 and answer.data == {"viewer": {"id": caller.user_id,
                                                                "name": "Ada"}}  # fmt: skip
    (after,) = tokens(neo4j_target, caller.user_id)
    assert after.last_used_at is not None
    assert started - timedelta(seconds=1) <= after.last_used_at <= datetime.now(UTC)
