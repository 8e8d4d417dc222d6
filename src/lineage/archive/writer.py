"""`lineage export`: the graph (a space, or every space) as an archive, streamed line by
line from keyset pages of the graph (docs/interchange.md, "Archive")."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from lineage.archive import format
from lineage.archive.format import ArchiveRefused
from lineage.domain.file_errors import FileRejected
from lineage.graph import archive as graph
from lineage.graph.archive import Scope
from lineage.graph.database import Database
from lineage.storage import FileStore

PAGE = 500

Advance = Callable[[str, int], None]  # (record kind, records written)


@dataclass(frozen=True)
class Written:
    """What an export wrote: records of each kind (file chunks not counted apart)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


async def write_archive(
    db: Database,
    out: BinaryIO,
    head: dict[str, Any],
    scope: Scope,
    store: FileStore | None = None,
    advance: Advance = lambda kind, n: None,
) -> Written:
    """Write header, records and trailer to `out`; with `store`, the render files too."""
    out.write(format.line(head))
    digest = format.Digest(head)
    counts: Counter[str] = Counter()
    async for record in _records(db, scope, store):
        raw = format.line(record)
        out.write(raw)
        digest.update(raw)
        counts[record["kind"]] += 1
        if record["kind"] != "file_chunk":
            advance(record["kind"], 1)
    listed = {kind: counts[kind] for kind in format.RECORD_KINDS}
    out.write(format.line(format.trailer(listed, digest.value())))
    return Written(listed)


async def _records(
    db: Database, scope: Scope, store: FileStore | None
) -> AsyncIterator[dict[str, Any]]:
    """Every record in archive order, read a page at a time."""
    for kind in format.NODE_KINDS:
        async for record in _nodes(db, kind, scope):
            yield record
    for kind in format.EDGE_KINDS:
        async for record in _edges(db, kind, scope):
            yield record
    if store is not None:
        async for record in _files(db, scope, store):
            yield record


async def _nodes(db: Database, kind: str, scope: Scope) -> AsyncIterator[dict[str, Any]]:
    after = ""
    while True:
        page = await graph.node_page(db, kind, scope, after, PAGE)
        for row in page:
            yield format.node(kind, row["id"], row["container"], row["props"])
        if len(page) < PAGE:
            return
        after = page[-1]["id"]


async def _edges(db: Database, kind: str, scope: Scope) -> AsyncIterator[dict[str, Any]]:
    after = ""
    while True:
        page = await graph.edge_page(db, kind, scope, after, PAGE)
        for row in page:
            records = [_edge(kind, row["source"], e, scope) for e in row["edges"] if e]
            for record in sorted(records, key=format.sort_key):
                yield record
        if len(page) < PAGE:
            return
        after = page[-1]["source"]


def _edge(kind: str, source: str, found: dict[str, Any], scope: Scope) -> dict[str, Any]:
    if not scope.holds(found["to_space"]):
        raise ArchiveRefused(
            f"{kind} {source} -> {found['to']} leads out of the space exported (to space "
            f"{found['to_space']}); export every space (no --space) to keep it, and run "
            "`lineage audit`"
        )
    return format.edge(kind, source, found["to"], found["props"])


async def _files(db: Database, scope: Scope, store: FileStore) -> AsyncIterator[dict[str, Any]]:
    after = ""
    while True:
        page = await graph.render_file_page(db, scope, after, PAGE)
        for row in page:
            file = _render_file(row["key"], row["file"])
            yield {"kind": "file", **file, "chunks": -(-file["size"] // format.CHUNK_BYTES)}
            async for record in _chunks(store, file):
                yield record
        if len(page) < PAGE:
            return
        after = page[-1]["key"]


def _render_file(key: str, stored: str) -> dict[str, Any]:
    try:
        file = json.loads(stored)
        return {
            "key": key,
            "content_type": str(file["content_type"]),
            "size": int(file["size"]),
            "checksum": str(file["checksum"]),
        }
    except (TypeError, ValueError, KeyError) as exc:
        raise ArchiveRefused(
            f"the render that owns file {key} has a `file` that cannot be read ({exc}); "
            "run `lineage audit`, or export without --files"
        ) from None


async def _chunks(store: FileStore, file: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    """The file's bytes as file_chunk records of exactly CHUNK_BYTES (the last shorter),
    checked against the size and SHA-256 its render registered."""
    key, digest, size, index = file["key"], hashlib.sha256(), 0, 0
    buffer = b""
    try:
        async for piece in store.read_chunks(key):
            buffer += piece
            while len(buffer) >= format.CHUNK_BYTES:
                data, buffer = buffer[: format.CHUNK_BYTES], buffer[format.CHUNK_BYTES :]
                digest.update(data)
                size += len(data)
                yield _chunk(key, index, data)
                index += 1
    except FileRejected as exc:
        raise ArchiveRefused(
            f"file {key} could not be read from the store ({exc}); run `lineage files check`, "
            "or export without --files"
        ) from None
    if buffer:
        digest.update(buffer)
        size += len(buffer)
        yield _chunk(key, index, buffer)
    if size != file["size"] or digest.hexdigest() != file["checksum"]:
        raise ArchiveRefused(
            f"file {key} in the store ({size} bytes, SHA-256 {digest.hexdigest()}) is not the "
            f"one its render registered ({file['size']} bytes, SHA-256 {file['checksum']}); "
            "run `lineage files check`, or export without --files"
        )


def _chunk(key: str, index: int, data: bytes) -> dict[str, Any]:
    return {
        "kind": "file_chunk",
        "key": key,
        "index": index,
        "data": base64.b64encode(data).decode("ascii"),
    }
