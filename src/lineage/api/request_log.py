"""Every HTTP request: an id (the `x-request-id` header, in every log line of the request),
one access line when it ends, and its count in the request metrics."""

from __future__ import annotations

import functools
import logging
import re
import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lineage.api import prometheus
from lineage.api.context import current_request_id
from lineage.api.request_body import GraphQLRequest
from lineage.graph import database

access_log = logging.getLogger("lineage.access")
log = logging.getLogger("lineage.api")
REQUEST_ID_HEADER = "x-request-id"
# A request id a client sends is kept when it is short and plain (it ends up in log lines).
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# An operation name as GraphQL spells one (the client's `operationName` may be any text).
_OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")


@dataclass
class RequestRecord:
    """What is learnt about one request while it is served (filled in by the gate)."""

    request_id: str
    operation: str | None = None
    user_id: str | None = None
    codes: list[str] = field(default_factory=list)
    neo4j_queries: int = 0


current_request: ContextVar[RequestRecord | None] = ContextVar("current_request", default=None)


def request_id_for(sent: str | None) -> str:
    if sent and _CLIENT_REQUEST_ID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def operation_name(request: GraphQLRequest, max_tokens: int) -> str | None:
    """The name of the operation the request runs: its `operationName`, else the name of
    its document's only operation; None for a name GraphQL would not accept (it goes to
    the log)."""
    name = request.operation_name or _only_operation(request.query, max_tokens)
    return name if name and _OPERATION_NAME.fullmatch(name) else None


@functools.lru_cache(maxsize=256)
def _only_operation(query: str | None, max_tokens: int) -> str | None:
    try:
        document = parse(query or "", max_tokens=max_tokens)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) == 1 and operations[0].name:
        return operations[0].name.value
    return None


def note_operation(name: str | None) -> None:
    record = current_request.get()
    if record is not None:
        record.operation = name


def note_codes(codes: Iterable[str]) -> None:
    """The error codes the answer carries (`extensions.code`), first one first."""
    record = current_request.get()
    if record is not None:
        for code in map(prometheus.code_label, codes):
            if code not in record.codes:
                record.codes.append(code)


def count_query(name: str, seconds: float, failed: bool) -> None:
    record = current_request.get()
    if record is not None:
        record.neo4j_queries += 1


database.query_observers.append(count_query)


class RequestLog:
    """ASGI middleware around the whole app: the request id, then one access line and the
    request metrics once the response is sent (also when the app failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(Headers(scope=scope).get(REQUEST_ID_HEADER))
        scope.setdefault("state", {})["request_id"] = request_id
        record = RequestRecord(request_id)
        tokens = current_request.set(record), current_request_id.set(request_id)
        status: int | None = None
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:  # logged here, with the request id, rather than by the server
            log.exception("Unexpected error in request %s", request_id)
            if status is None:
                await PlainTextResponse("Internal Server Error", 500)(scope, receive, send_with_id)
        finally:
            _finish(scope, record, status or 500, time.perf_counter() - started)
            current_request_id.reset(tokens[1])
            current_request.reset(tokens[0])


def _finish(scope: Scope, record: RequestRecord, status: int, seconds: float) -> None:
    user = scope.get("state", {}).get("user")
    if user is not None and user.id != "anonymous":
        record.user_id = user.id
    path, method = scope.get("path", ""), scope.get("method", "")
    result = outcome(status, record.codes)
    signed_in = record.user_id is not None
    prometheus.observe_request(path, record.operation, signed_in, result, seconds)
    access_log.info(
        "%s %s %d %.1f ms%s",
        method,
        path,
        status,
        seconds * 1000,
        _details(record, result),
        extra={
            "request_id": record.request_id,
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "operation": record.operation,
            "user_id": record.user_id,
            "neo4j_queries": record.neo4j_queries,
            "outcome": result,
        },
    )


def _details(record: RequestRecord, result: str) -> str:
    """The rest of the access line's message, for reading it as text."""
    parts = [f"operation={record.operation}"] if record.operation else []
    if record.user_id:
        parts.append(f"user={record.user_id}")
    if result != "ok":
        parts.append(f"outcome={result}")
    parts.append(f"neo4j_queries={record.neo4j_queries}")
    return " " + " ".join(parts)


def outcome(status: int, codes: list[str]) -> str:
    """`ok`, the first error code of the answer, else the HTTP status class (`4xx`)."""
    if codes:
        return codes[0]
    if status < 400:
        return "ok"
    return f"{status // 100}xx"
