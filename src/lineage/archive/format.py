"""The archive format (docs/interchange.md, "Archive"): a header line, one JSON record per
line in a fixed order, a trailer with the counts and a digest of the records.

Each line is canonical JSON (sorted keys, no whitespace), so the same graph always gives
the same bytes; only the header's `exported_at` says when it was written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from lineage.domain.hashing import canonical_json

FORMAT = "lineage-archive"
VERSION = 1
NODE_KINDS = ("user", "space", "project", "task", "asset")
EDGE_KINDS = ("member_of", "derives_from", "uses", "has_view")
FILE_KINDS = ("file", "file_chunk")
RECORD_KINDS = (*NODE_KINDS, *EDGE_KINDS, *FILE_KINDS)
CONTAINED_KINDS = ("project", "task", "asset")  # nodes that are IN a container
TRAILER = "trailer"
# Raw bytes per file_chunk line (64 KiB of base64).
CHUNK_BYTES = 48 * 1024
# Where a record comes: nodes before the edges between them, a file's chunks after it.
RANK = {kind: rank for rank, kind in enumerate((*NODE_KINDS, *EDGE_KINDS, "file"))}
RANK["file_chunk"] = RANK["file"]
DOCUMENTATION = "docs/interchange.md#archive"
NOT_DIGESTED = ("exported_at",)  # the one header field a round trip may change


class ArchiveRefused(Exception):
    """The archive cannot be written or read as it is; the message says why and what to do."""


def line(record: Mapping[str, Any]) -> bytes:
    """One archive line: the record's canonical JSON and a newline, UTF-8."""
    try:
        return (canonical_json(dict(record)) + "\n").encode("utf-8")
    except ValueError as exc:
        raise ArchiveRefused(f"{describe(record)} cannot be written as JSON: {exc}") from None


def header(
    scope: Mapping[str, Any], files: bool, schema_version: int, generator: str, exported_at: str
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "scope": dict(scope),
        "files": files,
        "schema_version": schema_version,
        "generator": generator,
        "documentation": DOCUMENTATION,
        "exported_at": exported_at,
    }


def trailer(counts: Mapping[str, int], digest: str) -> dict[str, Any]:
    return {"kind": TRAILER, "counts": dict(counts), "digest": digest}


def node(kind: str, id: str, container: str | None, props: Mapping[str, Any]) -> dict[str, Any]:
    """A node record; properties that are null are not stored by Neo4j, so not written."""
    record: dict[str, Any] = {"kind": kind, "id": id, "props": _stored(props, exclude="id")}
    if kind in CONTAINED_KINDS:
        record["container"] = container
    return record


def edge(kind: str, source: str, to: str, props: Mapping[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "from": source, "to": to, "props": _stored(props)}


def _stored(props: Mapping[str, Any], exclude: str = "") -> dict[str, Any]:
    return {key: value for key, value in props.items() if value is not None and key != exclude}


def sort_key(record: Mapping[str, Any]) -> tuple[Any, ...]:
    """Records are in this order: by kind (RANK), then by id, or by from/to/properties for
    edges, or by key (and chunk index) for files."""
    kind = record["kind"]
    if kind in NODE_KINDS:
        return (RANK[kind], record["id"])
    if kind in EDGE_KINDS:
        return (RANK[kind], record["from"], record["to"], canonical_json(record["props"]))
    return (RANK[kind], record["key"], record.get("index", -1))


def describe(record: Mapping[str, Any]) -> str:
    """A record as messages name it: `asset a_123`, `uses a_1 -> a_2`, `file renders/...`."""
    kind = record.get("kind", "record")
    if "id" in record:
        return f"{kind} {record['id']}"
    if "from" in record:
        return f"{kind} {record['from']} -> {record.get('to')}"
    return f"{kind} {record.get('key', '')}".strip()


class Digest:
    """SHA-256 over the header (without `exported_at`) and every record line after it, as
    written; the trailer carries it as `sha256:<hex>`."""

    def __init__(self, head: Mapping[str, Any]) -> None:
        self._hash = hashlib.sha256()
        kept = {key: value for key, value in head.items() if key not in NOT_DIGESTED}
        self._hash.update(line(kept))

    def update(self, raw_line: bytes) -> None:
        self._hash.update(raw_line)

    def value(self) -> str:
        return f"sha256:{self._hash.hexdigest()}"


def parse(number: int, raw_line: bytes) -> dict[str, Any]:
    """One line as a JSON object, or ArchiveRefused naming the line."""
    try:
        value = json.loads(raw_line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ArchiveRefused(f"line {number} is not JSON ({exc}); {EXPORT_AGAIN}") from None
    if not isinstance(value, dict):
        raise ArchiveRefused(f"line {number} is not a JSON object; {EXPORT_AGAIN}")
    return value


EXPORT_AGAIN = "the archive was damaged or changed after it was written: export it again"
