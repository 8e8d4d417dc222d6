"""The limits a client can hit are in the schema: every paged field's `first` and `after`,
and the lineage walk's `depth` and `maxNodes`, say what they accept."""

from __future__ import annotations

from graphql import GraphQLObjectType, build_schema

from lineage.api.schema import schema
from lineage.graph.lineage import MAX_DEPTH, MAX_NODES

SDL = build_schema(schema.as_str())
LIMITED = {"first", "after", "depth", "maxNodes"}


def limited_arguments() -> dict[str, str | None]:
    found = {}
    for type_name, graphql_type in SDL.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field_name, field in graphql_type.fields.items():
            for name, argument in field.args.items():
                if name in LIMITED:
                    found[f"{type_name}.{field_name}({name})"] = argument.description
    return found


def test_every_limited_argument_says_what_it_accepts() -> None:
    arguments = limited_arguments()
    assert len(arguments) >= 10, arguments  # the paged fields and the lineage walks
    undescribed = [where for where, description in arguments.items() if not description]
    assert undescribed == []


def test_the_lineage_bounds_are_the_enforced_ones() -> None:
    for where, description in limited_arguments().items():
        if where.endswith("(depth)"):
            assert f"1 to {MAX_DEPTH}" in str(description), where
        if where.endswith("(maxNodes)"):
            assert f"1 to {MAX_NODES}" in str(description), where
        if where.endswith("(first)"):
            assert "LINEAGE_GRAPHQL_MAX_PAGE_SIZE" in str(description), where
