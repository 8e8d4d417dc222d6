"""/graphql over HTTP: bearer-token sign-in, body size limit, one operation per request,
bookmarks, request ids."""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from neo4j.exceptions import Neo4jError
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from lineage.api.context import Context, current_request_id
from lineage.graph.access import User
from lineage.graph.database import Database
from lineage.services import access

log = logging.getLogger("lineage.api")
BOOKMARK_HEADER = "x-lineage-bookmarks"
REQUEST_ID_HEADER = "x-request-id"
# A request id a client sends is kept when it is short and plain (it ends up in log lines).
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class LineageGraphQL(GraphQL[Context, None]):
    max_page_size = 100

    async def get_context(self, request: Request, response: Any = None) -> Context:  # type: ignore[override]
        db = getattr(request.state, "db", None) or _request_db(request)
        return Context(
            db=db,
            user=getattr(request.state, "user", None) or anonymous(),
            request_id=getattr(request.state, "request_id", None) or current_request_id.get(),
            max_page_size=self.max_page_size,
            files=getattr(request.app.state, "files", None),
        )


class GraphQLGate:
    """Refuses anonymous, oversized and batched requests before GraphQL sees them, and
    gives every request an id (the `x-request-id` response header, error logs)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        request_id = _request_id(request.headers.get(REQUEST_ID_HEADER))
        scope.setdefault("state", {})["request_id"] = request_id
        reset = current_request_id.set(request_id)
        response = _Response(send, request_id)
        try:
            await self._serve(request, scope, receive, response.send)
        except Exception:
            log.exception(
                "Unexpected error in request %s", request_id, extra={"request_id": request_id}
            )
            if response.started:
                raise
            await _refuse(500, "INTERNAL", "Unexpected error.", scope, receive, response.send)
        finally:
            current_request_id.reset(reset)

    async def _serve(self, request: Request, scope: Scope, receive: Receive, send: Send) -> None:
        if _wants_ide(request):  # the GraphiQL page (or 404 when it is off); no data in it
            scope["state"]["user"] = anonymous()
            await self.app(scope, receive, send)
            return
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            await _refuse(413, "REQUEST_TOO_LARGE", self._too_large(), scope, receive, send)
            return
        query = request.query_params.get("query")
        if request.method == "POST":
            body = await _read_body(receive, self.max_body_bytes)
            if body is None:
                await _refuse(413, "REQUEST_TOO_LARGE", self._too_large(), scope, receive, send)
                return
            if body.lstrip()[:1] == b"[":
                await _refuse(400, "BATCH_NOT_SUPPORTED", BATCH_MESSAGE, scope, receive, send)
                return
            receive = _replay(body, receive)
            query = _query_of(body)
        db = scope["state"]["db"] = _request_db(request)
        try:
            user = await _user(request, db)
        except Neo4jError as error:
            code = bookmark_error_code(error)
            if code is None:
                raise
            await _refuse(400, code, BOOKMARK_MESSAGE, scope, receive, send)
            return
        if user is None and _public_only(query):
            user = anonymous()
        if user is None:
            await _refuse(401, "UNAUTHENTICATED", SIGN_IN_MESSAGE, scope, receive, send)
            return
        scope["state"]["user"] = user
        await self.app(scope, receive, send)

    def _too_large(self) -> str:
        return f"Request body over {self.max_body_bytes} bytes; send a smaller document."


SIGN_IN_MESSAGE = "Sign in: send `Authorization: Bearer <token>` (see `lineage token create`)."
BATCH_MESSAGE = (
    "Batched requests (a JSON array of operations) are not supported; "
    "send one operation per request as a JSON object."
)


class _Response:
    """Adds the request id header to the response and remembers whether it has begun."""

    def __init__(self, send: Send, request_id: str) -> None:
        self._send = send
        self.request_id = request_id
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            MutableHeaders(scope=message)[REQUEST_ID_HEADER] = self.request_id
        await self._send(message)


def _request_id(sent: str | None) -> str:
    if sent and _CLIENT_REQUEST_ID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def _request_db(request: Request) -> Database:
    """The database as this request sees it: after the bookmarks the client sent back, so
    its memberships and data include its own writes made through any API process."""
    sent = request.headers.get(BOOKMARK_HEADER, "")
    db: Database = request.app.state.db
    return db.for_request(part.strip() for part in sent.split(","))


async def _user(request: Request, db: Database) -> User | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return await access.authenticate(db, token.strip())


# Driver errors a client causes with the bookmarks it sends back.
CLIENT_BOOKMARK_ERRORS = {
    "Neo.ClientError.Transaction.InvalidBookmark": "INVALID_BOOKMARK",
    "Neo.ClientError.Transaction.InvalidBookmarkMixture": "INVALID_BOOKMARK",
    "Neo.TransientError.Transaction.BookmarkTimeout": "BOOKMARK_NOT_REACHED",
}
BOOKMARK_MESSAGE = (
    f"The {BOOKMARK_HEADER} header does not name a transaction this database has seen; "
    "send back the `extensions.bookmarks` of a response from this service unchanged."
)


def bookmark_error_code(error: BaseException | None) -> str | None:
    """The error code for a driver error caused by the bookmarks header, else None."""
    if isinstance(error, Neo4jError) and error.code:
        return CLIENT_BOOKMARK_ERRORS.get(error.code)
    return None


# Probes may ask `{ serverInfo { ... } }` without a token; everything else needs one.
PUBLIC_ROOT_FIELDS = frozenset({"serverInfo", "__typename"})
PUBLIC_MAX_TOKENS = 500


def anonymous() -> User:
    """A fresh signed-out user for one request: no memberships, nothing to see."""
    return User("anonymous", "anonymous", {})


def _query_of(body: bytes) -> str | None:
    try:
        query = json.loads(body).get("query")
    except (ValueError, AttributeError):
        return None
    return query if isinstance(query, str) else None


def _public_only(query: str | None) -> bool:
    """True when every operation is a query selecting only public root fields (no
    mutations, fragments or other fields that `operationName` could pick instead)."""
    if not query:
        return False
    try:
        document = parse(query, max_tokens=PUBLIC_MAX_TOKENS)
    except GraphQLError:
        return False
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            return False
        if definition.operation != OperationType.QUERY:
            return False
        for selection in definition.selection_set.selections:
            if not isinstance(selection, FieldNode):
                return False
            if selection.name.value not in PUBLIC_ROOT_FIELDS:
                return False
    return bool(document.definitions)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body (chunked or not), or None as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body was read to look at it; hand it to the app again, then pass on what the
    server sends next (a disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _wants_ide(request: Request) -> bool:
    """What strawberry answers with the GraphiQL page: a GET without a query for HTML."""
    accept = request.headers.get("accept", "")
    return (
        request.method == "GET"
        and "query" not in request.query_params
        and ("text/html" in accept or "*/*" in accept)
    )


async def _refuse(
    status: int, code: str, message: str, scope: Scope, receive: Receive, send: Send
) -> None:
    extensions = {"code": code, "requestId": scope.get("state", {}).get("request_id")}
    body = {"errors": [{"message": message, "extensions": extensions}]}
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    response = JSONResponse(body, status_code=status, headers=headers)
    await response(scope, receive, send)
