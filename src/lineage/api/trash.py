"""The trash in GraphQL (docs/domain.md §13): a space's trash items, newest first,
cursor-paged, for its members; what a restore brought back."""

from __future__ import annotations

from datetime import datetime

import strawberry
from neo4j import AsyncManagedTransaction as Tx

from lineage.api.context import Info
from lineage.api.enums import AssetType, TrashKind
from lineage.api.pagination import PageInfo, encode_cursor, page_request
from lineage.domain import trash as rules
from lineage.graph import trash
from lineage.graph.trash import TrashPage
from lineage.services.trash import Restored

CURSOR_KIND = "trash"


@strawberry.type(
    description="What one delete removed, kept until it is purged so that it can be "
    "restored (docs/domain.md §13)."
)
class TrashItem:
    id: strawberry.ID = strawberry.field(description="The trash item's id, for restoreFromTrash.")
    kind: TrashKind = strawberry.field(description="What was deleted: asset, task, project, space.")
    root_id: strawberry.ID = strawberry.field(
        description="The id of the asset or container that was deleted."
    )
    root_name: str = strawberry.field(description="Its name when it was deleted.")
    asset_type: AssetType | None = strawberry.field(
        description="The deleted asset's type; null when a container was deleted (`kind` says "
        "which)."
    )
    space_id: strawberry.ID = strawberry.field(description="The space it was in.")
    project_id: strawberry.ID | None = strawberry.field(
        description="The project it was in (or was); null for space assets and spaces."
    )
    deleted_at: datetime = strawberry.field(description="When it was deleted (the server's time).")
    deleted_by: strawberry.ID | None = strawberry.field(
        description="Who deleted it; null: an operator with database access."
    )
    expires_at: datetime = strawberry.field(
        description="When it may be purged for good (deletedAt plus the retention)."
    )
    asset_count: int = strawberry.field(description="How many assets it holds.")


@strawberry.type(description="A trash item and the cursor of its place in the list.")
class TrashEdge:
    cursor: str = strawberry.field(description="Pass as `after` for the items after this one.")
    node: TrashItem = strawberry.field(description="The trash item.")


@strawberry.type(description="A page of trash items, newest first.")
class TrashConnection:
    edges: list[TrashEdge] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Whether more items follow.")

    @strawberry.field(description="The items of this page (the edges' nodes).")
    def nodes(self) -> list[TrashItem]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="What a restore brought back, as it was when deleted.")
class RestorePayload:
    item: TrashItem = strawberry.field(description="The trash item restored (now gone).")
    asset_ids: list[strawberry.ID] = strawberry.field(description="The assets restored.")
    container_ids: list[strawberry.ID] = strawberry.field(
        description="The space, project or task restored, and those within it."
    )
    moved_back: list[strawberry.ID] = strawberry.field(
        description="Renders a KEEP_RENDERS task delete had moved into the project, back in "
        "the task, their inputs pointing at the task's clones again."
    )

    @classmethod
    def from_domain(cls, done: Restored) -> RestorePayload:
        return cls(
            item=item_from_domain(done.item),
            asset_ids=[strawberry.ID(id) for id in done.asset_ids],
            container_ids=[strawberry.ID(id) for id in done.container_ids],
            moved_back=[strawberry.ID(id) for id in done.moved_back],
        )


def item_from_domain(item: rules.TrashItem) -> TrashItem:
    return TrashItem(
        id=strawberry.ID(item.id), kind=item.kind, root_id=strawberry.ID(item.root_id),
        root_name=item.root_name,
        asset_type=AssetType(item.root_type) if item.kind is TrashKind.ASSET else None,
        space_id=strawberry.ID(item.space_id),
        project_id=strawberry.ID(item.project_id) if item.project_id else None,
        deleted_at=item.deleted_at,
        deleted_by=strawberry.ID(item.deleted_by) if item.deleted_by else None,
        expires_at=item.expires_at, asset_count=item.asset_count,
    )  # fmt: skip


async def connection(
    info: Info, space_id: str, first: int | None, after: str | None
) -> TrashConnection:
    """One page of the space's trash; the caller checked the viewer is a member."""
    request = page_request(info, CURSOR_KIND, first, after)

    async def work(tx: Tx) -> TrashPage:
        return await trash.page(tx, space_id, request)

    found = await info.context.db.read_tx(work)
    edges = [
        TrashEdge(cursor=encode_cursor(CURSOR_KIND, key), node=item_from_domain(item))
        for item, key in found.rows
    ]
    end = edges[-1].cursor if edges else None
    return TrashConnection(edges=edges, page_info=PageInfo(has_next_page=found.has_next,
                                                            end_cursor=end))  # fmt: skip
