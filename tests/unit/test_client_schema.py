"""lineage.client cannot drift from schema.graphql: every document it sends validates against
the schema, every error type of the result unions its operations answer has exactly one
exception class with the type's fields (nullability included), the shared error fragment
selects all of them, and the client's enums have the schema's values."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    build_schema,
    get_named_type,
    parse,
    validate,
)

from lineage.client import SERVICE_ERRORS, ServiceError
from lineage.client import types as client_types
from lineage.client._decode import camel, graphql_name
from lineage.client._documents import FRAGMENTS_FILE, PACKAGE, document, operation_names

SCHEMA_TEXT = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text()
SCHEMA = build_schema(SCHEMA_TEXT)
BASE_FIELDS = frozenset({"code", "message"})  # ServiceError's own, from the Error interface


def union_error_types(schema: GraphQLSchema) -> set[str]:
    """The error members of every result union the client's operations select."""
    error = schema.get_type("Error")
    found: set[str] = set()
    for name in operation_names():
        operation = parse(document(name)).definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        mutation = operation.operation == OperationType.MUTATION
        root = schema.mutation_type if mutation else schema.query_type
        assert root is not None
        for selection in operation.selection_set.selections:
            assert isinstance(selection, FieldNode)
            returned = get_named_type(root.fields[selection.name.value].type)
            if isinstance(returned, GraphQLUnionType):
                found |= {t.name for t in returned.types if error in t.interfaces}
    return found


def class_problems(schema: GraphQLSchema) -> list[str]:
    """Where the exception classes and the schema's error types differ."""
    expected = union_error_types(schema)
    problems = [f"no exception class for {n}" for n in sorted(expected - set(SERVICE_ERRORS))]
    problems += [
        f"{n} is no error of the client's unions" for n in SERVICE_ERRORS.keys() - expected
    ]
    for name in sorted(expected & set(SERVICE_ERRORS)):
        problems += _field_problems(schema, name, SERVICE_ERRORS[name], skip=BASE_FIELDS)
    return problems


def _field_problems(
    schema: GraphQLSchema, name: str, cls: type[Any], skip: frozenset[str] = frozenset()
) -> list[str]:
    graphql_type = schema.get_type(name)
    if not isinstance(graphql_type, GraphQLObjectType):
        return [f"{name} is not an object type of the schema"]
    hints = typing.get_type_hints(cls)
    declared = {camel(f.name): f for f in dataclasses.fields(cls) if camel(f.name) not in skip}
    wanted = {n: f for n, f in graphql_type.fields.items() if n not in skip}
    problems = [f"{name}.{n} missing in {cls.__name__}" for n in wanted.keys() - declared.keys()]
    problems += [f"{cls.__name__}.{n} not in {name}" for n in declared.keys() - wanted.keys()]
    for field_name in sorted(wanted.keys() & declared.keys()):
        hint = hints[declared[field_name].name]
        schema_type = wanted[field_name].type
        if _optional(hint) == isinstance(schema_type, GraphQLNonNull):
            problems.append(f"{cls.__name__}.{field_name}: nullability differs from {name}")
        nested = _dataclass_in(hint)
        if nested is not None:
            problems += _field_problems(schema, get_named_type(schema_type).name, nested)
    return problems


def _optional(hint: Any) -> bool:
    if hint is Any:  # JSON: any value, null included
        return True
    is_union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return is_union and type(None) in typing.get_args(hint)


def _dataclass_in(hint: Any) -> type[Any] | None:
    for candidate in (hint, *typing.get_args(hint)):
        if dataclasses.is_dataclass(candidate):
            return candidate  # type: ignore[return-value]
    return None


def fragment_problems() -> list[str]:
    """Fields of an error type that `ErrorFields` does not select under the client's name."""
    fragments = parse((resources.files(PACKAGE) / "operations" / FRAGMENTS_FILE).read_text())
    [error_fields] = [
        f for f in fragments.definitions
        if isinstance(f, FragmentDefinitionNode) and f.name.value == "ErrorFields"
    ]  # fmt: skip
    selected = {
        node.type_condition.name.value: node.selection_set
        for node in error_fields.selection_set.selections
        if isinstance(node, InlineFragmentNode) and node.type_condition is not None
    }
    problems = []
    for name, cls in SERVICE_ERRORS.items():
        if name not in selected:
            problems.append(f"ErrorFields selects nothing of {name}")
            continue
        answered = _response_names(selected[name])
        for field in dataclasses.fields(cls):
            if camel(field.name) not in BASE_FIELDS and graphql_name(field) not in answered:
                problems.append(f"ErrorFields does not select {name}.{graphql_name(field)}")
    return problems


def _response_names(selection_set: SelectionSetNode) -> set[str]:
    return {
        (node.alias or node.name).value
        for node in selection_set.selections
        if isinstance(node, FieldNode)
    }


@pytest.mark.parametrize("name", operation_names())
def test_every_operation_validates_against_the_schema(name: str) -> None:
    errors = validate(SCHEMA, parse(document(name)))
    assert not errors, [error.message for error in errors]


def test_the_operations_are_found() -> None:
    assert operation_names() == ["asset", "lineage", "register_render", "request_upload",
                                 "why_locked"]  # fmt: skip


def test_every_error_type_has_its_exception_class() -> None:
    assert union_error_types(SCHEMA), "the client's operations answer no result union"
    assert class_problems(SCHEMA) == []
    assert all(issubclass(cls, ServiceError) for cls in SERVICE_ERRORS.values())


def test_the_error_fragment_selects_every_field() -> None:
    assert fragment_problems() == []


def test_the_enums_have_the_schema_values() -> None:
    enums = {
        name: value
        for name, value in vars(client_types).items()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    }
    assert len(enums) == 6
    for name, enum in enums.items():
        schema_enum = SCHEMA.get_type(name)
        assert isinstance(schema_enum, GraphQLEnumType), name
        assert {member.value for member in enum} == set(schema_enum.values), name


def test_a_schema_change_breaks_these_checks() -> None:
    """The checks above fail on a schema that drifted: a new error type in a union, a new
    field of an error, a field that became nullable."""
    changed = (
        SCHEMA_TEXT.replace(
            "union RegisterRenderResult = AssetPayload |",
            "union RegisterRenderResult = AssetPayload | QuotaError |",
        )
        .replace('  """The id as given."""\n  id: ID!\n', "  id: ID!\n  hint: String!\n")
        .replace(
            '  """The asset asked for."""\n  assetId: ID!\n\n  """Why it cannot be imported."""',
            '  assetId: ID\n\n  """Why it cannot be imported."""',
        )
    )
    changed += "\ntype QuotaError implements Error {\n  code: String!\n  message: String!\n}\n"
    assert changed.count("QuotaError") == 2 and "hint: String!" in changed
    drifted = build_schema(changed)
    assert class_problems(drifted) == [
        "no exception class for QuotaError",
        "NotFoundError.hint missing in NotFoundError",
        "NotImportableError.assetId: nullability differs from NotImportableError",
    ]
