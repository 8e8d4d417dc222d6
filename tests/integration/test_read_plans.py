"""The list queries behind the API reach assets through indexes, never a label scan."""

from __future__ import annotations

from typing import Any

import pytest

from lineage import cypher
from lineage.graph.database import Database

FILTER = dict.fromkeys(("types", "origins", "layers", "states", "classifications", "task_id"))
PAGE = {"ids": ["x"], "filter": FILTER, "after": None, "limit": 3}


def operators(plan: Any) -> list[str]:
    found = [f"{plan['operatorType']} {plan.get('args', {}).get('Details', '')}"]
    for child in plan.get("children", []):
        found += operators(child)
    return found


async def plan_of(db: Database, query: str, **params: Any) -> list[str]:
    async with db.driver.session(database=db.database) as session:
        result = await session.run("EXPLAIN " + cypher.load(query), params)  # type: ignore[arg-type]
        summary = await result.consume()
    assert summary.plan is not None
    return operators(summary.plan)


async def test_name_search_uses_the_text_index(db: Database) -> None:
    plan = await plan_of(db, "assets/find_assets_by_name", scope="SPACE", name="jen", **PAGE)
    text_scans = [op for op in plan if op.startswith("NodeIndexContainsScan")]
    assert any("TEXT INDEX a:Asset(name_folded)" in op for op in text_scans), plan


@pytest.mark.parametrize(
    "name",
    [
        "assets/list_space_assets",
        "assets/list_project_assets",
        "assets/list_task_assets",
        "renders/list_gallery",  # the planner may pick (project_id) or (type, state)
    ],
)
async def test_lists_seek_an_index(db: Database, name: str) -> None:
    plan = await plan_of(db, name, **PAGE)
    assert any(op.startswith("NodeIndexSeek") and ":Asset(" in op for op in plan), plan
    assert not any("NodeByLabelScan" in op or "AllNodesScan" in op for op in plan), plan


# Whole-graph by design: audits, the files listing for gc/check, the cleanup sweep,
# benchmark and test helpers, the expired-key sweep, and the migrations' own data fill.
WHOLE_GRAPH = (
    "audits/", "bench/", "test/", "schema/", "admin/", "files/", "meta/", "cleanup/",
)  # fmt: skip


def by_id_queries() -> list[str]:
    return [
        name
        for name in cypher.all_names()
        if not name.startswith(WHOLE_GRAPH) and "{id:" in cypher.load(name).replace(" ", "")
    ]


@pytest.mark.parametrize("name", by_id_queries())
async def test_a_query_by_id_scans_no_label(db: Database, name: str) -> None:
    """A node found by id under any label (`(r:Render {id: $id})` too) comes from an index:
    a label scan would cost every registration the size of the graph."""
    plan = await plan_of(db, name)
    scans = [op for op in plan if op.startswith(("NodeByLabelScan", "AllNodesScan"))]
    assert not scans, scans


@pytest.mark.parametrize("name", ["openlineage/list_render_runs", "openlineage/list_derivations"])
async def test_the_openlineage_export_seeks_the_space_index(db: Database, name: str) -> None:
    """An export reads one space (or project) through the space_id index, whatever the
    size of the graph."""
    plan = await plan_of(db, name, space_id="space_x", project_id=None)
    assert any(op.startswith("NodeIndexSeek") and "(space_id)" in op for op in plan), plan
    assert not any("NodeByLabelScan" in op or "AllNodesScan" in op for op in plan), plan


HISTORY_FILTER = dict.fromkeys(("user_id", "operations", "since", "until", "after"))


@pytest.mark.parametrize(
    ("name", "scope", "index"),
    [
        ("history/list_space_history", {"space_id": "s"}, "e:HistoryEntry(space_id, at)"),
        ("history/list_project_history", {"project_id": "p"}, "e:HistoryEntry(project_id, at)"),
        ("history/list_subject_history", {"subject_id": "a", "space_id": None},
         "m:HistoryMention(subject_id, at)"),
    ],
)  # fmt: skip
async def test_history_pages_seek_their_index(
    db: Database, name: str, scope: dict[str, Any], index: str
) -> None:
    plan = await plan_of(db, name, **scope, **HISTORY_FILTER, limit=3)
    assert any(op.startswith("NodeIndexSeek") and index in op for op in plan), plan
    assert not any("NodeByLabelScan" in op or "AllNodesScan" in op for op in plan), plan


async def test_the_activity_poll_seeks_the_space_index(db: Database) -> None:
    """Every poll of a followed space reads its recent entries through (space_id, at)."""
    plan = await plan_of(db, "history/list_new_space_history", space_id="s", since=None,
                         window_s=31, seen=["x"], after=None, limit=3)  # fmt: skip
    assert any(op.startswith("NodeIndexSeek") and "e:HistoryEntry(space_id, at)" in op
               for op in plan), plan  # fmt: skip
    assert not any("NodeByLabelScan" in op or "AllNodesScan" in op for op in plan), plan
