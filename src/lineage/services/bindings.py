"""References inside `fields` that name other assets: a style binding names a style in reach.

A character's or scene's `fields.style_binding` is an id (v1 section 2). It must name a
style of the same space that the definition can reach: in its own container or an
enclosing one (docs/domain.md §3). A style of another space answers as if it did not
exist, so the refusal tells nothing about other tenants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import placement
from lineage.domain.enums import AssetType
from lineage.domain.errors import ValidationError
from lineage.domain.model import Asset
from lineage.domain.placement import Location
from lineage.graph import assets

FIELD = "fields.style_binding"


async def check_style_binding(
    tx: Tx, where: Location, fields: Mapping[str, Any], before: Mapping[str, Any] | None = None
) -> None:
    """Refuse a new or changed style binding that names no style in reach of `where`; an
    unchanged one (as `before` had it) is left as it was."""
    style_id = changed_binding(fields, before)
    if style_id is not None:
        style = (await assets.get_many(tx, [style_id])).get(style_id)
        check_bound_style(style_id, style, where)


def changed_binding(
    fields: Mapping[str, Any], before: Mapping[str, Any] | None = None
) -> str | None:
    """The style id a new or changed binding names; None without one, or unchanged."""
    style_id = fields.get("style_binding")
    if style_id is None or (before is not None and before.get("style_binding") == style_id):
        return None
    return str(style_id)


def bound_style_id(fields: Mapping[str, Any] | None) -> str | None:
    """The style id a change of `fields` names, if it names one (checked later)."""
    style_id = (fields or {}).get("style_binding") if isinstance(fields, Mapping) else None
    return style_id if isinstance(style_id, str) else None


def check_bound_style(style_id: str, style: Asset | None, where: Location) -> None:
    """`style` (None: no such asset) may be bound at `where`: a style of the same space
    within reach."""
    if style is None or style.space_id != where.space_id:
        raise ValidationError(
            FIELD,
            f"no style with id {style_id!r} in this space; bind the id of a style of this "
            f"space (in this container or an enclosing one), or null",
        )
    if style.type != AssetType.STYLE:
        raise ValidationError(
            FIELD, f"{style_id!r} is a {style.type.lower()}, not a style; bind a style's id"
        )
    if not placement.within_reach(where, style.reach_location):
        raise ValidationError(
            FIELD,
            f"style {style_id!r} lives in a sibling project or task, out of this asset's "
            f"reach; bind a style of this container or an enclosing one",
        )
