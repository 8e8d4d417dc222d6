"""The records the service reads and writes: containers, assets and their lock state."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from lineage.domain.enums import (
    DEFINITION_TYPES,
    AssetType,
    Classification,
    Layer,
    Origin,
    State,
)
from lineage.domain.hashing import asset_content, content_hash
from lineage.domain.placement import Location, reach_location
from lineage.domain.reasons import Blocker, LockReason


@dataclass(frozen=True)
class Container:
    """A space, project or task; `kind` is the layer its assets get."""

    kind: Layer
    id: str
    name: str
    description: str = ""
    space_id: str = ""
    project_id: str | None = None
    created_at: datetime | None = None
    created_by: str | None = None

    @property
    def location(self) -> Location:
        task_id = self.id if self.kind == Layer.TASK else None
        project_id = self.id if self.kind == Layer.PROJECT else self.project_id
        return Location(self.space_id, project_id, task_id)


@dataclass(frozen=True)
class Asset:
    """A definition or a render, as stored (docs/domain.md §3)."""

    id: str
    type: AssetType
    layer: Layer
    origin: Origin
    state: State
    name: str
    space_id: str
    project_id: str | None = None
    task_id: str | None = None
    description: str = ""
    neutral: bool = False
    fields: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    version: str | None = None
    inherited_version: str | None = None
    content_hash: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    created_by: str | None = None
    # Renders only.
    classification: Classification | None = None
    render_type: str | None = None
    prompt: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    model: str | None = None
    file: dict[str, Any] | None = None
    upstream_space_ids: tuple[str, ...] = ()
    final: bool = False
    # A render kept in the project when the task it was generated in was deleted.
    origin_task_id: str | None = None
    origin_task_name: str | None = None

    @property
    def is_definition(self) -> bool:
        return self.type in DEFINITION_TYPES

    @property
    def is_render(self) -> bool:
        return self.type == AssetType.RENDER

    @property
    def location(self) -> Location:
        return Location(self.space_id, self.project_id, self.task_id)

    @property
    def reach_location(self) -> Location:
        """Where other containers reach it: task renders count as project renders."""
        return reach_location(self.type, self.origin, self.location)

    @property
    def container_id(self) -> str:
        return self.task_id or self.project_id or self.space_id

    @property
    def reference_only(self) -> bool:
        """Compilation renders are used as references, never varied (docs/domain.md §6)."""
        return self.is_render and self.classification == Classification.COMPILATION

    def content(self) -> dict[str, Any]:
        return asset_content(self.__dict__)

    def with_content_hash(self) -> Asset:
        return replace(self, content_hash=content_hash(self.content()))


@dataclass(frozen=True)
class LockState:
    """Whether an asset may change or go, with the dependents that say why (docs/domain.md §4)."""

    asset_id: str
    locked: bool
    immutable: bool
    deletable: bool
    reasons: tuple[LockReason, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    dependent_count: int = 0


@dataclass(frozen=True)
class LockFlags:
    """Lock state without the dependents behind it (a walk computes it for every asset)."""

    locked: bool
    deletable: bool
    immutable: bool


@dataclass(frozen=True)
class ContainerRef:
    """A container as a report names it."""

    id: str
    kind: Layer
    name: str


@dataclass(frozen=True)
class AssetRef:
    """An asset as a report names it: enough to tell same-named assets apart (a clone
    has its source's name) without asking again, even once it is deleted."""

    id: str
    type: AssetType
    origin: Origin
    name: str
    version: str | None
    container: ContainerRef
    state: str | None = None  # and content_hash: as read before a delete (history)
    content_hash: str | None = None


@dataclass(frozen=True)
class ChangeReport:
    """What a delete or cascade did (or would do, for a dry run). The lists hold ids;
    `assets` and `containers` describe each one they name, as it was before the delete."""

    dry_run: bool
    deleted: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    repointed: tuple[tuple[str, str, str], ...] = ()  # (render, clone, new target)
    unlocked: tuple[str, ...] = ()
    now_deletable: tuple[str, ...] = ()
    # Keys of the render files no render left behind shows: the trash item keeps them
    # until it is purged (docs/domain.md §13).
    deleted_files: tuple[str, ...] = ()
    # The trash item holding what a real delete removed (None for a dry run).
    trash_item_id: str | None = None
    assets: dict[str, AssetRef] = field(default_factory=dict, compare=False)
    containers: dict[str, ContainerRef] = field(default_factory=dict, compare=False)
