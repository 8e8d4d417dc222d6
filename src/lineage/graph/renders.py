"""Render inputs (USES edges) in the graph, and renders read for a render diff."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.domain.model import Asset
from lineage.domain.render_diff import RenderSide, UsedInput
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

GET_RENDER_INPUTS = cypher.load("renders/get_render_inputs")
GET_RENDER_COMPARISON = cypher.load("renders/get_render_comparison")


async def inputs_of(tx: Tx, ids: Iterable[str]) -> list[Record]:
    return await run(tx, GET_RENDER_INPUTS, ids=list(ids))


@dataclass(frozen=True)
class ComparedRender:
    """A render as a render diff reads it: the render, the inputs it used with their
    lines, and each input asset as it is now (by id)."""

    render: Asset
    inputs: tuple[UsedInput, ...]
    assets: dict[str, Asset]

    def side(self) -> RenderSide:
        r = self.render
        return RenderSide(r.id, r.name, r.prompt, r.model, r.parameters, self.inputs)


async def compared(tx: Tx, ids: Iterable[str]) -> dict[str, ComparedRender]:
    """The renders among `ids` (by id) with their inputs; other ids are left out."""
    records = await run(tx, GET_RENDER_COMPARISON, ids=list(dict.fromkeys(ids)))
    return {r["id"]: _compared(r) for r in records}


def _compared(record: Record) -> ComparedRender:
    assets = {row["input"]["id"]: asset_from_node(row["input"]) for row in record["inputs"]}
    inputs = tuple(_used(row, assets[row["input"]["id"]]) for row in record["inputs"])
    return ComparedRender(asset_from_node(record["render"]), inputs, assets)


def _used(row: Mapping[str, Any], input: Asset) -> UsedInput:
    return UsedInput(
        asset_id=input.id, role=row["role"], line_id=row["line_id"], name=input.name,
        version=input.version or input.inherited_version,
        snapshot=json.loads(row["snapshot"]) if row["snapshot"] else {},
        content_hash=row["snapshot_hash"] or "",
    )  # fmt: skip
