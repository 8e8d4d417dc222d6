"""Base views travel with base clones (spec v1 5.2: an import "copies base_views
references"): the project clone, and a task clone of it, show the same renders under the
same view names; working clones and views attached later do not."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage.graph import reads
from lineage.graph.database import Database
from lineage.services import cloning, renders

from .helpers import approved, canonical, space_project_task


async def views_of(db: Database, id: str) -> list[tuple[str, str]]:
    async def work(tx: Tx) -> list[tuple[str, str]]:
        return [(view, render.id) for view, render in (await reads.views(tx, [id]))[id]]

    return await db.read_tx(work)


async def test_base_clones_show_their_source_views(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    portrait = await approved(graph, space.id, "Jennifer portrait", jennifer.id)
    profile = await approved(graph, space.id, "Jennifer profile", jennifer.id)
    await renders.attach_base_view(graph, jennifer.id, portrait.id, "portrait")
    await renders.attach_base_view(graph, jennifer.id, profile.id, "profile")
    shown = [("portrait", portrait.id), ("profile", profile.id)]
    assert await views_of(graph, jennifer.id) == shown

    imported = await cloning.import_to_project(graph, project.id, jennifer.id)
    assert await views_of(graph, imported.id) == shown
    in_task = await cloning.use_in_task(graph, task.id, imported.id)
    assert await views_of(graph, in_task.id) == shown
    # Importing again returns the same clone, its views not doubled.
    again = await cloning.import_to_project(graph, project.id, jennifer.id)
    assert again.id == imported.id and await views_of(graph, imported.id) == shown

    # A working clone is new work of its own: it starts with no views.
    working = await cloning.derive_working_clone(graph, imported.id, {"name": "Jennifer_sad"})
    assert await views_of(graph, working.id) == []
    # A view attached to the source later stays the source's.
    back = await approved(graph, space.id, "Jennifer back", jennifer.id)
    await renders.attach_base_view(graph, jennifer.id, back.id, "back")
    assert await views_of(graph, imported.id) == shown
