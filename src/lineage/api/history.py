"""The change history in GraphQL (docs/domain.md §12): entries newest first, cursor-paged,
filtered by who, which operation and when; only members of the entry's space see them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from neo4j import AsyncManagedTransaction as Tx
from strawberry.scalars import JSON

from lineage.api.context import Info
from lineage.api.enums import described_enum, optional
from lineage.api.pagination import PageInfo, encode_cursor, page_request
from lineage.domain import enums, history
from lineage.domain.missing import MISSING
from lineage.graph import history as history_log
from lineage.graph.history import HistoryPage, Scope

CURSOR_KIND = "history"

HistoryOperation = described_enum(
    history.Operation,
    "The write a history entry records, named after the mutation that makes it "
    "(registerRender, registerRenders and OpenLineage COMPLETE events all REGISTER_RENDER).",
    {
        "CREATE_SPACE": "A space was created (its creator became its owner).",
        "CREATE_PROJECT": "A project was created in a space.",
        "CREATE_TASK": "A task was created in a project.",
        "UPDATE_CONTAINER": "A space, project or task was renamed or its text changed.",
        "CREATE_DEFINITION": "A DRAFT character, scene or style was created in a space.",
        "UPDATE_ASSET": "An asset's content was edited.",
        "IMPORT_TO_PROJECT": "A space asset was imported into a project as a base clone.",
        "DERIVE_WORKING_CLONE": "A working clone was derived from a project's base clone.",
        "USE_IN_TASK": "A project asset was cloned into a task.",
        "REGISTER_RENDER": "A render was recorded with its inputs.",
        "TRANSITION_STATE": "An asset moved to another lifecycle state.",
        "CREATE_VERSION": "A new DRAFT version of a definition was made.",
        "REBASE": "A working clone was moved onto a newer version's base clone.",
        "ATTACH_BASE_VIEW": "A render was attached to a definition as a base view.",
        "MARK_FINAL": "A render was marked, or unmarked, as a final panel.",
        "DELETE_ASSET": "An asset was deleted.",
        "DELETE_TASK": "A task was deleted (its renders kept in the project or deleted).",
        "DELETE_PROJECT": "A project and everything in it were deleted.",
        "DELETE_SPACE": "A space and everything in it were deleted.",
        "RESTORE_FROM_TRASH": "A deleted asset, task, project or space was restored from the "
        "trash, as it was when deleted (docs/domain.md §13).",
        "INVITE_MEMBER": "Someone was invited to the space with a role.",
        "ACCEPT_INVITATION": "An invitation was accepted: the user became a member.",
        "REVOKE_INVITATION": "An invitation was withdrawn before it was accepted.",
        "SET_MEMBER_ROLE": "A member's role in the space changed.",
        "REMOVE_MEMBER": "A member was removed from the space.",
    },
    name="HistoryOperation",
)
HistorySubject = described_enum(
    history.Subject,
    "What a change is about: an asset, a container, a membership (a user's role in the "
    "space) or an invitation.",
    {
        "ASSET": "A definition, clone or render.",
        "SPACE": "A space.",
        "PROJECT": "A project.",
        "TASK": "A task.",
        "MEMBER": "A user's membership of the space (its role).",
        "INVITATION": "An invitation to join the space.",
    },
    name="HistorySubject",
)
HistoryAction = described_enum(
    history.Action,
    "What happened to the subject of a change.",
    {
        "CREATED": "It came into being.",
        "UPDATED": "Its content, state, final mark, base views or role changed.",
        "MOVED": "A render a task delete kept: it now lives in the project (or, when the "
        "task is restored, back in the task).",
        "DELETED": "It was deleted (into the trash, until purged).",
        "RESTORED": "It was restored from the trash, as it was when deleted.",
    },
    name="HistoryAction",
)


@strawberry.type(description="One field a write changed: its path and its values before and after.")
class HistoryFieldChange:
    path: str = strawberry.field(
        description="Dotted path of the field (`name`, `fields.canonical_tags`, `state`, "
        "`role`, `base_views.portrait`, `inputs.<asset id>`, `clone_parent_id`)."
    )
    before: JSON | None = strawberry.field(description="The value before; null: it had none.")
    after: JSON | None = strawberry.field(description="The value after; null: it has none now.")


@strawberry.type(
    description="One asset, container, membership or invitation a write created, changed, "
    "moved or deleted, as it was then."
)
class HistoryChange:
    subject: HistorySubject = strawberry.field(description="What the change is about.")
    action: HistoryAction = strawberry.field(description="What happened to it.")
    id: strawberry.ID = strawberry.field(
        description="The id of the asset, container, invitation, or the member's user id."
    )
    name: str | None = strawberry.field(description="The asset's or container's name then.")
    asset_type: enums.AssetType | None = strawberry.field(
        description="What the asset is, for an asset; null otherwise."
    )
    version: str | None = strawberry.field(
        description="The definition's version (or the version its clone inherited) then."
    )
    container_id: strawberry.ID | None = strawberry.field(
        description="The container the asset is in after the write (a deleted asset: the one "
        "it was in); for a project or task, the container it is in."
    )
    layer: enums.Layer | None = strawberry.field(
        description="For an asset: the kind of container it is in after the write (a deleted "
        "asset: the one it was in)."
    )
    origin: enums.Origin | None = strawberry.field(
        description="For an asset: how it came to be in its container."
    )
    previous_container_id: strawberry.ID | None = strawberry.field(
        description="For a moved render: the deleted task it lived in."
    )
    source_id: strawberry.ID | None = strawberry.field(
        description="For a clone or a new version: the asset it was made from."
    )
    state_before: enums.State | None = strawberry.field(
        description="The lifecycle state before the write; null: it did not exist yet."
    )
    state_after: enums.State | None = strawberry.field(
        description="The lifecycle state after the write; null: it no longer exists."
    )
    content_hash_before: str | None = strawberry.field(
        description="The content hash before the write (docs/domain.md §3)."
    )
    content_hash_after: str | None = strawberry.field(
        description="The content hash after the write."
    )
    fields: list[HistoryFieldChange] = strawberry.field(
        description="The fields that changed, by path; a render's inputs when it was made."
    )


@strawberry.type(description="What one write did in one space: who, when, and what changed.")
class HistoryEntry:
    id: strawberry.ID = strawberry.field(description="The entry's own id.")
    at: datetime = strawberry.field(description="When the write committed (the server's time).")
    user_id: strawberry.ID | None = strawberry.field(
        description="Who made the write; null: an operator with direct database access "
        "(the lineage command)."
    )
    operation: HistoryOperation = strawberry.field(description="Which write it was.")
    space_id: strawberry.ID = strawberry.field(description="The space the write was in.")
    project_id: strawberry.ID | None = strawberry.field(
        description="The project the write was in (a task's too); null for a space write."
    )
    asset_ids: list[strawberry.ID] = strawberry.field(description="The assets the write touched.")
    container_ids: list[strawberry.ID] = strawberry.field(
        description="The containers the write touched or that hold what it touched."
    )
    summary: str = strawberry.field(description="One line saying what happened, for people.")
    changes: list[HistoryChange] = strawberry.field(description="Everything the write changed.")

    @strawberry.field(
        description="The display name of who made the write, while they are a member of the "
        "space; null: an operator, or someone no longer a member (`userId` still says who)."
    )
    async def user_name(self, info: Info) -> str | None:
        if self.user_id is None:
            return None
        members = await info.context.loaders.members.load(str(self.space_id))
        return next((m.name for m in members if m.user_id == self.user_id), None)


@strawberry.type(description="An entry and the cursor of its place in the list.")
class HistoryEdge:
    cursor: str = strawberry.field(description="Pass as `after` for the entries after this one.")
    node: HistoryEntry = strawberry.field(description="The entry.")


@strawberry.type(description="A page of history entries, newest first.")
class HistoryConnection:
    edges: list[HistoryEdge] = strawberry.field(description="The entries of this page.")
    page_info: PageInfo = strawberry.field(description="Whether more entries follow.")

    @strawberry.field(description="The entries of this page (the edges' nodes).")
    def nodes(self) -> list[HistoryEntry]:
        return [edge.node for edge in self.edges]


@strawberry.input(description="Which history entries to show; every field left out: any.")
class HistoryFilter:
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the writes of this user."
    )
    operations: list[HistoryOperation] | None = strawberry.field(
        default=None, description="Only these operations."
    )
    since: datetime | None = strawberry.field(
        default=None, description="Only entries at or after this time."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Only entries before this time."
    )

    def to_record(self, asset_id: str | None = None) -> history.HistoryFilter:
        return history.HistoryFilter(
            user_id=str(self.user_id) if self.user_id is not None else None,
            operations=tuple(self.operations) if self.operations is not None else None,
            since=self.since,
            until=self.until,
            asset_id=asset_id,
        )


FilterArg = Annotated[
    HistoryFilter | None,
    strawberry.argument(description="Who, which operations and when; null: every entry."),
]


async def connection(
    info: Info,
    scope: Scope,
    wanted: HistoryFilter | None,
    first: int | None,
    after: str | None,
    asset_id: str | None = None,
) -> HistoryConnection:
    """One page of the history in `scope`; the caller checked the viewer may see it."""
    chosen = (wanted or HistoryFilter()).to_record(asset_id)
    request = page_request(info, CURSOR_KIND, first, after)

    async def work(tx: Tx) -> HistoryPage:
        return await history_log.page(tx, scope, chosen, request)

    found = await info.context.db.read_tx(work)
    edges = [
        HistoryEdge(cursor=encode_cursor(CURSOR_KIND, key), node=entry_from_domain(entry))
        for entry, key in found.rows
    ]
    end = edges[-1].cursor if edges else None
    return HistoryConnection(edges=edges, page_info=PageInfo(has_next_page=found.has_next,
                                                              end_cursor=end))  # fmt: skip


async def of_subject(
    info: Info, id: str, wanted: HistoryFilter | None, first: int | None, after: str | None
) -> HistoryConnection | None:
    """The history of an asset or container, deleted or not; None unless the viewer is a
    member of its space (as `asset(id)` answers for an asset they cannot see)."""

    async def work(tx: Tx) -> str | None:
        return await history_log.subject_space(tx, id)

    space_id = await info.context.db.read_tx(work)
    if space_id is None:
        living = await info.context.loaders.asset.load(id)
        space_id = living.space_id if living is not None else None
    if space_id is None or not info.context.can_see(space_id):
        return None
    return await connection(info, Scope(space_id=space_id, subject_id=id), wanted, first, after)


def entry_from_domain(entry: history.Entry) -> HistoryEntry:
    assert entry.at is not None  # read back from the graph
    return HistoryEntry(
        id=strawberry.ID(entry.id), at=entry.at, user_id=entry.user_id,
        operation=entry.operation, space_id=entry.space_id, project_id=entry.project_id,
        asset_ids=entry.asset_ids, container_ids=entry.container_ids, summary=entry.summary,
        changes=[_change(c) for c in entry.changes],
    )  # fmt: skip


def _change(change: history.Change) -> HistoryChange:
    return HistoryChange(
        subject=change.subject, action=change.action, id=strawberry.ID(change.id),
        name=change.name, asset_type=optional(enums.AssetType, change.asset_type),
        version=change.version,
        container_id=change.container_id, previous_container_id=change.previous_container_id,
        layer=optional(enums.Layer, change.layer), origin=optional(enums.Origin, change.origin),
        source_id=change.source_id,
        state_before=optional(enums.State, change.state_before),
        state_after=optional(enums.State, change.state_after),
        content_hash_before=change.hash_before, content_hash_after=change.hash_after,
        fields=[HistoryFieldChange(path=f.path, before=_plain(f.old), after=_plain(f.new))
                for f in change.fields],
    )  # fmt: skip


def _plain(value: object) -> object:
    return None if value is MISSING else value
