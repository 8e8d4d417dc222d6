"""What the client takes and returns: inputs, the answers of its operations as dataclasses,
and the schema's enums (a unit test checks their values against schema.graphql)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class AssetType(StrEnum):
    CHARACTER = "CHARACTER"
    SCENE = "SCENE"
    STYLE = "STYLE"
    RENDER = "RENDER"


class Layer(StrEnum):
    SPACE = "SPACE"
    PROJECT = "PROJECT"
    TASK = "TASK"


class Origin(StrEnum):
    ORIGINAL = "ORIGINAL"
    BASE_CLONE = "BASE_CLONE"
    WORKING_CLONE = "WORKING_CLONE"


class State(StrEnum):
    DRAFT = "DRAFT"
    CANONICAL = "CANONICAL"
    EXPERIMENTAL = "EXPERIMENTAL"
    DEPRECATED = "DEPRECATED"
    ARCHIVED = "ARCHIVED"
    APPROVED = "APPROVED"
    DISCARDED = "DISCARDED"


class LineageDirection(StrEnum):
    UPSTREAM = "UPSTREAM"
    DOWNSTREAM = "DOWNSTREAM"
    BOTH = "BOTH"


class EdgeType(StrEnum):
    DERIVES_FROM = "DERIVES_FROM"
    USES = "USES"


@dataclass(frozen=True)
class Input:
    """One input of a render: an asset id and, optionally, its role (else the type's)."""

    id: str
    role: str | None = None


@dataclass(frozen=True)
class Asset:
    id: str
    type: AssetType
    layer: Layer
    origin: Origin
    state: State
    name: str
    space_id: str
    project_id: str | None
    task_id: str | None
    content_hash: str


@dataclass(frozen=True)
class ContainerRef:
    """The space, project or task an asset lives in; `kind` is Space, Project or Task."""

    kind: str
    id: str
    name: str


@dataclass(frozen=True)
class RenderInput:
    """An input as the render recorded it: the asset, its role and its content hash then."""

    asset: Asset
    role: str
    content_hash: str


@dataclass(frozen=True)
class FileInfo:
    key: str
    content_type: str | None
    size: int | None
    checksum: str | None


@dataclass(frozen=True)
class RegisteredRender(Asset):
    """A render as registered: where it lives, what it used and its stored file.
    `replayed`: the answer is the one a first, lost request got (nothing was written now)."""

    container: ContainerRef
    prompt: str | None
    parameters: Any
    inputs: list[RenderInput]
    file: FileInfo | None
    replayed: bool = False


@dataclass(frozen=True)
class LockReason:
    """BASE_CLONE, RENDER, DERIVED or USED, with the dependent and the path to it."""

    kind: str
    dependent_id: str | None
    dependent_type: str | None
    path: list[str]


@dataclass(frozen=True)
class LockInfo:
    locked: bool
    immutable: bool
    count: int
    reasons: list[LockReason]


@dataclass(frozen=True)
class LineageNode:
    asset: Asset
    depth: int
    direction: LineageDirection | None  # None for the asset asked about


@dataclass(frozen=True)
class LineageEdge:
    """`source` derives from or uses `target`; `role`: the input role or the clone kind."""

    source: str
    target: str
    type: EdgeType
    role: str | None


@dataclass(frozen=True)
class Lineage:
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    truncated: bool
