"""GraphQL answers into the client's dataclasses: each field is read from its camelCase name
(or the alias the document gives it), with nested dataclasses, lists, optionals and enums."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")
# Field metadata key: the name the answer uses when the document aliases the field.
ALIAS = "graphql_alias"


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def graphql_name(field: dataclasses.Field[Any]) -> str:
    alias: str | None = field.metadata.get(ALIAS)
    return alias or camel(field.name)


def decode(cls: type[T], data: Mapping[str, Any], **given: Any) -> T:
    """`cls` from one object of an answer; `given` fields are not read from it."""
    hints = _hints(cls)
    values = {
        field.name: _value(hints[field.name], data[graphql_name(field)])
        for field in dataclasses.fields(cls)  # type: ignore[arg-type]
        if field.init and field.name not in given
    }
    return cls(**values, **given)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The field types of `cls`, resolved once (annotations are strings here)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):  # `X | None`: the answer's value is an X
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _value(inner, value)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_value(item, element) for element in value]
    if dataclasses.is_dataclass(hint):
        return decode(hint, value)  # type: ignore[arg-type]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    return value
