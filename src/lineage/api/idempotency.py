"""Retries without duplicates: a mutation sent with an `Idempotency-Key` header is applied
once per caller and key; a retry within the retention time gets the first answer again.

The key is claimed inside the mutation's first write transaction (`Database.before_first_write`),
so it exists exactly when that write committed. The answer is recorded right after it is made.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx
from starlette.responses import Response
from starlette.types import Message, Send

from lineage.api.request_body import GraphQLRequest
from lineage.graph import idempotency
from lineage.graph.database import Database
from lineage.graph.idempotency import KeyAlreadyClaimed, StoredKey

log = logging.getLogger("lineage.api")
HEADER = "idempotency-key"
REPLAYED_HEADER = "idempotent-replayed"
# Printable ASCII without spaces: UUIDs, ULIDs and the like.
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
KEY_FORMAT = "1 to 255 printable ASCII characters without spaces, e.g. a UUID"


class IdempotencyRefusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Claim:
    """One mutation request's key; the `before_first_write` hook of its database view."""

    id: str
    user_id: str
    request_hash: str
    ttl_ms: int
    claimed: bool = False  # the claim ran in a write (that may still have rolled back)
    conflicted: bool = False  # another request with this key committed first

    async def __call__(self, tx: Tx) -> None:
        try:
            await idempotency.claim(
                tx, self.id, self.user_id, self.request_hash, _now_ms(), self.ttl_ms
            )
        except KeyAlreadyClaimed:
            self.conflicted = True
            raise
        self.claimed = True


def claim_for(key: str, user_id: str, request: GraphQLRequest, ttl_s: int) -> Claim:
    if not _KEY.fullmatch(key):
        message = f"Send an {HEADER} of {KEY_FORMAT}."
        raise IdempotencyRefusal(400, "INVALID_IDEMPOTENCY_KEY", message)
    return claim_with(key, user_id, _request_hash(request), ttl_s)


def claim_with(key: str, user_id: str, request_hash: str, ttl_s: int) -> Claim:
    """The claim of a key the service derived itself (an OpenLineage run id), for a
    request the caller identifies by `request_hash`."""
    scoped = hashlib.sha256(f"{user_id}\n{key}".encode()).hexdigest()
    return Claim(scoped, user_id, request_hash, ttl_s * 1000)


async def earlier_answer(db: Database, claim: Claim) -> Response | None:
    """The answer of an earlier request with this key, None when there was none."""
    stored = await idempotency.find(db, claim.id, _now_ms())
    # No request runs past two transaction bounds; an answer missing longer is lost.
    return None if stored is None else _replay(stored, claim, 2 * db.timeouts.transaction)


async def keep_answer(db: Database, claim: Claim, answer: BufferedAnswer) -> None:
    """Record the answer of the request that claimed the key (a no-op if its write rolled
    back: then no key exists and a retry applies the mutation afresh)."""
    if not claim.claimed or answer.status is None:
        return
    if answer.status >= 500:  # "retry" is no answer to replay; a retry learns it was applied
        return
    try:
        # A view of its own: the request's may still carry the claim hook (when its write
        # failed), which must not claim the key in this transaction instead.
        plain = db.for_request()
        await idempotency.record(plain, claim.id, answer.status, answer.body.decode("utf-8"))
    except Exception:  # the write happened; only its replay is lost, and a retry says so
        log.warning("Could not keep the answer for idempotency key %s", claim.id, exc_info=True)


def _replay(stored: StoredKey, claim: Claim, running_s: float) -> Response:
    if stored.request_hash != claim.request_hash:
        raise IdempotencyRefusal(
            422,
            "IDEMPOTENCY_KEY_REUSED",
            f"This {HEADER} was already used for a different request; use a new key for "
            "each operation, and the same key only to retry that very request.",
        )
    if stored.status is None or stored.body is None:
        age_s = (_now_ms() - stored.claimed_at) / 1000
        if age_s > running_s:  # longer than any transaction may run: it will never come
            raise IdempotencyRefusal(
                409,
                "IDEMPOTENCY_ANSWER_LOST",
                f"A request with this {HEADER} was applied {age_s:.0f} s ago, but its answer "
                "was not kept (the database failed before it was). Do not repeat it: read "
                "the current state instead.",
            )
        raise IdempotencyRefusal(
            409,
            "IDEMPOTENCY_KEY_IN_USE",
            f"A request with this {HEADER} was applied and is still finishing; retry in a "
            "few seconds to get its answer.",
        )
    return Response(
        stored.body,
        status_code=stored.status,
        media_type="application/json",
        headers={REPLAYED_HEADER: "true"},
    )


class BufferedAnswer:
    """Holds a response until the gate knows whether to send it or an earlier answer."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.status: int | None = None
        self.body = b""

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")
        self.messages.append(message)

    async def flush(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


def _request_hash(request: GraphQLRequest) -> str:
    canonical = json.dumps(
        [request.query, request.variables, request.operation_name],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _now_ms() -> int:
    return int(time.time() * 1000)
