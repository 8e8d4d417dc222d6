"""Canonical JSON and content hashes."""

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineage.domain.enums import AssetType
from lineage.domain.errors import ValidationError
from lineage.domain.hashing import (
    DEFINITION_CONTENT_KEYS,
    MAX_SAFE_INTEGER,
    RENDER_CONTENT_KEYS,
    asset_content,
    canonical_json,
    content_hash,
    definition_content,
    render_content,
    snapshot,
)

EMPTY_OBJECT_SHA256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)
objects = st.dictionaries(st.text(max_size=6), values, max_size=6)


def test_sorted_keys_without_whitespace() -> None:
    assert canonical_json({"b": 1, "a": {"d": [1, 2], "c": None}}) == (
        '{"a":{"c":null,"d":[1,2]},"b":1}'
    )


def test_non_ascii_is_kept_as_text() -> None:
    assert canonical_json({"name": "Zoë 日本"}) == '{"name":"Zoë 日本"}'


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, {"x": [math.nan]}])
def test_non_finite_numbers_are_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match="canonical JSON"):
        canonical_json(bad)


@pytest.mark.parametrize("bad", [{1: "a"}, {"a": {None: 1}}, [{"ok": {2.5: 1}}], {"s": {1, 2}}])
def test_non_json_values_are_refused(bad: Any) -> None:
    with pytest.raises(ValueError, match="canonical JSON"):
        canonical_json(bad)


def test_enum_members_serialize_as_their_values() -> None:
    assert canonical_json({"type": AssetType.SCENE}) == '{"type":"SCENE"}'


def test_content_hash_is_hex_sha256_of_canonical_json() -> None:
    assert content_hash({}) == EMPTY_OBJECT_SHA256
    assert content_hash({"a": 1}) != content_hash({"a": 1.0})
    assert content_hash({"a": 1}) != content_hash({"a": True})


@given(objects, st.randoms())
def test_canonical_json_ignores_key_order(value: dict[str, Any], rnd: Any) -> None:
    keys = list(value)
    rnd.shuffle(keys)
    reordered = {key: value[key] for key in keys}
    assert canonical_json(reordered) == canonical_json(value)
    assert content_hash(reordered) == content_hash(value)


@given(objects)
def test_canonical_json_round_trips(value: dict[str, Any]) -> None:
    text = canonical_json(value)
    assert json.loads(text) == value
    assert canonical_json(json.loads(text)) == text


DEFINITION = {
    "id": "c1",
    "type": "CHARACTER",
    "layer": "SPACE",
    "origin": "ORIGINAL",
    "state": "CANONICAL",
    "version": "1.0.0",
    "created_at": "2025-01-01T00:00:00Z",
    "name": "Jennifer",
    "description": "lead",
    "neutral": False,
    "fields": {"canonical_tags": ["protagonist"]},
    "metadata": {"k": "v"},
}


def test_definition_content_picks_exactly_the_content_keys() -> None:
    content = definition_content(DEFINITION)
    assert list(content) == list(DEFINITION_CONTENT_KEYS)
    assert set(DEFINITION_CONTENT_KEYS) == {
        "type",
        "name",
        "description",
        "neutral",
        "fields",
        "metadata",
    }
    assert content["name"] == "Jennifer"


def test_a_base_clone_hashes_like_its_parent() -> None:
    clone = {
        **DEFINITION,
        "id": "c2",
        "layer": "PROJECT",
        "origin": "BASE_CLONE",
        "state": "DRAFT",
        "version": None,
        "created_at": "2026-02-02T00:00:00Z",
        "project_id": "p1",
    }
    assert content_hash(definition_content(clone)) == content_hash(definition_content(DEFINITION))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("name", "Jen"),
        ("description", "other"),
        ("neutral", True),
        ("fields", {"canonical_tags": []}),
        ("metadata", {}),
        ("type", "SCENE"),
    ],
)
def test_each_content_key_changes_the_hash(key: str, value: Any) -> None:
    changed = {**DEFINITION, key: value}
    assert content_hash(definition_content(changed)) != content_hash(definition_content(DEFINITION))


def test_absent_null_and_default_hash_alike() -> None:
    bare = {"type": "SCENE", "name": "Kitchen"}
    nulls = {**bare, "description": None, "neutral": None, "fields": None, "metadata": None}
    spelled = {**bare, "description": "", "neutral": False, "fields": {}, "metadata": {}}
    hashes = {content_hash(definition_content(r)) for r in (bare, nulls, spelled)}
    assert len(hashes) == 1


def test_defaults_are_not_shared_between_calls() -> None:
    first = definition_content({"type": "SCENE", "name": "a"})
    first["fields"]["x"] = 1
    assert definition_content({"type": "SCENE", "name": "a"})["fields"] == {}


RENDER = {
    "id": "r1",
    "type": AssetType.RENDER,
    "state": "APPROVED",
    "classification": "CHARACTER",
    "name": "Panel 1",
    "description": "",
    "render_type": "composite",
    "prompt": "a kitchen",
    "parameters": {"seed": 7},
    "model": "m-1",
    "file": {"key": "k", "content_type": "image/png", "size": 3, "checksum": "c"},
    "metadata": {},
    "upstream_space_ids": ["s1"],
}


def test_render_content_picks_exactly_the_content_keys() -> None:
    content = render_content(RENDER)
    assert list(content) == list(RENDER_CONTENT_KEYS)
    assert content["type"] == "RENDER" and type(content["type"]) is str
    assert "classification" not in content and "state" not in content


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("render_type", "pose_ref"),
        ("prompt", "x"),
        ("parameters", {}),
        ("model", "m-2"),
        ("file", None),
        ("name", "P2"),
        ("description", "d"),
        ("metadata", {"a": 1}),
    ],
)
def test_each_render_content_key_changes_the_hash(key: str, value: Any) -> None:
    assert content_hash(render_content({**RENDER, key: value})) != content_hash(
        render_content(RENDER)
    )


def test_asset_content_dispatches_on_type() -> None:
    assert asset_content(RENDER) == render_content(RENDER)
    assert asset_content(DEFINITION) == definition_content(DEFINITION)


@pytest.mark.parametrize(
    ("picker", "record"),
    [
        (definition_content, {"type": "RENDER", "name": "x"}),
        (render_content, {"type": "STYLE", "name": "x"}),
        (asset_content, {"type": "VIDEO", "name": "x"}),
        (asset_content, {"name": "x"}),
        (asset_content, {"type": "SCENE"}),
        (asset_content, {"type": ["SCENE"], "name": "x"}),
    ],
)
def test_wrong_records_are_refused(picker: Any, record: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        picker(record)


def test_snapshot_carries_json_and_its_hash() -> None:
    content = definition_content(DEFINITION)
    shot = snapshot(content)
    assert json.loads(shot.json) == content
    assert shot.json == canonical_json(content)
    assert shot.content_hash == content_hash(content)


@pytest.mark.parametrize(
    "value",
    [{"n": MAX_SAFE_INTEGER + 1}, {"n": [-(10**40)]}, {"t": "a\ud800b"}, {"\udfff": 1}],
    ids=["past-2^53", "nested-huge", "lone-surrogate", "surrogate-key"],
)
def test_what_clients_cannot_read_back_is_not_canonical_json(value: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="2\\^53|9007199254740991|surrogate"):
        canonical_json(value)
    assert canonical_json({"n": MAX_SAFE_INTEGER, "m": -MAX_SAFE_INTEGER})
