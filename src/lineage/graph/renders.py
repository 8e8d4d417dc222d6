"""Render inputs (USES edges) in the graph."""

from __future__ import annotations

import json
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
    """Each move re-points one USES edge; edges landing on one asset stay separate."""
    await run(tx, REPOINT_USES, moves=moves)


async def move_to_project(tx: Tx, ids: list[str], project_id: str) -> None:
    await run(tx, MOVE_RENDERS_TO_PROJECT, ids=ids, project_id=project_id)


LIST_USES_INTO = cypher.load("renders/list_uses_into")


async def uses_into(tx: Tx, render_ids: list[str], target_ids: list[str]) -> list[tuple[str, str]]:
    records = await run(tx, LIST_USES_INTO, render_ids=render_ids, target_ids=target_ids)
    return [(r["render_id"], r["target_id"]) for r in records]


FIND_RENDER_BY_FILE_KEY = cypher.load("renders/find_render_by_file_key")
SET_RENDER_FILE_KEY = cypher.load("renders/set_render_file_key")
LIST_FILE_REFERENCES = cypher.load("renders/list_file_references")


async def file_owner(tx: Tx, key: str) -> str | None:
    """The id of the render that registered file `key`, if one did."""
    records = await run(tx, FIND_RENDER_BY_FILE_KEY, key=key)
    return records[0]["id"] if records else None


async def claim_file(tx: Tx, render_id: str, key: str) -> None:
    await run(tx, SET_RENDER_FILE_KEY, id=render_id, key=key)


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
