"""Lineage as it stood at an instant (docs/domain.md §12): today's graph with every write
recorded after the instant undone, from the change history.

Clones and renders never change what they were made from except through writes the history
records (a rebase re-points a working clone, a task delete re-points the inputs of the
renders it keeps), so undoing those, dropping what was created after the instant and putting
back what was deleted since gives the lineage of then exactly. A deleted asset's own edges
come from the entry that created it, replayed up to the instant; one created before the
history began has none recorded, and the answer says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lineage.domain.enums import Edge
from lineage.domain.history import Action, Change, Entry, Operation, Subject
from lineage.domain.missing import MISSING
from lineage.domain.model import Asset

EdgeKey = tuple[str, str, Edge]  # (dependent, what it derives from or uses, type)
INPUTS = "inputs."
PARENT = "clone_parent_id"


@dataclass(frozen=True)
class PastAsset:
    """An asset as it was at the instant; `deleted`: it has been deleted since."""

    id: str
    type: str
    name: str
    version: str | None
    layer: str | None
    origin: str | None
    state: str | None
    container_id: str | None
    content_hash: str | None
    deleted: bool


@dataclass
class Overlay:
    """What the writes after the instant did, to undo over today's graph."""

    at: datetime
    born: set[str] = field(default_factory=set)
    restored_later: set[str] = field(default_factory=set)  # restored from the trash since
    gone: dict[str, Change] = field(default_factory=dict)
    # The oldest change after the instant per asset: its "before" is the asset then.
    first_change: dict[str, Change] = field(default_factory=dict)
    # Per asset, each field's value before the oldest change after the instant that set it.
    fields_then: dict[str, dict[str, Any]] = field(default_factory=dict)
    added: dict[EdgeKey, str | None] = field(default_factory=dict)
    removed: set[EdgeKey] = field(default_factory=set)
    # Restored input edges whose role is that of the live edge they were re-pointed to.
    borrowed_role: dict[EdgeKey, EdgeKey] = field(default_factory=dict)
    # Restored input edges' snapshot content hashes, from the entry that made the render.
    snapshots: dict[EdgeKey, str] = field(default_factory=dict)
    # Deleted assets whose edges the history does not hold (created before it began).
    unknown_edges: set[str] = field(default_factory=set)

    def restore(self, key: EdgeKey, role: str | None) -> None:
        self.removed.discard(key)
        self.added[key] = role

    def take_away(self, key: EdgeKey) -> None:
        self.added.pop(key, None)
        self.borrowed_role.pop(key, None)
        self.removed.add(key)


def overlay_since(at: datetime, entries_newest_first: Iterable[Entry]) -> Overlay:
    """Undo, newest first, every asset change of the entries written after `at`."""
    overlay = Overlay(at)
    for entry in entries_newest_first:
        if entry.at is not None and entry.at <= at:
            continue
        for change in entry.changes:
            if change.subject == Subject.ASSET:
                _undo(overlay, change)
    return overlay


def _undo(overlay: Overlay, change: Change) -> None:
    id = change.id
    if change.action in (Action.CREATED, Action.RESTORED):  # not there before it
        overlay.born.add(id)
        overlay.gone.pop(id, None)
        if change.action == Action.RESTORED:
            overlay.restored_later.add(id)
    elif change.action == Action.DELETED:
        overlay.born.discard(id)  # before its delete it was there, whatever came after
        if id in overlay.restored_later:
            overlay.restored_later.discard(id)  # and it is back today
        else:
            overlay.gone[id] = change
    for f in change.fields:
        overlay.fields_then.setdefault(id, {})[f.path] = f.old
        if change.action == Action.UPDATED and f.path == PARENT:
            overlay.take_away((id, str(f.new), Edge.DERIVES_FROM))
            overlay.restore((id, str(f.old), Edge.DERIVES_FROM), "CLONE")
        elif change.action == Action.MOVED and f.path.startswith(INPUTS):
            now = (id, str(f.new), Edge.USES)
            then = (id, str(f.old), Edge.USES)
            overlay.take_away(now)
            overlay.restore(then, None)
            overlay.borrowed_role[then] = overlay.borrowed_role.pop(now, now)
    overlay.first_change[id] = change


@dataclass(frozen=True)
class EdgeFacts:
    role: str | None
    snapshot_hash: str | None = None


def edges_when(
    at: datetime, history_oldest_first: Sequence[Entry], id: str
) -> dict[EdgeKey, EdgeFacts] | None:
    """The lineage edges leaving asset `id` at `at`, from its own history: the edges it was
    created with, then each re-pointing written up to `at`. None: its creation is not in
    the history."""
    edges: dict[EdgeKey, EdgeFacts] | None = None
    for entry in history_oldest_first:
        if entry.at is not None and entry.at > at:
            break
        for change in entry.changes:
            if change.id != id or change.subject != Subject.ASSET:
                continue
            if change.action == Action.CREATED:
                edges = dict(_created_edges(entry.operation, change))
            elif edges is not None:
                _replay(edges, change)
    return edges


def _created_edges(operation: Operation, change: Change) -> Iterable[tuple[EdgeKey, EdgeFacts]]:
    if change.source_id:
        kind = "VERSION" if operation == Operation.CREATE_VERSION else "CLONE"
        yield (change.id, change.source_id, Edge.DERIVES_FROM), EdgeFacts(kind)
    for f in change.fields:
        if f.path.startswith(INPUTS) and isinstance(f.new, dict):
            facts = EdgeFacts(f.new.get("role"), f.new.get("content_hash"))
            yield (change.id, f.path.removeprefix(INPUTS), Edge.USES), facts


def _replay(edges: dict[EdgeKey, EdgeFacts], change: Change) -> None:
    for f in change.fields:
        if f.path == PARENT and change.action == Action.UPDATED:
            edges.pop((change.id, str(f.old), Edge.DERIVES_FROM), None)
            edges[(change.id, str(f.new), Edge.DERIVES_FROM)] = EdgeFacts("CLONE")
        elif f.path.startswith(INPUTS) and change.action == Action.MOVED:
            facts = edges.pop((change.id, str(f.old), Edge.USES), EdgeFacts(None))
            edges[(change.id, str(f.new), Edge.USES)] = facts


def existed(overlay: Overlay, id: str, created_at: datetime | None) -> bool:
    """Whether a live asset was there at the instant (one older than the history has no
    creation entry, so its own creation time decides)."""
    if id in overlay.born:
        return False
    return created_at is None or created_at <= overlay.at


def past_live(overlay: Overlay, asset: Asset) -> PastAsset:
    """A live asset as it was at the instant."""
    first = overlay.first_change.get(asset.id)
    then = overlay.fields_then.get(asset.id, {})
    layer: str | None = str(asset.layer)
    container: str | None = asset.container_id
    if first is not None and first.action == Action.MOVED:
        layer, container = _moved_from(first), first.previous_container_id
    return PastAsset(
        id=asset.id, type=str(asset.type), name=_then(then, "name", asset.name),
        version=asset.version or _then(then, "inherited_version", asset.inherited_version),
        layer=layer, origin=str(asset.origin),
        state=first.state_before if first is not None else str(asset.state),
        container_id=container,
        content_hash=first.hash_before if first is not None else asset.content_hash,
        deleted=False,
    )  # fmt: skip


def past_gone(overlay: Overlay, id: str) -> PastAsset:
    """A deleted asset as it was at the instant, from its delete and older changes."""
    deleted = overlay.gone[id]
    first = overlay.first_change.get(id, deleted)
    then = overlay.fields_then.get(id, {})
    moved = first.action == Action.MOVED
    return PastAsset(
        id=id, type=str(deleted.asset_type), name=_then(then, "name", deleted.name or id),
        version=_then(then, "inherited_version", deleted.version),
        layer=_moved_from(first) if moved else deleted.layer, origin=deleted.origin,
        state=first.state_before,
        container_id=first.previous_container_id if moved else deleted.container_id,
        content_hash=first.hash_before, deleted=True,
    )  # fmt: skip


def _moved_from(move: Change) -> str:
    """A task delete moves a render from its task into the project; a restore moves it back."""
    return "PROJECT" if move.layer == "TASK" else "TASK"


def _then(then: dict[str, Any], path: str, now: Any) -> Any:
    value = then.get(path, now)
    return None if value is MISSING else value
