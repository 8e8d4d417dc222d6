"""Clones down the chain: import to a project, working clones, use in a task, variants."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history, lifecycle, placement
from lineage.domain.access import Viewer, known_to
from lineage.domain.enums import DeriveKind, Layer, Origin
from lineage.domain.errors import ScopeViolation
from lineage.domain.history import Operation
from lineage.domain.model import Asset, Container
from lineage.graph import assets, clone_facts
from lineage.graph.clone_facts import CloneFacts
from lineage.graph.database import Database
from lineage.graph.history import append_one
from lineage.services.bindings import bound_style_id, changed_binding, check_bound_style
from lineage.services.common import clone_of, validated_changes


async def import_to_project(
    db: Database, project_id: str, source_id: str, actor: str | None = None,
    viewer: Viewer | None = None,
) -> Asset:  # fmt: skip
    """A project base clone of a canonical space definition or approved space render;
    importing the same source again returns the clone made the first time. With a
    `viewer`, the project and the source are authorised on what the transaction read."""

    async def work(tx: Tx) -> Asset:
        facts = await clone_facts.facts(tx, source_id, project_id)
        project = _target(facts, project_id, Layer.PROJECT, viewer, "import")
        clone = await _base_clone(tx, facts, project, source_id, actor, viewer)
        await _record_new(tx, Operation.IMPORT_TO_PROJECT, actor, facts, clone)
        return clone

    return await db.write(work)


async def use_in_task(
    db: Database, task_id: str, source_id: str, actor: str | None = None,
    viewer: Viewer | None = None,
) -> Asset:  # fmt: skip
    """A task base clone of a project definition or render; idempotent per (task, source)."""

    async def work(tx: Tx) -> Asset:
        facts = await clone_facts.facts(tx, source_id, task_id)
        task = _target(facts, task_id, Layer.TASK, viewer, "use in a task")
        clone = await _base_clone(tx, facts, task, source_id, actor, viewer)
        await _record_new(tx, Operation.USE_IN_TASK, actor, facts, clone)
        return clone

    return await db.write(work)


async def derive_working_clone(
    db: Database, source_id: str, changes: dict[str, Any] | None = None,
    actor: str | None = None, viewer: Viewer | None = None,
) -> Asset:  # fmt: skip
    """A mutable DRAFT child of a project or task base clone, optionally already changed
    (Jennifer_sullen); for a task base render clone this is a variant."""

    async def work(tx: Tx) -> Asset:
        # One read takes the source's container lock before the source's own (the order
        # every write locks them in, docs/domain.md §11) and reads both once held.
        style_id = bound_style_id((changes or {}).get("fields"))
        facts = await clone_facts.facts(tx, source_id, style_id=style_id)
        source = _visible_source(facts, source_id, viewer)
        if viewer is not None:
            viewer.require(source.space_id, "derive")
        if source.layer == Layer.SPACE:
            raise ScopeViolation(
                f"{source_id!r} is a space asset; working clones are made from base clones",
                "import it into a project first, then derive from the project base clone",
            )
        container = facts.container
        if container is None or source.container_id != container.id:
            # Only renders move (with a deleted task), between the two reads of the source.
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
        # Validation checks the fields without changing them: the binding is the one read.
        bound = changed_binding(clone.fields, source.fields)
        if bound is not None:
            check_bound_style(bound, facts.style, clone.location)
        made = await assets.create(tx, clone, (source.id, DeriveKind.CLONE))
        await _record_new(tx, Operation.DERIVE_WORKING_CLONE, actor, facts, made)
        return made

    return await db.write(work)


async def _record_new(
    tx: Tx, operation: Operation, actor: str | None, facts: CloneFacts, clone: Asset
) -> None:
    """History of a clone made now; finding the one made before changes nothing."""
    if facts.existing is not None and facts.existing.id == clone.id:
        return
    source_id = facts.source.id if facts.source is not None else None
    await append_one(tx, operation, actor, clone, history.asset_created(clone, source_id))


async def base_clone_into(
    tx: Tx, container: Container, source_id: str, actor: str | None
) -> tuple[Asset, bool]:
    """Find or make the base clone of `source_id` in a project or task (in the caller's tx);
    True when it was made now."""
    facts = await clone_facts.facts(tx, source_id, container.id)
    clone = await _base_clone(tx, facts, container, source_id, actor, None)
    return clone, facts.existing is None


async def _base_clone(
    tx: Tx, facts: CloneFacts, container: Container, source_id: str, actor: str | None,
    viewer: Viewer | None,
) -> Asset:  # fmt: skip
    source = _visible_source(facts, source_id, viewer)
    if facts.existing is not None:
        return facts.existing
    check_clonable(source, container)
    clone = clone_of(source, container, Origin.BASE_CLONE, actor=actor)
    # A base clone mirrors its source, base views included (spec v1 5.2: an import "copies
    # base_views references"); the views were locked with the source.
    return await assets.create(tx, clone, (source.id, DeriveKind.CLONE), copy_views=True)


def _target(
    facts: CloneFacts, id: str, kind: Layer, viewer: Viewer | None, action: str
) -> Container:
    """The project or task a base clone goes into, authorised as `guard.authorised` does:
    unknown, or outside the caller's spaces, it answers as an unknown id."""
    container = known_to(viewer, facts.container, id, "container")
    if viewer is not None:
        viewer.require(container.space_id, action)
    if container.kind != kind:
        raise ScopeViolation(
            f"{id!r} is a {container.kind.lower()}, not a {kind.lower()}",
            f"pass the id of a {kind.lower()}",
        )
    return container


def _visible_source(facts: CloneFacts, id: str, viewer: Viewer | None) -> Asset:
    """Another tenant's source answers as an id that does not exist (`guard.visible`)."""
    return known_to(viewer, facts.source, id, "asset")


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
