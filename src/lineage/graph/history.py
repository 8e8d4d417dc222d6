"""The change history in the graph (docs/domain.md §12): entries appended inside the write
they record, and pages of them read newest first."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.domain.history import CONTAINER_SUBJECTS, Change, Entry, HistoryFilter, Operation
from lineage.domain.history import Subject as HistorySubject
from lineage.domain.model import Asset
from lineage.graph.database import run
from lineage.graph.reads import Key, PageRequest

APPEND_ENTRIES = cypher.load("history/append_entries")
LIST_SPACE_HISTORY = cypher.load("history/list_space_history")
LIST_PROJECT_HISTORY = cypher.load("history/list_project_history")
LIST_SUBJECT_HISTORY = cypher.load("history/list_subject_history")
FIND_SUBJECT_SPACE = cypher.load("history/find_subject_space")
LIST_SUBJECTS_CREATIONS = cypher.load("history/list_subjects_creations")
GET_SPACE_HISTORY_START = cypher.load("history/get_space_history_start")
LIST_NEW_SPACE_HISTORY = cypher.load("history/list_new_space_history")
MENTIONED = frozenset({HistorySubject.ASSET, *CONTAINER_SUBJECTS})

# Whether writes append history. Only the write-path benchmark turns it off, to measure
# what the append costs; the service never does.
enabled = True


async def append(tx: Tx, entries: Sequence[Entry]) -> None:
    """Write `entries` in the caller's transaction: if the write fails or is refused later
    on, they roll back with it. Entries are never changed once written."""
    if not enabled or not entries:
        return
    stored = [_stored(f"hist_{uuid.uuid4().hex[:16]}", e) for e in entries]
    await run(tx, APPEND_ENTRIES, entries=stored)


async def append_one(
    tx: Tx, operation: Operation, user_id: str | None, where: Asset, *changes: Change
) -> None:
    """One entry in the space (and project) of the asset `where`."""
    entry = Entry(operation, where.space_id, where.project_id, user_id, changes)
    await append(tx, [entry])


def _stored(id: str, entry: Entry) -> dict[str, Any]:
    mentions = {
        c.id: {"subject_id": c.id, "subject": str(c.subject), "action": str(c.action)}
        for c in entry.changes
        if c.subject in MENTIONED
    }
    return {
        "id": id, "operation": str(entry.operation), "user_id": entry.user_id,
        "space_id": entry.space_id, "project_id": entry.project_id,
        "asset_ids": entry.asset_ids, "container_ids": entry.container_ids,
        "deleted_ids": entry.deleted_ids, "summary": entry.summary,
        "changes": json.dumps([c.to_dict() for c in entry.changes], sort_keys=True),
        "mentions": list(mentions.values()),
    }  # fmt: skip


@dataclass(frozen=True)
class HistoryPage:
    """Entries newest first, each with its key; `has_next` when more follow."""

    rows: list[tuple[Entry, Key]]
    has_next: bool


@dataclass(frozen=True)
class Scope:
    """Whose history: a space's, a project's, or one asset's or container's (optionally
    kept to one space)."""

    space_id: str | None = None
    project_id: str | None = None
    subject_id: str | None = None


async def page(tx: Tx, scope: Scope, wanted: HistoryFilter, request: PageRequest) -> HistoryPage:
    params = {**wanted.params(), **request.params()}
    subject = scope.subject_id or wanted.asset_id
    if subject is not None:
        records = await run(
            tx, LIST_SUBJECT_HISTORY, subject_id=subject, space_id=scope.space_id, **params
        )
    elif scope.project_id is not None:
        records = await run(tx, LIST_PROJECT_HISTORY, project_id=scope.project_id, **params)
    else:
        records = await run(tx, LIST_SPACE_HISTORY, space_id=scope.space_id, **params)
    rows = [(entry_from_record(r), tuple(r["key"])) for r in records]
    return HistoryPage(rows[: request.first], len(rows) > request.first)


async def subject_space(tx: Tx, subject_id: str) -> str | None:
    """The space of an asset or container with recorded history (deleted or not)."""
    records = await run(tx, FIND_SUBJECT_SPACE, subject_id=subject_id)
    return records[0]["space_id"] if records else None


async def creations_of(tx: Tx, ids: Sequence[str], until: datetime) -> dict[str, list[Entry]]:
    """Per asset, oldest first, the entries up to `until` that created or re-pointed it."""
    records = await run(tx, LIST_SUBJECTS_CREATIONS, subject_ids=list(ids), until=until)
    found: dict[str, list[Entry]] = {id: [] for id in ids}
    for record in records:
        found[record["subject_id"]].append(entry_from_record(record))
    return found


async def first_at(tx: Tx, space_id: str) -> datetime | None:
    """When the space's recorded history begins."""
    records = await run(tx, GET_SPACE_HISTORY_START, space_id=space_id)
    return records[0]["at"].to_native() if records else None


def entry_from_record(record: Record) -> Entry:
    return _entry(record["e"])


def _entry(props: dict[str, Any]) -> Entry:
    return Entry(
        operation=Operation(props["operation"]),
        space_id=props["space_id"],
        project_id=props.get("project_id"),
        user_id=props.get("user_id"),
        changes=tuple(Change.from_dict(c) for c in json.loads(props["changes"])),
        id=props["id"],
        at=props["at"].to_native(),
    )


@dataclass(frozen=True)
class Appended:
    """A poll's answer: the entries found, oldest first, each with its key, and the
    server's time of the read."""

    rows: list[tuple[Entry, Key]]
    now: datetime


async def appended(
    tx: Tx,
    space_id: str,
    since: datetime | None,
    window_s: float,
    seen: Sequence[str] = (),
    after: Key | None = None,
    limit: int = 100,
) -> Appended:
    """The space's entries at or after `since` (None: `window_s` before now) that are not
    in `seen`, and after the key `after`, oldest first (docs/domain.md §12, Live activity)."""
    records = await run(
        tx, LIST_NEW_SPACE_HISTORY, space_id=space_id, since=since, window_s=window_s,
        seen=list(seen), after=list(after) if after else None, limit=limit,
    )  # fmt: skip
    record = records[0]
    rows = [(_entry(row["e"]), tuple(row["key"])) for row in record["entries"]]
    return Appended(rows, record["now"].to_native())
