"""Idempotency keys of mutations in the graph: claimed in the mutation's own write
transaction, then given the answer that was sent, for retries to replay."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx
from neo4j.exceptions import ConstraintError

from lineage import cypher
from lineage.graph.database import Database, run

FIND = cypher.load("idempotency/find_idempotency_key")
CLAIM = cypher.load("idempotency/claim_idempotency_key")
RECORD = cypher.load("idempotency/record_idempotent_answer")


class KeyAlreadyClaimed(Exception):
    """Another request with the same key committed first."""


@dataclass(frozen=True)
class StoredKey:
    request_hash: str
    claimed_at: int
    status: int | None
    body: str | None


async def find(db: Database, id: str, now_ms: int) -> StoredKey | None:
    records = await db.read(FIND, id=id, now=now_ms)
    if not records:
        return None
    record = records[0]
    return StoredKey(record["request_hash"], record["claimed_at"], record["status"], record["body"])


async def claim(tx: Tx, id: str, user_id: str, request_hash: str, now_ms: int, ttl_ms: int) -> None:
    try:
        await run(
            tx, CLAIM, id=id, user_id=user_id, request_hash=request_hash, now=now_ms,
            expires_at=now_ms + ttl_ms,
        )  # fmt: skip
    except ConstraintError as exc:
        raise KeyAlreadyClaimed(id) from exc


async def record(db: Database, id: str, status: int, body: str) -> None:
    async def work(tx: Tx) -> None:
        await run(tx, RECORD, id=id, status=status, body=body)

    await db.write(work)
