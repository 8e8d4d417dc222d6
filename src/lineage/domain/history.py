"""History entries (docs/domain.md §12): what one write changed, said in domain words.

Every write appends entries in its own transaction: who, which operation, in which space
(and project), and one `Change` per asset, container, membership or invitation it created,
changed, moved or deleted, with state and content hash before and after and the fields
that changed. The entry's time is the server's, set when it is written (graph.history).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from lineage.domain.diff import FieldChange, field_diff
from lineage.domain.enums import Layer
from lineage.domain.missing import MISSING, without_missing
from lineage.domain.model import Asset, AssetRef, Container, ContainerRef


class Operation(StrEnum):
    """The write an entry records (one per kind of write the service offers)."""

    CREATE_SPACE = "CREATE_SPACE"
    CREATE_PROJECT = "CREATE_PROJECT"
    CREATE_TASK = "CREATE_TASK"
    UPDATE_CONTAINER = "UPDATE_CONTAINER"
    CREATE_DEFINITION = "CREATE_DEFINITION"
    UPDATE_ASSET = "UPDATE_ASSET"
    IMPORT_TO_PROJECT = "IMPORT_TO_PROJECT"
    DERIVE_WORKING_CLONE = "DERIVE_WORKING_CLONE"
    USE_IN_TASK = "USE_IN_TASK"
    REGISTER_RENDER = "REGISTER_RENDER"
    TRANSITION_STATE = "TRANSITION_STATE"
    CREATE_VERSION = "CREATE_VERSION"
    REBASE = "REBASE"
    ATTACH_BASE_VIEW = "ATTACH_BASE_VIEW"
    MARK_FINAL = "MARK_FINAL"
    DELETE_ASSET = "DELETE_ASSET"
    DELETE_TASK = "DELETE_TASK"
    DELETE_PROJECT = "DELETE_PROJECT"
    DELETE_SPACE = "DELETE_SPACE"
    RESTORE_FROM_TRASH = "RESTORE_FROM_TRASH"
    INVITE_MEMBER = "INVITE_MEMBER"
    ACCEPT_INVITATION = "ACCEPT_INVITATION"
    REVOKE_INVITATION = "REVOKE_INVITATION"
    SET_MEMBER_ROLE = "SET_MEMBER_ROLE"
    REMOVE_MEMBER = "REMOVE_MEMBER"


class Subject(StrEnum):
    """What a change is about."""

    ASSET = "ASSET"
    SPACE = "SPACE"
    PROJECT = "PROJECT"
    TASK = "TASK"
    MEMBER = "MEMBER"
    INVITATION = "INVITATION"


class Action(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    MOVED = "MOVED"
    DELETED = "DELETED"
    RESTORED = "RESTORED"


@dataclass(frozen=True)
class Change:
    """One thing a write created, changed, moved or deleted. For an asset: its type, name,
    version and container as they are after the write (before it, for a delete);
    `previous_container_id` for a move, `source_id` for a clone or version (its parent)."""

    subject: Subject
    action: Action
    id: str
    name: str | None = None
    asset_type: str | None = None
    version: str | None = None
    container_id: str | None = None
    layer: str | None = None  # and origin: an asset's, so it can be drawn once deleted
    origin: str | None = None
    previous_container_id: str | None = None
    source_id: str | None = None
    state_before: str | None = None
    state_after: str | None = None
    hash_before: str | None = None
    hash_after: str | None = None
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        plain = {k: v for k, v in self.__dict__.items() if k != "fields" and v is not None}
        plain["fields"] = [
            without_missing({"path": f.path, "before": f.old, "after": f.new}) for f in self.fields
        ]
        return plain

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Change:
        fields = tuple(
            FieldChange(f["path"], f.get("before", MISSING), f.get("after", MISSING))
            for f in data.get("fields", ())
        )
        known = {k: v for k, v in data.items() if k not in ("fields", "subject", "action")}
        return Change(Subject(data["subject"]), Action(data["action"]), fields=fields, **known)


@dataclass(frozen=True)
class Entry:
    """What one write did in one space; `user_id` None: an operator with database access.
    `id` and `at` are set when it is read back (the server writes them)."""

    operation: Operation
    space_id: str
    project_id: str | None
    user_id: str | None
    changes: tuple[Change, ...]
    id: str = ""
    at: datetime | None = None

    @property
    def asset_ids(self) -> list[str]:
        return _ids(c for c in self.changes if c.subject == Subject.ASSET)

    @property
    def deleted_ids(self) -> list[str]:
        return _ids(c for c in self.changes if c.action == Action.DELETED)

    @property
    def container_ids(self) -> list[str]:
        boxes = [c.id for c in self.changes if c.subject in CONTAINER_SUBJECTS]
        held = [c.container_id for c in self.changes if c.subject == Subject.ASSET]
        left = [c.previous_container_id for c in self.changes]
        return sorted({id for id in (*boxes, *held, *left) if id})

    @property
    def summary(self) -> str:
        return summary(self.operation, self.changes)


CONTAINER_SUBJECTS = frozenset({Subject.SPACE, Subject.PROJECT, Subject.TASK})
# What an asset change compares besides its content (docs/domain.md §3).
TRACKED = ("final", "inherited_version")


def _ids(changes: Iterable[Change]) -> list[str]:
    return sorted({c.id for c in changes})


# --- changes, built from the records a write has at hand -----------------------------------


def _described(asset: Asset) -> dict[str, Any]:
    return {
        "id": asset.id, "name": asset.name, "asset_type": str(asset.type),
        "version": asset.version or asset.inherited_version,
        "container_id": asset.container_id, "layer": str(asset.layer),
        "origin": str(asset.origin),
    }  # fmt: skip


def _tracked(asset: Asset) -> dict[str, Any]:
    return {**asset.content(), **{key: getattr(asset, key) for key in TRACKED}}


def asset_created(
    asset: Asset, source_id: str | None = None, fields: Sequence[FieldChange] = ()
) -> Change:
    """`source_id`: the parent of a clone or version; `fields`: what else it was made with
    (a render's inputs)."""
    return Change(
        Subject.ASSET, Action.CREATED, **_described(asset), source_id=source_id,
        state_after=str(asset.state), hash_after=asset.content_hash, fields=tuple(fields),
    )  # fmt: skip


def asset_changed(
    before: Asset, after: Asset, extra: Sequence[FieldChange] = (), source_id: str | None = None
) -> Change:
    """Fields compared: the content, the final mark and the inherited version."""
    return Change(
        Subject.ASSET, Action.UPDATED, **_described(after), source_id=source_id,
        state_before=str(before.state), state_after=str(after.state),
        hash_before=before.content_hash, hash_after=after.content_hash,
        fields=(*field_diff(_tracked(before), _tracked(after)), *extra),
    )  # fmt: skip


def asset_deleted(ref: AssetRef) -> Change:
    return Change(
        Subject.ASSET, Action.DELETED, ref.id, ref.name, str(ref.type), ref.version,
        ref.container.id, **_placed(ref), state_before=ref.state, hash_before=ref.content_hash,
    )  # fmt: skip


def _placed(ref: AssetRef) -> dict[str, Any]:
    return {"layer": str(ref.container.kind), "origin": str(ref.origin)}


def asset_moved(ref: AssetRef, to_container_id: str, inputs: Sequence[FieldChange]) -> Change:
    """A render a task delete kept, moved into the project; `inputs` are its re-pointed
    USES edges (path `inputs.<deleted clone id>`, from the clone to its ancestor)."""
    return Change(
        Subject.ASSET, Action.MOVED, ref.id, ref.name, str(ref.type), ref.version,
        to_container_id, str(Layer.PROJECT), str(ref.origin),
        previous_container_id=ref.container.id, state_before=ref.state,
        state_after=ref.state, hash_before=ref.content_hash, hash_after=ref.content_hash,
        fields=tuple(inputs),
    )  # fmt: skip


def container_created(container: Container) -> Change:
    return Change(
        Subject(str(container.kind)), Action.CREATED, container.id, container.name,
        container_id=container.project_id or (container.space_id or None),
    )  # fmt: skip


def container_changed(before: Container, after: Container) -> Change:
    texts = ("name", "description")
    return Change(
        Subject(str(after.kind)), Action.UPDATED, after.id, after.name,
        fields=tuple(field_diff({k: getattr(before, k) for k in texts},
                                {k: getattr(after, k) for k in texts})),
    )  # fmt: skip


def container_deleted(ref: ContainerRef) -> Change:
    return Change(Subject(str(ref.kind)), Action.DELETED, ref.id, ref.name)


def member_changed(user_id: str, before: str | None, after: str | None) -> Change:
    """A membership made (`before` None), its role changed, or taken away (`after` None)."""
    action = Action.CREATED if before is None else Action.DELETED if after is None else (
        Action.UPDATED
    )  # fmt: skip
    role = FieldChange("role", MISSING if before is None else before,
                       MISSING if after is None else after)  # fmt: skip
    return Change(Subject.MEMBER, action, user_id, fields=(role,))


def invitation_changed(id: str, role: str, created: bool) -> Change:
    role_change = FieldChange("role", MISSING, role) if created else FieldChange(
        "role", role, MISSING
    )  # fmt: skip
    action = Action.CREATED if created else Action.DELETED
    return Change(Subject.INVITATION, action, id, fields=(role_change,))


# --- summaries -------------------------------------------------------------------------------

VERBS = {Action.CREATED: "created", Action.UPDATED: "changed", Action.MOVED: "moved",
         Action.DELETED: "deleted", Action.RESTORED: "restored"}  # fmt: skip


def summary(operation: Operation, changes: Sequence[Change]) -> str:
    """One line for people: the operation's first change, and how many more there are."""
    if not changes:
        return operation.lower().replace("_", " ")
    first = changes[0]
    told = f"{first.subject.lower()} {first.name or first.id} {VERBS[first.action]}"
    paths = [f.path for f in first.fields]
    if first.state_before and first.state_after and first.state_before != first.state_after:
        told += f" ({first.state_before} -> {first.state_after})"
    elif paths and first.action == Action.UPDATED:
        told += f" ({', '.join(paths[:4])}{', ...' if len(paths) > 4 else ''})"
    more = len(changes) - 1
    return told + (f" and {more} more change{'s' if more > 1 else ''}" if more else "")


@dataclass(frozen=True)
class HistoryFilter:
    """Which entries to read; None: any."""

    user_id: str | None = None
    operations: tuple[Operation, ...] | None = None
    since: datetime | None = None
    until: datetime | None = None
    asset_id: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "operations": None if self.operations is None else [str(o) for o in self.operations],
            "since": utc(self.since),
            "until": utc(self.until),
        }


def utc(moment: datetime | None) -> datetime | None:
    """In UTC as a fixed offset, as entries are stamped: Neo4j compares a time in the named
    zone `UTC` with one at offset Z by their local fields, not as instants. A time without
    a zone is taken as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class Recorder:
    """Gathers a write's changes, grouped by (space, project); one entry per group."""

    operation: Operation
    user_id: str | None
    groups: dict[tuple[str, str | None], list[Change]] = field(default_factory=dict)

    def add(self, space_id: str, project_id: str | None, *changes: Change) -> Recorder:
        self.groups.setdefault((space_id, project_id), []).extend(changes)
        return self

    def entries(self) -> list[Entry]:
        return [
            Entry(self.operation, space, project, self.user_id, tuple(changes))
            for (space, project), changes in self.groups.items()
            if changes
        ]
