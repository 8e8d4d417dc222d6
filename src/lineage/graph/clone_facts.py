"""What a clone is decided on (container, source, the clone already made, a bound style),
read in one query under the locks the clone takes. A new version and a rebase use it too,
for an asset read under its container's lock and its own, taken in that order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.model import Asset, Container
from lineage.graph.codec import asset_from_node, container_from_record
from lineage.graph.database import run

LOCK_CLONE_FACTS = cypher.load("assets/lock_clone_facts")


@dataclass(frozen=True)
class CloneFacts:
    """As read once locked; None where the id names nothing."""

    container: Container | None
    source: Asset | None
    existing: Asset | None
    style: Asset | None


async def facts(
    tx: Tx, source_id: str, container_id: str | None = None, style_id: str | None = None
) -> CloneFacts:
    """Lock the container (the source's own when `container_id` is None), then the source."""
    [row] = await run(
        tx, LOCK_CLONE_FACTS, source_id=source_id, container_id=container_id, style_id=style_id
    )
    containers = [container_from_record(c["node"], c["labels"]) for c in row["containers"]]
    return CloneFacts(
        container=containers[0] if containers else None,
        source=_asset(row["source"]),
        existing=_asset(row["existing"]),
        style=_asset(row["style"]),
    )


def _asset(node: dict[str, Any] | None) -> Asset | None:
    return asset_from_node(node) if node is not None else None
