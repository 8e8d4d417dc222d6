"""Provenance out of the service (docs/interchange.md): a W3C PROV document for an asset or
a container, and a render's C2PA-style ingredient list. Reads only; with a `viewer`, only
what the caller may see (docs/domain.md §7), else (the command line) anything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage.domain.access import Viewer, known_to
from lineage.domain.enums import InputRole
from lineage.domain.errors import ScopeViolation
from lineage.domain.model import Asset
from lineage.graph import assets, provenance, renders
from lineage.graph.codec import asset_from_node
from lineage.graph.database import Database
from lineage.graph.provenance import Closure
from lineage.services.c2pa import IngredientList, UsedInput, ingredient_list
from lineage.services.prov_document import (
    ProvCounts,
    ProvenanceFormat,
    counts,
    prov_document,
    serialize,
)


@dataclass(frozen=True)
class ProvenanceExport:
    """A PROV document as text, with what it holds and whether a bound cut it short."""

    root_id: str
    kind: str
    format: ProvenanceFormat
    document: str
    counts: ProvCounts
    truncated: bool


async def export_prov(
    db: Database,
    id: str,
    format: ProvenanceFormat = ProvenanceFormat.PROV_JSON,
    viewer: Viewer | None = None,
) -> ProvenanceExport:
    """The PROV document of `id` (an asset, task, project or space) and everything it was
    made from, within the closure's bounds (graph/provenance.py)."""

    async def work(tx: Tx) -> Closure | None:
        return await provenance.closure(tx, id)

    closure = known_to(viewer, await db.read_one(work), id, "asset or container")
    doc = prov_document(closure)
    return ProvenanceExport(
        closure.root_id, closure.kind, format, serialize(doc, format), counts(doc),
        closure.truncated,
    )  # fmt: skip


async def c2pa_ingredients(
    db: Database, render_id: str, viewer: Viewer | None = None
) -> IngredientList:
    """The ingredient list of one render: its inputs as recorded, its clone parent."""

    async def work(tx: Tx) -> tuple[Asset | None, list[Record], Asset | None]:
        found = (await assets.get_many(tx, [render_id])).get(render_id)
        if found is None or not found.is_render:
            return found, [], None
        parents = await assets.clone_parents(tx, [render_id])
        return found, await renders.inputs_of(tx, [render_id]), parents.get(render_id)

    found, records, parent = await db.read_tx(work)
    render = known_to(viewer, found, render_id, "render")
    if not render.is_render:
        raise ScopeViolation(
            f"{render_id!r} is a {render.type.lower()}, not a render",
            "ask for the ingredients of a render (definitions have none); "
            "`lineage export prov` describes any asset",
        )
    return ingredient_list(render, used_inputs(records), parent)


def used_inputs(records: Iterable[Record]) -> list[UsedInput]:
    """The rows of renders/get_render_inputs as the ingredient list takes them."""
    return [
        UsedInput(asset_from_node(r["input"]), InputRole(r["role"]), r["snapshot_hash"] or "")
        for r in records
    ]
