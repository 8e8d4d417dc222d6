"""`lineage files gc`: find, and with --apply remove, files that no render refers to;
`lineage files check`: find renders whose file is missing from the store.

Files younger than a grace period are left alone: an upload is stored before the render
that will refer to it is registered. With --apply the referenced keys are read a second
time just before deleting, so a render registered meanwhile keeps its file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from lineage.storage.base import FileStore, ListedFile

DEFAULT_GRACE = timedelta(hours=24)

ReferencedKeys = Callable[[], Awaitable[Iterable[str]]]
FileReferences = Callable[[], Awaitable[Mapping[str, Iterable[str]]]]


@dataclass(frozen=True)
class GcReport:
    """What a collection found and did; `deleted` is empty on a dry run."""

    applied: bool
    stored: int
    referenced: int
    recent: int
    unreferenced: tuple[ListedFile, ...]
    deleted: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = field(default=())

    @property
    def unreferenced_bytes(self) -> int:
        return sum(item.size for item in self.unreferenced)

    def summary(self) -> str:
        found = (
            f"{self.stored} stored files: {self.referenced} referenced by renders, "
            f"{self.recent} too recent to judge, {len(self.unreferenced)} unreferenced "
            f"({self.unreferenced_bytes} bytes)"
        )
        if not self.applied:
            return f"{found}; dry run, nothing deleted (use --apply to delete them)"
        failed = f", {len(self.failed)} could not be deleted" if self.failed else ""
        return f"{found}; deleted {len(self.deleted)}{failed}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "stored": self.stored,
            "referenced": self.referenced,
            "recent": self.recent,
            "unreferenced": [
                {"key": f.key, "size": f.size, "modified_at": f.modified_at.isoformat()}
                for f in self.unreferenced
            ],
            "unreferenced_bytes": self.unreferenced_bytes,
            "deleted": list(self.deleted),
            "failed": [{"key": key, "error": error} for key, error in self.failed],
        }


async def collect_garbage(
    store: FileStore,
    referenced_keys: ReferencedKeys,
    apply: bool = False,
    grace: timedelta = DEFAULT_GRACE,
    now: datetime | None = None,
) -> GcReport:
    """Files in `store` that no key from `referenced_keys()` names and that are older than
    `grace`; deleted only when `apply` (a dry run by default)."""
    cutoff = (now or datetime.now(UTC)) - grace
    stored = [item async for item in store.list_files()]
    referenced = set(await referenced_keys())
    in_use = [item for item in stored if item.key in referenced]
    recent = [item for item in stored if item.key not in referenced and item.modified_at > cutoff]
    candidates = [
        item for item in stored if item.key not in referenced and item.modified_at <= cutoff
    ]
    if not apply:
        return GcReport(False, len(stored), len(in_use), len(recent), tuple(candidates))
    referenced_now = set(await referenced_keys())
    unreferenced = tuple(item for item in candidates if item.key not in referenced_now)
    deleted: list[str] = []
    failed: list[tuple[str, str]] = []
    for item in unreferenced:
        try:
            await store.delete(item.key)
        except Exception as exc:  # reported, and the next run tries again
            failed.append((item.key, f"{type(exc).__name__}: {exc}"))
        else:
            deleted.append(item.key)
    in_use_count = len(in_use) + len(candidates) - len(unreferenced)
    return GcReport(
        True, len(stored), in_use_count, len(recent), unreferenced, tuple(deleted), tuple(failed)
    )


@dataclass(frozen=True)
class MissingFile:
    """A file key renders refer to that the store does not hold."""

    key: str
    render_ids: tuple[str, ...]


@dataclass(frozen=True)
class FileCheckReport:
    """What `check_files` found: the graph's file references against the store's files.
    The graph audits cannot see the store, so this is the audit of that invariant."""

    referenced: int
    stored: int
    missing: tuple[MissingFile, ...]

    @property
    def ok(self) -> bool:
        return not self.missing

    def summary(self) -> str:
        lines = [
            f"{self.referenced} files referenced by renders, {self.stored} stored, "
            f"{len(self.missing)} missing from the store"
        ]
        for item in self.missing:
            lines.append(f"    {item.key}: shown by {', '.join(item.render_ids)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "referenced": self.referenced,
            "stored": self.stored,
            "missing": [{"key": m.key, "render_ids": list(m.render_ids)} for m in self.missing],
        }


async def check_files(store: FileStore, references: FileReferences) -> FileCheckReport:
    """Every file key a render refers to must be in the store; read-only. The references
    are read before the listing, so a file uploaded meanwhile is never reported missing."""
    referenced = {key: tuple(sorted(ids)) for key, ids in (await references()).items()}
    stored = {key async for key in store.list_keys()}
    missing = tuple(
        MissingFile(key, ids) for key, ids in sorted(referenced.items()) if key not in stored
    )
    return FileCheckReport(len(referenced), len(stored), missing)
