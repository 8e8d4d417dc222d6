"""The trash (docs/domain.md §13): a delete keeps a faithful snapshot of what it removed, so
that a restore can bring it back exactly, until the item is purged.

A snapshot is plain data: every removed node (labels, properties) and relationship (type,
the ids and kind labels of its ends, properties), and what a task delete with KEEP_RENDERS
moved (the renders' properties before the move, and each re-pointed input). Property values
are as the graph layer encoded them (graph.trash); the rules here only read ids, labels,
origins and hashes, which are plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from lineage.domain.enums import Role

DEFAULT_RETENTION_DAYS = 30
# The labels a snapshot's relationship ends are looked up by (each has a unique id).
END_LABELS = ("Asset", "Space", "Project", "Task", "User")
CONTAINER_LABELS = ("Space", "Project", "Task")


class TrashKind(StrEnum):
    """What was deleted into a trash item: its root."""

    ASSET = "ASSET"
    TASK = "TASK"
    PROJECT = "PROJECT"
    SPACE = "SPACE"


class Refusal(StrEnum):
    """Why a restore is refused; each leaves the graph unchanged."""

    CONTAINER_GONE = "CONTAINER_GONE"  # the container it was in no longer exists
    ENDPOINT_GONE = "ENDPOINT_GONE"  # an asset (or user) an edge pointed at no longer exists
    MOVED_RENDER_GONE = "MOVED_RENDER_GONE"  # a render KEEP_RENDERS moved out is gone
    ID_TAKEN = "ID_TAKEN"  # a node with one of its ids exists
    FILE_KEY_TAKEN = "FILE_KEY_TAKEN"  # another render registered one of its file keys
    CLONE_EXISTS = "CLONE_EXISTS"  # the container holds another base clone of the source
    VERSION_EXISTS = "VERSION_EXISTS"  # the definition it versioned has a newer version now
    CONTENT_CHANGED = "CONTENT_CHANGED"  # an asset it binds changed content since


@dataclass(frozen=True)
class SnapshotNode:
    labels: tuple[str, ...]
    props: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.props["id"])

    @property
    def kind_label(self) -> str:
        return next(label for label in END_LABELS if label in self.labels)


@dataclass(frozen=True)
class SnapshotEdge:
    type: str
    start: str
    start_label: str
    end: str
    end_label: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class MovedRender:
    """A render KEEP_RENDERS moved into the project: `props` holds, as they were before the
    move, the properties the move changed."""

    id: str
    project_id: str
    name: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class Repointed:
    render_id: str
    clone_id: str
    target_id: str


@dataclass(frozen=True)
class Snapshot:
    nodes: tuple[SnapshotNode, ...]
    edges: tuple[SnapshotEdge, ...]
    moved: tuple[MovedRender, ...] = ()
    repointed: tuple[Repointed, ...] = ()

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    def outside_ends(self) -> list[tuple[str, str]]:
        """(label, id) of every edge end the snapshot does not hold: what must still exist."""
        held = set(self.node_ids)
        ends = {(e.start_label, e.start) for e in self.edges if e.start not in held}
        ends |= {(e.end_label, e.end) for e in self.edges if e.end not in held}
        return sorted(ends)

    def file_keys(self) -> list[str]:
        """The file keys its renders own (`file_key`: a generated render's, unique)."""
        return sorted({str(n.props["file_key"]) for n in self.nodes if n.props.get("file_key")})

    def asset_count(self) -> int:
        return sum(1 for n in self.nodes if "Asset" in n.labels)

    def role_of(self, user_id: str, space_id: str) -> Role | None:
        """A user's role in the space as the snapshot kept it (a deleted space's members)."""
        for e in self.edges:
            if e.type == "MEMBER_OF" and e.start == user_id and e.end == space_id:
                return Role(str(e.props.get("role")))
        return None


@dataclass(frozen=True)
class TrashItem:
    """A trash item as listed: what it holds, who deleted it and when it expires."""

    id: str
    kind: TrashKind
    root_id: str
    root_name: str
    root_type: str  # an asset's type, or the container kind
    space_id: str
    project_id: str | None
    deleted_at: datetime
    deleted_by: str | None  # None: an operator with database access
    expires_at: datetime
    asset_count: int
    file_keys: tuple[str, ...] = ()
    snapshot: Snapshot | None = field(default=None, compare=False)


# --- what a restore must find in the live graph ----------------------------------------------


@dataclass(frozen=True)
class LiveAsset:
    """An asset outside the snapshot that a restored edge points at, as it is now."""

    id: str
    content_hash: str | None
    # (id, origin, container id) of its live CLONE children; ids of its live VERSION children
    clones: tuple[tuple[str, str, str], ...] = ()
    versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RestoreFacts:
    """What the live graph holds now, read under the restore's locks."""

    taken_ids: frozenset[str]
    live_ends: frozenset[tuple[str, str]]
    assets: Mapping[str, LiveAsset]
    moved_in_place: frozenset[str]  # moved renders still in the project they went to
    taken_file_keys: frozenset[str]
    trashed_in: Mapping[str, str]  # a missing id -> the trash item holding it


@dataclass(frozen=True)
class Problem:
    reason: Refusal
    subject_id: str
    detail: str
    trash_item_id: str | None = None


def restore_problems(snapshot: Snapshot, facts: RestoreFacts) -> list[Problem]:
    """Every reason the snapshot cannot come back as it was; empty: it can."""
    return [
        *_taken(snapshot, facts),
        *_missing_ends(snapshot, facts),
        *_moved_gone(snapshot, facts),
        *_lineage_changed(snapshot, facts),
    ]


def _taken(snapshot: Snapshot, facts: RestoreFacts) -> Iterable[Problem]:
    for id in sorted(facts.taken_ids):
        yield Problem(Refusal.ID_TAKEN, id, f"a node with id {id!r} exists again")
    for key in sorted(facts.taken_file_keys):
        yield Problem(Refusal.FILE_KEY_TAKEN, key, f"another render registered file {key!r}")


def _missing_ends(snapshot: Snapshot, facts: RestoreFacts) -> Iterable[Problem]:
    for label, id in snapshot.outside_ends():
        if (label, id) in facts.live_ends:
            continue
        held = facts.trashed_in.get(id)
        where = f", it is in the trash (item {held})" if held else ""
        if label in CONTAINER_LABELS:
            yield Problem(Refusal.CONTAINER_GONE, id,
                          f"its {label.lower()} {id!r} no longer exists{where}", held)  # fmt: skip
        else:
            yield Problem(Refusal.ENDPOINT_GONE, id,
                          f"{label.lower()} {id!r}, which it links to, no longer exists{where}",
                          held)  # fmt: skip


def _moved_gone(snapshot: Snapshot, facts: RestoreFacts) -> Iterable[Problem]:
    for moved in snapshot.moved:
        if moved.id not in facts.moved_in_place:
            held = facts.trashed_in.get(moved.id)
            yield Problem(Refusal.MOVED_RENDER_GONE, moved.id,
                          f"render {moved.id!r}, kept in project {moved.project_id!r} by the "
                          "task delete, is no longer there", held)  # fmt: skip


def _lineage_changed(snapshot: Snapshot, facts: RestoreFacts) -> Iterable[Problem]:
    """A restored clone or render binds what it points at: that must be as it was, and the
    one-clone-per-source and one-next-version rules must still hold."""
    nodes = {n.id: n for n in snapshot.nodes}
    for edge in snapshot.edges:
        child, parent = nodes.get(edge.start), facts.assets.get(edge.end)
        if child is None or parent is None:
            continue
        if edge.type == "DERIVES_FROM":
            yield from _derived(child, parent, str(edge.props.get("kind")))
        elif (
            edge.type == "USES"
            and _binding_use(child, edge)
            and edge.props.get("content_hash") != parent.content_hash
        ):
            detail = f"input {parent.id!r} of render {child.id!r} changed since"
            yield Problem(Refusal.CONTENT_CHANGED, parent.id, detail)


def _derived(child: SnapshotNode, parent: LiveAsset, kind: str) -> Iterable[Problem]:
    if kind == "VERSION" and parent.versions:
        detail = f"{parent.id!r} has a newer version now ({parent.versions[0]!r})"
        yield Problem(Refusal.VERSION_EXISTS, parent.id, detail)
    if kind != "CLONE" or child.props.get("origin") != "BASE_CLONE":
        return
    container = child.props.get("task_id") or child.props.get("project_id")
    for id, origin, where in parent.clones:
        if origin == "BASE_CLONE" and where == container:
            detail = f"{container!r} holds another base clone of {parent.id!r}: {id!r}"
            yield Problem(Refusal.CLONE_EXISTS, id, detail)
    if child.props.get("content_hash") != parent.content_hash:
        detail = f"{parent.id!r}, the source of base clone {child.id!r}, changed since"
        yield Problem(Refusal.CONTENT_CHANGED, parent.id, detail)


def _binding_use(render: SnapshotNode, edge: SnapshotEdge) -> bool:
    """As the binding_uses_hash audit reads it (docs/domain.md §4): re-pointed edges keep
    what was used, and a space draft or discarded render binds nothing."""
    if edge.props.get("repointed_from"):
        return False
    props = render.props
    return not (props.get("layer") == "SPACE" and props.get("state") in ("DRAFT", "DISCARDED"))


def restored_ids(snapshot: Snapshot, label: str) -> list[str]:
    return [n.id for n in snapshot.nodes if label in n.labels]


def order_containers(ends: Sequence[tuple[str, str]]) -> list[str]:
    """Container ids in the lock order of docs/domain.md §11: spaces, projects, tasks."""
    rank = {label: i for i, label in enumerate(CONTAINER_LABELS)}
    return [id for label, id in sorted(ends, key=lambda e: (rank.get(e[0], 9), e[1]))
            if label in rank]  # fmt: skip
