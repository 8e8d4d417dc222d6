"""Shorthands for engine tests: build chains and read lock state in one call."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Layer
from lineage.domain.model import Asset, Container, LockState
from lineage.graph import assets, locks
from lineage.graph.database import Database
from lineage.services import containers, definitions, lifecycle


async def lock_state(db: Database, asset_id: str) -> LockState:
    async def work(tx: Tx) -> LockState:
        asset = await assets.get(tx, asset_id)
        return (await locks.states(tx, [asset]))[asset_id]

    return await db.read_tx(work)


async def fetch(db: Database, asset_id: str) -> Asset:
    async def work(tx: Tx) -> Asset:
        return await assets.get(tx, asset_id)

    return await db.read_tx(work)


async def space_project_task(db: Database) -> tuple[Container, Container, Container]:
    space = await containers.create(db, Layer.SPACE, "Comics")
    project = await containers.create(db, Layer.PROJECT, "Breakup Comic #1", space.id)
    task = await containers.create(db, Layer.TASK, "Page 1, Panel 1", project.id)
    return space, project, task


async def canonical(db: Database, space_id: str, type: str, name: str, **kw: object) -> Asset:
    created = await definitions.create_definition(db, space_id, type, name, **kw)  # type: ignore[arg-type]
    return await lifecycle.transition(db, created.id, "CANONICAL")
