"""Input validation run before any write.

Each check raises ValidationError naming the field and what is accepted, and returns
the value normalized (names stripped, JSON objects reduced to plain JSON data).
"""

import json
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

from lineage.domain.enums import AssetType
from lineage.domain.errors import ValidationError
from lineage.domain.hashing import canonical_json
from lineage.domain.text import is_unicode

NAME_MAX = 200
DESCRIPTION_MAX = 10_000
ID_MAX = 100
JSON_MAX_BYTES = 64 * 1024

_ID = re.compile(r"[A-Za-z0-9_.:-]+")

E = TypeVar("E", bound=StrEnum)

FieldCheck = tuple[str, Callable[[Any], bool]]


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_optional_id(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _valid_id(value))


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


_STR = ("a string", _is_str)
_TAGS = ("a list of strings", _is_str_list)
_STYLE_BINDING = ("a style id or null", _is_optional_id)

# v1 section 2, per definition type: key -> (what is accepted, check). Every key is
# optional; unknown keys are refused so typos do not pass silently.
FIELD_SPECS: Mapping[AssetType, Mapping[str, FieldCheck]] = {
    AssetType.CHARACTER: {
        "canonical_tags": _TAGS,
        "proportion_profile": _STR,
        "style_binding": _STYLE_BINDING,
    },
    AssetType.SCENE: {
        "location_type": _STR,
        "base_layout": _STR,
        "style_binding": _STYLE_BINDING,
    },
    AssetType.STYLE: {
        "categories": _TAGS,
        "parameters": ("a JSON object", _is_object),
    },
    AssetType.RENDER: {},
}

NEUTRAL_TYPES: frozenset[AssetType] = frozenset({AssetType.SCENE, AssetType.STYLE})


def parse_enum(enum_cls: type[E], value: object, field: str) -> E:
    """The member whose value is ``value``; the error lists the accepted values."""
    if isinstance(value, enum_cls):
        return value
    for member in enum_cls:
        if value == str(member):
            return member
    raise ValidationError(field, f"{value!r} is not accepted; use one of: {_values(enum_cls)}")


def validate_id(value: object, field: str = "id") -> str:
    if isinstance(value, str) and _valid_id(value):
        return value
    raise ValidationError(
        field,
        f"{value!r} is not an id; use 1 to {ID_MAX} characters from A-Z, a-z, 0-9 and _ . : -",
    )


def validate_text(value: object, field: str, max_length: int, required: bool) -> str:
    """A string of at most ``max_length`` characters, stripped; None counts as empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"expected a string, got {type(value).__name__}")
    text = value.strip()
    if required and not text:
        raise ValidationError(field, "must not be empty; give a non-blank text")
    if not is_unicode(text):  # e.g. undecodable bytes of a command line
        raise ValidationError(field, "holds a lone UTF-16 surrogate, which is not Unicode text")
    if len(text) > max_length:
        raise ValidationError(field, f"{len(text)} characters; shorten it to {max_length}")
    return text


def validate_name(value: object, field: str = "name") -> str:
    return validate_text(value, field, NAME_MAX, required=True)


def validate_description(value: object, field: str = "description") -> str:
    return validate_text(value, field, DESCRIPTION_MAX, required=False)


def validate_json_object(value: object, field: str) -> dict[str, Any]:
    """A JSON object (string keys, finite numbers) of at most JSON_MAX_BYTES."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(field, f"expected a JSON object, got {type(value).__name__}")
    try:
        text = canonical_json(value)
    except ValueError as exc:
        raise ValidationError(field, f"{exc}; use strings, finite numbers, lists, objects") from exc
    size = len(text.encode("utf-8"))
    if size > JSON_MAX_BYTES:
        raise ValidationError(field, f"{size} bytes as JSON; keep it within {JSON_MAX_BYTES}")
    result: dict[str, Any] = json.loads(text)
    return result


def validate_metadata(value: object, field: str = "metadata") -> dict[str, Any]:
    return validate_json_object(value, field)


def validate_parameters(value: object, field: str = "parameters") -> dict[str, Any]:
    return validate_json_object(value, field)


def validate_fields(asset_type: AssetType, value: object, field: str = "fields") -> dict[str, Any]:
    """The type-specific fields of v1 section 2; renders have none."""
    fields = validate_json_object(value, field)
    spec = FIELD_SPECS[asset_type]
    for key, item in fields.items():
        if key not in spec:
            raise ValidationError(f"{field}.{key}", _unknown_field(asset_type, spec))
        accepted, check = spec[key]
        if not check(item):
            raise ValidationError(f"{field}.{key}", f"{item!r} is not accepted; use {accepted}")
    return fields


def validate_neutral(asset_type: AssetType, value: object, field: str = "neutral") -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(field, f"expected true or false, got {type(value).__name__}")
    if value and asset_type not in NEUTRAL_TYPES:
        raise ValidationError(field, f"a {asset_type} cannot be neutral; only scenes and styles")
    return value


def _valid_id(value: str) -> bool:
    return len(value) <= ID_MAX and _ID.fullmatch(value) is not None


def _values(enum_cls: type[StrEnum]) -> str:
    return ", ".join(str(member) for member in enum_cls)


def _unknown_field(asset_type: AssetType, spec: Mapping[str, FieldCheck]) -> str:
    if not spec:
        return f"a {asset_type} has no fields; put such data in parameters or metadata"
    return f"unknown for a {asset_type}; use {', '.join(sorted(spec))}, or metadata"
