"""POST /api/v1/lineage: OpenLineage RunEvents in, as the OpenLineage HTTP transport sends
them (JSON, optionally gzip, `Authorization: Bearer <token>`).

A COMPLETE event registers its render through `registration.register_render`, exactly as
registerRender does (the same checks, the same refusals, a file verified by the store
first); the run id is its idempotency key, so a retried event registers once. Other
event types are accepted and record nothing. Refusals answer 4xx with the error code
and message registerRender would give, in the shape of the /graphql gate's own refusals.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from dataclasses import asdict, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from lineage.api import idempotency
from lineage.api.context import Context
from lineage.api.http import SIGN_IN_MESSAGE, bearer_token
from lineage.api.idempotency import BufferedAnswer, IdempotencyRefusal
from lineage.api.openlineage_events import (
    EXAMPLE,
    EventType,
    RunEvent,
    ignored_datasets,
    parse_event,
    render_request,
)
from lineage.api.refusals import Refusal, refusal_for, refuse
from lineage.api.render_files import verified_file
from lineage.api.request_body import parse_json_object, read_body
from lineage.api.request_log import note_operation
from lineage.api.sign_in import SignIns
from lineage.domain.access import Viewer
from lineage.domain.errors import AlreadyExists, Conflict, Forbidden, LineageError, NotFound
from lineage.domain.file_errors import FileAlreadyRegistered
from lineage.domain.model import Asset
from lineage.graph.access import User
from lineage.graph.database import Database
from lineage.graph.idempotency import KeyAlreadyClaimed
from lineage.services import registration
from lineage.services.access import TokenExpired
from lineage.services.registration import RenderRequest

log = logging.getLogger("lineage.api")
PATH = "/api/v1/lineage"  # the OpenLineage HTTP transport's default endpoint
# How a refused registration answers: the id names nothing visible, the role is too low,
# the render clashes with one already registered; any other rule the event breaks is 422.
STATUS: dict[type[LineageError], int] = {
    NotFound: 404, Forbidden: 403, FileAlreadyRegistered: 409, Conflict: 409, AlreadyExists: 409,
}  # fmt: skip
# The idempotency refusals, told in terms of run ids rather than the GraphQL header.
RUN_ID_MESSAGES = {
    "IDEMPOTENCY_KEY_REUSED": (
        "This runId already registered a different render (another output, container, "
        "inputs or lineage_render facet); give every run its own runId, and send the same "
        "event again only to retry it."
    ),
    "IDEMPOTENCY_KEY_IN_USE": (
        "An event with this runId is being registered right now; retry in a few seconds "
        "to get its answer."
    ),
    "IDEMPOTENCY_ANSWER_LOST": (
        "An event with this runId was registered, but its answer was not kept (the "
        "database failed before it was). Do not send it again: read the render instead."
    ),
}
MEDIA_TYPE_MESSAGE = "Send the event as JSON, with `Content-Type: application/json`."


class OpenLineageEndpoint:
    """The ASGI app of PATH: sign-in, body limit, the event's shape, then the registration."""

    def __init__(self, max_body_bytes: int, idempotency_ttl_s: int, sign_in_cache_s: float):
        self.max_body_bytes = max_body_bytes
        self.idempotency_ttl_s = idempotency_ttl_s
        self.sign_ins = SignIns(sign_in_cache_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self._serve(request)
        except Refusal as refusal:
            await refuse(refusal, scope, receive, send)
            return
        except Exception as error:
            refusal = refusal_for(_in_run_terms(error))
            if refusal is None:
                log.exception("Unexpected error in request %s", scope["state"].get("request_id"))
                refusal = Refusal(500, "INTERNAL", "Unexpected error.")
            await refuse(refusal, scope, receive, send)
            return
        await response(scope, receive, send)

    async def _serve(self, request: Request) -> Response:
        base: Database = request.app.state.db
        user = await self._sign_in(base, request)
        request.scope["state"]["user"] = user  # for the access line
        event = parse_event(parse_json_object(await self._body(request), EXAMPLE))
        event_type = event.event_type or EventType.OTHER
        note_operation(f"OpenLineage{event_type.title()}")
        if event_type != EventType.COMPLETE:
            return JSONResponse(_not_recorded(event, event_type))
        wanted = render_request(event)
        return await self._register_once(request, base.for_request(), user, event, wanted)

    async def _sign_in(self, db: Database, request: Request) -> User:
        token = bearer_token(request)
        try:
            user = await self.sign_ins.user(db, token, fresh=True) if token else None
        except TokenExpired as expired:
            raise Refusal(401, "UNAUTHENTICATED", str(expired)) from None
        if user is None:
            raise Refusal(401, "UNAUTHENTICATED", SIGN_IN_MESSAGE)
        return user

    async def _body(self, request: Request) -> bytes:
        """The event's bytes, within the limit, inflated when the client sent gzip."""
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in ("application/json", ""):
            raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", MEDIA_TYPE_MESSAGE)
        body = await read_body(request.receive, self.max_body_bytes)
        encoding = request.headers.get("content-encoding", "identity").strip().lower()
        if body is not None and encoding == "gzip":
            body = _gunzip(body, self.max_body_bytes)
        elif encoding != "identity":
            message = f"Content-Encoding {encoding!r} is not accepted; send gzip or plain JSON."
            raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", message)
        if body is None:
            message = f"Event over {self.max_body_bytes} bytes; send a smaller event."
            raise Refusal(413, "REQUEST_TOO_LARGE", message)
        return body

    async def _register_once(
        self, request: Request, db: Database, user: User, event: RunEvent, wanted: RenderRequest
    ) -> Response:
        """Register once per caller and run id; a retry of the event gets the first answer."""
        key = f"openlineage-run:{event.run.run_id}"
        claim = idempotency.claim_with(key, user.id, _digest(wanted), self.idempotency_ttl_s)
        earlier = await idempotency.earlier_answer(db, claim)
        if earlier is not None:
            return earlier
        db.before_first_write = claim
        try:
            response = await self._register(request, db, user, event, wanted)
        except KeyAlreadyClaimed:  # the same event, sent twice at once: the other one won
            earlier = await idempotency.earlier_answer(db, claim)
            if earlier is None:
                code = "IDEMPOTENCY_KEY_IN_USE"
                raise Refusal(409, code, RUN_ID_MESSAGES[code]) from None
            return earlier
        answer = BufferedAnswer()
        answer.status, answer.body = response.status_code, bytes(response.body)
        await idempotency.keep_answer(db, claim, answer)
        return response

    async def _register(
        self, request: Request, db: Database, user: User, event: RunEvent, wanted: RenderRequest
    ) -> Response:
        try:
            if wanted.file is not None:
                ctx = Context(db=db, user=user, files=request.app.state.files)
                stored = await verified_file(ctx, wanted.container_id, **wanted.file)
                wanted = replace(wanted, file=stored)
            render = await registration.register_render(
                db, actor=user.id, viewer=Viewer(user.roles), **_arguments(wanted)
            )
        except LineageError as error:
            raise _refusal(error) from None
        return JSONResponse(_recorded(event, render, db))


def _arguments(wanted: RenderRequest) -> dict[str, Any]:
    """register_render's arguments, named as RenderRequest names them."""
    return {**asdict(wanted), "inputs": list(wanted.inputs)}


def _refusal(error: LineageError) -> Refusal:
    status = next((s for kind, s in STATUS.items() if isinstance(error, kind)), 422)
    details = {_camel(key): value for key, value in error.details().items()}
    return Refusal(status, error.code, error.message, details)


def _in_run_terms(error: Exception) -> Exception:
    if isinstance(error, IdempotencyRefusal) and error.code in RUN_ID_MESSAGES:
        return IdempotencyRefusal(error.status, error.code, RUN_ID_MESSAGES[error.code])
    return error


def _recorded(event: RunEvent, render: Asset, db: Database) -> dict[str, Any]:
    written = db.last_write_bookmarks
    return {
        "recorded": True,
        "eventType": "COMPLETE",
        "runId": str(event.run.run_id),
        "render": {
            "id": render.id,
            "name": render.name,
            "containerId": render.container_id,
            "layer": str(render.layer),
        },
        "ignoredDatasets": ignored_datasets(event),
        # Sent back in x-lineage-bookmarks, a read sees this render on any API process.
        "bookmarks": sorted(written.raw_values) if written else [],
    }


def _not_recorded(event: RunEvent, event_type: EventType) -> dict[str, Any]:
    return {
        "recorded": False,
        "eventType": str(event_type),
        "runId": str(event.run.run_id),
        "reason": (
            f"Only COMPLETE events register a render; this {event_type} event is accepted "
            "and nothing is recorded."
        ),
    }


def _digest(wanted: RenderRequest) -> str:
    """What the run asks to register: a retry asks the same (event time, producer and
    facets the mapping does not read may differ)."""
    canonical = json.dumps(asdict(wanted), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _gunzip(body: bytes, limit: int) -> bytes | None:
    """The inflated body, None when it inflates past `limit` bytes."""
    inflate = zlib.decompressobj(wbits=31)
    try:
        inflated = inflate.decompress(body, limit + 1)
    except zlib.error as exc:
        raise Refusal(400, "BAD_REQUEST", f"The body is not valid gzip ({exc}).") from exc
    if len(inflated) > limit or inflate.unconsumed_tail:
        return None
    return inflated


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)
