"""Reading the change history for an operator (docs/domain.md §12): by the id of a space,
a project, an asset or a container, deleted or not; no caller check (database access)."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.history import Entry, HistoryFilter
from lineage.graph import history
from lineage.graph.database import Database
from lineage.graph.history import Scope
from lineage.graph.reads import PageRequest


async def history_of(db: Database, id: str, wanted: HistoryFilter, limit: int) -> list[Entry]:
    """The newest `limit` entries of the space `id`, else of the project `id`, else those
    about the asset or container `id`; empty when nothing is recorded under that id."""

    async def work(tx: Tx) -> list[Entry]:
        for scope in (Scope(space_id=id), Scope(project_id=id), Scope(subject_id=id)):
            page = await history.page(tx, scope, wanted, PageRequest(limit))
            if page.rows:
                return [entry for entry, _ in page.rows]
        return []

    return await db.read_tx(work)
