"""Spaces, projects and tasks in the graph."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.domain.errors import NotFound
from lineage.domain.model import Container
from lineage.graph.codec import container_from_record
from lineage.graph.database import run

CREATE = {
    Layer.SPACE: cypher.load("containers/create_space"),
    Layer.PROJECT: cypher.load("containers/create_project"),
    Layer.TASK: cypher.load("containers/create_task"),
}
GET_CONTAINER = cypher.load("containers/get_container")
LOCK_CONTAINER = cypher.load("containers/lock_container")
UPDATE_CONTAINER = cypher.load("containers/update_container")
LIST_SPACES = cypher.load("containers/list_spaces")
LIST_CHILDREN = cypher.load("containers/list_children")
FIND_SPACE_BY_NAME = cypher.load("containers/find_space_by_name")
LIST_ASSET_IDS_WITHIN = cypher.load("containers/list_asset_ids_within")


def _containers(records: list[Record]) -> list[Container]:
    return [container_from_record(r["c"], r["labels"]) for r in records]


async def create(
    tx: Tx, kind: Layer, id: str, parent_id: str | None, props: dict[str, Any]
) -> Container | None:
    params: dict[str, Any] = {"id": id, "props": props}
    if kind == Layer.PROJECT:
        params["space_id"] = parent_id
    elif kind == Layer.TASK:
        params["project_id"] = parent_id
    found = _containers(await run(tx, CREATE[kind], **params))
    return found[0] if found else None


async def get(tx: Tx, id: str, *, lock: bool = False) -> Container:
    """The container with this id (its write lock taken first when `lock`)."""
    found = _containers(await run(tx, LOCK_CONTAINER if lock else GET_CONTAINER, id=id))
    if not found:
        raise NotFound("container", id)
    return found[0]


async def update(tx: Tx, id: str, changes: dict[str, Any]) -> Container:
    found = _containers(await run(tx, UPDATE_CONTAINER, id=id, changes=changes))
    if not found:
        raise NotFound("container", id)
    return found[0]


async def list_spaces(tx: Tx) -> list[Container]:
    return _containers(await run(tx, LIST_SPACES))


async def find_spaces_named(tx: Tx, name: str) -> list[Container]:
    return _containers(await run(tx, FIND_SPACE_BY_NAME, name=name))


async def list_children(tx: Tx, id: str) -> list[Container]:
    return _containers(await run(tx, LIST_CHILDREN, id=id))


async def asset_ids_within(tx: Tx, container: Container) -> list[Record]:
    location = container.location
    return await run(
        tx,
        LIST_ASSET_IDS_WITHIN,
        space_id=location.space_id,
        project_id=location.project_id,
        task_id=location.task_id,
    )
