"""The trash (docs/domain.md §13): a delete keeps a snapshot; a restore brings back exactly
what went, or refuses with the reason and changes nothing; a purge removes items for good."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from lineage import cypher
from lineage.domain.access import Viewer
from lineage.domain.enums import Role
from lineage.domain.errors import Forbidden, NotFound, RestoreRefused
from lineage.domain.trash import Refusal
from lineage.graph import audits, files
from lineage.graph.database import Database
from lineage.services import access, cloning, definitions, deletion, lifecycle, trash
from lineage.storage.keys import FileRules
from lineage.storage.local import LocalFileStore
from lineage.storage.signing import UrlSigner
from lineage.trash_purger import TrashPurger

from .helpers import canonical, refused, render, space_project_task
from .test_deletes import task_world
from .test_render_inputs import a_file

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


# --- refusals: each names its reason and leaves the graph as it was -------------------------


def reasons(error: RestoreRefused) -> set[tuple[Refusal, str]]:
    return {(p.reason, p.subject_id) for p in error.problems}


async def test_restore_refused_when_an_input_was_deleted_since(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    scene = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    shot = await render(graph, space.id, "Test", scene.id)
    item = (await deletion.delete_asset(graph, shot.id)).trash_item_id
    gone = (await deletion.delete_asset(graph, scene.id)).trash_item_id
    error = await refused(graph, RestoreRefused, trash.restore(graph, str(item)))
    assert reasons(error) == {(Refusal.ENDPOINT_GONE, scene.id)}
    assert error.problems[0].trash_item_id == gone


async def test_restore_refused_when_its_container_is_gone(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    clone = await cloning.use_in_task(graph, task.id, base.id)
    item = (await deletion.delete_asset(graph, clone.id)).trash_item_id
    await deletion.delete_task(graph, task.id)
    error = await refused(graph, RestoreRefused, trash.restore(graph, str(item)))
    assert reasons(error) == {(Refusal.CONTAINER_GONE, task.id)}


async def test_restore_refused_when_what_it_binds_changed_or_was_cloned_again(
    graph: Database,
) -> None:
    space, project, _ = await space_project_task(graph)
    jennifer = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    shot = await render(graph, space.id, "Shot", jennifer.id)
    shot = await lifecycle.transition(graph, shot.id, "APPROVED")  # binds Jennifer
    item = (await deletion.delete_asset(graph, shot.id)).trash_item_id
    await definitions.update_asset(graph, jennifer.id, {"description": "changed"})
    error = await refused(graph, RestoreRefused, trash.restore(graph, str(item)))
    assert reasons(error) == {(Refusal.CONTENT_CHANGED, jennifer.id)}

    base = await cloning.import_to_project(graph, project.id, jennifer.id)
    item = (await deletion.delete_asset(graph, base.id)).trash_item_id
    again = await cloning.import_to_project(graph, project.id, jennifer.id)
    error = await refused(graph, RestoreRefused, trash.restore(graph, str(item)))
    assert reasons(error) == {(Refusal.CLONE_EXISTS, again.id)}


async def test_restore_refused_when_its_file_key_was_registered_again(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    shot = await render(graph, space.id, "Shot", file=a_file("renders/k1.png"))
    item = (await deletion.delete_asset(graph, shot.id)).trash_item_id
    await render(graph, space.id, "Again", file=a_file("renders/k1.png"))
    error = await refused(graph, RestoreRefused, trash.restore(graph, str(item)))
    assert reasons(error) == {(Refusal.FILE_KEY_TAKEN, "renders/k1.png")}


async def test_restore_needs_the_role_the_delete_needed(graph: Database) -> None:
    space, _, task = await space_project_task(graph)
    asset = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    item = str((await deletion.delete_asset(graph, asset.id)).trash_item_id)
    viewer = Viewer({space.id: Role.VIEWER})
    await refused(graph, Forbidden, trash.restore(graph, item, viewer, "u-viewer"))
    await refused(graph, NotFound, trash.restore(graph, item, Viewer({}), "u-stranger"))
    done = await trash.restore(graph, item, Viewer({space.id: Role.EDITOR}), "u-editor")
    assert done.asset_ids == (asset.id,)


# --- purge ----------------------------------------------------------------------------------


def local_store(root: Path) -> LocalFileStore:
    rules = FileRules(allowed_types=("image/png",), max_bytes=1000)
    return LocalFileStore(root, UrlSigner(b"k" * 32), rules, "http://127.0.0.1:1")


async def test_purge_removes_expired_items_then_their_files(
    graph: Database, tmp_path: Path
) -> None:
    store = local_store(tmp_path)
    space, _, _ = await space_project_task(graph)
    shot = await render(graph, space.id, "Shot", file=a_file("renders/s/shot.png"))
    store.path("renders/s/shot.png").parent.mkdir(parents=True)
    store.path("renders/s/shot.png").write_bytes(b"png")
    kept = (await deletion.delete_asset(graph, shot.id)).trash_item_id
    scene = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    expired = (await deletion.delete_asset(graph, scene.id, retention_days=0)).trash_item_id
    assert "renders/s/shot.png" in await files.referenced_file_keys(graph)

    dry = await trash.purge(graph, store, dry_run=True)
    assert [i.id for i in dry.items] == [expired]
    assert {i.id for i in await trash.list_items(graph)} == {kept, expired}

    first, second = await asyncio.gather(trash.purge(graph, store), trash.purge(graph, store))
    assert [i.id for i in (*first.items, *second.items)] == [expired]  # idempotent
    assert store.path("renders/s/shot.png").exists(), "a file goes only with its item"

    everything = await trash.purge(graph, store, all=True)
    assert [i.id for i in everything.items] == [kept]
    assert everything.removed_files == ("renders/s/shot.png",)
    assert not store.path("renders/s/shot.png").exists()
    assert await trash.list_items(graph) == []
    await clean_audits(graph)


async def test_the_scheduled_purge_removes_expired_items_each_interval(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    scene = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    style = await definitions.create_definition(graph, space.id, "STYLE", "Noir")
    expired = (await deletion.delete_asset(graph, scene.id, retention_days=0)).trash_item_id
    kept = (await deletion.delete_asset(graph, style.id)).trash_item_id
    purger = TrashPurger(graph, None, interval_s=0.05)
    purger.start()
    try:
        for _ in range(200):  # a round every 50 ms; give a loaded machine 10 s
            if purger.rounds >= 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await purger.stop()
    assert purger.rounds >= 2
    assert [i.id for i in await trash.list_items(graph)] == [kept]
    assert expired != kept


async def test_two_restores_of_one_item_at_once_restore_it_once(graph: Database) -> None:
    """Each restore locks the item first: the second waits, then finds it gone (NotFound),
    and the graph holds one copy of what was deleted."""
    for _ in range(5):
        space, _, _ = await space_project_task(graph)
        scene = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
        item = (await deletion.delete_asset(graph, scene.id)).trash_item_id
        assert item is not None
        answers = await asyncio.gather(
            trash.restore(graph, item), trash.restore(graph, item), return_exceptions=True
        )
        restored = [a for a in answers if isinstance(a, trash.Restored)]
        missing = [a for a in answers if isinstance(a, NotFound)]
        assert (len(restored), len(missing)) == (1, 1), answers
        assert restored[0].asset_ids == (scene.id,)
        await clean_audits(graph)
