"""Render inputs (USES edges) in the graph."""

from __future__ import annotations

from collections.abc import Iterable

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.graph.database import run

GET_RENDER_INPUTS = cypher.load("renders/get_render_inputs")


async def inputs_of(tx: Tx, ids: Iterable[str]) -> list[Record]:
    return await run(tx, GET_RENDER_INPUTS, ids=list(ids))
