"""A Python client of the lineage service for render workers: register a render with its
file in one call, read assets, their lineage and locks; sync and async. It needs only
httpx (not Neo4j nor the service's settings): LINEAGE_URL and LINEAGE_TOKEN, or arguments.

The GraphQL documents it sends are in `operations/`; a unit test validates them against
schema.graphql and checks that every error type they can answer has its exception here."""

from lineage.client._clients import AsyncLineageClient, LineageClient
from lineage.client._protocol import RetryPolicy
from lineage.client._settings import TOKEN_VARIABLE, URL_VARIABLE
from lineage.client.errors import (
    SERVICE_ERRORS,
    AnswerLostError,
    ConfigurationError,
    DuplicateInputError,
    FileAlreadyRegisteredError,
    FileRejectedError,
    ForbiddenError,
    IdempotencyError,
    IdempotencyKeyReusedError,
    LineageError,
    NotFoundError,
    NotImportableError,
    NotUsableError,
    RequestError,
    ScopeViolationError,
    ServiceError,
    TransportError,
    UnauthenticatedError,
    UnavailableError,
    UploadError,
    ValidationError,
)
from lineage.client.types import (
    Asset,
    AssetType,
    ContainerRef,
    EdgeType,
    FileInfo,
    Input,
    Layer,
    Lineage,
    LineageDirection,
    LineageEdge,
    LineageNode,
    LockInfo,
    LockReason,
    Origin,
    RegisteredRender,
    RenderInput,
    State,
)

__all__ = [
    "SERVICE_ERRORS", "TOKEN_VARIABLE", "URL_VARIABLE", "AnswerLostError", "Asset",
    "AssetType", "AsyncLineageClient", "ConfigurationError",
    "ContainerRef", "DuplicateInputError", "EdgeType",
    "FileAlreadyRegisteredError", "FileInfo", "FileRejectedError", "ForbiddenError",
    "IdempotencyError", "IdempotencyKeyReusedError", "Input",
    "Layer", "Lineage", "LineageClient", "LineageDirection",
    "LineageEdge", "LineageError", "LineageNode", "LockInfo", "LockReason",
    "NotFoundError",
    "NotImportableError", "NotUsableError", "Origin", "RegisteredRender", "RenderInput",
    "RequestError", "RetryPolicy", "ScopeViolationError", "ServiceError", "State",
    "TransportError", "UnauthenticatedError", "UnavailableError", "UploadError",
    "ValidationError",
]  # fmt: skip
