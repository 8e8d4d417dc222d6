"""The answers /graphql gives itself, without GraphQL: refusals of the client's mistakes
(HTTP 4xx) and of requests Neo4j cannot serve now (HTTP 503, retryable), in the GraphQL
error shape, and one log line per outage."""

from __future__ import annotations

import logging
import time
from typing import Any

from neo4j.exceptions import Neo4jError
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from lineage.api.idempotency import IdempotencyRefusal
from lineage.api.request_body import BadRequest
from lineage.api.request_log import note_codes
from lineage.graph.database import busy, timed_out, unavailable
from lineage.services.access import TokenExpired

log = logging.getLogger("lineage.api")
BOOKMARK_HEADER = "x-lineage-bookmarks"
MAX_BOOKMARKS = 16
# Seconds a client should wait before retrying while Neo4j is unreachable.
RETRY_AFTER_S = 5
UNAVAILABLE_CODES = frozenset({"DATABASE_UNAVAILABLE", "DATABASE_TIMEOUT", "DATABASE_BUSY"})


class OutageLog:
    """One log line when Neo4j stops serving requests and one when it serves again, not one
    per refused request (an outage under load would refuse thousands)."""

    def __init__(self) -> None:
        self.since: float | None = None

    def noticed(self, error: BaseException) -> None:
        if self.since is None:
            self.since = time.monotonic()
            log.warning(
                "Neo4j is not serving requests (%s: %s); answering 503 until it does.",
                type(error).__name__,
                " ".join(str(error).split())[:300],
            )

    def served(self) -> None:
        if self.since is not None:
            log.warning("Neo4j serves requests again, after %.1f s.", time.monotonic() - self.since)
            self.since = None


OUTAGE = OutageLog()


class Refusal(Exception):
    """A request the gate answers itself, with an error in the GraphQL shape; `details`
    go into the error's `extensions` beside the code."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or {}


# Driver errors a client causes with the bookmarks it sends back.
CLIENT_BOOKMARK_ERRORS = {
    "Neo.ClientError.Transaction.InvalidBookmark": "INVALID_BOOKMARK",
    "Neo.ClientError.Transaction.InvalidBookmarkMixture": "INVALID_BOOKMARK",
    "Neo.TransientError.Transaction.BookmarkTimeout": "BOOKMARK_NOT_REACHED",
}
BOOKMARK_MESSAGE = (
    f"The {BOOKMARK_HEADER} header does not name a transaction this database has seen; "
    "send back the `extensions.bookmarks` of a response from this service unchanged "
    f"(at most {MAX_BOOKMARKS}, comma-separated)."
)
UNAVAILABLE_MESSAGE = (
    f"The database is not reachable right now; retry in {RETRY_AFTER_S} s "
    "(a mutation with the same Idempotency-Key is applied at most once)."
)
TIMEOUT_MESSAGE = (
    "The database did not finish in the time allowed (LINEAGE_NEO4J_TX_TIMEOUT_S); the "
    "transaction that ran out of time wrote nothing. Retry (a mutation with the same "
    "Idempotency-Key is applied at most once), or ask for less."
)
BUSY_MESSAGE = (
    "The database is busy with conflicting writes (a deadlock outlasted the retries); "
    "nothing of the failed transaction was written. Retry shortly."
)


def not_reached(wait_s: float) -> str:
    return (
        f"The database has not reached the writes named in {BOOKMARK_HEADER} within "
        f"{wait_s:g} s. Retry shortly; if the bookmarks did not come from this service's "
        "`extensions.bookmarks`, drop the header."
    )


def bookmark_error_code(error: BaseException | None) -> str | None:
    """The error code for a driver error caused by the bookmarks header, else None."""
    if isinstance(error, Neo4jError) and error.code:
        return CLIENT_BOOKMARK_ERRORS.get(error.code)
    return None


def database_error(error: BaseException | None) -> tuple[str, str] | None:
    """(code, message) when the error means Neo4j could not serve the request now."""
    if error is None:
        return None
    if unavailable(error):
        return "DATABASE_UNAVAILABLE", UNAVAILABLE_MESSAGE
    if timed_out(error):
        return "DATABASE_TIMEOUT", TIMEOUT_MESSAGE
    if busy(error):
        return "DATABASE_BUSY", BUSY_MESSAGE
    return None


def refusal_for(error: Exception) -> Refusal | None:
    """The answer to a failure of the gate's own steps that is not the service's fault."""
    if isinstance(error, BadRequest):
        return Refusal(400, "BAD_REQUEST", error.message)
    if isinstance(error, IdempotencyRefusal):
        return Refusal(error.status, error.code, error.message)
    if isinstance(error, TokenExpired):  # it expired between two sign-ins of one request
        return Refusal(401, "UNAUTHENTICATED", str(error))
    code = bookmark_error_code(error)
    if code is not None:
        return Refusal(400, code, BOOKMARK_MESSAGE)
    failure = database_error(error)
    if failure is not None:
        OUTAGE.noticed(error)
        return Refusal(503, *failure)
    return None


async def refuse(refusal: Refusal, scope: Scope, receive: Receive, send: Send) -> None:
    note_codes([refusal.code])
    extensions = {
        **refusal.details,
        "code": refusal.code,
        "requestId": scope.get("state", {}).get("request_id"),
    }
    body = {"errors": [{"message": refusal.message, "extensions": extensions}]}
    headers = {}
    if refusal.status == 401:
        headers["www-authenticate"] = "Bearer"
    if refusal.status == 503:
        headers["retry-after"] = str(RETRY_AFTER_S)
    response = JSONResponse(body, status_code=refusal.status, headers=headers)
    await response(scope, receive, send)
