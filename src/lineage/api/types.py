"""GraphQL object types, built from domain records (`from_domain`); nested fields load
through the request's DataLoaders."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from lineage.api import errors as gql_errors
from lineage.api.context import Info
from lineage.domain import enums, lifecycle
from lineage.domain.diff import field_diff
from lineage.domain.missing import MISSING
from lineage.domain.model import Asset as AssetRecord
from lineage.domain.model import ChangeReport, Container, LockState
from lineage.graph.codec import asset_from_node

AssetType = strawberry.enum(enums.AssetType)
Layer = strawberry.enum(enums.Layer)
Origin = strawberry.enum(enums.Origin)
State = strawberry.enum(enums.State)
Classification = strawberry.enum(enums.Classification)
Role = strawberry.enum(enums.Role)


@strawberry.type
class FieldChange:
    path: str
    old: JSON | None = None
    new: JSON | None = None


@strawberry.type(description="Why an asset is locked or immutable (DESIGN 4).")
class LockInfo:
    locked: bool
    immutable: bool
    reasons: list[gql_errors.LockReason]
    count: int = strawberry.field(description="How many assets depend on this one.")

    @classmethod
    def from_domain(cls, state: LockState) -> LockInfo:
        reasons = [
            gql_errors.LockReason(
                kind=str(r.kind),
                dependent_id=r.dependent_id,
                dependent_type=r.dependent_type,
                path=list(r.path),
            )
            for r in state.reasons
        ]
        return cls(
            locked=state.locked,
            immutable=state.immutable,
            reasons=reasons,
            count=state.dependent_count,
        )


@strawberry.type
class Deletability:
    deletable: bool
    blockers: list[gql_errors.Blocker]

    @classmethod
    def from_domain(cls, state: LockState) -> Deletability:
        blockers = [
            gql_errors.Blocker(
                dependent_id=b.dependent_id,
                dependent_type=b.dependent_type,
                edge=b.edge,
                binding=b.binding,
            )
            for b in state.blockers
        ]
        return cls(deletable=state.deletable, blockers=blockers)


@strawberry.type(description="A newer canonical version of an asset's space source.")
class UpdateInfo:
    newest: Asset | None
    behind: int
    changes: list[FieldChange]


@strawberry.interface(description="A definition or a render.")
class Asset:
    id: strawberry.ID
    type: AssetType
    layer: Layer
    origin: Origin
    state: State
    name: str
    description: str
    metadata: JSON
    content_hash: str
    space_id: str
    project_id: str | None
    task_id: str | None
    created_at: datetime | None
    updated_at: datetime | None
    created_by: str | None

    @strawberry.field(description="Locked / immutable, with the dependents that say why.")
    async def lock(self, info: Info) -> LockInfo:
        return LockInfo.from_domain(await _lock_state(info, self.id))

    @strawberry.field(description="Whether it may be deleted, and what blocks it.")
    async def deletability(self, info: Info) -> Deletability:
        return Deletability.from_domain(await _lock_state(info, self.id))

    @strawberry.field(description="States this asset may move to now.")
    def allowed_transitions(self) -> list[State]:
        record = _record(self)
        allowed = lifecycle.allowed_transitions(
            record.type, record.layer, record.origin, record.state
        )
        return sorted(allowed)

    @strawberry.field(description="The space, project or task the asset lives in.")
    async def container(self, info: Info) -> ContainerType:
        record = _record(self)
        found = await info.context.loaders.container.load(record.container_id)
        assert found is not None  # every asset has a container (audited)
        return container_from_domain(found)

    @strawberry.field(description="The asset this one is a clone of.")
    async def parent(self, info: Info) -> Asset | None:
        return from_domain_or_none(await info.context.loaders.clone_parent.load(self.id))

    @strawberry.field(description="Base and working clones made from this asset.")
    async def clones(self, info: Info) -> list[Asset]:
        return [from_domain(a) for a in await info.context.loaders.clones.load(self.id)]

    @strawberry.field(description="The space assets this one comes from.")
    async def upstream_space_assets(self, info: Info) -> list[Asset]:
        ids = list(_record(self).upstream_space_ids)
        found = await info.context.loaders.asset.load_many(ids)
        return [from_domain(a) for a in found if a is not None]


@strawberry.type
class Definition(Asset):
    neutral: bool
    fields: JSON
    version: str | None
    inherited_version: str | None

    @strawberry.field(description="The version this one was made from.")
    async def previous_version(self, info: Info) -> Definition | None:
        previous, _ = await info.context.loaders.version_links.load(self.id)
        return from_domain(previous) if previous else None

    @strawberry.field(description="Versions made from this one.")
    async def next_versions(self, info: Info) -> list[Definition]:
        _, later = await info.context.loaders.version_links.load(self.id)
        return [from_domain(a) for a in later]

    @strawberry.field(description="Base views (portrait, profile...) of this definition.")
    async def base_views(self, info: Info) -> list[BaseView]:
        views = await info.context.loaders.views.load(self.id)
        return [BaseView(view=v, render=from_domain(r)) for v, r in views]


@strawberry.type
class BaseView:
    view: str
    render: Render


@strawberry.type
class FileInfo:
    key: str
    content_type: str | None
    size: int | None
    checksum: str | None


@strawberry.type
class RenderInput:
    asset: Asset
    role: str
    snapshot: JSON
    content_hash: str
    repointed_from: str | None

    @strawberry.field(description="Field changes from the snapshot to the input's content now.")
    def drift(self) -> list[FieldChange]:
        current = _record(self.asset).content()
        return [
            FieldChange(path=c.path, old=_plain(c.old), new=_plain(c.new))
            for c in field_diff(self.snapshot, current)
        ]


@strawberry.type
class Render(Asset):
    classification: Classification | None
    render_type: str | None
    prompt: str | None
    parameters: JSON
    model: str | None
    final: bool
    origin_task_id: str | None

    @strawberry.field(description="The inputs with role, snapshot, hash and drift.")
    async def inputs(self, info: Info) -> list[RenderInput]:
        records = await info.context.loaders.inputs.load(self.id)
        return [
            RenderInput(
                asset=from_domain(_input_record(r)),
                role=r["role"],
                snapshot=json.loads(r["snapshot"]) if r["snapshot"] else {},
                content_hash=r["snapshot_hash"],
                repointed_from=r["repointed_from"],
            )
            for r in records
        ]

    @strawberry.field(description="The stored file (key, type, size, checksum).")
    def file(self) -> FileInfo | None:
        stored = _record(self).file
        if not stored:
            return None
        return FileInfo(
            key=stored.get("key", ""),
            content_type=stored.get("content_type"),
            size=stored.get("size"),
            checksum=stored.get("checksum"),
        )


@strawberry.type
class Member:
    user_id: str
    name: str
    role: Role


@strawberry.interface
class ContainerNode:
    id: strawberry.ID
    name: str
    description: str
    space_id: str
    created_at: datetime | None
    created_by: str | None


@strawberry.type
class Space(ContainerNode):
    @strawberry.field(description="Your role in this space.")
    def my_role(self, info: Info) -> Role | None:
        return info.context.role_in(self.id)


@strawberry.type
class Project(ContainerNode):
    @strawberry.field
    async def space(self, info: Info) -> Space:
        return await _container_of(info, self.space_id)


@strawberry.type
class Task(ContainerNode):
    project_id: str

    @strawberry.field
    async def project(self, info: Info) -> Project:
        return await _container_of(info, self.project_id)


ContainerType = Annotated[Space | Project | Task, strawberry.union("Container")]


@strawberry.type(description="What a delete did, or would do for a dry run.")
class DeleteReport:
    dry_run: bool
    deleted: list[str]
    moved: list[str]
    unlocked: list[str]
    now_deletable: list[str]
    repointed: list[Repointed]

    @classmethod
    def from_domain(cls, report: ChangeReport) -> DeleteReport:
        return cls(
            dry_run=report.dry_run,
            deleted=list(report.deleted),
            moved=list(report.moved),
            unlocked=list(report.unlocked),
            now_deletable=list(report.now_deletable),
            repointed=[
                Repointed(render_id=r, clone_id=c, target_id=t) for r, c, t in report.repointed
            ],
        )


@strawberry.type
class Repointed:
    render_id: str
    clone_id: str
    target_id: str


# --- conversions -------------------------------------------------------------------------

ASSET_FIELDS = (
    "id", "type", "layer", "origin", "state", "name", "description", "metadata",
    "content_hash", "space_id", "project_id", "task_id", "created_at", "updated_at",
    "created_by",
)  # fmt: skip
DEFINITION_FIELDS = ("neutral", "fields", "version", "inherited_version")
RENDER_FIELDS = (
    "classification", "render_type", "prompt", "parameters", "model", "final",
    "origin_task_id",
)  # fmt: skip


def from_domain(record: AssetRecord) -> Asset:
    extra = RENDER_FIELDS if record.is_render else DEFINITION_FIELDS
    values = {name: getattr(record, name) for name in (*ASSET_FIELDS, *extra)}
    graphql_type = Render if record.is_render else Definition
    made: Asset = graphql_type(**values)
    made._record = record  # type: ignore[attr-defined]
    return made


def from_domain_or_none(record: AssetRecord | None) -> Asset | None:
    return from_domain(record) if record is not None else None


def container_from_domain(container: Container) -> Any:
    common = {
        "id": container.id,
        "name": container.name,
        "description": container.description,
        "space_id": container.space_id,
        "created_at": container.created_at,
        "created_by": container.created_by,
    }
    if container.kind == enums.Layer.TASK:
        return Task(project_id=container.project_id or "", **common)
    return (Project if container.kind == enums.Layer.PROJECT else Space)(**common)


def _record(asset: Any) -> AssetRecord:
    return asset._record


async def _lock_state(info: Info, asset_id: str) -> LockState:
    state = await info.context.loaders.lock.load(asset_id)
    assert state is not None  # the asset was loaded just before
    return state


async def _container_of(info: Info, id: str) -> Any:
    found = await info.context.loaders.container.load(id)
    assert found is not None
    return container_from_domain(found)


def _input_record(record: Any) -> AssetRecord:
    return asset_from_node(record["input"])


def _plain(value: Any) -> Any:
    # A key absent on one side (MISSING) is shown as null.
    return None if value is MISSING else value
