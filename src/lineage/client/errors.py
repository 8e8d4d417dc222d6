"""What the client raises. `ServiceError` and its subclasses mirror the error types of the
result unions its operations answer (schema.graphql lists each mutation's own), one class
per `__typename` with the type's fields (a unit test holds the two together); the others
say why a request got no such answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lineage.client._decode import ALIAS, decode


class LineageError(Exception):
    """Anything the client raises about the service."""


class ConfigurationError(LineageError):
    """The client lacks a setting (the service's URL, a token) or has an unusable one."""


class TransportError(LineageError):
    """The service could not be reached, or answered nothing, even after the retries."""

    def __init__(self, message: str, *, url: str, attempts: int) -> None:
        super().__init__(message)
        self.url, self.attempts = url, attempts


class UnavailableError(TransportError):
    """The service kept answering "not now" (HTTP 502/503/504, or its database was
    unavailable, timed out or busy) until the retries ran out; nothing was applied twice."""

    def __init__(
        self, message: str, *, url: str, attempts: int, status: int, code: str | None
    ) -> None:
        super().__init__(message, url=url, attempts=attempts)
        self.status, self.code = status, code


class RequestError(LineageError):
    """The service refused the request itself (HTTP 4xx, or a GraphQL error outside a
    result union): `code` is its `extensions.code`, `details` the data that came with it."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        code: str | None,
        details: dict[str, Any] | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code
        self.details = details or {}
        self.request_id = request_id


class UnauthenticatedError(RequestError):
    """No token, or one the service does not accept (unknown, revoked or expired)."""


class IdempotencyError(RequestError):
    """The idempotency key was refused (malformed, or still in use after the retries)."""


class IdempotencyKeyReusedError(IdempotencyError):
    """The key was already used for a different request: use a new key per operation."""


class AnswerLostError(IdempotencyError):
    """A request with this key was applied but its answer was not kept: do not repeat it,
    read the current state instead."""


class UploadError(LineageError):
    """The file store refused the upload with an answer that is not a `FileRejectedError`."""

    def __init__(self, message: str, *, status: int, body: str) -> None:
        super().__init__(message)
        self.status, self.body = status, body


@dataclass(eq=False)
class ServiceError(LineageError):
    """An expected failure the service answered as a typed result: what went wrong and
    what to do (`message`), and the data to act on in the subclass's fields."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(eq=False)
class NotFoundError(ServiceError):
    kind: str
    id: str


@dataclass(eq=False)
class NotUsableError(ServiceError):
    asset_id: str
    state: str


@dataclass(eq=False)
class ScopeViolationError(ServiceError):
    """An input out of the render's reach (another project's asset, for one)."""

    description: str
    remedy: str


@dataclass(eq=False)
class NotImportableError(ServiceError):
    asset_id: str
    why: str


@dataclass(eq=False)
class ValidationError(ServiceError):
    field: str
    problem: str


@dataclass(eq=False)
class ForbiddenError(ServiceError):
    space_id: str
    action: str
    role: str
    required: str


@dataclass(eq=False)
class FileRejectedError(ServiceError):
    """The file or its upload was refused; `reason` says why (CHECKSUM_MISMATCH, ...)."""

    reason: str
    problem: str
    remedy: str
    key: str | None = field(metadata={ALIAS: "rejectedKey"})


@dataclass(eq=False)
class DuplicateInputError(ServiceError):
    asset_id: str
    layer: str | None
    input_ids: list[str]
    why: str


@dataclass(eq=False)
class FileAlreadyRegisteredError(ServiceError):
    key: str
    render_id: str


SERVICE_ERRORS: dict[str, type[ServiceError]] = {
    cls.__name__: cls
    for cls in (
        NotFoundError, ForbiddenError, ValidationError, ScopeViolationError,
        NotUsableError, NotImportableError, DuplicateInputError, FileRejectedError,
        FileAlreadyRegisteredError,
    )
}  # fmt: skip


def service_error(payload: dict[str, Any]) -> ServiceError:
    """The exception for a typed error of a result union (selected with `ErrorFields`)."""
    cls = SERVICE_ERRORS.get(payload["__typename"])
    if cls is None:  # a type newer than this client: its code and message still say it all
        return ServiceError(code=payload["code"], message=payload["message"])
    return decode(cls, payload)
