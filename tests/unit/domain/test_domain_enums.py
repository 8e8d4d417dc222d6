"""Enum values are the wire format: pin them."""

import json
from enum import StrEnum

import pytest

from lineage.domain.enums import (
    DEFINITION_TYPES,
    AssetType,
    Classification,
    DeriveKind,
    Edge,
    InputRole,
    Layer,
    Origin,
    Role,
    State,
    TaskDeleteMode,
    VersionBump,
    is_definition,
)

VALUES: list[tuple[type[StrEnum], str]] = [
    (AssetType, "CHARACTER SCENE STYLE RENDER"),
    (Layer, "SPACE PROJECT TASK"),
    (Origin, "ORIGINAL BASE_CLONE WORKING_CLONE"),
    (State, "DRAFT CANONICAL EXPERIMENTAL DEPRECATED ARCHIVED APPROVED DISCARDED"),
    (Classification, "CHARACTER SCENE COMPILATION"),
    (DeriveKind, "CLONE VERSION"),
    (Edge, "DERIVES_FROM USES"),
    (InputRole, "CHARACTER SCENE STYLE REFERENCE"),
    (TaskDeleteMode, "KEEP_RENDERS DELETE_RENDERS"),
    (Role, "OWNER EDITOR VIEWER"),
    (VersionBump, "MAJOR MINOR PATCH"),
]


@pytest.mark.parametrize(("cls", "values"), VALUES)
def test_values(cls: type[StrEnum], values: str) -> None:
    assert [member.value for member in cls] == values.split()
    for member in cls:
        assert isinstance(member, str)
        assert member == member.name == str(member) == f"{member}"
        assert json.dumps(member) == f'"{member.name}"'


def test_definition_types() -> None:
    assert {str(t) for t in DEFINITION_TYPES} == {"CHARACTER", "SCENE", "STYLE"}
    assert [is_definition(t) for t in AssetType] == [True, True, True, False]
