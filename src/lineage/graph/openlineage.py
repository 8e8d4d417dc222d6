"""Reads for the OpenLineage export: the generated renders of a space or project with
their inputs, and the clone and version derivations of its assets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import DeriveKind
from lineage.domain.model import Asset
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

LIST_RENDER_RUNS = cypher.load("openlineage/list_render_runs")
LIST_DERIVATIONS = cypher.load("openlineage/list_derivations")


@dataclass(frozen=True)
class UsedInput:
    id: str
    role: str
    content_hash: str  # the input's content when the render was generated


@dataclass(frozen=True)
class RenderRun:
    render: Asset
    inputs: tuple[UsedInput, ...]


@dataclass(frozen=True)
class Derivation:
    child: Asset
    kind: DeriveKind
    parent_id: str
    parent_hash: str


async def render_runs(tx: Tx, space_id: str, project_id: str | None) -> list[RenderRun]:
    records = await run(tx, LIST_RENDER_RUNS, space_id=space_id, project_id=project_id)
    return [
        RenderRun(asset_from_node(r["render"]), tuple(_used(u) for u in r["inputs"]))
        for r in records
    ]


async def derivations(tx: Tx, space_id: str, project_id: str | None) -> list[Derivation]:
    records = await run(tx, LIST_DERIVATIONS, space_id=space_id, project_id=project_id)
    return [
        Derivation(
            asset_from_node(r["child"]),
            DeriveKind(r["kind"]),
            r["parent_id"],
            r["parent_hash"] or "",
        )  # fmt: skip
        for r in records
    ]


def _used(row: dict[str, Any]) -> UsedInput:
    return UsedInput(row["id"], row["role"], row["content_hash"] or "")
