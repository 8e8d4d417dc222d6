"""Render inputs (USES edges) in the graph."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.graph.database import run

CREATE_USES = cypher.load("renders/create_uses")
GET_RENDER_INPUTS = cypher.load("renders/get_render_inputs")
REPOINT_USES = cypher.load("renders/repoint_uses")
MOVE_RENDERS_TO_PROJECT = cypher.load("renders/move_renders_to_project")


async def record_inputs(tx: Tx, render_id: str, inputs: list[dict[str, Any]]) -> None:
    await run(tx, CREATE_USES, render_id=render_id, inputs=inputs)


async def inputs_of(tx: Tx, ids: Iterable[str]) -> list[Record]:
    return await run(tx, GET_RENDER_INPUTS, ids=list(ids))


async def repoint(tx: Tx, moves: list[dict[str, str]]) -> None:
    await run(tx, REPOINT_USES, moves=moves)


async def move_to_project(tx: Tx, ids: list[str], project_id: str) -> None:
    await run(tx, MOVE_RENDERS_TO_PROJECT, ids=ids, project_id=project_id)


LIST_USES_INTO = cypher.load("renders/list_uses_into")


async def uses_into(tx: Tx, render_ids: list[str], target_ids: list[str]) -> list[tuple[str, str]]:
    records = await run(tx, LIST_USES_INTO, render_ids=render_ids, target_ids=target_ids)
    return [(r["render_id"], r["target_id"]) for r in records]
