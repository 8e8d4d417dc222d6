"""A small graph for the provenance tests, made through the services by two users, and
what the lineage walk (an independent reader) says lies upstream of an asset."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Edge, Layer
from lineage.domain.model import Asset
from lineage.graph import assets, containers, lineage
from lineage.graph.database import Database
from lineage.services import access, cloning, definitions, lifecycle, renders
from lineage.services import containers as container_service
from lineage.services.renders import RenderInput
from lineage.services.versions import create_version

PANEL_FILE = {
    "key": "renders/panel.png",
    "content_type": "image/png",
    "size": 3,
    "checksum": "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
}


@dataclass
class Built:
    """Alice made the space canon (Jennifer v1 and v2, Ink, a portrait render); Bob the
    project and task work:

    jennifer v1 <-VERSION- v2 <- project base <- Jennifer_sullen ─┐
    ink <- project base ──────────────────────────────────────────┤ (task base clones)
    portrait (space render of v2) <- project base ────────────────┴─ panel (task render)
    project portrait base <- task base <- variant <- rain (task render, REFERENCE)
    """

    alice: str
    bob: str
    space: str
    project: str
    task: str
    jennifer_v1: Asset
    jennifer_v2: Asset
    ink: Asset
    portrait: Asset
    sullen: Asset
    portrait_base: Asset
    panel: Asset
    variant: Asset
    rain: Asset


async def canonical(db: Database, space: str, type: str, name: str, actor: str) -> Asset:
    draft = await definitions.create_definition(db, space, type, name, actor=actor)
    return await lifecycle.transition(db, draft.id, "CANONICAL")


async def build(db: Database) -> Built:
    alice = (await access.create_user(db, "Alice")).id
    bob = (await access.create_user(db, "Bob")).id
    space = await container_service.create(db, Layer.SPACE, "Comics", actor=alice)
    await access.set_member(db, space.id, bob, "EDITOR")
    project = await container_service.create(db, Layer.PROJECT, "Breakup", space.id, actor=bob)
    task = await container_service.create(db, Layer.TASK, "Panel 1", project.id, actor=bob)

    jennifer_v1 = await canonical(db, space.id, "CHARACTER", "Jennifer", alice)
    jennifer_v2 = await create_version(
        db, jennifer_v1.id, "MAJOR", {"description": "Shorter hair"}, actor=alice
    )
    jennifer_v2 = await lifecycle.transition(db, jennifer_v2.id, "CANONICAL")
    ink = await canonical(db, space.id, "STYLE", "Ink", alice)
    portrait = await renders.register_render(
        db, space.id, "Portrait", [RenderInput(jennifer_v2.id)], prompt="portrait",
        model="sdxl", actor=alice,
    )  # fmt: skip
    portrait = await lifecycle.transition(db, portrait.id, "APPROVED")

    jen_base = await cloning.import_to_project(db, project.id, jennifer_v2.id, actor=bob)
    sullen = await cloning.derive_working_clone(
        db, jen_base.id, {"name": "Jennifer_sullen"}, actor=bob
    )
    ink_base = await cloning.import_to_project(db, project.id, ink.id, actor=bob)
    portrait_base = await cloning.import_to_project(db, project.id, portrait.id, actor=bob)
    panel = await renders.register_render(
        db, task.id, "Panel",
        [RenderInput(sullen.id), RenderInput(ink_base.id),
         RenderInput(portrait_base.id, "REFERENCE")],
        prompt="sullen, ink", file=PANEL_FILE, actor=bob,
    )  # fmt: skip
    portrait_in_task = await cloning.use_in_task(db, task.id, portrait_base.id, actor=bob)
    variant = await cloning.derive_working_clone(
        db, portrait_in_task.id, {"prompt": "portrait in the rain"}, actor=bob
    )
    rain = await renders.register_render(
        db, task.id, "Rain", [RenderInput(variant.id, "REFERENCE")], actor=bob
    )
    return Built(
        alice, bob, space.id, project.id, task.id, jennifer_v1, jennifer_v2, ink, portrait,
        sullen, portrait_base, panel, variant, rain,
    )  # fmt: skip


@dataclass
class Upstream:
    """What the lineage walk reaches upstream of some assets: full records, and edges as
    (from, to, type, role or kind)."""

    assets: dict[str, Asset]
    edges: set[tuple[str, str, str, str | None]]


async def upstream(db: Database, *ids: str) -> Upstream:
    async def work(tx: Tx) -> Upstream:
        found = Upstream({}, set())
        for root in (await assets.get_many(tx, ids)).values():
            walked = await lineage.walk(
                tx, root, lineage.Direction.UPSTREAM, lineage.MAX_DEPTH, max_nodes=2000
            )
            assert not walked.truncated
            found.assets |= walked.assets
            found.edges |= {(e.source, e.target, str(e.type), e.role) for e in walked.edges}
        return found

    return await db.read_tx(work)


async def project_asset_ids(db: Database, project_id: str) -> list[str]:
    """Every asset of the project and its tasks, as cascades list them."""

    async def work(tx: Tx) -> list[str]:
        project = await containers.get(tx, project_id)
        return [r["id"] for r in await containers.asset_ids_within(tx, project)]

    return await db.read_tx(work)


def edges_of(found: Upstream, edge: Edge) -> set[tuple[str, str, str | None]]:
    return {(a, b, role) for a, b, type, role in found.edges if type == str(edge)}
