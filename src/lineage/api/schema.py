"""The GraphQL schema, code-first; `schema.graphql` is exported from `schema` (`make schema`).

`build_schema` adds the protections once at start-up, so parser and validation caches
keep working: depth, alias and token limits, optional introspection, masked errors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from lineage.api.mutations import Mutation
from lineage.api.queries import Query
from lineage.api.types import Definition, Render

log = logging.getLogger("lineage.api")

schema = strawberry.Schema(query=Query, mutation=Mutation, types=[Definition, Render])


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


def _should_mask(error: GraphQLError) -> bool:
    """Validation and parse errors are the client's to see; anything else is masked and
    logged with the request id."""
    original = error.original_error
    if original is None:
        return False
    log.error("Unexpected error: %s", error.message, exc_info=original)
    return True


def build_schema(limits: Limits) -> strawberry.Schema:
    # Factories: strawberry makes one extension per request; its caches are module-level.
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=limits.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        lambda: MaskErrors(should_mask_error=_should_mask, error_message="Unexpected error."),
        Bookmarks,
    ]
    if not limits.introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=Query, mutation=Mutation, types=[Definition, Render], extensions=extensions
    )
