"""`lineage import`: an archive into this server, all or nothing.

The archive is checked whole first (reader.verify). Then every record is compared with
the graph in one read transaction: an id (or, for an edge, its two ends) already here with
the same properties is skipped, with other properties it is a conflict, and any conflict
refuses the import before anything is written. Render files go into the store next (a
file already there with the same bytes is skipped); then one write transaction compares
again and creates what is missing, in batches of UNWIND. A failure in that transaction
writes nothing to the graph; files already stored are then unreferenced, and
`lineage files gc` removes them.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.archive import format, reader
from lineage.archive.format import ArchiveRefused, describe
from lineage.archive.reader import Seen
from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.graph import archive as graph
from lineage.graph import migrations
from lineage.graph.database import Database
from lineage.storage import FileStore

BATCH = 500
SHOWN = 10  # conflicts listed in the refusal
Phase = Callable[[str], Seen]  # a phase's name -> what to tell of the bytes it read


@dataclass(frozen=True)
class Conflict:
    """A record whose id (or edge ends) exists here with other properties."""

    record: str
    differences: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.record}: {'; '.join(self.differences)}"


class ArchiveConflict(ArchiveRefused):
    def __init__(self, conflicts: list[Conflict], total: int) -> None:
        listed = "\n".join(f"  {conflict}" for conflict in conflicts[:SHOWN])
        more = f"\n  ... and {total - SHOWN} more" if total > SHOWN else ""
        super().__init__(
            f"{total} {'record' if total == 1 else 'records'} of the archive exist here with "
            f"other properties, so nothing was imported:\n{listed}{more}\n"
            "Import into an empty server, or remove or change those nodes here (or in the "
            "source, then export again) so they match."
        )
        self.conflicts = conflicts


@dataclass
class Imported:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        made = sum(self.created.values())
        kept = sum(self.skipped.values())
        verb = "would create" if self.dry_run else "created"
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(self.created.items()) if n)
        text = f"{verb} {made} records ({detail or 'none'}); {kept} already here and identical"
        return f"dry run: {text}; nothing written" if self.dry_run else text


async def import_archive(
    db: Database, store: FileStore, path: Path, *, dry_run: bool, phase: Phase
) -> Imported:
    verified = reader.verify(path, phase("verifying"))
    await _check_schema(db, verified.header["schema_version"], apply=not dry_run)
    report = Imported(dry_run)

    async def compare(tx: Tx) -> list[Conflict]:
        report.created.clear()
        report.skipped.clear()
        return await _walk(tx, path, report, phase("comparing"), write=False)

    conflicts = await db.read_tx(compare)
    files = [f async for f in _file_plan(store, path, verified, conflicts)]
    if conflicts:
        raise ArchiveConflict(conflicts, len(conflicts))
    report.created["file"] = len(files)
    report.skipped["file"] = len(verified.file_keys) - len(files)
    if dry_run:
        return report
    await _put_files(store, path, set(files), phase("storing files"))

    async def write(tx: Tx) -> list[Conflict]:
        return await _walk(tx, path, Imported(False), phase("writing"), write=True)

    await db.write(write)
    return report


async def _check_schema(db: Database, archived: int, apply: bool) -> None:
    here = await (migrations.apply(db) if apply else migrations.current_version(db))
    # A dry run leaves the schema alone; the import itself would bring it up to date.
    would_migrate = not apply and here < archived <= migrations.latest_version()
    if here != archived and not would_migrate:
        raise ArchiveRefused(
            f"the archive was written at schema version {archived}, this server is at {here}: "
            "its records fit that version only. Bring the source to this version (`lineage "
            "migrate` with this release) and export again, or import with the release that "
            "wrote it"
        )


async def _walk(tx: Tx, path: Path, report: Imported, seen: Seen, write: bool) -> list[Conflict]:
    """Compare every node and edge record with the graph, in batches; with `write`, create
    the missing ones (a conflict found then means the graph changed since the comparison)."""
    conflicts: list[Conflict] = []
    for kind, batch in _batches(reader.records(path, seen)):
        found = await _compare(tx, kind, batch, conflicts)
        report.skipped[kind] += len(batch) - len(found)
        report.created[kind] += len(found)
        if write and conflicts:
            raise ArchiveConflict(conflicts, len(conflicts))
        if write and found:
            await _create(tx, kind, found)
    return conflicts


def _batches(items: Iterator[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    graph_kinds = (*format.NODE_KINDS, *format.EDGE_KINDS)
    for kind, group in groupby(items, key=lambda record: record["kind"]):
        if kind not in graph_kinds:
            continue
        batch: list[dict[str, Any]] = []
        for record in group:
            batch.append(record)
            if len(batch) == BATCH:
                yield kind, batch
                batch = []
        if batch:
            yield kind, batch


async def _compare(
    tx: Tx, kind: str, batch: list[dict[str, Any]], conflicts: list[Conflict]
) -> list[dict[str, Any]]:
    """The records of `batch` missing here; those here with other properties go to `conflicts`."""
    missing = []
    if kind in format.NODE_KINDS:
        nodes = await graph.existing_nodes(tx, kind, [record["id"] for record in batch])
        for record in batch:
            here = nodes.get(record["id"])
            if here is None:
                missing.append(record)
                continue
            container, props = here
            ours = format.node(kind, record["id"], container, props)
            _note(conflicts, record, ours)
        return missing
    pairs: list[Mapping[str, str]] = [{"from": r["from"], "to": r["to"]} for r in batch]
    edges = await graph.existing_edges(tx, kind, pairs)
    for record in batch:
        stored = edges.get((record["from"], record["to"]))
        if stored is None:
            missing.append(record)
        else:
            _note(conflicts, record, format.edge(kind, record["from"], record["to"], stored))
    return missing


def _note(conflicts: list[Conflict], archived: dict[str, Any], here: dict[str, Any]) -> None:
    differences = _differences(archived, here)
    if differences:
        conflicts.append(Conflict(describe(archived), differences))


def _differences(archived: dict[str, Any], here: dict[str, Any]) -> tuple[str, ...]:
    found = []
    if archived.get("container") != here.get("container"):
        found.append(
            f"container {here.get('container')!r} here, {archived.get('container')!r} in the "
            "archive"
        )
    ours, theirs = here["props"], archived["props"]
    for key in sorted(set(ours) | set(theirs)):
        if ours.get(key) != theirs.get(key):
            found.append(
                f"{key} {_shown(ours.get(key))} here, {_shown(theirs.get(key))} in the archive"
            )
    return tuple(found)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


async def _create(tx: Tx, kind: str, records: list[dict[str, Any]]) -> None:
    if kind in format.NODE_KINDS:
        rows = [{"id": r["id"], "container": r.get("container"), "props": r["props"]}
                for r in records]  # fmt: skip
        created = await graph.create_nodes(tx, kind, rows)
        lacking = "their container is neither in the archive nor here"
    else:
        rows = [{"from": r["from"], "to": r["to"], "props": r["props"]} for r in records]
        created = await graph.create_edges(tx, kind, rows)
        lacking = "an end is neither in the archive nor here"
    if created != len(rows):
        raise ArchiveRefused(
            f"{len(rows) - created} of {len(rows)} {kind} records from "
            f"{describe(records[0])} on could not be created ({lacking}); nothing was imported"
        )


# -- render files --------------------------------------------------------------------------


def _file_records(path: Path, seen: Seen = lambda n: None) -> Iterator[dict[str, Any]]:
    return (r for r in reader.records(path, seen) if r["kind"] == "file")


async def _file_plan(
    store: FileStore, path: Path, verified: reader.Verified, conflicts: list[Conflict]
) -> AsyncIterator[str]:
    """The keys of the archive's files the store lacks; a file stored with other bytes is
    a conflict."""
    if not verified.file_keys:
        return
    for record in _file_records(path):
        key = record["key"]
        try:
            await store.verify(key, record["content_type"], record["size"], record["checksum"])
        except FileRejected as exc:
            if exc.reason == FileProblem.NOT_UPLOADED:
                yield key
            else:
                conflicts.append(Conflict(describe(record), (f"in the store: {exc}",)))


async def _put_files(store: FileStore, path: Path, keys: set[str], seen: Seen) -> None:
    if not keys:
        return
    items = reader.records(path, seen)
    for record in items:
        if record["kind"] == "file" and record["key"] in keys:
            chunks = _chunk_bytes(items, record["chunks"])
            await store.write_file(
                record["key"], record["content_type"], record["size"], record["checksum"], chunks
            )


async def _chunk_bytes(items: Iterator[dict[str, Any]], count: int) -> AsyncIterator[bytes]:
    """The next `count` records (the file's chunks, verified in order) as bytes."""
    for _ in range(count):
        yield base64.b64decode(next(items)["data"])
