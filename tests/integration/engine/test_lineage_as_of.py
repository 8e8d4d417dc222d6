"""Lineage as it stood at an instant, on a real Neo4j (docs/domain.md §12): a story of
clones, a render, a new version with a rebase, a task delete that keeps its render, and a
render delete, asked about at the instant after each step."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest_asyncio

from lineage.domain.enums import Edge
from lineage.graph.database import Database
from lineage.graph.lineage import Direction
from lineage.services import cloning, definitions, deletion, lifecycle, trash, versions
from lineage.services.as_of import PastLineage, lineage_as_of

from .helpers import canonical, render, space_project_task


async def instant() -> datetime:
    """Now, with writes before and after it a clear millisecond apart."""
    await asyncio.sleep(0.01)
    now = datetime.now(UTC)
    await asyncio.sleep(0.01)
    return now


@dataclass
class Story:
    ids: dict[str, str]
    at: dict[str, datetime]


@pytest_asyncio.fixture
async def story(graph: Database) -> Story:
    ids: dict[str, str] = {}
    at: dict[str, datetime] = {}
    space, project, task = await space_project_task(graph)
    ids.update(space=space.id, project=project.id, task=task.id)
    at["before"] = await instant()
    jen = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jen.id)
    working = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_sullen"})
    other = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_wet"})
    in_task = await cloning.use_in_task(graph, task.id, working.id)
    made = await render(graph, task.id, "Panel 1", in_task.id)
    ids.update(jen=jen.id, base=base.id, working=working.id, other=other.id,
               in_task=in_task.id, render=made.id)  # fmt: skip
    at["rendered"] = await instant()
    v2 = await versions.create_version(graph, jen.id)
    await lifecycle.transition(graph, v2.id, "CANONICAL")
    rebased = await versions.rebase(graph, other.id)
    assert rebased.moved
    # Importing again answers the base clone the rebase made.
    base2 = await cloning.import_to_project(graph, project.id, v2.id)
    ids.update(v2=v2.id, base2=base2.id)
    at["rebased"] = await instant()
    await deletion.delete_task(graph, task.id, "KEEP_RENDERS")
    at["task_deleted"] = await instant()
    await deletion.delete_asset(graph, made.id)
    at["render_deleted"] = await instant()
    return Story(ids, at)


async def past(graph: Database, story: Story, root: str, when: str,
               direction: Direction = Direction.BOTH) -> PastLineage:  # fmt: skip
    found = await lineage_as_of(graph, story.ids[root], story.at[when], direction, 6, 100)
    assert found is not None, (root, when)
    return found


def names(found: PastLineage) -> set[str]:
    return {n.asset.name for n in found.nodes}


def edges(found: PastLineage, story: Story) -> set[tuple[str, str, Edge]]:
    by_id = {v: k for k, v in story.ids.items()}
    return {(by_id[e.edge.source], by_id[e.edge.target], e.edge.type) for e in found.edges}


async def test_before_the_asset_existed_there_is_no_answer(graph: Database, story: Story) -> None:
    assert await lineage_as_of(graph, story.ids["jen"], story.at["before"], Direction.BOTH,
                               3, 100) is None  # fmt: skip
    # Nor for an asset that never was.
    assert await lineage_as_of(graph, "d_nothing", story.at["rendered"], Direction.BOTH,
                               3, 100) is None  # fmt: skip


async def test_the_task_and_its_render_are_there_before_they_were_deleted(
    graph: Database, story: Story
) -> None:
    found = await past(graph, story, "jen", "rendered", Direction.DOWNSTREAM)
    assert names(found) == {"Jennifer", "Jennifer_sullen", "Jennifer_wet", "Panel 1"}
    assert edges(found, story) == {
        ("base", "jen", Edge.DERIVES_FROM), ("working", "base", Edge.DERIVES_FROM),
        ("other", "base", Edge.DERIVES_FROM), ("in_task", "working", Edge.DERIVES_FROM),
        ("render", "in_task", Edge.USES),
    }  # fmt: skip
    by_id = {n.asset.id: n for n in found.nodes}
    task_render = by_id[story.ids["render"]]
    assert task_render.asset.deleted and task_render.depth == 4
    assert (task_render.asset.layer, task_render.asset.container_id) == ("TASK", story.ids["task"])
    assert by_id[story.ids["in_task"]].asset.deleted
    assert by_id[story.ids["jen"]].asset.state == "CANONICAL"
    [uses] = [e for e in found.edges if e.edge.type == Edge.USES]
    # The input as the render used it: its role and the content it had then.
    assert uses.edge.role == "CHARACTER"
    assert uses.snapshot_hash == by_id[story.ids["in_task"]].asset.content_hash
    # Upstream from the render, deleted since: the chain back to the space.
    up = await past(graph, story, "render", "rendered", Direction.UPSTREAM)
    assert [n.asset.id for n in up.nodes][0] == story.ids["render"]
    assert {n.asset.id for n in up.nodes} == {
        story.ids[k] for k in ("render", "in_task", "working", "base", "jen")}  # fmt: skip
    assert up.unknown_edges == []


async def test_a_rebase_is_undone_for_earlier_instants(graph: Database, story: Story) -> None:
    before = await past(graph, story, "other", "rendered", Direction.UPSTREAM)
    assert edges(before, story) == {
        ("other", "base", Edge.DERIVES_FROM), ("base", "jen", Edge.DERIVES_FROM)}  # fmt: skip
    after = await past(graph, story, "other", "rebased", Direction.UPSTREAM)
    assert edges(after, story) == {
        ("other", "base2", Edge.DERIVES_FROM), ("base2", "v2", Edge.DERIVES_FROM),
        ("v2", "jen", Edge.DERIVES_FROM),
    }  # fmt: skip
    states = {n.asset.id: n.asset.state for n in after.nodes}
    assert states[story.ids["jen"]] == "DEPRECATED" and states[story.ids["v2"]] == "CANONICAL"
    versions_then = {n.asset.id: n.asset.version for n in before.nodes}
    assert versions_then[story.ids["other"]] == versions_then[story.ids["jen"]]


async def test_a_kept_render_is_in_the_project_after_the_task_delete(
    graph: Database, story: Story
) -> None:
    found = await past(graph, story, "working", "task_deleted", Direction.DOWNSTREAM)
    assert edges(found, story) == {("render", "working", Edge.USES)}
    [kept] = [n for n in found.nodes if n.asset.id == story.ids["render"]]
    assert (kept.asset.layer, kept.asset.container_id) == ("PROJECT", story.ids["project"])
    assert kept.asset.deleted  # deleted later on
    # Once deleted, the render is gone from later instants, and from today.
    later = await past(graph, story, "working", "render_deleted", Direction.DOWNSTREAM)
    assert names(later) == {"Jennifer_sullen"}
    assert await lineage_as_of(graph, story.ids["render"], story.at["render_deleted"],
                               Direction.BOTH, 3, 100) is None  # fmt: skip


async def test_names_and_content_are_those_of_then(graph: Database, story: Story) -> None:
    draft = await definitions.create_definition(graph, story.ids["space"], "STYLE", "Noir")
    then = await instant()
    renamed = await definitions.update_asset(graph, draft.id, {"name": "Neo-noir"})
    found = await lineage_as_of(graph, draft.id, then, Direction.BOTH, 1, 10)
    assert found is not None
    [node] = found.nodes
    assert (node.asset.name, node.asset.content_hash) == ("Noir", draft.content_hash)
    assert renamed.content_hash != draft.content_hash
    assert found.history_starts is not None and found.history_starts <= story.at["rendered"]


async def test_a_restored_asset_is_gone_only_while_it_was_in_the_trash(
    graph: Database, story: Story
) -> None:
    draft = await definitions.create_definition(graph, story.ids["space"], "SCENE", "Park")
    kept = await instant()
    report = await deletion.delete_asset(graph, draft.id)
    trashed = await instant()
    assert report.trash_item_id is not None
    await trash.restore(graph, report.trash_item_id)
    restored = await instant()

    def when(at: datetime) -> Awaitable[PastLineage | None]:
        return lineage_as_of(graph, draft.id, at, Direction.BOTH, 1, 10)

    before, during, after = await when(kept), await when(trashed), await when(restored)
    assert before is not None and [n.asset.deleted for n in before.nodes] == [False]
    assert during is None
    assert after is not None and [n.asset.name for n in after.nodes] == ["Park"]
