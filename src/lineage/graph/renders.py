"""Render inputs (USES edges) in the graph."""

from __future__ import annotations

import json
from collections.abc import Iterable

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.graph.database import run

GET_RENDER_INPUTS = cypher.load("renders/get_render_inputs")
REPOINT_USES = cypher.load("renders/repoint_uses")
MOVE_RENDERS_TO_PROJECT = cypher.load("renders/move_renders_to_project")


async def inputs_of(tx: Tx, ids: Iterable[str]) -> list[Record]:
    return await run(tx, GET_RENDER_INPUTS, ids=list(ids))


async def repoint(tx: Tx, moves: list[dict[str, str]]) -> None:
    """Each move re-points one USES edge; edges landing on one asset stay separate."""
    await run(tx, REPOINT_USES, moves=moves)


async def move_to_project(tx: Tx, ids: list[str], project_id: str) -> None:
    await run(tx, MOVE_RENDERS_TO_PROJECT, ids=ids, project_id=project_id)


LIST_USES_INTO = cypher.load("renders/list_uses_into")


async def uses_into(tx: Tx, render_ids: list[str], target_ids: list[str]) -> list[tuple[str, str]]:
    records = await run(tx, LIST_USES_INTO, render_ids=render_ids, target_ids=target_ids)
    return [(r["render_id"], r["target_id"]) for r in records]


LIST_FILE_REFERENCES = cypher.load("renders/list_file_references")


async def still_shown(tx: Tx, keys: Iterable[str], excluded: Iterable[str]) -> set[str]:
    """The keys among `keys` that a render outside `excluded` still shows."""
    files = [{"key": key, "needle": _key_member(key)} for key in sorted(set(keys))]
    if not files:
        return set()
    records = await run(tx, LIST_FILE_REFERENCES, files=files, excluded=list(excluded))
    return {r["key"] for r in records}


def _key_member(key: str) -> str:
    """`"key": "..."` exactly as the stored `file` JSON spells it (graph.codec)."""
    return json.dumps({"key": key})[1:-1]
