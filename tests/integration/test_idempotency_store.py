"""An idempotency key exists exactly when its mutation's write committed, and only an
answer worth replaying is kept for it (docs/domain.md §11)."""

from __future__ import annotations

import asyncio

import pytest

from lineage.api.idempotency import (
    BufferedAnswer,
    Claim,
    IdempotencyRefusal,
    claim_for,
    earlier_answer,
    keep_answer,
)
from lineage.api.request_body import GraphQLRequest
from lineage.domain.enums import Layer
from lineage.graph import idempotency
from lineage.graph.database import Database, Timeouts
from lineage.services import containers

REQUEST = GraphQLRequest("mutation { x }", None, None)


async def answered(status: int) -> BufferedAnswer:
    answer = BufferedAnswer()
    await answer.send({"type": "http.response.start", "status": status, "headers": []})
    await answer.send({"type": "http.response.body", "body": b'{"data": {}}'})
    return answer


async def claimed_by_a_write(graph: Database, key: str) -> tuple[Database, Claim]:
    db = graph.for_request()
    claim = claim_for(key, "user_1", REQUEST, ttl_s=60)
    db.before_first_write = claim
    await containers.create(db, Layer.SPACE, f"Space {key}")
    assert claim.claimed
    return db, claim


async def test_a_retryable_failure_is_not_kept_as_the_answer(graph: Database) -> None:
    """The write committed, then the request answered 503: replaying "retry" would make
    a retry repeat forever; the key stays, without an answer (the retry hears it was applied)."""
    db, claim = await claimed_by_a_write(graph, "k-503")
    await keep_answer(db, claim, await answered(503))
    stored = await idempotency.find(graph, claim.id, 0)
    assert stored is not None and stored.status is None and stored.body is None


async def test_a_successful_answer_is_kept(graph: Database) -> None:
    db, claim = await claimed_by_a_write(graph, "k-200")
    await keep_answer(db, claim, await answered(200))
    stored = await idempotency.find(graph, claim.id, 0)
    assert stored is not None and stored.status == 200 and stored.body == '{"data": {}}'


async def claimed_by_a_failed_write(graph: Database, key: str) -> tuple[Database, Claim]:
    """A request view whose claim ran in a write that then rolled back."""
    db = graph.for_request()
    claim = claim_for(key, "user_1", REQUEST, ttl_s=60)
    db.before_first_write = claim

    async def refused(tx: object) -> None:
        raise RuntimeError("the use case refused")

    with pytest.raises(RuntimeError):
        await db.write(refused)  # type: ignore[arg-type]
    return db, claim


async def test_a_write_that_rolled_back_keeps_no_key(graph: Database) -> None:
    _, claim = await claimed_by_a_failed_write(graph, "k-rollback")
    assert await idempotency.find(graph, claim.id, 0) is None


async def test_a_failed_write_leaves_no_key_behind_its_answer(graph: Database) -> None:
    """The request's write rolled back, then its (typed error) answer is kept: keeping it
    must not claim the key on the way, or a retry would replay a write that never was."""
    db, claim = await claimed_by_a_failed_write(graph, "k-failed")
    await keep_answer(db, claim, await answered(200))
    assert await idempotency.find(graph, claim.id, 0) is None


async def test_an_answer_missing_for_too_long_is_said_to_be_lost(graph: Database) -> None:
    db, claim = await claimed_by_a_write(graph, "k-lost")  # applied; no answer kept
    with pytest.raises(IdempotencyRefusal) as running:
        await earlier_answer(db, claim)
    assert running.value.code == "IDEMPOTENCY_KEY_IN_USE"
    hurried = Database(graph.driver, graph.uri, graph.database, timeouts=Timeouts(transaction=0.01))
    await asyncio.sleep(0.05)
    with pytest.raises(IdempotencyRefusal) as lost:
        await earlier_answer(hurried, claim)
    assert lost.value.code == "IDEMPOTENCY_ANSWER_LOST" and "Do not repeat" in lost.value.message
