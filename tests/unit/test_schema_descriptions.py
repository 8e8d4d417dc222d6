"""Every element of the schema says what it means: each object type, interface, union, input
type, enum and scalar of the service, each field and argument, each input field and each
enum value has a description (built-in scalars and introspection types excepted)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    specified_scalar_types,
)

from lineage.api.enums import described_enum
from lineage.api.schema import schema

Element = GraphQLNamedType | GraphQLField | GraphQLArgument | GraphQLInputField | GraphQLEnumValue


def own_types(sdl: GraphQLSchema) -> Iterator[GraphQLNamedType]:
    for name, named in sdl.type_map.items():
        if not name.startswith("__") and name not in specified_scalar_types:
            yield named


def elements(named: GraphQLNamedType) -> Iterator[tuple[str, Element]]:
    """The type itself, then its fields with their arguments, input fields or values."""
    yield named.name, named
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in named.fields.items():
            yield f"{named.name}.{field_name}", field
            for arg_name, argument in field.args.items():
                yield f"{named.name}.{field_name}({arg_name})", argument
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, input_field in named.fields.items():
            yield f"{named.name}.{field_name}", input_field
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            yield f"{named.name}.{value_name}", value


def undescribed(sdl: GraphQLSchema) -> list[str]:
    return [
        where
        for named in own_types(sdl)
        for where, element in elements(named)
        if not (element.description or "").strip()
    ]


def test_every_schema_element_has_a_description() -> None:
    missing = undescribed(build_schema(schema.as_str()))
    assert missing == [], f"{len(missing)} without a description:\n" + "\n".join(missing)


def test_the_check_sees_every_kind_of_element() -> None:
    sdl = build_schema("""
        "described" type Query { "described" f("described" a: Int, b: Int): E, g: In }
        enum E { "described" X Y }
        "described" input In { "described" i: Int, j: Int }
        union U = Query
    """)
    assert undescribed(sdl) == ["Query.f(b)", "Query.g", "E", "E.Y", "In.j", "U"]


def test_an_enum_is_described_value_by_value() -> None:
    class Shade(StrEnum):
        LIGHT = "LIGHT"
        DARK = "DARK"

    with pytest.raises(ValueError, match="describe exactly"):
        described_enum(Shade, "A shade.", {"LIGHT": "Pale."})
    with pytest.raises(ValueError, match="describe exactly"):
        described_enum(Shade, "A shade.", {"LIGHT": "Pale.", "DARK": "Deep.", "GREY": "Mid."})
