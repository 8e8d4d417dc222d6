"""/graphql over HTTP: well-formed bodies, bearer-token sign-in, body size limit, one
operation per request, bounded bookmarks, idempotency keys, 503 while Neo4j is unreachable,
request ids."""

from __future__ import annotations

import functools
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from lineage.api import activity, idempotency
from lineage.api.context import Context, current_request_id
from lineage.api.idempotency import BufferedAnswer
from lineage.api.refusals import (
    BOOKMARK_HEADER,
    BOOKMARK_MESSAGE,
    MAX_BOOKMARKS,
    OUTAGE,
    RETRY_AFTER_S,
    UNAVAILABLE_CODES,
    Refusal,
    not_reached,
    refusal_for,
    refuse,
)
from lineage.api.request_body import GraphQLRequest, parse_body, parse_query_params, read_body
from lineage.api.request_log import note_codes, note_operation, operation_name
from lineage.api.sign_in import SignIns
from lineage.domain.trash import DEFAULT_RETENTION_DAYS
from lineage.graph.access import User
from lineage.graph.database import BookmarkNotReached, Database
from lineage.services.access import TokenExpired

log = logging.getLogger("lineage.api")
REQUEST_ID_HEADER = "x-request-id"
# A request id a client sends is kept when it is short and plain (it ends up in log lines).
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Bookmarks are short opaque strings the service handed out; a client sends back a few.
_BOOKMARK = re.compile(r"[A-Za-z0-9+/=:._-]{1,512}")
_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


class LineageGraphQL(GraphQL[Context, None]):
    max_page_size = 100
    trash_retention_days = DEFAULT_RETENTION_DAYS
    suggestions = True  # "Did you mean ...?" in error messages (they reveal the schema)
    # The GraphiQL page, bundled with the explorer (strawberry's own loads it from a CDN).
    ide_page: Callable[[Request], Response] | None = None
    sign_ins = SignIns(2.0)  # the gate's, shared (app.graphql_endpoint)

    async def render_graphql_ide(self, request: Request) -> Response:
        if self.ide_page is None:
            return await super().render_graphql_ide(request)
        return self.ide_page(request)

    async def get_context(self, request: Request | WebSocket, response: Any = None) -> Context:
        if isinstance(request, WebSocket):  # signed in at connection_init (on_ws_connect)
            return Context(
                db=request.app.state.db, user=anonymous(), request_id=uuid.uuid4().hex,
                max_page_size=self.max_page_size, files=getattr(request.app.state, "files", None),
                activity=request.app.state.activity, token=bearer_token(request),
                sign_ins=self.sign_ins,
            )  # fmt: skip
        return Context(
            db=request.state.db,
            user=request.state.user,
            request_id=getattr(request.state, "request_id", None) or current_request_id.get(),
            max_page_size=self.max_page_size,
            files=getattr(request.app.state, "files", None),
            trash_retention_days=self.trash_retention_days,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Signs the caller in from the connection_init payload or the upgrade's header; a
        subscription refuses a caller who is not signed in, with the reason."""
        await activity.sign_in(context)
        return UNSET

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if not self.suggestions:
            errors: list[dict[str, Any]] = list(processed.get("errors") or [])
            for error in errors:
                error["message"] = _SUGGESTION.sub("", error["message"])
        return processed

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """HTTP 503 with Retry-After when Neo4j could not answer: the request may be
        sent again as it is (with the same idempotency key for a mutation)."""
        response = super().create_response(response_data, sub_response)
        if not isinstance(response_data, dict):
            return response
        codes = _codes(response_data)
        note_codes(sorted(codes))  # for the access line and the request metrics
        if codes & UNAVAILABLE_CODES:
            response.status_code = 503
            response.headers["retry-after"] = str(RETRY_AFTER_S)
            return response
        OUTAGE.served()
        if _request_error(response_data):
            response.status_code = 400
        return response


class GraphQLGate:
    """Checks every request before GraphQL sees it: a well-formed body of one operation
    within the size limit, a signed-in caller (anonymous only for the public probe),
    bookmarks reached within a short wait, and an idempotency key applied once. Gives
    every request an id (the `x-request-id` response header, error logs)."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        bookmark_wait_s: float = 3.0,
        idempotency_ttl_s: int = 24 * 3600,
        sign_in_cache_s: float = 2.0,
        max_tokens: int = 4000,
    ) -> None:
        self.app = app
        self.max_tokens = max_tokens  # parsing before sign-in is bounded like GraphQL's
        self.sign_ins = SignIns(sign_in_cache_s)
        self.max_body_bytes = max_body_bytes
        self.bookmark_wait_s = bookmark_wait_s
        self.idempotency_ttl_s = idempotency_ttl_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        # The id RequestLog gave the request (the access line's), else one of its own.
        request_id = scope.get("state", {}).get("request_id") or _request_id(
            request.headers.get(REQUEST_ID_HEADER)
        )
        scope.setdefault("state", {})["request_id"] = request_id
        reset = current_request_id.set(request_id)
        response = _Response(send, request_id)
        try:
            await self._serve(request, scope, receive, response.send)
        except Refusal as refusal:
            await refuse(refusal, scope, receive, response.send)
        except Exception as error:
            if response.started:
                raise
            refusal = refusal_for(error)
            if refusal is None:
                log.exception("Unexpected error in request %s", request_id)
                refusal = Refusal(500, "INTERNAL", "Unexpected error.")
            await refuse(refusal, scope, receive, response.send)
        finally:
            current_request_id.reset(reset)

    async def _serve(self, request: Request, scope: Scope, receive: Receive, send: Send) -> None:
        if _wants_ide(request):  # the GraphiQL page (or 404 when it is off); no data in it
            scope["state"]["user"] = anonymous()
            scope["state"]["db"] = request.app.state.db
            await self.app(scope, receive, send)
            return
        graphql_request, receive = await self._read(request, receive)
        note_operation(operation_name(graphql_request, self.max_tokens))
        bookmarks = _bookmarks(request.headers.get(BOOKMARK_HEADER, ""))
        mutation = _is_mutation(graphql_request, self.max_tokens)
        base: Database = request.app.state.db
        token = bearer_token(request)
        # Sign-in never waits for a client's bookmarks: the token is looked up as things are.
        # A request with bookmarks is looked up afresh below, after them: here the cached
        # sign-in is enough to know the caller is someone.
        fresh = mutation and not bookmarks
        try:
            user = await self.sign_ins.user(base, token, fresh=fresh) if token else None
            refused = SIGN_IN_MESSAGE
        except TokenExpired as expired:
            user, refused = None, str(expired)
        if user is None and _public_only(graphql_request.query):
            user, db = anonymous(), base  # the probe reads nothing a bookmark could cover
        elif user is None:
            raise Refusal(401, "UNAUTHENTICATED", refused)
        else:
            db = base.for_request(bookmarks)
            if bookmarks:  # roles as of the client's writes (a space it just created)
                await _reach(db, self.bookmark_wait_s)
                user = await self.sign_ins.user(db, token, fresh=True)
                if user is None:
                    raise Refusal(401, "UNAUTHENTICATED", SIGN_IN_MESSAGE)
        scope["state"]["user"], scope["state"]["db"] = user, db
        key = request.headers.get(idempotency.HEADER)
        try:
            if key is not None and mutation:
                await self._once(key, user, graphql_request, db, (scope, receive, send))
            else:
                await self.app(scope, receive, send)
        finally:
            if mutation and token:  # the caller's roles may have changed
                self.sign_ins.forget(token)

    async def _read(self, request: Request, receive: Receive) -> tuple[GraphQLRequest, Receive]:
        """The request as GraphQL will see it (the body is handed on unchanged)."""
        if request.method != "POST":
            params = request.query_params
            sent = parse_query_params(params.get("query"), params.get("variables"))
            # A GET must not change anything (caches, prefetching).
            if _is_mutation(sent, self.max_tokens):
                raise Refusal(405, "METHOD_NOT_ALLOWED", "Send mutations with POST.")
            return sent, receive
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            raise Refusal(413, "REQUEST_TOO_LARGE", self._too_large())
        body = await read_body(receive, self.max_body_bytes)
        if body is None:
            raise Refusal(413, "REQUEST_TOO_LARGE", self._too_large())
        if body.lstrip()[:1] == b"[":
            raise Refusal(400, "BATCH_NOT_SUPPORTED", BATCH_MESSAGE)
        if not _is_json(request):
            raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", MEDIA_TYPE_MESSAGE)
        return parse_body(body), _replay(body, receive)

    async def _once(
        self,
        key: str,
        user: User,
        graphql_request: GraphQLRequest,
        db: Database,
        asgi: tuple[Scope, Receive, Send],
    ) -> None:
        """Apply a mutation once per caller and key; a retry gets the first answer."""
        scope, receive, send = asgi
        claim = idempotency.claim_for(key, user.id, graphql_request, self.idempotency_ttl_s)
        earlier = await idempotency.earlier_answer(db, claim)
        if earlier is None:
            db.before_first_write = claim
            answer = BufferedAnswer()
            await self.app(scope, receive, answer.send)
            if not claim.conflicted:
                await idempotency.keep_answer(db, claim, answer)
                await answer.flush(send)
                return
            earlier = await idempotency.earlier_answer(db, claim)  # the request that won
        if earlier is None:  # the winner's key expired in between: nothing to replay
            raise Refusal(409, "IDEMPOTENCY_KEY_IN_USE", "Retry the request.")
        await earlier(scope, receive, send)

    def _too_large(self) -> str:
        return f"Request body over {self.max_body_bytes} bytes; send a smaller document."


SIGN_IN_MESSAGE = "Sign in: send `Authorization: Bearer <token>` (see `lineage token create`)."
MEDIA_TYPE_MESSAGE = "Send the request as JSON, with `Content-Type: application/json`."
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


def _bookmarks(header: str) -> list[str]:
    """The bookmarks a client sent back, checked for shape before any database sees them."""
    sent = [part.strip() for part in header.split(",") if part.strip()]
    if len(sent) > MAX_BOOKMARKS or not all(_BOOKMARK.fullmatch(b) for b in sent):
        raise Refusal(400, "INVALID_BOOKMARK", BOOKMARK_MESSAGE)
    return sent


async def _reach(db: Database, wait_s: float) -> None:
    """Wait, briefly, until the database has the writes the client's bookmarks name."""
    try:
        await db.await_bookmarks(wait_s)
    except BookmarkNotReached as exc:
        raise Refusal(400, "BOOKMARK_NOT_REACHED", not_reached(wait_s)) from exc


def bearer_token(request: HTTPConnection) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if the request has one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


# Probes may ask `{ serverInfo { ... } }` without a token; everything else needs one.
PUBLIC_ROOT_FIELDS = frozenset({"serverInfo", "__typename"})
PUBLIC_MAX_TOKENS = 500


def anonymous() -> User:
    """A fresh signed-out user for one request: no memberships, nothing to see."""
    return User("anonymous", "anonymous", {})


def _codes(response: GraphQLHTTPResponse) -> set[str]:
    errors: list[dict[str, Any]] = list(response.get("errors") or [])
    return {str((error.get("extensions") or {}).get("code")) for error in errors}


def _request_error(response: GraphQLHTTPResponse) -> bool:
    """The document could not run at all (syntax, validation or variable errors): no data,
    and no error that belongs to a field of the answer."""
    errors: list[dict[str, Any]] = list(response.get("errors") or [])
    return bool(errors) and response.get("data") is None and not any(e.get("path") for e in errors)


def _is_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type in ("application/json", "application/graphql-response+json", "")


def _is_mutation(request: GraphQLRequest, max_tokens: int) -> bool:
    return _runs_mutation(request.query, request.operation_name, max_tokens)


@functools.lru_cache(maxsize=256)
def _runs_mutation(query: str | None, operation_name: str | None, max_tokens: int) -> bool:
    """Whether the operation a document runs is a mutation (clients repeat documents); a
    document over the token limit is none (GraphQL refuses it anyway)."""
    document = _parsed(query, max_tokens)
    if document is None:
        return False
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            operation_name is None or (definition.name and definition.name.value == operation_name)
        ):
            return definition.operation == OperationType.MUTATION
    return False


def _parsed(query: str | None, max_tokens: int) -> DocumentNode | None:
    if not query:
        return None
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None


def _public_only(query: str | None) -> bool:
    """True when every operation is a query selecting only public root fields (no
    mutations, fragments or other fields that `operationName` could pick instead)."""
    document = _parsed(query, PUBLIC_MAX_TOKENS)
    if document is None:
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
