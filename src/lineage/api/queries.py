"""The read side of the schema: the viewer, containers and assets they may see."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import strawberry
from neo4j import AsyncManagedTransaction as Tx
from strawberry.scalars import JSON

from lineage import __version__
from lineage.api import as_of as as_of_api
from lineage.api import history as history_api
from lineage.api import lineage_args, selection
from lineage.api.context import Info
from lineage.api.enums import Role
from lineage.api.pagination import After, First
from lineage.api.provenance import ProvenanceResult, resolve_provenance
from lineage.api.render_diff import RenderDiff, resolve_render_diff
from lineage.api.types import (
    Asset,
    Project,
    Space,
    Task,
    container_from_domain,
    from_domain,
)
from lineage.domain.enums import Layer
from lineage.domain.enums import Role as RoleName
from lineage.domain.errors import Forbidden, LineageError, ValidationError
from lineage.domain.model import Container
from lineage.graph import audits, migrations, reads, server_info
from lineage.graph import lineage as walks


@strawberry.type(description="The service and the database behind it.")
class ServerInfo:
    version: str = strawberry.field(description="Version of the lineage service.")
    neo4j_version: str = strawberry.field(description="Version of the Neo4j server.")
    schema_version: int = strawberry.field(description="Schema migration applied in the graph.")


@strawberry.type(description="A space the signed-in user belongs to, with their role in it.")
class Membership:
    space: Space = strawberry.field(description="The space.")
    role: Role = strawberry.field(description="What the user may do in it (docs/domain.md §7).")


@strawberry.type(description="The signed-in user.")
class Viewer:
    id: strawberry.ID = strawberry.field(description="The user's id (what `createdBy` names).")
    name: str = strawberry.field(description="The user's display name.")

    @strawberry.field(description="Every space the user is a member of, with the role.")
    async def memberships(self, info: Info) -> list[Membership]:
        roles = info.context.user.roles
        found = await info.context.loaders.container.load_many(list(roles))
        return [
            Membership(space=container_from_domain(c), role=roles[c.id])
            for c in found
            if c is not None
        ]


@strawberry.type(description="What one graph audit found (docs/domain.md §8).")
class AuditResult:
    name: str = strawberry.field(description="The audit's name (its file in cypher/audits).")
    description: str = strawberry.field(description="The invariant the audit checks.")
    violations: list[JSON] = strawberry.field(
        description="One row per violation (at least `subject` and `detail`); empty: it holds."
    )

    @strawberry.field(description="True when the invariant holds.")
    def ok(self) -> bool:
        return not self.violations


SpaceId = Annotated[strawberry.ID, strawberry.argument(description="The space's id.")]
ProjectId = Annotated[strawberry.ID, strawberry.argument(description="The project's id.")]
TaskId = Annotated[strawberry.ID, strawberry.argument(description="The task's id.")]
AssetId = Annotated[strawberry.ID, strawberry.argument(description="The asset's id.")]
AuditNames = Annotated[
    list[str] | None,
    strawberry.argument(
        description="The audits to run, by name (else a VALIDATION error naming the known "
        "ones); null: all of them."
    ),
]


class OwnersOnly(Forbidden):
    """An action for owners, refused to someone who owns no space."""

    def __init__(self, action: str, role: str) -> None:
        LineageError.__init__(self, f"only owners may {action}; you are not the OWNER of any space")
        self.space_id, self.action, self.role, self.required = "", action, role, "OWNER"


@strawberry.type(
    description="What a signed-in user may read: their spaces and everything in them, by id."
)
class Query:
    @strawberry.field(description="Versions of the service, Neo4j and the graph schema.")
    async def server_info(self, info: Info) -> ServerInfo:
        db = info.context.db
        return ServerInfo(
            version=__version__,
            neo4j_version=await server_info.neo4j_version(db),
            schema_version=await migrations.current_version(db),
        )

    @strawberry.field(description="The signed-in user and their spaces.")
    def viewer(self, info: Info) -> Viewer:
        user = info.context.user
        return Viewer(id=strawberry.ID(user.id), name=user.name)

    @strawberry.field(description="The spaces you are a member of.")
    async def spaces(self, info: Info) -> list[Space]:
        found = await info.context.loaders.container.load_many(list(info.context.user.roles))
        visible = sorted((c for c in found if c is not None), key=lambda c: (c.name, c.id))
        return [container_from_domain(c) for c in visible]

    @strawberry.field(description="A space you are a member of, by id; null otherwise.")
    async def space(self, info: Info, id: SpaceId) -> Space | None:
        return await _visible(info, str(id), Layer.SPACE)

    @strawberry.field(description="A project of one of your spaces, by id; null otherwise.")
    async def project(self, info: Info, id: ProjectId) -> Project | None:
        return await _visible(info, str(id), Layer.PROJECT)

    @strawberry.field(description="A task of one of your spaces, by id; null otherwise.")
    async def task(self, info: Info, id: TaskId) -> Task | None:
        return await _visible(info, str(id), Layer.TASK)

    @strawberry.field(
        description="A definition or render of one of your spaces, by id; null otherwise."
    )
    async def asset(self, info: Info, id: AssetId) -> Asset | None:
        if selection.names(info.selected_fields[0].selections) & {"lock", "deletability"}:
            await info.context.loaders.lock.load(str(id))  # reads the asset in the same query
        found = await info.context.loaders.asset.load(str(id))
        if found is None or not info.context.can_see(found.space_id):
            return None
        return from_domain(found)

    @strawberry.field(
        description="The history of an asset or container by id, also once it is deleted "
        "(docs/domain.md §12), newest first; null unless you are a member of its space. "
        "Filter by user, operations and time; `first` defaults to, and may not exceed, the "
        "page size cap."
    )
    async def history(
        self,
        info: Info,
        asset_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The asset's (or container's) id."),
        ],
        filter: history_api.FilterArg = None,
        first: First = None,
        after: After = None,
    ) -> history_api.HistoryConnection | None:
        return await history_api.of_subject(info, str(asset_id), filter, first, after)

    @strawberry.field(
        description="The lineage around an asset as it stood at an instant (docs/domain.md "
        "§12): assets created later left out, assets deleted since put back, names, states, "
        "content hashes and edges as they were. Null when the asset did not exist then, or "
        "you are not a member of its space."
    )
    async def lineage_as_of(
        self,
        info: Info,
        asset_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The asset (also one deleted since)."),
        ],
        at: Annotated[
            datetime,
            strawberry.argument(description="The instant; a time without a zone is UTC."),
        ],
        direction: lineage_args.Direction = walks.Direction.BOTH,
        depth: lineage_args.Depth = 1,
        max_nodes: lineage_args.MaxNodes = 200,
    ) -> as_of_api.PastLineage | None:
        return await as_of_api.resolve(info, str(asset_id), at, direction, depth, max_nodes)

    render_diff: RenderDiff | None = strawberry.field(
        resolver=resolve_render_diff,
        description="Two renders compared (docs/domain.md §12, Render diff): the inputs "
        "added, removed and changed (matched by line and role, with versions and a field "
        "diff of their snapshots), the prompt, model and parameters, and a one-line summary. "
        "Null unless both ids are renders of spaces you are a member of.",
    )

    provenance: ProvenanceResult = strawberry.field(
        resolver=resolve_provenance,
        description="The W3C PROV document (docs/interchange.md) of an asset, or of every "
        "asset of a task, project or space, with everything upstream of it within 20 lineage "
        "steps and 2000 assets: assets as entities, render generations as activities with "
        "the inputs they used (role, content hash), clones and versions as derivations, "
        "creators as agents.",
    )

    @strawberry.field(
        description="Run the graph audits (cypher/audits), read-only. Owners only: the "
        "violations shown are those of the spaces you own (`lineage audit` sees the whole "
        "graph). `names` picks audits."
    )
    async def audit(self, info: Info, names: AuditNames = None) -> list[AuditResult]:
        roles = set(info.context.user.roles.values())
        if RoleName.OWNER not in roles:
            best = min(roles, key=list(RoleName).index) if roles else "NONE"
            raise OwnersOnly("run the audits", str(best))
        chosen = _chosen_audits(names)
        found = await audits.run_audits(info.context.db, chosen)
        owned = {s for s, role in info.context.user.roles.items() if role == RoleName.OWNER}
        return [
            AuditResult(
                name=r.name,
                description=r.description,
                violations=[_json_safe(v) for v in await _owned_rows(info, r.violations, owned)],
            )
            for r in found
        ]


def _chosen_audits(names: list[str] | None) -> tuple[audits.Audit, ...]:
    if names is None:
        return audits.AUDITS
    known = {audit.name: audit for audit in audits.AUDITS}
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ValidationError("names", f"no audit named {', '.join(unknown)}; known: "
                              f"{', '.join(sorted(known))}")  # fmt: skip
    return tuple(known[name] for name in dict.fromkeys(names))


async def _owned_rows(
    info: Info, rows: list[dict[str, Any]], owned: set[str]
) -> list[dict[str, Any]]:
    """Only the violations whose subject lives in one of `owned`: no other tenant's ids."""
    subjects = sorted({str(row.get("subject")) for row in rows})

    async def work(tx: Tx) -> dict[str, str]:
        return await reads.space_ids(tx, subjects)

    spaces = await info.context.db.read_tx(work) if subjects else {}
    return [row for row in rows if spaces.get(str(row.get("subject"))) in owned]


def _json_safe(row: dict[str, Any]) -> Any:
    # Neo4j temporal values and the like become their text form.
    return json.loads(json.dumps(row, default=str))


async def _visible(info: Info, id: str, kind: Layer) -> object | None:
    found: Container | None = await info.context.loaders.container.load(id)
    if found is None or found.kind != kind or not info.context.can_see(found.space_id):
        return None
    return container_from_domain(found)
