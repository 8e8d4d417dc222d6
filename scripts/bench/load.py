"""Write generated spaces to Neo4j: the space through the services, the rest in bulk.

The space node and its owner's membership come from `services.containers.create` (so the
benchmark user sees it through the API); projects, tasks, assets and edges from the UNWIND
queries in cypher/bench/, which store what the services' single-row queries store.
"""

from __future__ import annotations

from typing import Any

from bench.generate import Shape, SpaceGraph, batches, build_space, stored
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.domain.model import Container
from lineage.graph.database import Database, run
from lineage.services import containers

CREATE_PROJECTS = cypher.load("bench/create_projects")
CREATE_TASKS = cypher.load("bench/create_tasks")
CREATE_ASSETS = cypher.load("bench/create_assets")
CREATE_DERIVES_FROM = cypher.load("bench/create_derives_from")
CREATE_USES = cypher.load("bench/create_uses")
BATCH = 2000


async def add_space(
    db: Database, index: int, seed: int, owner: str, shape: Shape | None = None
) -> SpaceGraph:
    """Create space number `index` (its own seed) with everything in it."""
    space = await containers.create(db, Layer.SPACE, f"Bench space {index:03d}", actor=owner)
    graph = build_space(space, seed * 100_003 + index, owner, shape)
    await write(db, graph)
    return graph


async def write(db: Database, graph: SpaceGraph) -> None:
    await _bulk(db, CREATE_PROJECTS, [_container_row(p, "space_id") for p in graph.projects])
    await _bulk(db, CREATE_TASKS, [_container_row(t, "project_id") for t in graph.tasks])
    rows = [{"container_id": a.container_id, "props": stored(a)} for a in graph.assets]
    await _bulk(db, CREATE_ASSETS, rows)
    await _bulk(db, CREATE_DERIVES_FROM, graph.derives)
    await _bulk(db, CREATE_USES, graph.uses)


def _container_row(container: Container, parent_key: str) -> dict[str, Any]:
    parent = container.space_id if parent_key == "space_id" else container.project_id
    props = {"name": container.name, "description": "", "created_by": container.created_by}
    return {"id": container.id, parent_key: parent, "props": props}


async def _bulk(db: Database, query: cypher.Query, rows: list[dict[str, Any]]) -> None:
    for batch in batches(rows, BATCH):

        async def work(tx: Tx, batch: list[dict[str, Any]] = batch) -> None:
            records = await run(tx, query, rows=batch)
            if records[0]["created"] != len(batch):
                raise RuntimeError(f"{query.name}: {records[0]['created']} of {len(batch)} made")

        await db.write(work)
