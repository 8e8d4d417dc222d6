"""Between Neo4j nodes and domain records: JSON strings for nested maps stay in here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from lineage.domain.enums import AssetType, Classification, Layer, Origin, State
from lineage.domain.model import Asset, Container

JSON_PROPERTIES = ("fields", "metadata", "parameters", "file")
CONTAINER_KINDS = {"Space": Layer.SPACE, "Project": Layer.PROJECT, "Task": Layer.TASK}


def asset_from_node(node: Mapping[str, Any]) -> Asset:
    props = dict(node)
    decoded = {key: json.loads(props[key]) for key in JSON_PROPERTIES if props.get(key)}
    classification = props.get("classification")
    return Asset(
        id=props["id"],
        type=AssetType(props["type"]),
        layer=Layer(props["layer"]),
        origin=Origin(props["origin"]),
        state=State(props["state"]),
        name=props["name"],
        space_id=props["space_id"],
        project_id=props.get("project_id"),
        task_id=props.get("task_id"),
        description=props.get("description") or "",
        neutral=bool(props.get("neutral", False)),
        fields=decoded.get("fields", {}),
        metadata=decoded.get("metadata", {}),
        version=props.get("version"),
        inherited_version=props.get("inherited_version"),
        content_hash=props.get("content_hash", ""),
        created_at=_native(props.get("created_at")),
        updated_at=_native(props.get("updated_at")),
        created_by=props.get("created_by"),
        classification=Classification(classification) if classification else None,
        render_type=props.get("render_type"),
        prompt=props.get("prompt"),
        parameters=decoded.get("parameters", {}),
        model=props.get("model"),
        file=decoded.get("file"),
        upstream_space_ids=tuple(props.get("upstream_space_ids") or ()),
        final=bool(props.get("final", False)),
        origin_task_id=props.get("origin_task_id"),
        origin_task_name=props.get("origin_task_name"),
    )


def asset_properties(asset: Asset) -> dict[str, Any]:
    """What to store for an asset: plain values, nested maps as JSON, no timestamps."""
    props: dict[str, Any] = {}
    for key, value in asset.__dict__.items():
        if key in ("created_at", "updated_at"):
            continue
        if key in JSON_PROPERTIES:
            props[key] = json.dumps(value, sort_keys=True) if value is not None else None
        elif key == "upstream_space_ids":
            props[key] = list(value)
        else:
            props[key] = str(value) if hasattr(value, "value") else value
    props["name_folded"] = fold(asset.name)
    return props


def fold(name: str) -> str:
    """A name as case-insensitive search matches it (as Cypher's toLower writes it)."""
    return name.lower()


def content_changes(asset: Asset, keys: tuple[str, ...]) -> dict[str, Any]:
    """The stored form of some properties of `asset` (for SET a += $changes)."""
    stored = asset_properties(asset)
    searched = ("name_folded",) if "name" in keys else ()  # the name's search form with it
    return {key: stored[key] for key in (*keys, *searched)}


def container_from_record(node: Mapping[str, Any], labels: list[str]) -> Container:
    kind = next(CONTAINER_KINDS[label] for label in labels if label in CONTAINER_KINDS)
    props = dict(node)
    return Container(
        kind=kind,
        id=props["id"],
        name=props.get("name", ""),
        description=props.get("description") or "",
        space_id=props["id"] if kind == Layer.SPACE else props["space_id"],
        project_id=props.get("project_id"),
        created_at=_native(props.get("created_at")),
        created_by=props.get("created_by"),
    )


def _native(value: Any) -> Any:
    # neo4j.time.DateTime -> datetime.datetime. Queries returning many assets send times as
    # epoch milliseconds (`a {.*, created_at: a.created_at.epochMillis, ...}`): the driver
    # decodes those several times faster than temporal values.
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return value.to_native() if hasattr(value, "to_native") else value
