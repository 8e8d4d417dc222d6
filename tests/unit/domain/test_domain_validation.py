"""Input validation before writes."""

import itertools
import math
from enum import StrEnum
from typing import Any

import pytest

from lineage.domain import enums
from lineage.domain.enums import AssetType
from lineage.domain.errors import ValidationError
from lineage.domain.validation import (
    JSON_MAX_BYTES,
    parse_enum,
    validate_description,
    validate_fields,
    validate_id,
    validate_metadata,
    validate_name,
    validate_neutral,
    validate_parameters,
    validate_text,
)


def _refused(field: str) -> Any:
    return pytest.raises(ValidationError, match=f"invalid {field}")


def test_name_is_stripped() -> None:
    assert validate_name("  Jennifer ") == "Jennifer"


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None, 5, ["a"]])
def test_blank_or_non_text_names_are_refused(bad: object) -> None:
    with _refused("name"):
        validate_name(bad)


def test_name_length_limit() -> None:
    assert validate_name("a" * 200) == "a" * 200
    with _refused("name") as caught:
        validate_name("a" * 201)
    assert "200" in caught.value.problem


def test_description_defaults_and_limit() -> None:
    assert validate_description(None) == ""
    assert validate_description("") == ""
    assert validate_description(" x ") == "x"
    assert validate_description("d" * 10_000) == "d" * 10_000
    with _refused("description"):
        validate_description("d" * 10_001)
    with _refused("description"):
        validate_description(3)


def test_text_names_its_field() -> None:
    with _refused("prompt"):
        validate_text("", "prompt", 10, required=True)


@pytest.mark.parametrize(
    "good", ["a", "A-z_0.9:x", "x" * 100, "550e8400-e29b-41d4-a716-446655440000"]
)
def test_good_ids(good: str) -> None:
    assert validate_id(good) == good


@pytest.mark.parametrize(
    "bad", ["", "x" * 101, "a b", "a/b", "a\n", "é", "a;b", "$x", None, 12, "a\x00"]
)
def test_bad_ids(bad: object) -> None:
    with _refused("space_id") as caught:
        validate_id(bad, "space_id")
    assert "A-Z" in caught.value.problem


# Per type: key -> (accepted values, refused values).
Cell = tuple[list[Any], list[Any]]
STR_OK: Cell = (["", "semi-caricature"], [None, 1, ["a"], {"a": 1}, True])
TAGS: Cell = (
    [[], ["protagonist", "villain"]],
    ["tag", [1], ["a", None], {"a": "b"}, None],
)
BINDING: Cell = ([None, "style-1"], ["", "no spaces", 3, ["s1"]])
OBJECT: Cell = ([{}, {"saturation": 0.4, "grain": {"size": 2}}], [[], "x", None, 1])
FIELD_TABLE: dict[AssetType, dict[str, Cell]] = {
    AssetType.CHARACTER: {
        "canonical_tags": TAGS,
        "proportion_profile": STR_OK,
        "style_binding": BINDING,
    },
    AssetType.SCENE: {"location_type": STR_OK, "base_layout": STR_OK, "style_binding": BINDING},
    AssetType.STYLE: {"categories": TAGS, "parameters": OBJECT},
    AssetType.RENDER: {},
}
ALL_KEYS = sorted({key for spec in FIELD_TABLE.values() for key in spec} | {"colour"})


def _cells() -> list[tuple[AssetType, str, Any, bool]]:
    cells = []
    for asset_type, key in itertools.product(AssetType, ALL_KEYS):
        spec = FIELD_TABLE[asset_type].get(key)
        if spec is None:
            cells.append((asset_type, key, "x", False))
            continue
        cells += [(asset_type, key, value, True) for value in spec[0]]
        cells += [(asset_type, key, value, False) for value in spec[1]]
    return cells


@pytest.mark.parametrize(("asset_type", "key", "value", "ok"), _cells())
def test_every_field_cell(asset_type: AssetType, key: str, value: Any, ok: bool) -> None:
    if ok:
        assert validate_fields(asset_type, {key: value}) == {key: value}
    else:
        with _refused(f"fields.{key}"):
            validate_fields(asset_type, {key: value})


def test_all_fields_together_and_none_at_all() -> None:
    full = {"canonical_tags": ["a"], "proportion_profile": "real", "style_binding": "s1"}
    assert validate_fields(AssetType.CHARACTER, full) == full
    assert validate_fields(AssetType.SCENE, {}) == {}
    assert validate_fields(AssetType.SCENE, None) == {}


def test_unknown_field_message_lists_the_known_ones() -> None:
    with _refused("fields.colour") as caught:
        validate_fields(AssetType.STYLE, {"colour": "red"})
    assert "categories, parameters" in caught.value.problem
    with _refused("fields.x") as caught:
        validate_fields(AssetType.RENDER, {"x": 1})
    assert "no fields" in caught.value.problem


def test_fields_must_be_an_object() -> None:
    with _refused("fields"):
        validate_fields(AssetType.SCENE, ["location_type"])


@pytest.mark.parametrize("check", [validate_metadata, validate_parameters])
def test_json_objects(check: Any) -> None:
    assert check(None) == {}
    assert check({"a": [1, {"b": None}], "t": (1, 2)}) == {"a": [1, {"b": None}], "t": [1, 2]}
    field = check.__name__.removeprefix("validate_")
    bad_values: list[Any] = [[], "x", 1, {"a": math.nan}, {1: "a"}, {"a": {2}}]
    for bad in bad_values:
        with _refused(field):
            check(bad)


def test_json_enum_values_become_plain_text() -> None:
    result = validate_metadata({"type": AssetType.SCENE})
    assert result == {"type": "SCENE"} and type(result["type"]) is str


@pytest.mark.parametrize("check", [validate_metadata, validate_parameters])
def test_json_size_limit(check: Any) -> None:
    overhead = len('{"k":""}')
    at_limit = {"k": "x" * (JSON_MAX_BYTES - overhead)}
    assert check(at_limit) == at_limit
    with pytest.raises(ValidationError) as caught:
        check({"k": "x" * (JSON_MAX_BYTES - overhead + 1)})
    assert str(JSON_MAX_BYTES) in caught.value.problem


def test_size_counts_utf8_bytes() -> None:
    overhead = len('{"k":""}')
    with _refused("metadata"):
        validate_metadata({"k": "é" * ((JSON_MAX_BYTES - overhead) // 2 + 1)})


def test_fields_have_the_size_limit_too() -> None:
    with _refused("fields"):
        validate_fields(AssetType.SCENE, {"base_layout": "x" * JSON_MAX_BYTES})


@pytest.mark.parametrize(
    ("asset_type", "value"), list(itertools.product(AssetType, [True, False, None]))
)
def test_neutral_for_every_type(asset_type: AssetType, value: bool | None) -> None:
    may_be_neutral = asset_type in {AssetType.SCENE, AssetType.STYLE}
    if value and not may_be_neutral:
        with _refused("neutral"):
            validate_neutral(asset_type, value)
    else:
        assert validate_neutral(asset_type, value) is bool(value)


@pytest.mark.parametrize("bad", [1, 0, "true", []])
def test_neutral_must_be_a_boolean(bad: object) -> None:
    with _refused("neutral"):
        validate_neutral(AssetType.SCENE, bad)


ENUMS = [
    obj
    for obj in vars(enums).values()
    if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum
]
MEMBERS = [(cls, member) for cls in ENUMS for member in cls]


def test_every_enum_is_covered() -> None:
    assert len(ENUMS) == 13


@pytest.mark.parametrize(("cls", "member"), MEMBERS)
def test_parse_enum_accepts_every_value_and_member(cls: type[StrEnum], member: StrEnum) -> None:
    assert parse_enum(cls, str(member), "f") is member
    assert parse_enum(cls, member, "f") is member


@pytest.mark.parametrize("cls", ENUMS)
def test_parse_enum_refusal_lists_the_values(cls: type[StrEnum]) -> None:
    first = next(iter(cls))
    for bad in [str(first).lower(), str(first)[:-1], "", None, 1, f" {first}"]:
        with _refused("kind") as caught:
            parse_enum(cls, bad, "kind")
        assert ", ".join(str(m) for m in cls) in caught.value.problem


@pytest.mark.parametrize("text", ["Jen\udcffnifer", "\ud800"])
def test_text_that_is_not_unicode_is_refused(text: str) -> None:
    """A lone surrogate (from undecodable command-line bytes, say) cannot be stored."""
    with pytest.raises(ValidationError, match="surrogate"):
        validate_name(text)
