"""Lineage as it stood at an instant, in GraphQL (docs/domain.md §12)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from lineage.api.context import Info
from lineage.api.enums import AssetType, EdgeType, Layer, LineageDirection, Origin, optional
from lineage.api.types import Asset, ContainerType, container_or_none, from_domain_or_none
from lineage.domain import enums
from lineage.graph import lineage as walks
from lineage.services import as_of
from lineage.services.as_of import PastEdge, PastNode


@strawberry.type(description="An asset as it was at the instant asked about.")
class PastLineageNode:
    id: strawberry.ID = strawberry.field(description="The asset's id.")
    type: AssetType = strawberry.field(description="What the asset is.")
    name: str = strawberry.field(description="Its name then.")
    version: str | None = strawberry.field(
        description="The definition's version (or the version its clone inherited) then."
    )
    layer: Layer | None = strawberry.field(
        description="The kind of container it was in then; null: not recorded (deleted "
        "before its history recorded it)."
    )
    origin: Origin | None = strawberry.field(description="How it came to be in its container.")
    state: enums.State | None = strawberry.field(description="Its lifecycle state then.")
    container_id: strawberry.ID | None = strawberry.field(
        description="The space, project or task it was in then."
    )
    content_hash: str | None = strawberry.field(
        description="Its content hash then (docs/domain.md §3)."
    )
    deleted_since: bool = strawberry.field(
        description="It has been deleted since: `asset` is null, the rest comes from the history."
    )
    depth: int = strawberry.field(description="Lineage steps from the asset asked about (0).")
    direction: LineageDirection | None = strawberry.field(
        description="The way it was reached; null for the asset asked about."
    )

    @strawberry.field(
        description="The container it was in then, as it is today (its name now); null "
        "when that container has been deleted since (`containerId` still says which)."
    )
    async def container(self, info: Info) -> ContainerType | None:
        return (
            None if self.container_id is None else await container_or_none(info, self.container_id)
        )

    @strawberry.field(description="The asset as it is today; null when deleted since.")
    async def asset(self, info: Info) -> Asset | None:
        if self.deleted_since:
            return None
        return from_domain_or_none(await info.context.loaders.asset.load(str(self.id)))


@strawberry.type(description="A lineage edge as it was at the instant asked about.")
class PastLineageEdge:
    from_: strawberry.ID = strawberry.field(name="from", description="The dependent.")
    to: strawberry.ID = strawberry.field(description="What it derived from or used.")
    type: EdgeType = strawberry.field(description="The kind of lineage edge.")
    role: str | None = strawberry.field(
        description="USES: the input role; DERIVES_FROM: the kind (CLONE or VERSION)."
    )
    snapshot_hash: str | None = strawberry.field(
        description="USES: the content hash the input had when the render was made (its "
        "snapshot); null for a derivation or when not recorded."
    )


@strawberry.type(
    description="The lineage around one asset as it stood at an instant (docs/domain.md §12): "
    "what existed then, including assets deleted since, with the names, states and content "
    "they had, and the edges they had."
)
class PastLineage:
    as_of: datetime = strawberry.field(description="The instant, in UTC.")
    nodes: list[PastLineageNode] = strawberry.field(
        description="The asset asked about first, then the others by depth and name."
    )
    edges: list[PastLineageEdge] = strawberry.field(
        description="The edges between returned nodes that the walk followed or met."
    )
    truncated: bool = strawberry.field(
        description="True when the walk stopped at maxNodes with more assets within reach."
    )
    deleted_without_edges: list[strawberry.ID] = strawberry.field(
        description="Deleted assets it reached whose own edges the history does not hold "
        "(made before the history began): what they derived from or used is missing."
    )
    history_starts_at: datetime | None = strawberry.field(
        description="When the space's history begins: for an earlier instant, assets deleted "
        "before then are not known."
    )


async def resolve(
    info: Info, asset_id: str, at: datetime, direction: walks.Direction, depth: int,
    max_nodes: int,
) -> PastLineage | None:  # fmt: skip
    found = await as_of.lineage_as_of(
        info.context.db, asset_id, at, direction, depth, max_nodes, info.context.can_see
    )
    if found is None:
        return None
    return PastLineage(
        as_of=found.at, nodes=[_node(n) for n in found.nodes],
        edges=[_edge(e) for e in found.edges], truncated=found.truncated,
        deleted_without_edges=[strawberry.ID(id) for id in found.unknown_edges],
        history_starts_at=found.history_starts,
    )  # fmt: skip


def _node(node: PastNode) -> PastLineageNode:
    past = node.asset
    return PastLineageNode(
        id=strawberry.ID(past.id), type=enums.AssetType(past.type), name=past.name,
        version=past.version, layer=optional(enums.Layer, past.layer),
        origin=optional(enums.Origin, past.origin), state=optional(enums.State, past.state),
        container_id=strawberry.ID(past.container_id) if past.container_id else None,
        content_hash=past.content_hash, deleted_since=past.deleted, depth=node.depth,
        direction=node.direction,
    )  # fmt: skip


def _edge(past: PastEdge) -> PastLineageEdge:
    edge = past.edge
    return PastLineageEdge(
        from_=strawberry.ID(edge.source), to=strawberry.ID(edge.target), type=edge.type,
        role=edge.role, snapshot_hash=past.snapshot_hash,
    )  # fmt: skip
