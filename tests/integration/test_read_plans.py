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
    plan = await plan_of(db, "assets/find_assets_by_name", scope="SPACE", name="Jen", **PAGE)
    text_scans = [op for op in plan if op.startswith("NodeIndexContainsScan")]
    assert any("TEXT INDEX a:Asset(name)" in op for op in text_scans), plan


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
