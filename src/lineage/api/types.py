"""GraphQL object types, built from domain records (`from_domain`); nested fields load
through the request's DataLoaders."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from lineage.api import errors as gql_errors
from lineage.api import history as history_api
from lineage.api import lineage_args, selection
from lineage.api import trash as trash_api
from lineage.api.context import Info
from lineage.api.enums import (
    AssetType,
    C2paRelationship,
    Classification,
    EdgeType,
    InputRole,
    Layer,
    LineageDirection,
    Origin,
    Role,
    State,
)
from lineage.api.pagination import After, First, PageInfo, encode_cursor, page_request
from lineage.domain import enums, lifecycle, model
from lineage.domain.diff import FieldChange as FieldChangeRecord
from lineage.domain.diff import field_diff
from lineage.domain.errors import ValidationError
from lineage.domain.missing import MISSING
from lineage.domain.model import Asset as AssetRecord
from lineage.domain.model import ChangeReport, Container, LockFlags, LockState
from lineage.graph import lineage as walks
from lineage.graph.codec import asset_from_node
from lineage.graph.history import Scope as HistoryScope
from lineage.graph.reads import AssetFilter as AssetFilterRecord
from lineage.graph.reads import Page
from lineage.services import c2pa
from lineage.services.provenance import used_inputs


@strawberry.type(
    description="One key whose value differs between two versions of an asset's content; "
    "nested objects are compared key by key, lists and scalars whole."
)
class FieldChange:
    path: str = strawberry.field(
        description='Where the value sits in the content, dotted ("fields.base_layout").'
    )
    old: JSON | None = strawberry.field(
        default=None, description="The value before; null when the key was added."
    )
    new: JSON | None = strawberry.field(
        default=None, description="The value after; null when the key was removed."
    )


@strawberry.type(description="Why an asset is locked or immutable (docs/domain.md §4).")
class LockInfo:
    locked: bool = strawberry.field(
        description="At least one binding dependent: the content cannot change."
    )
    immutable: bool = strawberry.field(
        description="Locked, or a base clone, or a render other than a task variant: "
        "an edit is refused."
    )
    reasons: list[gql_errors.LockReason] = strawberry.field(
        description="Why it is immutable: BASE_CLONE, RENDER, or each binding direct "
        "dependent (at most 100); empty when it may be edited."
    )
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


@strawberry.type(description="Whether an asset may be deleted (docs/domain.md §4).")
class Deletability:
    deletable: bool = strawberry.field(
        description="No dependent of any kind, binding or not: nothing would be left dangling."
    )
    blockers: list[gql_errors.Blocker] = strawberry.field(
        description="The direct dependents that prevent the delete (at most 100); empty "
        "when deletable."
    )

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
    newest: Asset | None = strawberry.field(
        description="The newest CANONICAL version of the source; null when up to date."
    )
    behind: int = strawberry.field(description="How many CANONICAL versions are newer.")
    changes: list[FieldChange] = strawberry.field(
        description="Field changes from the project base clone to the newest version."
    )
    source: Asset = strawberry.field(description="The space definition the clone came from.")


@strawberry.type(description="One asset of a page, with its place in the list.")
class AssetEdge:
    cursor: str = strawberry.field(description="Opaque: pass as `after` to continue after it.")
    node: Asset = strawberry.field(description="The asset.")


@strawberry.type(description="One page of a list of assets.")
class AssetConnection:
    edges: list[AssetEdge] = strawberry.field(description="The assets of this page, in order.")
    page_info: PageInfo = strawberry.field(
        description="Whether more follow, and where this page ends."
    )
    total_count: int = strawberry.field(description="How many match in all pages.")

    @strawberry.field(description="The assets of this page (the edges' nodes).")
    def nodes(self) -> list[Asset]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="A direct dependent or dependency, with the edge that links it.")
class DependencyEdge:
    cursor: str = strawberry.field(description="Opaque: pass as `after` to continue after it.")
    node: Asset = strawberry.field(description="The asset at the other end of the edge.")
    type: EdgeType = strawberry.field(description="The kind of lineage edge.")
    role: str | None = strawberry.field(
        description="USES: the input role; DERIVES_FROM: the kind (CLONE or VERSION)."
    )


@strawberry.type(description="One page of an asset's direct dependents or dependencies.")
class DependencyConnection:
    edges: list[DependencyEdge] = strawberry.field(
        description="The linked assets of this page, by id."
    )
    page_info: PageInfo = strawberry.field(
        description="Whether more follow, and where this page ends."
    )
    total_count: int = strawberry.field(description="How many edges in all pages.")


@strawberry.type(description="An asset a lineage walk returned, with how far away it is.")
class LineageNode:
    asset: Asset = strawberry.field(description="The asset.")
    depth: int = strawberry.field(description="Lineage steps from the asset asked about (0).")
    direction: LineageDirection | None = strawberry.field(
        description="The way it was reached; null for the asset asked about."
    )


@strawberry.type(
    description="A lineage edge between two returned assets, from the dependent to what it "
    "derives from or uses."
)
class LineageEdge:
    from_: strawberry.ID = strawberry.field(name="from", description="The dependent.")
    to: strawberry.ID = strawberry.field(description="What it derives from or uses.")
    type: EdgeType = strawberry.field(description="The kind of lineage edge.")
    role: str | None = strawberry.field(
        description="USES: the input role; DERIVES_FROM: the kind (CLONE or VERSION)."
    )


@strawberry.type(description="The assets around one asset along lineage edges.")
class LineageGraph:
    nodes: list[LineageNode] = strawberry.field(
        description="The asset asked about first, then the others by depth and name."
    )
    edges: list[LineageEdge] = strawberry.field(
        description="The edges between returned nodes that the walk followed or met."
    )
    truncated: bool = strawberry.field(
        description="True when the walk stopped at maxNodes with more assets within reach."
    )


@strawberry.input(description="Which assets to list; every given condition must hold.")
class AssetFilter:
    types: list[AssetType] | None = strawberry.field(
        default=None, description="Only assets of one of these types; null: any."
    )
    origins: list[Origin] | None = strawberry.field(
        default=None, description="Only assets of one of these origins; null: any."
    )
    layers: list[Layer] | None = strawberry.field(
        default=None, description="Only assets of one of these layers; null: any."
    )
    states: list[State] | None = strawberry.field(
        default=None, description="Only assets in one of these lifecycle states; null: any."
    )
    classifications: list[Classification] | None = strawberry.field(
        default=None,
        description="Only renders of one of these classifications (definitions have none); "
        "null: any asset.",
    )
    task_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only assets of this task (renders generated in it)."
    )
    name_contains: str | None = strawberry.field(
        default=None, description='Part of the name, in any case ("jen" finds "Jennifer").'
    )

    def to_record(self) -> AssetFilterRecord:
        def chosen(values: list[Any] | None) -> tuple[Any, ...] | None:
            return None if values is None else tuple(sorted(set(values)))

        name = (self.name_contains or "").strip() or None
        if name is not None and len(name) > MAX_NAME_SEARCH:
            raise ValidationError("nameContains", f"at most {MAX_NAME_SEARCH} characters")
        return AssetFilterRecord(
            types=chosen(self.types),
            origins=chosen(self.origins),
            layers=chosen(self.layers),
            states=chosen(self.states),
            classifications=chosen(self.classifications),
            task_id=str(self.task_id) if self.task_id is not None else None,
            name_contains=name,
        )


Filter = Annotated[
    AssetFilter | None,
    strawberry.argument(description="Which of the assets to list; null: all of them."),
]
MAX_NAME_SEARCH = 200
HISTORY_ARGS_HELP = (
    "Filter by user, operations and time; `first` defaults to, and may not exceed, the "
    "page size cap."
)
ALL_EDGE_TYPES = (enums.Edge.DERIVES_FROM, enums.Edge.USES)


@strawberry.interface(
    description="A definition or a render: a node of the lineage graph, living in exactly one "
    "space, project or task (docs/domain.md §2)."
)
class Asset:
    id: strawberry.ID = strawberry.field(description="The asset's id, unique across spaces.")
    type: AssetType = strawberry.field(description="Character, scene, style or render.")
    layer: Layer = strawberry.field(
        description="The kind of container it lives in (a render generated in a task: TASK)."
    )
    origin: Origin = strawberry.field(
        description="Original, base clone or working clone (a render's: a variant)."
    )
    state: State = strawberry.field(description="Its lifecycle state (docs/domain.md §5).")
    name: str = strawberry.field(
        description="Its name (clones keep their source's unless changed)."
    )
    description: str = strawberry.field(description="Free text about it; may be empty.")
    metadata: JSON = strawberry.field(
        description="A free JSON object, part of the content (and of its hash)."
    )
    content_hash: str = strawberry.field(
        description="SHA-256 (hex) of the canonical JSON of its content; a base clone has "
        "its source's (docs/domain.md §3)."
    )
    space_id: strawberry.ID = strawberry.field(description="The space it belongs to.")
    project_id: strawberry.ID | None = strawberry.field(
        description="The project it belongs to; null for a space asset."
    )
    task_id: strawberry.ID | None = strawberry.field(
        description="The task it lives in; null above the task layer."
    )
    created_at: datetime | None = strawberry.field(description="When it was created.")
    updated_at: datetime | None = strawberry.field(
        description="When it last changed: its content, state or final mark."
    )
    created_by: strawberry.ID | None = strawberry.field(
        description="The id of the user who created it."
    )

    @strawberry.field(description="Locked / immutable, with the dependents that say why.")
    async def lock(self, info: Info) -> LockInfo:
        flags = _walk_flags(self)
        if flags is not None:
            return LockInfo(locked=flags.locked, immutable=flags.immutable, reasons=[], count=0)
        return LockInfo.from_domain(await _lock_state(info, self.id))

    @strawberry.field(description="Whether it may be deleted, and what blocks it.")
    async def deletability(self, info: Info) -> Deletability:
        flags = _walk_flags(self)
        if flags is not None:
            return Deletability(deletable=flags.deletable, blockers=[])
        return Deletability.from_domain(await _lock_state(info, self.id))

    @strawberry.field(description="States this asset may move to now.")
    def allowed_transitions(self) -> list[State]:
        record = _record(self)
        allowed = lifecycle.allowed_transitions(
            record.type, record.layer, record.origin, record.state
        )
        return sorted(allowed)

    @strawberry.field(
        description="What the writes did to this asset, newest first (docs/domain.md §12). "
        + HISTORY_ARGS_HELP
    )
    async def history(
        self,
        info: Info,
        filter: history_api.FilterArg = None,
        first: First = None,
        after: After = None,
    ) -> history_api.HistoryConnection:
        scope = HistoryScope(space_id=self.space_id, subject_id=str(self.id))
        return await history_api.connection(info, scope, filter, first, after)

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

    @strawberry.field(
        description="The whole version chain, oldest first: of this space definition, or of "
        "the space definition a clone comes from. Empty for renders."
    )
    async def versions(self, info: Info) -> list[Definition]:
        return [from_domain(a) for a in await info.context.loaders.versions.load(self.id)]

    @strawberry.field(
        description="For a project definition clone: the newest CANONICAL version of its "
        "space source, how far behind it is and the field diff. Null for other assets."
    )
    async def updates(self, info: Info) -> UpdateInfo | None:
        found = await info.context.loaders.updates.load(self.id)
        if found is None:
            return None
        return UpdateInfo(
            newest=from_domain_or_none(found.newest),
            behind=found.behind,
            changes=[_field_change(c) for c in found.changes],
            source=from_domain(found.source),
        )

    @strawberry.field(
        description="The assets within `depth` lineage steps (breadth-first; each asset once, "
        "so cycles end). `edgeTypes` chooses the edges followed (default both). `types`, "
        "`layers` and `origins` choose which assets are returned (each one given must "
        "match): the walk goes on through the others, and only edges between returned "
        "assets are listed; the asset asked about is always returned. "
        "`maxNodes` caps the assets visited (returned or not); `truncated` says it was hit."
    )
    async def lineage(
        self,
        info: Info,
        direction: lineage_args.Direction = walks.Direction.BOTH,
        depth: lineage_args.Depth = 1,
        edge_types: Annotated[
            list[EdgeType] | None,
            strawberry.argument(description="The edges followed; null: both kinds."),
        ] = None,
        types: Annotated[
            list[AssetType] | None,
            strawberry.argument(description="Return only assets of these types; null: any."),
        ] = None,
        max_nodes: lineage_args.MaxNodes = 200,
        layers: Annotated[
            list[Layer] | None,
            strawberry.argument(description="Return only assets of these layers; null: any."),
        ] = None,
        origins: Annotated[
            list[Origin] | None,
            strawberry.argument(description="Return only assets of these origins; null: any."),
        ] = None,
    ) -> LineageGraph:
        walks.check_bounds(depth, max_nodes)  # ValidationError names the argument
        root = _record(self)
        followed = ALL_EDGE_TYPES if edge_types is None else edge_types
        full, flags = _walk_reads(info)

        async def work(tx: Any) -> walks.LineageWalk:
            return await walks.walk(
                tx, root, direction, depth, followed, max_nodes, full=full, flags=flags
            )

        walked = await info.context.db.read_one(work)  # the walk is one query
        if full:  # partial records must not answer other fields of this request
            info.context.loaders.prime(list(walked.assets.values()))
        return _lineage_graph(info, walked, _AssetFilter.of(types, layers, origins))

    @strawberry.field(
        description="One page of the direct dependents (what derives from or uses this "
        "asset), by id. `first` defaults to, and may not exceed, the page size cap."
    )
    async def dependents(
        self, info: Info, first: First = None, after: After = None
    ) -> DependencyConnection:
        page = page_request(info, "dependents", first, after)
        found = await info.context.loaders.dependents.load((self.id, page))
        return _dependency_connection(info, "dependents", found)

    @strawberry.field(
        description="One page of the direct dependencies (clone parent, previous version, "
        "render inputs), by id. `first` defaults to, and may not exceed, the page size cap."
    )
    async def dependencies(
        self, info: Info, first: First = None, after: After = None
    ) -> DependencyConnection:
        page = page_request(info, "dependencies", first, after)
        found = await info.context.loaders.dependencies.load((self.id, page))
        return _dependency_connection(info, "dependencies", found)


@strawberry.type(
    description="A character, scene or style: created in a space, cloned into projects and "
    "tasks, versioned in the space (docs/domain.md §2)."
)
class Definition(Asset):
    neutral: bool = strawberry.field(
        description="A neutral scene or style does not count in a render's classification; "
        "always false for characters."
    )
    fields: JSON = strawberry.field(
        description="The type's own fields (a character's canonical_tags, proportion_profile, "
        "style_binding; a scene's location_type, base_layout, style_binding; a style's "
        "categories, parameters)."
    )
    version: str | None = strawberry.field(
        description="Its semantic version (1.0.0): set on space definitions only."
    )
    inherited_version: str | None = strawberry.field(
        description="For a clone: the version of the space definition it was cloned from; "
        "null for space definitions."
    )

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


@strawberry.type(
    description="A render shown as a base view of a definition: presentation, not lineage."
)
class BaseView:
    view: str = strawberry.field(description='The view\'s name ("portrait", "profile").')
    render: Render = strawberry.field(description="The render shown.")


@strawberry.type(description="A render's stored file, verified when the render was registered.")
class FileInfo:
    key: str = strawberry.field(description="Where the file is kept in the file store.")
    content_type: str | None = strawberry.field(description="Its media type (image/png).")
    size: int | None = strawberry.field(description="Its size in bytes.")
    checksum: str | None = strawberry.field(description="The SHA-256 of its bytes, hex.")

    @strawberry.field(description="A short-lived signed URL to download the file.")
    async def url(self, info: Info) -> str | None:
        store = info.context.files
        return await store.download_url(self.key) if store and self.key else None


@strawberry.type(
    description="An input a render used (its USES edge), as recorded when the render was "
    "registered."
)
class RenderInput:
    asset: Asset = strawberry.field(description="The input as it is now.")
    role: InputRole = strawberry.field(description="The part the input played.")
    snapshot: JSON = strawberry.field(description="The input's content when the render used it.")
    content_hash: str = strawberry.field(description="The SHA-256 (hex) of that snapshot.")
    repointed_from: strawberry.ID | None = strawberry.field(
        description="The deleted task clone the render really used, when a task delete "
        "re-pointed this input to the clone's ancestor; null otherwise."
    )

    @strawberry.field(description="Field changes from the snapshot to the input's content now.")
    def drift(self) -> list[FieldChange]:
        current = _record(self.asset).content()
        return [
            FieldChange(path=c.path, old=_plain(c.old), new=_plain(c.new))
            for c in field_diff(self.snapshot, current)
        ]


@strawberry.type(description="The task a render was generated in.")
class GeneratingTask:
    id: strawberry.ID = strawberry.field(description="The task's id (also once deleted).")
    name: str | None = strawberry.field(
        description="Its name (null for a deleted task whose renders were kept before names "
        "were recorded with them)."
    )
    deleted: bool = strawberry.field(
        description="The task is deleted and the render was kept in the project."
    )


@strawberry.type(
    description="A generated image (or other media), recorded with its inputs, snapshots, "
    "prompt, parameters, model and file; an outcome that never changes, except a task "
    "variant until something uses it (docs/domain.md §4)."
)
class Render(Asset):
    classification: Classification | None = strawberry.field(
        description="What it depicts, counted from its inputs at registration; a clone keeps "
        "its parent's."
    )
    render_type: str | None = strawberry.field(
        description="The client's own name for what kind of render it is (character_ref, "
        "composite...)."
    )
    prompt: str | None = strawberry.field(description="The prompt it was generated from.")
    parameters: JSON = strawberry.field(
        description="The generation parameters, a free JSON object (seed, steps...)."
    )
    model: str | None = strawberry.field(description="The model that generated it.")
    final: bool = strawberry.field(
        description="Marked as a final panel of its project: shown first in the gallery."
    )

    @strawberry.field(
        description="The task this render was generated in, if it was (a render generated in "
        "a task is a project render, docs/domain.md §2), also once that task is deleted and "
        "the render kept in the project. Null for renders generated in a space or project and "
        "for clones and variants."
    )
    async def generated_in_task(self, info: Info) -> GeneratingTask | None:
        record = _record(self)
        if record.origin != enums.Origin.ORIGINAL:
            return None
        if record.origin_task_id is not None:
            return GeneratingTask(
                id=strawberry.ID(record.origin_task_id), name=record.origin_task_name,
                deleted=True,
            )  # fmt: skip
        if record.task_id is None:
            return None
        task = await info.context.loaders.container.load(record.task_id)
        name = task.name if task is not None else None
        return GeneratingTask(id=strawberry.ID(record.task_id), name=name, deleted=False)

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

    @strawberry.field(
        description="The C2PA-style ingredient list a signing tool takes (docs/interchange.md): "
        "each input used, hashed as recorded then, and the render this one was cloned from."
    )
    async def ingredients(self, info: Info) -> C2paIngredients:
        record = _record(self)
        records = await info.context.loaders.inputs.load(self.id)
        parent = await info.context.loaders.clone_parent.load(self.id)
        return C2paIngredients.from_domain(
            c2pa.ingredient_list(record, used_inputs(records), parent)
        )

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


@strawberry.type(description="A hash and the algorithm that made it (hex digits).")
class C2paHash:
    alg: str = strawberry.field(description="The algorithm: sha256.")
    value: str = strawberry.field(description="The hash, as hex digits.")

    @classmethod
    def from_domain(cls, found: c2pa.Hash) -> C2paHash:
        return cls(alg=found.alg, value=found.value)


@strawberry.type(description="One ingredient of a render.")
class C2paIngredient:
    title: str = strawberry.field(description="The asset's name and version (v1.2.0).")
    relationship: C2paRelationship = strawberry.field(
        description="COMPONENT_OF: an input; PARENT_OF: the render this one was cloned from."
    )
    hash: C2paHash = strawberry.field(
        description="componentOf: the input's content hash recorded when the render used "
        "it; parentOf: the parent render's content hash."
    )
    asset_id: strawberry.ID = strawberry.field(description="The ingredient asset's id.")
    asset_type: AssetType = strawberry.field(description="The ingredient asset's type.")
    role: InputRole | None = strawberry.field(description="The input's role; null for a parent.")


@strawberry.type(description="A render's C2PA-style ingredient list (docs/interchange.md).")
class C2paIngredients:
    render_id: strawberry.ID = strawberry.field(description="The render's id.")
    title: str = strawberry.field(description="The render's name.")
    format: str | None = strawberry.field(description="The file's content type, if any.")
    file_hash: C2paHash | None = strawberry.field(
        description="The file's checksum; null for a render without a file."
    )
    content_hash: C2paHash = strawberry.field(description="The render's content hash.")
    ingredients: list[C2paIngredient] = strawberry.field(
        description="The parent first, if any, then the inputs by role and id."
    )
    document: str = strawberry.field(
        description="The list as JSON, as `lineage export c2pa` writes it."
    )

    @classmethod
    def from_domain(cls, found: c2pa.IngredientList) -> C2paIngredients:
        hash = C2paHash.from_domain
        return cls(
            render_id=strawberry.ID(found.render_id),
            title=found.title,
            format=found.format,
            file_hash=hash(found.file_hash) if found.file_hash else None,
            content_hash=hash(found.content_hash),
            ingredients=[
                C2paIngredient(
                    title=i.title,
                    relationship=i.relationship,
                    hash=hash(i.hash),
                    asset_id=strawberry.ID(i.asset_id),
                    asset_type=i.asset_type,
                    role=i.role,
                )  # fmt: skip
                for i in found.ingredients
            ],
            document=c2pa.to_json(found),
        )


@strawberry.type(description="A user who belongs to a space, with their role in it.")
class Member:
    user_id: strawberry.ID = strawberry.field(description="The user's id.")
    name: str = strawberry.field(description="The user's display name.")
    role: Role = strawberry.field(description="What they may do in the space.")


@strawberry.type(
    description="A pending invitation to a space (docs/domain.md §7): whoever accepts its "
    "one-time code becomes a member with `role`. The code is shown once, to the inviting owner."
)
class Invitation:
    id: strawberry.ID = strawberry.field(description="The invitation's id (not its code).")
    space_id: strawberry.ID = strawberry.field(description="The space it lets someone join.")
    role: Role = strawberry.field(description="The role whoever accepts it gets.")
    created_by: strawberry.ID | None = strawberry.field(
        description="The id of the owner who made it."
    )
    created_at: datetime | None = strawberry.field(description="When it was made.")
    expires_at: datetime = strawberry.field(
        description="When its code stops being accepted (7 days after it was made)."
    )


def invitation_from_domain(found: Any) -> Invitation:
    return Invitation(
        id=found.id, space_id=found.space_id, role=found.role, created_by=found.created_by,
        created_at=found.created_at, expires_at=found.expires_at,
    )  # fmt: skip


@strawberry.interface(
    description="A space, a project (inside one space) or a task (inside one project): what "
    "assets live in (docs/domain.md §2)."
)
class ContainerNode:
    id: strawberry.ID = strawberry.field(description="The container's id.")
    name: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(description="Free text about it; may be empty.")
    space_id: strawberry.ID = strawberry.field(
        description="The space it belongs to (a space's own id, for a space)."
    )
    created_at: datetime | None = strawberry.field(description="When it was created.")
    created_by: strawberry.ID | None = strawberry.field(
        description="The id of the user who created it."
    )


PAGE_ARGS_HELP = "`first` defaults to, and may not exceed, the page size cap."


@strawberry.type(
    description="The top container, a tenant: definitions are created and versioned here, "
    "and only its members see anything in it."
)
class Space(ContainerNode):
    @strawberry.field(description="Your role in this space.")
    def my_role(self, info: Info) -> Role | None:
        return info.context.role_in(self.id)

    @strawberry.field(description="The projects of this space, by name.")
    async def projects(self, info: Info) -> list[Project]:
        return await _children(info, self.id, enums.Layer.PROJECT)

    @strawberry.field(description="Owners, editors and viewers, by name; `role` picks one.")
    async def members(
        self,
        info: Info,
        role: Annotated[
            Role | None, strawberry.argument(description="Only members with this role; null: all.")
        ] = None,
    ) -> list[Member]:
        found = await info.context.loaders.members.load(self.id)
        return [
            Member(user_id=m.user_id, name=m.name, role=m.role)
            for m in found
            if role is None or m.role == role
        ]

    @strawberry.field(description="Pending invitations, oldest first. Owners only: null for "
                      "other roles.")  # fmt: skip
    async def invitations(self, info: Info) -> list[Invitation] | None:
        if info.context.role_in(self.id) != enums.Role.OWNER:
            return None
        found = await info.context.loaders.invitations.load(self.id)
        return [invitation_from_domain(i) for i in found]

    @strawberry.field(description="The space-layer assets, by name. " + PAGE_ARGS_HELP)
    async def assets(
        self,
        info: Info,
        filter: Filter = None,
        first: First = None,
        after: After = None,
    ) -> AssetConnection:
        return await _asset_connection(info, enums.Layer.SPACE, self.id, filter, first, after)

    @strawberry.field(
        description="What the writes in this space did, newest first, deleted assets and "
        "containers included (docs/domain.md §12). `assetId` keeps the entries about one "
        "asset, deleted or not. " + HISTORY_ARGS_HELP
    )
    async def activity(
        self,
        info: Info,
        asset_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the entries about this asset or container."),
        ] = None,
        filter: history_api.FilterArg = None,
        first: First = None,
        after: After = None,
    ) -> history_api.HistoryConnection:
        scope = HistoryScope(space_id=str(self.id))
        subject = str(asset_id) if asset_id is not None else None
        return await history_api.connection(info, scope, filter, first, after, subject)

    @strawberry.field(
        description="What deletes in this space removed and keep until it is purged, newest "
        "first, for restoreFromTrash (docs/domain.md §13). Members only: null otherwise. "
        + PAGE_ARGS_HELP
    )
    async def trash(
        self, info: Info, first: First = None, after: After = None
    ) -> trash_api.TrashConnection | None:
        if not info.context.can_see(str(self.id)):
            return None
        return await trash_api.connection(info, str(self.id), first, after)


@strawberry.type(
    description="A piece of work inside a space (a comic issue): it imports space assets as "
    "base clones and varies them in working clones."
)
class Project(ContainerNode):
    @strawberry.field(description="The space the project belongs to.")
    async def space(self, info: Info) -> Space:
        return await _container_of(info, self.space_id)

    @strawberry.field(description="The tasks of this project, by name.")
    async def tasks(self, info: Info) -> list[Task]:
        return await _children(info, self.id, enums.Layer.TASK)

    @strawberry.field(
        description="The project's assets and the renders generated in its tasks (project "
        "renders), by name. " + PAGE_ARGS_HELP
    )
    async def assets(
        self,
        info: Info,
        filter: Filter = None,
        first: First = None,
        after: After = None,
    ) -> AssetConnection:
        return await _asset_connection(info, enums.Layer.PROJECT, self.id, filter, first, after)

    @strawberry.field(
        description="What the writes in this project and its tasks did, newest first "
        "(docs/domain.md §12). " + HISTORY_ARGS_HELP
    )
    async def activity(
        self,
        info: Info,
        filter: history_api.FilterArg = None,
        first: First = None,
        after: After = None,
    ) -> history_api.HistoryConnection:
        scope = HistoryScope(project_id=str(self.id))
        return await history_api.connection(info, scope, filter, first, after)

    @strawberry.field(
        description="The approved project renders (task renders included): final ones "
        "first, then newest first. " + PAGE_ARGS_HELP
    )
    async def gallery(
        self, info: Info, first: First = None, after: After = None
    ) -> AssetConnection:
        page = page_request(info, "gallery", first, after)
        found = await info.context.loaders.gallery.load((self.id, page))
        return _asset_page(info, "gallery", found)


@strawberry.type(
    description="A unit of work inside a project (a panel): it clones project assets and "
    "generates renders from them."
)
class Task(ContainerNode):
    project_id: strawberry.ID = strawberry.field(description="The project the task belongs to.")

    @strawberry.field(description="The project the task belongs to.")
    async def project(self, info: Info) -> Project:
        return await _container_of(info, self.project_id)

    @strawberry.field(
        description="The task's clones, variants and renders, by name. " + PAGE_ARGS_HELP
    )
    async def assets(
        self,
        info: Info,
        filter: Filter = None,
        first: First = None,
        after: After = None,
    ) -> AssetConnection:
        return await _asset_connection(info, enums.Layer.TASK, self.id, filter, first, after)


ContainerType = Annotated[
    Space | Project | Task,
    strawberry.union("Container", description="A space, a project or a task."),
]


@strawberry.type(description="A container as a report names it.")
class ContainerRef:
    id: strawberry.ID = strawberry.field(description="The container's id.")
    kind: Layer = strawberry.field(description="SPACE, PROJECT or TASK.")
    name: str = strawberry.field(description="Its name then.")

    @classmethod
    def from_domain(cls, ref: model.ContainerRef) -> ContainerRef:
        return cls(id=strawberry.ID(ref.id), kind=ref.kind, name=ref.name)


@strawberry.type(
    description="An asset a delete report names, as it was before the delete: its name, "
    "version and container tell same-named assets (a clone and its source) apart."
)
class AffectedAsset:
    id: strawberry.ID = strawberry.field(description="The asset's id.")
    type: AssetType = strawberry.field(description="Character, scene, style or render.")
    origin: Origin = strawberry.field(
        description="ORIGINAL, BASE_CLONE or WORKING_CLONE (a render's: a variant)."
    )
    name: str = strawberry.field(description="Its name before the delete.")
    version: str | None = strawberry.field(
        description="The definition's version (space definitions and their clones); null "
        "for renders."
    )
    container: ContainerRef = strawberry.field(
        description="Where it lived before the delete (a moved render: the task it left)."
    )

    @classmethod
    def from_domain(cls, ref: model.AssetRef) -> AffectedAsset:
        return cls(
            id=strawberry.ID(ref.id), type=ref.type, origin=ref.origin, name=ref.name,
            version=ref.version,
            container=ContainerRef.from_domain(ref.container),
        )  # fmt: skip


@strawberry.type(description="What a delete did, or would do for a dry run.")
class DeleteReport:
    dry_run: bool = strawberry.field(
        description="True when nothing was deleted: the report says what a delete would do."
    )
    deleted: list[AffectedAsset] = strawberry.field(description="The assets deleted.")
    deleted_containers: list[ContainerRef] = strawberry.field(
        description="The containers deleted: the task, project or space itself and, for a "
        "project or space, the projects and tasks within it."
    )
    moved: list[AffectedAsset] = strawberry.field(
        description="The renders a task delete with KEEP_RENDERS moves into the project."
    )
    unlocked: list[AffectedAsset] = strawberry.field(
        description="Assets left behind that were locked and no longer are (docs/domain.md §4)."
    )
    now_deletable: list[AffectedAsset] = strawberry.field(
        description="Assets left behind that had dependents and have none any more."
    )
    repointed: list[Repointed] = strawberry.field(
        description="Inputs of moved renders that pointed at deleted clones, and where they "
        "point now."
    )
    trash_item_id: strawberry.ID | None = strawberry.field(
        description="The trash item that holds what the delete removed, for restoreFromTrash "
        "until it is purged (docs/domain.md §13); null for a dry run."
    )

    @classmethod
    def from_domain(cls, report: ChangeReport) -> DeleteReport:
        def assets(ids: Iterable[str]) -> list[AffectedAsset]:
            return [AffectedAsset.from_domain(report.assets[id]) for id in ids]

        return cls(
            dry_run=report.dry_run,
            trash_item_id=strawberry.ID(report.trash_item_id) if report.trash_item_id else None,
            deleted=assets(id for id in report.deleted if id in report.assets),
            deleted_containers=[
                ContainerRef.from_domain(report.containers[id])
                for id in report.deleted
                if id in report.containers
            ],
            moved=assets(report.moved),
            unlocked=assets(report.unlocked),
            now_deletable=assets(report.now_deletable),
            repointed=[
                Repointed(render=render, clone=clone, target=target)
                for render, clone, target in (assets(r) for r in report.repointed)
            ],
        )


@strawberry.type(
    description="A USES edge of a moved render that pointed at a deleted clone, re-pointed "
    "to the clone's nearest surviving ancestor (docs/domain.md §6, task deletion)."
)
class Repointed:
    render: AffectedAsset = strawberry.field(description="The moved render whose input it is.")
    clone: AffectedAsset = strawberry.field(description="The deleted clone it used.")
    target: AffectedAsset = strawberry.field(description="What it uses now.")


# --- conversions -------------------------------------------------------------------------

ASSET_FIELDS = (
    "id", "type", "layer", "origin", "state", "name", "description", "metadata",
    "content_hash", "space_id", "project_id", "task_id", "created_at", "updated_at",
    "created_by",
)  # fmt: skip
DEFINITION_FIELDS = ("neutral", "fields", "version", "inherited_version")
RENDER_FIELDS = ("classification", "render_type", "prompt", "parameters", "model", "final")


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


async def container_or_none(info: Info, id: str) -> Any | None:
    """The container as GraphQL answers it; None when there is none by that id."""
    found = await info.context.loaders.container.load(id)
    return container_from_domain(found) if found is not None else None


async def _container_of(info: Info, id: str) -> Any:
    found = await container_or_none(info, id)
    assert found is not None
    return found


async def _children(info: Info, id: str, kind: enums.Layer) -> list[Any]:
    found = await info.context.loaders.children.load(id)
    return [container_from_domain(c) for c in found if c.kind == kind]


async def _asset_connection(
    info: Info,
    scope: enums.Layer,
    id: str,
    where: AssetFilter | None,
    first: int | None,
    after: str | None,
) -> AssetConnection:
    record = where.to_record() if where is not None else AssetFilterRecord()
    page = page_request(info, "assets", first, after)
    found = await info.context.loaders.asset_pages.load((id, (scope, record, page)))
    return _asset_page(info, "assets", found)


def _asset_page(info: Info, kind: str, page: Page) -> AssetConnection:
    info.context.loaders.prime([row.asset for row in page.rows])
    edges = [
        AssetEdge(cursor=encode_cursor(kind, r.key), node=from_domain(r.asset)) for r in page.rows
    ]
    return AssetConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=page.total,
    )


def _dependency_connection(info: Info, kind: str, page: Page) -> DependencyConnection:
    info.context.loaders.prime([row.asset for row in page.rows])
    edges = [
        DependencyEdge(
            cursor=encode_cursor(kind, r.key), node=from_domain(r.asset), type=r.edge, role=r.role
        )
        for r in page.rows
    ]
    return DependencyConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=page.total,
    )


# What a lineage node's asset may ask when the walk reads partial records (those place and
# name an asset: graph/lineage.py), and what `lock` / `deletability` may ask to be answered
# by the walk's flags. Anything more makes the walk read every property, or the full lock
# state be loaded.
PARTIAL_ASSET_FIELDS = frozenset({
    "__typename", "id", "type", "layer", "origin", "state", "name", "spaceId", "projectId",
    "taskId", "allowedTransitions", "container", "lock", "deletability",
})  # fmt: skip
FLAG_FIELDS = {
    "lock": frozenset({"__typename", "locked", "immutable"}),
    "deletability": frozenset({"__typename", "deletable"}),
}


def _walk_reads(info: Info) -> tuple[bool, bool]:
    """(full, flags) for the walk behind this `lineage` field's selection."""
    asked = selection.under(info.selected_fields[0].selections, "nodes", "asset")
    fields = selection.names(asked)
    flags_suffice = all(
        selection.names(selection.under(asked, name)) <= allowed
        for name, allowed in FLAG_FIELDS.items()
    )
    return not fields <= PARTIAL_ASSET_FIELDS, flags_suffice and bool(fields & FLAG_FIELDS.keys())


def _walk_flags(asset: Any) -> LockFlags | None:
    return getattr(asset, "_lock_flags", None)


@dataclass(frozen=True)
class _AssetFilter:
    """Which walked assets a lineage answer returns; None: any value."""

    types: frozenset[enums.AssetType] | None
    layers: frozenset[enums.Layer] | None
    origins: frozenset[enums.Origin] | None

    @staticmethod
    def of(
        types: list[Any] | None, layers: list[Any] | None, origins: list[Any] | None
    ) -> _AssetFilter:
        def chosen(values: list[Any] | None) -> frozenset[Any] | None:
            return None if values is None else frozenset(values)

        return _AssetFilter(chosen(types), chosen(layers), chosen(origins))

    def keeps(self, asset: AssetRecord) -> bool:
        return (
            (self.types is None or asset.type in self.types)
            and (self.layers is None or asset.layer in self.layers)
            and (self.origins is None or asset.origin in self.origins)
        )


def _lineage_graph(info: Info, walked: walks.LineageWalk, wanted: _AssetFilter) -> LineageGraph:
    kept = {
        id: asset
        for id, asset in walked.assets.items()
        if info.context.can_see(asset.space_id) and (id == walked.root_id or wanted.keeps(asset))
    }
    order = sorted(kept, key=lambda id: (walked.depth_of[id], kept[id].name, id))
    nodes = [
        LineageNode(
            asset=_walked_asset(kept[id], walked.flags.get(id)),
            depth=walked.depth_of[id],
            direction=walked.direction_of.get(id),
        )
        for id in order
    ]
    edges = [
        LineageEdge(
            from_=strawberry.ID(e.source), to=strawberry.ID(e.target), type=e.type, role=e.role
        )  # fmt: skip
        for e in sorted(walked.edges, key=lambda e: (e.source, e.target, e.type, e.role or ""))
        if e.source in kept and e.target in kept
    ]
    return LineageGraph(nodes=nodes, edges=edges, truncated=walked.truncated)


def _walked_asset(record: AssetRecord, flags: LockFlags | None) -> Asset:
    made = from_domain(record)
    made._lock_flags = flags  # type: ignore[attr-defined]
    return made


def _field_change(change: FieldChangeRecord) -> FieldChange:
    return FieldChange(path=change.path, old=_plain(change.old), new=_plain(change.new))


def _input_record(record: Any) -> AssetRecord:
    return asset_from_node(record["input"])


def _plain(value: Any) -> Any:
    # A key absent on one side (MISSING) is shown as null.
    return None if value is MISSING else value
