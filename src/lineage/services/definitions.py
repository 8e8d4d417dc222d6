"""Create definitions (in a space only) and change any asset's content."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history
from lineage.domain.enums import DEFINITION_TYPES, AssetType, Layer, Origin, State
from lineage.domain.errors import ScopeViolation, ValidationError
from lineage.domain.locks import check_editable
from lineage.domain.model import Asset
from lineage.domain.validation import parse_enum
from lineage.domain.versioning import INITIAL_VERSION, parse_version
from lineage.graph import assets, containers, locks
from lineage.graph.codec import content_changes
from lineage.graph.database import Database
from lineage.graph.history import append_one
from lineage.services.bindings import check_style_binding
from lineage.services.common import CONTENT_KEYS, new_id, place, validated_changes


async def create_definition(
    db: Database,
    space_id: str,
    type: str,
    name: str,
    description: str = "",
    fields: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
    neutral: bool = False,
    version: str = INITIAL_VERSION,
    actor: str | None = None,
) -> Asset:
    """A new DRAFT character, scene or style in a space (projects and tasks only clone)."""
    asset_type = parse_enum(AssetType, type, "type")
    if asset_type not in DEFINITION_TYPES:
        raise ValidationError("type", "renders are registered, not created: use registerRender")
    content = validated_changes(
        asset_type,
        {"name": name, "description": description, "fields": fields or {},
         "metadata": metadata or {}, "neutral": neutral},
    )  # fmt: skip
    parse_version(version)

    async def work(tx: Tx) -> Asset:
        space = await containers.get(tx, space_id, lock=True)
        if space.kind != Layer.SPACE:
            raise ScopeViolation(
                f"definitions are created only in a space, and {space_id!r} is a "
                f"{space.kind.lower()}",
                "create it in the space, then import it into the project",
            )
        draft = Asset(
            id=new_id("d"), type=asset_type, layer=Layer.SPACE, origin=Origin.ORIGINAL,
            state=State.DRAFT, space_id=space.id, version=version, created_by=actor, **content,
        )  # fmt: skip
        await check_style_binding(tx, space.location, draft.fields)
        created = await assets.create(tx, place(draft, space).with_content_hash())
        await append_one(tx, history.Operation.CREATE_DEFINITION, actor, created,
                         history.asset_created(created))  # fmt: skip
        return created

    return await db.write(work)


async def update_asset(
    db: Database, id: str, changes: dict[str, Any], actor: str | None = None
) -> Asset:
    """Change content fields; refused with the reasons when the asset is immutable."""

    async def work(tx: Tx) -> Asset:
        asset = await assets.get(tx, id, lock=True)
        valid = validated_changes(asset.type, changes)
        state = (await locks.states(tx, [asset]))[id]
        check_editable(id, asset.type, asset.origin, [r for r in state.reasons if r.dependent_id])
        updated = Asset(**{**asset.__dict__, **valid}).with_content_hash()
        await check_style_binding(tx, asset.location, updated.fields, asset.fields)
        stored = await assets.update(tx, id, content_changes(updated, CONTENT_KEYS))
        await append_one(tx, history.Operation.UPDATE_ASSET, actor, stored,
                         history.asset_changed(asset, stored))  # fmt: skip
        return stored

    return await db.write(work)
