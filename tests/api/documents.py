"""Writing GraphQL documents in tests: argument literals and generic selections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)

from lineage.api.schema import schema

SDL: GraphQLSchema = build_schema(schema.as_str())


@dataclass(frozen=True)
class Enum:
    """An enum value in a GraphQL literal (written bare, not quoted)."""

    name: str


def literal(value: Any) -> str:
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return json.dumps(value)


def call(field: str, arguments: dict[str, Any]) -> str:
    """`field(name: literal, ...)`, or the bare field without arguments."""
    if not arguments:
        return field
    return f"{field}({', '.join(f'{k}: {literal(v)}' for k, v in arguments.items())})"


def all_fields(type_name: str) -> str:
    """A selection of every field of an object type, one level of objects deep."""
    graphql_type = SDL.get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType), type_name
    parts = []
    for name, field in graphql_type.fields.items():
        inner = field.type
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = inner.of_type
        if isinstance(inner, GraphQLObjectType):
            parts.append(f"{name} {{ {all_fields(inner.name)} }}")
        else:
            parts.append(name)
    return " ".join(parts)
