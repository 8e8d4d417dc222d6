"""Pieces the use cases share: ids, content edits, clones."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from lineage.domain import lifecycle
from lineage.domain.enums import AssetType, Origin
from lineage.domain.errors import ValidationError
from lineage.domain.model import Asset, Container
from lineage.domain.validation import (
    validate_description,
    validate_fields,
    validate_metadata,
    validate_name,
    validate_neutral,
    validate_parameters,
)

CONTENT_KEYS = (
    "name", "description", "neutral", "fields", "metadata",
    "render_type", "prompt", "parameters", "model", "file", "content_hash",
)  # fmt: skip


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:16]}"


def validated_changes(asset_type: AssetType, changes: dict[str, Any]) -> dict[str, Any]:
    """Check the content fields a caller wants to set; unknown keys are refused."""
    checks: dict[str, Callable[[Any], Any]] = {
        "name": validate_name,
        "description": validate_description,
        "fields": lambda v: validate_fields(asset_type, v),
        "metadata": validate_metadata,
        "neutral": lambda v: validate_neutral(asset_type, v),
        "parameters": validate_parameters,
        "prompt": lambda v: validate_description(v, "prompt"),
        "model": lambda v: validate_description(v, "model"),
        "render_type": lambda v: validate_description(v, "render_type"),
    }
    unknown = sorted(set(changes) - set(checks))
    if unknown:
        raise ValidationError(unknown[0], f"cannot be set; settable: {', '.join(checks)}")
    return {key: checks[key](value) for key, value in changes.items() if value is not None}


def place(asset: Asset, container: Container) -> Asset:
    location = container.location
    return replace(
        asset,
        layer=container.kind,
        space_id=location.space_id,
        project_id=location.project_id,
        task_id=location.task_id,
    )


def clone_of(
    source: Asset,
    container: Container,
    origin: Origin,
    changes: dict[str, Any] | None = None,
    actor: str | None = None,
) -> Asset:
    """A new asset copying `source`'s content into `container` (base or working clone)."""
    prefix = "r" if source.is_render else "d"
    clone = replace(
        source,
        id=new_id(prefix),
        origin=origin,
        state=lifecycle.initial_state(origin, source.state),
        version=None,
        inherited_version=source.version or source.inherited_version,
        created_by=actor,
        created_at=None,
        updated_at=None,
        final=False,
        origin_task_id=None,
        origin_task_name=None,
        **(changes or {}),
    )
    return place(clone, container).with_content_hash()
