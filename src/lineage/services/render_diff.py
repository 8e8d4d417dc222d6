"""Comparing two renders (docs/domain.md §12, Render diff): read both in one transaction,
then compare them with the domain's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.model import Asset
from lineage.domain.render_diff import RenderDiff, diff_renders
from lineage.graph import renders
from lineage.graph.database import Database
from lineage.graph.renders import ComparedRender


@dataclass(frozen=True)
class Comparison:
    """The diff, with the two renders and every input asset as they are now (by id)."""

    diff: RenderDiff
    renders: dict[str, Asset]
    inputs: dict[str, Asset]


async def compare(
    db: Database, left_id: str, right_id: str, can_see: Callable[[str], bool] = lambda _: True
) -> Comparison | None:
    """`left_id` against `right_id`; None unless both are renders in spaces `can_see`
    allows (an operator sees every space)."""

    async def work(tx: Tx) -> dict[str, ComparedRender]:
        return await renders.compared(tx, [left_id, right_id])

    found = await db.read_tx(work)
    left, right = found.get(left_id), found.get(right_id)
    if left is None or right is None:
        return None
    if not (can_see(left.render.space_id) and can_see(right.render.space_id)):
        return None
    return Comparison(
        diff_renders(left.side(), right.side()),
        renders={left_id: left.render, right_id: right.render},
        inputs={**left.assets, **right.assets},
    )
