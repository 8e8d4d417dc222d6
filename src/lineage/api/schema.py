"""The GraphQL schema, code-first; `schema.graphql` is exported from `schema` (`make schema`).

`build_schema` adds the protections once at start-up, so parser and validation caches
keep working: depth, alias and token limits, optional introspection, masked errors.
Request size, batching and sign-in are refused earlier, in `api.http.GraphQLGate`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.types import ExecutionContext

from lineage.api.activity import Subscription
from lineage.api.context import current_request_id
from lineage.api.metrics import QueryCount
from lineage.api.mutations import Mutation
from lineage.api.queries import Query
from lineage.api.refusals import BOOKMARK_MESSAGE, OUTAGE, bookmark_error_code, database_error
from lineage.api.types import Definition, Render
from lineage.domain.errors import LineageError
from lineage.graph.idempotency import KeyAlreadyClaimed

log = logging.getLogger("lineage.api")
# Distinct documents whose parse and validation are kept (clients send a few, repeatedly).
CACHED_DOCUMENTS = 256

schema = strawberry.Schema(
    query=Query, mutation=Mutation, subscription=Subscription, types=[Definition, Render]
)


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    introspection: bool = True


class Bookmarks(SchemaExtension):
    """Hands the bookmark of the request's last write back in `extensions.bookmarks`."""

    def get_results(self) -> dict[str, Any]:
        db = self.execution_context.context.db
        written = db.last_write_bookmarks
        return {"bookmarks": sorted(written.raw_values)} if written else {}


UNEXPECTED = "Unexpected error."


def _should_mask(error: GraphQLError) -> bool:
    """Parse, validation and input coercion errors (no original error, or a GraphQLError
    such as "Int cannot represent ...") are the client's to see as they are; every other
    error a resolver raised is rewritten by `MaskUnexpected.anonymise_error`."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpected(MaskErrors):
    """Unexpected errors reach the client as "Unexpected error." with the request id (the
    `x-request-id` header) and are logged with it; no exception text or stack trace leaves
    the service. Typed domain errors raised outside a result union keep their message."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_should_mask, error_message=UNEXPECTED)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        request_id = current_request_id.get()
        if isinstance(original, LineageError):
            return _replaced(error, original.message, {"code": original.code, **_details(original)})
        code = bookmark_error_code(original)
        if code is not None:
            return _replaced(error, BOOKMARK_MESSAGE, {"code": code, "requestId": request_id})
        failure = database_error(original)
        if failure is not None:  # an outage, not a fault: logged once, no traceback
            OUTAGE.noticed(original)
            code, message = failure
            return _replaced(
                error, message, {"code": code, "retryable": True, "requestId": request_id}
            )
        if isinstance(original, KeyAlreadyClaimed):  # the gate answers with the first answer
            return _replaced(error, "Idempotency key in use.", {"code": "IDEMPOTENCY_KEY_IN_USE"})
        log.error(
            "Unexpected error in request %s at %s: %s",
            request_id,
            ".".join(str(key) for key in error.path or ()),
            error.message,
            exc_info=original,
            extra={"request_id": request_id},
        )
        return _replaced(error, UNEXPECTED, {"code": "INTERNAL", "requestId": request_id})


def _replaced(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def _details(error: LineageError) -> dict[str, Any]:
    return {"details": error.details()} if error.details() else {}


class LineageSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Strawberry logs every error with its traceback; here unexpected ones are logged
        once, with the request id, by `MaskUnexpected`, and client errors only at debug."""
        for error in errors:
            if error.original_error is None:
                log.debug("Refused in request %s: %s", current_request_id.get(), error.message)


def build_schema(limits: Limits, *, query_count: bool = False) -> strawberry.Schema:
    """`query_count`: report the Neo4j queries each operation ran (`extensions.queryCount`)."""
    # Strawberry makes each extension anew per request, and its validation cache is keyed by
    # the rule classes: so the limit rules are made here, once, and every request adds
    # these same classes (a limiter made per request would make new ones and never hit).
    rules = [depth_rule(limits.max_depth, None), aliases_rule(limits.max_aliases)]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    extensions: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
        MaskUnexpected,
        Bookmarks,
    ]
    if query_count:
        extensions.append(QueryCount)
    return LineageSchema(
        query=Query, mutation=Mutation, subscription=Subscription, types=[Definition, Render],
        extensions=extensions,
    )  # fmt: skip
