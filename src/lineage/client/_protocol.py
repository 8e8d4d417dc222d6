"""Requests and answers without I/O. An operation is a generator that yields what to do (an
HTTP request, a pause, a file to read) and is sent back what happened; the sync and async
clients only carry that out (`_transport.py`). Retries, idempotency keys, uploads and the
decoding of answers are written here once, for both."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import random
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from lineage import __version__
from lineage.client._documents import document
from lineage.client._settings import Endpoint
from lineage.client.errors import (
    AnswerLostError,
    FileRejectedError,
    IdempotencyError,
    IdempotencyKeyReusedError,
    LineageError,
    RequestError,
    ServiceError,
    TransportError,
    UnauthenticatedError,
    UnavailableError,
    UploadError,
    service_error,
)

T = TypeVar("T")

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "idempotent-replayed"
REQUEST_ID_HEADER = "x-request-id"
USER_AGENT = f"lineage-client/{__version__}"
# "Not now" answers: a gateway's, or the service's own while Neo4j cannot serve it.
RETRYABLE_STATUSES = frozenset({502, 503, 504})
UNAVAILABLE_CODES = frozenset({"DATABASE_UNAVAILABLE", "DATABASE_TIMEOUT", "DATABASE_BUSY"})
KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE"  # the first request with the key is still finishing
S3_CHECKSUM_HEADER = "x-amz-checksum-sha256"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str]
    content: bytes


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass(frozen=True)
class HttpFailure:
    """No answer (connection refused or lost, timeout): the request may have been applied."""

    error: Exception


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class ReadFile:
    path: Path


Action = HttpRequest | Pause | ReadFile
Reply = HttpResponse | HttpFailure | bytes | None
Steps = Generator[Action, Reply, T]


@dataclass(frozen=True)
class RetryPolicy:
    """How often a request is sent in all, and the waits in between: `Retry-After` when
    the service gives one, else exponential backoff with jitter, never over `max_delay_s`."""

    attempts: int = 6
    base_delay_s: float = 0.5
    max_delay_s: float = 10.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay_s)
        backoff = min(self.base_delay_s * 2.0 ** (attempt - 1), self.max_delay_s)
        return backoff * random.uniform(0.5, 1.0)  # workers retrying together spread out


@dataclass(frozen=True)
class GraphQLAnswer:
    data: dict[str, Any]
    replayed: bool  # the service replayed the first answer given to this idempotency key


def send(request: HttpRequest, policy: RetryPolicy) -> Steps[HttpResponse]:
    """The answer to `request`, sent again unchanged (same body, same idempotency key) while
    it gets no answer or a transient one; the last one's error once the attempts run out."""
    attempt = 1
    while True:
        reply = yield request
        assert isinstance(reply, HttpResponse | HttpFailure)
        error = _transient(reply, request.url, attempt)
        if error is None:
            assert isinstance(reply, HttpResponse)
            return reply
        if attempt >= policy.attempts:
            raise error
        yield Pause(policy.delay(attempt, _retry_after(reply)))
        attempt += 1


def graphql(
    endpoint: Endpoint,
    policy: RetryPolicy,
    operation: str,
    variables: dict[str, Any],
    idempotency_key: str | None = None,
) -> Steps[GraphQLAnswer]:
    """Run the operation of `operations/<operation>.graphql`; RequestError when refused."""
    headers = {
        "Authorization": f"Bearer {endpoint.token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
    }
    if idempotency_key is not None:
        headers[IDEMPOTENCY_HEADER] = idempotency_key
    body = json.dumps({"query": document(operation), "variables": variables}).encode()
    request = HttpRequest("POST", endpoint.graphql_url, headers, body)
    response = yield from send(request, policy)
    answer = _json(response)
    data = answer.get("data")
    if response.status >= 400 or answer.get("errors") or not isinstance(data, dict):
        raise request_error(response, answer, request.url)
    return GraphQLAnswer(data, response.headers.get(REPLAYED_HEADER) == "true")


def result(answer: GraphQLAnswer, field: str, success: str) -> dict[str, Any]:
    """The `success` member of a result union, else its typed error raised."""
    payload: dict[str, Any] = answer.data[field]
    if payload["__typename"] != success:
        raise service_error(payload)
    return payload


def upload(
    endpoint: Endpoint, policy: RetryPolicy, container_id: str, content: bytes, content_type: str
) -> Steps[dict[str, Any]]:
    """Upload `content` for a render of the container; the `FileSpec` to register it with.
    requestUpload writes nothing, so it is retried without an idempotency key."""
    checksum = hashlib.sha256(content).hexdigest()
    declared = {"contentType": content_type, "size": len(content), "checksum": checksum}
    answer = yield from graphql(
        endpoint, policy, "request_upload", {"containerId": container_id, **declared}
    )
    ticket = result(answer, "requestUpload", "UploadPayload")
    headers = {str(name): str(value) for name, value in ticket["headers"].items()}
    put = HttpRequest(ticket["method"], ticket["url"], headers, content)
    stored = yield from send(put, policy)  # the same bytes to the same URL: safe to repeat
    _check_stored(stored, checksum)
    return {"key": ticket["key"], **declared}


def request_error(response: HttpResponse, answer: dict[str, Any], url: str) -> RequestError:
    """The exception for a refused request, typed by its status and `extensions.code`."""
    errors = answer.get("errors") or []
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    extensions = first.get("extensions") or {}
    code = extensions.get("code")
    message = first.get("message") or f"HTTP {response.status} from {url}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more errors)"
    cls = _REQUEST_ERRORS.get(code, RequestError)
    if response.status == 401:
        cls = UnauthenticatedError
    return cls(
        message,
        status=response.status,
        code=code,
        details=extensions.get("details"),
        request_id=extensions.get("requestId") or response.headers.get(REQUEST_ID_HEADER),
    )


_REQUEST_ERRORS: dict[str | None, type[RequestError]] = {
    "UNAUTHENTICATED": UnauthenticatedError,
    "INVALID_IDEMPOTENCY_KEY": IdempotencyError,
    KEY_IN_USE: IdempotencyError,
    "IDEMPOTENCY_KEY_REUSED": IdempotencyKeyReusedError,
    "IDEMPOTENCY_ANSWER_LOST": AnswerLostError,
}


def _transient(reply: HttpResponse | HttpFailure, url: str, attempts: int) -> LineageError | None:
    """The error to raise if this transient reply is the last one; None for a final one."""
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    if isinstance(reply, HttpFailure):
        return TransportError(
            f"No answer from {url} after {tries}: {reply.error!r}", url=url, attempts=attempts
        )
    answer = _json(reply)
    error = request_error(reply, answer, url)
    if reply.status in RETRYABLE_STATUSES or error.code in UNAVAILABLE_CODES:
        return UnavailableError(
            f"{url} is unavailable (HTTP {reply.status}) after {tries}: {error.message}",
            url=url,
            attempts=attempts,
            status=reply.status,
            code=error.code,
        )
    if reply.status == 409 and error.code == KEY_IN_USE:
        return error
    return None


def _retry_after(reply: HttpResponse | HttpFailure) -> float | None:
    value = reply.headers.get("retry-after", "") if isinstance(reply, HttpResponse) else ""
    return float(value) if value.isdigit() else None


def _json(response: HttpResponse) -> dict[str, Any]:
    try:
        answer = json.loads(response.body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _check_stored(response: HttpResponse, checksum: str) -> None:
    """The store took the bytes and, when it says which, they are the declared ones."""
    answer = _json(response)
    if response.status >= 300:
        raise _upload_refusal(response, answer)
    echoed = answer.get("checksum") or _s3_checksum(response.headers.get(S3_CHECKSUM_HEADER))
    if echoed is not None and echoed != checksum:
        raise UploadError(
            f"The file store kept bytes with SHA-256 {echoed}, not the {checksum} sent; "
            "upload the file again.",
            status=response.status,
            body=response.body[:500].decode("utf-8", "replace"),
        )


def _upload_refusal(response: HttpResponse, answer: dict[str, Any]) -> ServiceError | UploadError:
    details = answer.get("details")
    if answer.get("code") == "FILE_REJECTED" and isinstance(details, dict):
        return FileRejectedError(
            code=answer["code"],
            message=str(answer.get("message")),
            reason=details["reason"],
            problem=details["problem"],
            remedy=details["remedy"],
            key=details.get("key"),
        )
    text = response.body[:500].decode("utf-8", "replace")
    return UploadError(
        f"The file store refused the upload (HTTP {response.status}): {text}",
        status=response.status,
        body=text,
    )


def _s3_checksum(header: str | None) -> str | None:
    if not header:
        return None
    try:
        return base64.b64decode(header, validate=True).hex()
    except (binascii.Error, ValueError):
        return None
