"""Renders: registration (services.registration), base views, the final-panel mark."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history, placement
from lineage.domain.diff import FieldChange
from lineage.domain.enums import State
from lineage.domain.errors import NotFound, ScopeViolation, ValidationError
from lineage.domain.missing import MISSING
from lineage.domain.model import Asset
from lineage.domain.validation import validate_name
from lineage.graph import assets
from lineage.graph.database import Database
from lineage.graph.history import append_one
from lineage.services.registration import (
    MAX_BATCH,
    MAX_INPUTS,
    RenderInput,
    RenderRequest,
    register_render,
    register_renders,
)

# Registration (one render or a batch) lives in services.registration; named here too.
__all__ = [
    "MAX_BATCH", "MAX_INPUTS", "RenderInput", "RenderRequest", "attach_base_view",
    "mark_final", "register_render", "register_renders",
]  # fmt: skip


async def attach_base_view(
    db: Database, definition_id: str, render_id: str, view: str, actor: str | None = None
) -> None:
    """Show `render_id` as a base view (portrait, profile...) of a definition (v1 2.1)."""
    view_name = validate_name(view, "view")

    async def work(tx: Tx) -> None:
        found = await assets.get_many(tx, [definition_id, render_id], lock=True)
        definition, render = found.get(definition_id), found.get(render_id)
        if definition is None:
            raise NotFound("definition", definition_id)
        if render is None:
            raise NotFound("render", render_id)
        if not definition.is_definition:
            raise ValidationError(
                "definition_id", f"{definition_id!r} is a render, not a definition"
            )
        if not render.is_render:
            raise ValidationError("render_id", f"{render_id!r} is a definition, not a render")
        placement.check_within_reach(render.id, definition.location, render.reach_location)
        await assets.attach_view(tx, definition.id, render.id, view_name)
        shown = FieldChange(f"base_views.{view_name}", MISSING, render.id)
        change = history.asset_changed(definition, definition, [shown])
        await append_one(tx, history.Operation.ATTACH_BASE_VIEW, actor, definition, change)

    await db.write(work)


async def mark_final(
    db: Database, render_id: str, final: bool = True, actor: str | None = None
) -> Asset:
    """Mark an approved project render as a final panel (the project gallery, v4 7)."""

    async def work(tx: Tx) -> Asset:
        render = await assets.get(tx, render_id, lock=True)
        if not render.is_render or render.project_id is None:
            raise ScopeViolation(
                f"{render_id!r} is not a project render", "mark a render of a project as final"
            )
        if render.state != State.APPROVED:
            raise ValidationError("state", f"{render_id!r} is {render.state}: approve it first")
        marked = await assets.update(tx, render.id, {"final": final})
        change = history.asset_changed(render, marked)
        await append_one(tx, history.Operation.MARK_FINAL, actor, marked, change)
        return marked

    return await db.write(work)
