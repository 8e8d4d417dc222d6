"""Create, rename and look up spaces, projects and tasks."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history
from lineage.domain.enums import Layer, Role
from lineage.domain.errors import NotFound, ValidationError
from lineage.domain.history import Operation, Recorder
from lineage.domain.model import Container
from lineage.domain.validation import validate_description, validate_name
from lineage.graph import access, containers
from lineage.graph import history as history_log
from lineage.graph.access import Member
from lineage.graph.database import Database
from lineage.services.common import new_id

PARENT_KIND = {Layer.PROJECT: Layer.SPACE, Layer.TASK: Layer.PROJECT}
PREFIX = {Layer.SPACE: "space", Layer.PROJECT: "proj", Layer.TASK: "task"}
CREATED = {
    Layer.SPACE: Operation.CREATE_SPACE,
    Layer.PROJECT: Operation.CREATE_PROJECT,
    Layer.TASK: Operation.CREATE_TASK,
}


async def create(
    db: Database,
    kind: Layer,
    name: str,
    parent_id: str | None = None,
    description: str = "",
    actor: str | None = None,
) -> Container:
    """A new space (no parent), project (in a space) or task (in a project)."""
    props = {
        "name": validate_name(name),
        "description": validate_description(description),
        "created_by": actor,
    }
    if (parent_id is None) != (kind == Layer.SPACE):
        raise ValidationError("parent_id", f"a {kind.lower()} needs a parent {_parent(kind)}")
    id = new_id(PREFIX[kind])

    async def work(tx: Tx) -> Container:
        if parent_id is not None:
            parent = await containers.get(tx, parent_id, lock=True)
            if parent.kind != PARENT_KIND[kind]:
                raise NotFound(_parent(kind), parent_id)
        created = await containers.create(tx, kind, id, parent_id, props)
        assert created is not None  # the parent was found and locked above
        record = Recorder(CREATED[kind], actor)
        record.add(
            created.space_id, created.location.project_id, history.container_created(created)
        )
        if kind == Layer.SPACE and actor is not None:
            await _own(tx, actor, created.id)
            record.add(created.id, None, history.member_changed(actor, None, Role.OWNER))
        await history_log.append(tx, record.entries())
        return created

    return await db.write(work)


async def _own(tx: Tx, user_id: str, space_id: str) -> None:
    """Make the space's creator its owner; a space nobody owns could not be managed."""
    if await access.set_membership(tx, user_id, space_id, Role.OWNER) is None:
        raise NotFound("user", user_id)


async def rename(
    db: Database,
    id: str,
    name: str | None = None,
    description: str | None = None,
    actor: str | None = None,
) -> Container:
    changes = {}
    if name is not None:
        changes["name"] = validate_name(name)
    if description is not None:
        changes["description"] = validate_description(description)

    async def work(tx: Tx) -> Container:
        before = await containers.get(tx, id, lock=True)
        after = await containers.update(tx, id, changes)
        change = history.container_changed(before, after)
        record = Recorder(Operation.UPDATE_CONTAINER, actor)
        await history_log.append(
            tx, record.add(after.space_id, after.location.project_id, change).entries()
        )
        return after

    return await db.write(work)


async def get(db: Database, id: str) -> Container:
    async def work(tx: Tx) -> Container:
        return await containers.get(tx, id)

    return await db.read_tx(work)


def _parent(kind: Layer) -> str:
    return PARENT_KIND.get(kind, Layer.SPACE).lower()


async def spaces_with_members(db: Database) -> list[tuple[Container, list[Member]]]:
    """Every space, by name, with its members (the operator's view: no caller check)."""

    async def work(tx: Tx) -> list[tuple[Container, list[Member]]]:
        found = await containers.list_spaces(tx)
        members = await access.members(tx, [space.id for space in found])
        return [(space, [m for m in members if m.space_id == space.id]) for space in found]

    return await db.read_tx(work)
