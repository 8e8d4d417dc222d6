"""Writing GraphQL documents in tests: argument literals and generic selections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)

from lineage.api.schema import schema

SDL: GraphQLSchema = build_schema(schema.as_str())


@dataclass(frozen=True)
class Enum:
    """An enum value in a GraphQL literal (written bare, not quoted)."""

    name: str


def literal(value: Any, kind: Any = None) -> str:
    """`value` as a GraphQL literal; `kind`, the schema's type for it when known, writes
    strings bare where an enum is expected."""
    named = get_named_type(kind) if kind is not None else None
    if isinstance(value, Enum) or (isinstance(named, GraphQLEnumType) and isinstance(value, str)):
        return value.name if isinstance(value, Enum) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        fields = named.fields if isinstance(named, GraphQLInputObjectType) else {}
        return "{" + ", ".join(
            f"{k}: {literal(v, getattr(fields.get(k), 'type', None))}" for k, v in value.items()
        ) + "}"  # fmt: skip
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, kind) for v in value) + "]"
    return json.dumps(value)


def call(field: str, arguments: dict[str, Any]) -> str:
    """`field(name: literal, ...)`, or the bare field without arguments."""
    if not arguments:
        return field
    root = SDL.mutation_type.fields if SDL.mutation_type and field in SDL.mutation_type.fields \
        else SDL.query_type.fields if SDL.query_type else {}  # fmt: skip
    args = root[field].args if field in root else {}
    written = (
        f"{k}: {literal(v, getattr(args.get(k), 'type', None))}" for k, v in arguments.items()
    )
    return f"{field}({', '.join(written)})"


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
