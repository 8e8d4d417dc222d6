"""Canonical JSON and content hashes.

A hash covers content only, never identity or lifecycle (ids, layer, origin, state,
version, timestamps), so a base clone hashes exactly like the asset it mirrors and a
render's input snapshot can be compared with the input's current content.
"""

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lineage.domain.enums import DEFINITION_TYPES, AssetType
from lineage.domain.errors import ValidationError
from lineage.domain.text import is_unicode

DEFINITION_CONTENT_KEYS = ("type", "name", "description", "neutral", "fields", "metadata")
RENDER_CONTENT_KEYS = (
    "type",
    "name",
    "description",
    "render_type",
    "prompt",
    "parameters",
    "model",
    "file",
    "metadata",
)

# An absent or null key hashes like its default, so records that leave a key out and
# records that spell the default out agree.
_TYPE_NAMES = tuple(str(asset_type) for asset_type in AssetType)

_DEFAULTS: Mapping[str, Any] = {
    "description": "",
    "neutral": False,
    "fields": {},
    "metadata": {},
    "render_type": None,
    "prompt": None,
    "parameters": {},
    "model": None,
    "file": None,
}


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text; ValueError for NaN, infinities and
    anything JSON cannot hold (non-string keys included, which json would coerce)."""
    _check_values(value)
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not representable as canonical JSON: {exc}") from exc


def content_hash(content: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the canonical JSON of ``content``."""
    return hashlib.sha256(canonical_json(dict(content)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """What a ``USES`` edge stores: the input's content as JSON, and its hash."""

    json: str
    content_hash: str


def snapshot(content: Mapping[str, Any]) -> Snapshot:
    text = canonical_json(dict(content))
    return Snapshot(text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def definition_content(record: Mapping[str, Any]) -> dict[str, Any]:
    """The content fields of a definition record (extra keys are ignored)."""
    if _asset_type(record) not in DEFINITION_TYPES:
        raise ValidationError("type", "definition content needs CHARACTER, SCENE or STYLE")
    return _pick(record, DEFINITION_CONTENT_KEYS)


def render_content(record: Mapping[str, Any]) -> dict[str, Any]:
    """The content fields of a render record (extra keys are ignored)."""
    if _asset_type(record) != AssetType.RENDER:
        raise ValidationError("type", "render content needs the type RENDER")
    return _pick(record, RENDER_CONTENT_KEYS)


def asset_content(record: Mapping[str, Any]) -> dict[str, Any]:
    if _asset_type(record) == AssetType.RENDER:
        return render_content(record)
    return definition_content(record)


def _asset_type(record: Mapping[str, Any]) -> AssetType:
    value = record.get("type")
    if isinstance(value, str) and value in _TYPE_NAMES:
        return AssetType(value)
    raise ValidationError(
        "type", f"{value!r} is no asset type; use one of: {', '.join(_TYPE_NAMES)}"
    )


def _pick(record: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(record.get("name"), str):
        raise ValidationError("name", "content needs a name string")
    content = {key: _value(record, key) for key in keys}
    content["type"] = str(content["type"])  # plain text, not the enum member
    return content


def _value(record: Mapping[str, Any], key: str) -> Any:
    # Neo4j drops null properties, so null and absent must hash alike.
    value = record.get(key)
    return copy.deepcopy(_DEFAULTS.get(key)) if value is None else value


# The largest integer every JSON client (JavaScript included) holds exactly.
MAX_SAFE_INTEGER = 2**53 - 1


def _check_values(value: Any) -> None:
    """What json.dumps would let through but no JSON client can read back as sent:
    non-string keys, integers past 2^53, text that is not Unicode (lone surrogates)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"not representable as canonical JSON: key {key!r} is no string")
            _check_text(key)
            _check_values(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_values(item)
    elif isinstance(value, str):
        _check_text(value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER:
        raise ValueError(
            f"integer of {len(str(abs(value)))} digits is beyond ±{MAX_SAFE_INTEGER}, which "
            "JSON clients cannot hold exactly; send it as a string"
        )


def _check_text(text: str) -> None:
    if not is_unicode(text):
        raise ValueError("text holds a lone UTF-16 surrogate, which is not Unicode")
