"""What a cleanup could delete, read in one query (cypher/cleanup)."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.graph.database import run

LIST_CLEANUP_CANDIDATES = cypher.load("cleanup/list_cleanup_candidates")


@dataclass(frozen=True)
class Candidate:
    """An asset a cleanup could delete, with why and what depends on it."""

    id: str
    name: str
    type: str
    origin: str
    state: str
    container_id: str
    reason: str
    dependents: frozenset[str]


@dataclass(frozen=True)
class EmptyTask:
    id: str
    name: str
    project_id: str


async def candidates(tx: Tx, space_id: str | None) -> tuple[list[Candidate], list[EmptyTask]]:
    [row] = await run(tx, LIST_CLEANUP_CANDIDATES, space_id=space_id)
    assets = [
        Candidate(**{**item, "dependents": frozenset(item["dependents"])}) for item in row["assets"]
    ]
    return assets, [EmptyTask(**item) for item in row["tasks"]]
