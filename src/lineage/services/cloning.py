"""Clones down the chain: import to a project, working clones, use in a task, variants."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import lifecycle, placement
from lineage.domain.enums import DeriveKind, Layer, Origin
from lineage.domain.errors import ScopeViolation
from lineage.domain.model import Asset, Container
from lineage.graph import assets, containers
from lineage.graph.database import Database
from lineage.services.bindings import check_style_binding
from lineage.services.common import clone_of, validated_changes


async def import_to_project(
    db: Database, project_id: str, source_id: str, actor: str | None = None
) -> Asset:
    """A project base clone of a canonical space definition or approved space render;
    importing the same source again returns the clone made the first time."""

    async def work(tx: Tx) -> Asset:
        project = await _container(tx, project_id, Layer.PROJECT)
        return await base_clone_into(tx, project, source_id, actor)

    return await db.write(work)


async def use_in_task(
    db: Database, task_id: str, source_id: str, actor: str | None = None
) -> Asset:
    """A task base clone of a project definition or render; idempotent per (task, source)."""

    async def work(tx: Tx) -> Asset:
        task = await _container(tx, task_id, Layer.TASK)
        return await base_clone_into(tx, task, source_id, actor)

    return await db.write(work)


async def derive_working_clone(
    db: Database, source_id: str, changes: dict[str, Any] | None = None, actor: str | None = None
) -> Asset:
    """A mutable DRAFT child of a project or task base clone, optionally already changed
    (Jennifer_sullen); for a task base render clone this is a variant."""

    async def work(tx: Tx) -> Asset:
        # The container before the source, the order every write locks them in
        # (docs/domain.md §11); the source is read again once both are held.
        unlocked = await assets.get(tx, source_id)
        if unlocked.layer == Layer.SPACE:
            raise ScopeViolation(
                f"{source_id!r} is a space asset; working clones are made from base clones",
                "import it into a project first, then derive from the project base clone",
            )
        container = await containers.get(tx, unlocked.container_id, lock=True)
        source = await assets.get(tx, source_id, lock=True)
        if source.container_id != container.id:  # only renders move, with a deleted task
            raise ScopeViolation(
                f"{source_id!r} moved to another container while the clone was made", "retry"
            )
        placement.check_clone_source(
            source.type, container.kind, Origin.WORKING_CLONE, source.layer, source.origin
        )
        placement.check_variant_source(source.id, source.classification)
        lifecycle.check_usable(source.id, source.state)
        valid = validated_changes(source.type, changes or {})
        clone = clone_of(source, container, Origin.WORKING_CLONE, valid, actor)
        await check_style_binding(tx, clone.location, clone.fields, source.fields)
        created = await assets.create(tx, clone)
        await assets.derive(tx, created.id, source.id, DeriveKind.CLONE)
        return created

    return await db.write(work)


async def base_clone_into(tx: Tx, container: Container, source_id: str, actor: str | None) -> Asset:
    """Find or make the base clone of `source_id` in a project or task (in the caller's tx)."""
    source = await assets.get(tx, source_id, lock=True)
    existing = await assets.find_clone_in(tx, source.id, container.id)
    if existing is not None:
        return existing
    check_clonable(source, container)
    created = await assets.create(tx, clone_of(source, container, Origin.BASE_CLONE, actor=actor))
    await assets.derive(tx, created.id, source.id, DeriveKind.CLONE)
    return created


def check_clonable(source: Asset, container: Container) -> None:
    # Retired sources are refused as such first (NotUsable: use a newer version), for an
    # import as for any other new work; only then the import's own rule.
    lifecycle.check_usable(source.id, source.state)
    if container.kind == Layer.PROJECT:
        lifecycle.check_importable(source.id, source.type, source.layer, source.state)
    reach = source.reach_location
    placement.check_clone_source(
        source.type, container.kind, Origin.BASE_CLONE, reach.layer, source.origin
    )
    placement.check_within_reach(source.id, container.location, reach)


async def _container(tx: Tx, id: str, kind: Layer) -> Container:
    container = await containers.get(tx, id, lock=True)
    if container.kind != kind:
        raise ScopeViolation(
            f"{id!r} is a {container.kind.lower()}, not a {kind.lower()}",
            f"pass the id of a {kind.lower()}",
        )
    return container
