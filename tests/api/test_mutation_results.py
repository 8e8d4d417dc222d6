"""Each mutation answers with a union of its own, listing only the errors its use case can
raise; an error a union does not list is a fault of the service (INTERNAL), never passed on.

Every mutation is called, derived from the schema so a new one is covered at once, with
ids nobody can see: each must answer NotFoundError (or, without an id to look up, another
error of its own union), over real HTTP, against the real Neo4j."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
    get_named_type,
)

from lineage.api import errors as e
from lineage.api import results
from lineage.api.guard import UnlistedError, typed, union_members
from lineage.domain import errors as domain

from .conftest import Caller, call_api

SCHEMA = build_schema((Path(__file__).resolve().parents[2] / "schema.graphql").read_text())
MUTATIONS = SCHEMA.mutation_type.fields if SCHEMA.mutation_type else {}
ALL_ERRORS = {t.name for t in SCHEMA.type_map.values() if "Error" in [i.name for i in
              getattr(t, "interfaces", [])]}  # fmt: skip
# Mutations that take no id of an existing thing, and what an unknown argument answers.
WITHOUT_IDS = {"createSpace": "ContainerPayload", "acceptInvitation": "NotFoundError",
               "registerRenders": "RegisterRendersPayload"}  # fmt: skip


def _value(kind: GraphQLInputType, name: str) -> Any:
    """A literal for an argument: unknown ids, short texts, the first enum value."""
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, name)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, name)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {k: _value(f.type, k) for k, f in kind.fields.items()
                if isinstance(f.type, GraphQLNonNull)}  # fmt: skip
    assert isinstance(kind, GraphQLScalarType), kind
    return {"ID": f"unknown-{name}", "String": "x", "Int": 1, "Boolean": False,
            "JSON": {}}[kind.name]  # fmt: skip


def _document(name: str, field: GraphQLField) -> tuple[str, dict[str, Any]]:
    required = {a: arg for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)}
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    document = (
        f"mutation{f'({declared})' if declared else ''} {{ r: {name}"
        f"{f'({passed})' if passed else ''} {{ __typename ... on Error {{ code message }} }} }}"
    )
    return document, {a: _value(arg.type, a) for a, arg in required.items()}


def test_every_mutation_has_a_union_of_its_own() -> None:
    unions: dict[str, str] = {}
    for name, field in MUTATIONS.items():
        returned = get_named_type(field.type)
        assert isinstance(returned, GraphQLUnionType), name
        assert returned.name == name[0].upper() + name[1:] + "Result", name
        assert returned.name not in unions.values(), f"{name} shares {returned.name}"
        unions[name] = returned.name
        listed = {t.name for t in returned.types} & ALL_ERRORS
        assert listed and listed != ALL_ERRORS, f"{name} lists {sorted(listed)}"


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_unknown_ids_answer_an_error_the_union_lists(caller: Caller, name: str) -> None:
    field = MUTATIONS[name]
    document, variables = _document(name, field)
    answer = call_api(caller.url, document, token=caller.token, **variables)
    assert answer.errors is None, answer.errors
    assert answer.data is not None
    typename = answer.data["r"]["__typename"]
    union = get_named_type(field.type)
    assert isinstance(union, GraphQLUnionType)
    assert typename in {t.name for t in union.types}
    assert typename == WITHOUT_IDS.get(name, "NotFoundError"), answer.data


async def test_an_error_the_union_does_not_list_is_a_fault() -> None:
    async def refused() -> None:
        raise domain.NotDeletable("a1", [])

    with pytest.raises(UnlistedError, match="NotDeletableError"):
        await typed(refused, results.CreateSpaceResult)
    answer = await typed(refused, results.DeleteAssetResult)
    assert isinstance(answer, e.NotDeletableError)
    assert e.NotDeletableError in union_members(results.DeleteAssetResult)
