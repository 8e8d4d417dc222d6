"""The trash (docs/domain.md §13): a delete keeps a snapshot; a restore brings back exactly
what went, or refuses with the reason and changes nothing; a purge removes items for good."""

from __future__ import annotations

from typing import Any

from lineage import cypher
from lineage.graph import audits
from lineage.graph.database import Database
from lineage.services import access, cloning, deletion, trash

from .helpers import canonical, render, space_project_task
from .test_deletes import task_world

GRAPH_STATE = cypher.load("test/get_graph_state")
# Bookkeeping that a delete and a restore add to: not part of what is restored.
BOOKKEEPING = {"HistoryEntry", "HistoryMention", "TrashItem"}


async def live_state(db: Database) -> tuple[list[str], list[str]]:
    """Every node and edge but the bookkeeping ones, with all properties, as sorted text."""
    record = (await db.read(GRAPH_STATE))[0]
    nodes = [n for n in record["nodes"] if not BOOKKEEPING & set(n["labels"])]
    return sorted(map(_text, nodes)), sorted(map(_text, record["edges"]))


def _text(item: dict[str, Any]) -> str:
    return repr(_plain(item))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return sorted((k, _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return repr(value)


async def clean_audits(db: Database) -> None:
    found = [r for r in await audits.run_audits(db) if r.violations]
    assert not found, [(r.audit.name, r.violations[:3]) for r in found]


async def round_trip(db: Database, delete: Any) -> str:
    """Delete into the trash, check what went is gone, restore, check all is as before."""
    before = await live_state(db)
    report = await delete()
    assert report.trash_item_id is not None
    assert await live_state(db) != before
    await clean_audits(db)
    restored = await trash.restore(db, report.trash_item_id)
    assert restored.item.id == report.trash_item_id
    assert await live_state(db) == before
    await clean_audits(db)
    assert report.trash_item_id not in {i.id for i in await trash.list_items(db)}
    return report.trash_item_id


async def test_asset_round_trip(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    shot = await render(graph, project.id, "Shot", base.id)
    await round_trip(graph, lambda: deletion.delete_asset(graph, shot.id))


async def test_task_round_trip_both_modes(graph: Database) -> None:
    w = await task_world(graph)
    await round_trip(graph, lambda: deletion.delete_task(graph, w["task"], "KEEP_RENDERS"))
    await round_trip(graph, lambda: deletion.delete_task(graph, w["task"], "DELETE_RENDERS"))


async def test_project_and_space_round_trip(graph: Database) -> None:
    w = await task_world(graph)
    user = await access.create_user(graph, "ann")
    await access.set_member(graph, w["space"], user.id, "OWNER")
    await round_trip(graph, lambda: deletion.delete_container(graph, w["project"]))
    await round_trip(graph, lambda: deletion.delete_container(graph, w["space"]))
