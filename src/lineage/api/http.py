"""/graphql over HTTP: bearer-token sign-in, body size limit, bookmarks, request ids."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from lineage.api.context import Context
from lineage.graph.access import User
from lineage.services import access

log = logging.getLogger("lineage.api")
BOOKMARK_HEADER = "x-lineage-bookmarks"


class LineageGraphQL(GraphQL[Context, None]):
    max_page_size = 100

    async def get_context(self, request: Request, response: Any = None) -> Context:  # type: ignore[override]
        sent = request.headers.get(BOOKMARK_HEADER, "")
        db = request.app.state.db.for_request(part.strip() for part in sent.split(","))
        return Context(
            db=db,
            user=request.state.user,
            request_id=request.state.request_id,
            max_page_size=self.max_page_size,
        )


class GraphQLGate:
    """Refuses anonymous and oversized requests before GraphQL sees them."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        if _wants_ide(request):
            await self.app(scope, receive, send)
            return
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            await _refuse(413, "REQUEST_TOO_LARGE", self._too_large(), scope, receive, send)
            return
        user = await _user(request)
        if user is None and request.method == "POST":
            body = await request.body()
            if _public_only(body):
                user, receive = ANONYMOUS, _replay(body)
        if user is None:
            message = "Sign in: send `Authorization: Bearer <token>` (see `lineage token create`)."
            await _refuse(401, "UNAUTHENTICATED", message, scope, receive, send)
            return
        scope["state"]["user"] = user
        try:
            await self.app(scope, _limited(receive, self.max_body_bytes), send)
        except BodyTooLarge:
            await _refuse(413, "REQUEST_TOO_LARGE", self._too_large(), scope, receive, send)

    def _too_large(self) -> str:
        return f"Request body over {self.max_body_bytes} bytes; send a smaller document."


async def _user(request: Request) -> Any:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return await access.authenticate(request.app.state.db, token.strip())


# Probes may ask `{ serverInfo { ... } }` without a token; everything else needs one.
PUBLIC_ROOT_FIELDS = frozenset({"serverInfo", "__typename"})
ANONYMOUS = User("anonymous", "anonymous", {})


def _public_only(body: bytes) -> bool:
    try:
        document = parse(json.loads(body).get("query", ""))
    except (ValueError, AttributeError, GraphQLError):
        return False
    roots = [
        selection.name.value
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        and definition.operation == OperationType.QUERY
        for selection in definition.selection_set.selections
        if isinstance(selection, FieldNode)
    ]
    only_queries = all(isinstance(d, OperationDefinitionNode) for d in document.definitions)
    return only_queries and bool(roots) and set(roots) <= PUBLIC_ROOT_FIELDS


def _replay(body: bytes) -> Receive:
    """The body was read to look at it; hand it to the app again."""
    sent = False

    async def receive() -> Any:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _wants_ide(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def _limited(receive: Receive, limit: int) -> Receive:
    """Stop reading a body (chunked, no length) once it passes the limit."""
    seen = 0

    async def limited() -> Any:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge
        return message

    return limited


class BodyTooLarge(Exception):
    pass


async def _refuse(
    status: int, code: str, message: str, scope: Scope, receive: Receive, send: Send
) -> None:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    response = JSONResponse(body, status_code=status, headers=headers)
    await response(scope, receive, send)
