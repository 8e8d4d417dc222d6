"""Reading an archive back: its lines one at a time, and the check of all of it (header,
order, content hashes, file checksums, trailer counts and digest) before anything is
written. Nothing here holds more than one record, one file's chunk and the ids seen."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lineage.archive import format
from lineage.archive.format import EXPORT_AGAIN, ArchiveRefused, describe
from lineage.domain.hashing import content_hash
from lineage.graph.codec import asset_from_node

Seen = Callable[[int], None]  # bytes read so far


@dataclass(frozen=True)
class Line:
    number: int
    raw: bytes
    record: dict[str, Any]


def lines(path: Path, seen: Seen = lambda n: None) -> Iterator[Line]:
    """Every line of the archive after the header, parsed (the trailer included)."""
    with path.open("rb") as handle:
        handle.readline()
        for number, raw in enumerate(handle, start=2):
            seen(len(raw))
            yield Line(number, raw, format.parse(number, raw))


def records(path: Path, seen: Seen = lambda n: None) -> Iterator[dict[str, Any]]:
    """The records of a verified archive, in order (no header, no trailer)."""
    for item in lines(path, seen):
        if item.record.get("kind") != format.TRAILER:
            yield item.record


def read_header(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except OSError as exc:
        raise ArchiveRefused(f"{path} cannot be read: {exc.strerror or exc}") from None
    if not first:
        raise ArchiveRefused(f"{path} is empty: it holds no archive")
    head = format.parse(1, first)
    if head.get("format") != format.FORMAT:
        raise ArchiveRefused(
            f"{path} is not a lineage archive (its first line has format "
            f"{head.get('format')!r}, not {format.FORMAT!r}); write one with `lineage export`"
        )
    version = head.get("version")
    if version != format.VERSION:
        raise ArchiveRefused(
            f"{path} is a lineage archive of version {version!r}; this lineage reads version "
            f"{format.VERSION} only: import it with the lineage release that wrote it "
            f"({head.get('generator', 'unknown')}), or a later one that reads it"
        )
    if not isinstance(head.get("schema_version"), int) or not isinstance(head.get("files"), bool):
        raise ArchiveRefused(f"{path}: the header lacks schema_version or files; {EXPORT_AGAIN}")
    return head


@dataclass
class Verified:
    """A checked archive: its header and how many records of each kind it holds."""

    header: dict[str, Any]
    counts: dict[str, int]
    file_keys: set[str] = field(default_factory=set)


def verify(path: Path, seen: Seen = lambda n: None) -> Verified:
    """The whole archive checked, or ArchiveRefused with the first problem found."""
    head = read_header(path)
    check = _Check(head)
    trailer: Line | None = None
    for item in lines(path, seen):
        if trailer is not None:
            raise ArchiveRefused(f"line {item.number} comes after the trailer; {EXPORT_AGAIN}")
        if item.record.get("kind") == format.TRAILER:
            trailer = item
        else:
            check.record(item)
    if trailer is None:
        raise ArchiveRefused(
            f"{path} ends without its trailer line: it is truncated (an export that did not "
            "finish, or a partial copy); export it again"
        )
    check.finish(trailer)
    return Verified(head, dict(check.counts), check.file_keys)


class _Check:
    """The checks of one pass over the records."""

    def __init__(self, head: dict[str, Any]) -> None:
        self.digest = format.Digest(head)
        self.carries_files = head["files"]
        self.counts: Counter[str] = Counter({kind: 0 for kind in format.RECORD_KINDS})
        self.previous: tuple[Any, ...] | None = None
        self.ids: dict[str, set[str]] = {kind: set() for kind in format.NODE_KINDS}
        self.owned_files: dict[str, dict[str, Any]] = {}  # key -> file of the owning render
        self.file_keys: set[str] = set()
        self.file: _FileCheck | None = None

    def record(self, item: Line) -> None:
        record, kind = item.record, item.record.get("kind")
        if kind not in format.RECORD_KINDS:
            raise _bad(item, f"has the unknown kind {kind!r}")
        try:
            key = format.sort_key(record)[: 3 if kind in format.EDGE_KINDS else None]
        except (KeyError, TypeError):
            raise _bad(item, f"is a {kind} record without its fields") from None
        try:
            in_order = self.previous is None or key > self.previous
        except TypeError:
            raise _bad(item, "has an id or key that is not text") from None
        if not in_order:
            raise _bad(
                item,
                "is out of order or repeated (records are sorted by kind, then id; one edge "
                "of a kind per pair)",
            )
        self.previous = key
        if kind in format.NODE_KINDS:
            self._node(item)
        elif kind in format.EDGE_KINDS:
            self._edge(item)
        else:
            self._file_record(item)
        self.digest.update(item.raw)
        self.counts[kind] += 1

    def _node(self, item: Line) -> None:
        record = item.record
        if not isinstance(record["id"], str) or not isinstance(record.get("props"), dict):
            raise _bad(item, "needs a string id and a props object")
        if record["kind"] in format.CONTAINED_KINDS and not isinstance(
            record.get("container"), str
        ):
            raise _bad(item, "needs the id of the container it is in")
        if record["kind"] == "asset":
            self._asset(item)
        self.ids[record["kind"]].add(record["id"])

    def _asset(self, item: Line) -> None:
        props = item.record["props"]
        try:
            asset = asset_from_node({**props, "id": item.record["id"]})
            recomputed = asset.with_content_hash().content_hash
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad(item, f"is not an asset as the service stores one ({exc})") from None
        _check_hash(item, "its content", recomputed)
        key = props.get("file_key")
        if isinstance(key, str) and asset.file is not None:
            self.owned_files[key] = asset.file

    def _edge(self, item: Line) -> None:
        record = item.record
        source_kind, target_kind = ("user", "space") if record["kind"] == "member_of" else (
            "asset", "asset")  # fmt: skip
        if not isinstance(record.get("props"), dict):
            raise _bad(item, "needs a props object")
        for end, kind in (("from", source_kind), ("to", target_kind)):
            if record[end] not in self.ids[kind]:
                raise _bad(item, f"refers to {kind} {record[end]}, which the archive does not hold")
        if record["kind"] == "uses":
            self._snapshot(item)

    def _snapshot(self, item: Line) -> None:
        props = item.record["props"]
        try:
            recomputed = content_hash(json.loads(props["snapshot"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad(item, f"has no readable input snapshot ({exc})") from None
        _check_hash(item, "its snapshot", recomputed)

    def _file_record(self, item: Line) -> None:
        if not self.carries_files:
            raise _bad(item, "is a file, but the header says the archive carries none")
        if item.record["kind"] == "file":
            self._close_file()
            self.file = _FileCheck.start(item, self.owned_files)
            self.file_keys.add(item.record["key"])
        elif self.file is None or self.file.key != item.record["key"]:
            raise _bad(item, "is a chunk of a file whose record does not come before it")
        else:
            self.file.add(item)

    def _close_file(self) -> None:
        if self.file is not None:
            self.file.finish()
            self.file = None

    def finish(self, trailer: Line) -> None:
        self._close_file()
        if self.carries_files:
            missing = sorted(set(self.owned_files) - self.file_keys)
            if missing:
                raise ArchiveRefused(
                    f"the archive says it carries the render files but lacks {missing[0]} "
                    f"(and {len(missing) - 1} more); {EXPORT_AGAIN}"
                )
        expected = trailer.record.get("counts")
        if expected != dict(self.counts):
            raise ArchiveRefused(
                f"the trailer counts {expected} records, but the archive holds "
                f"{dict(self.counts)}; {EXPORT_AGAIN}"
            )
        if trailer.record.get("digest") != self.digest.value():
            raise ArchiveRefused(
                f"the records' digest is {self.digest.value()}, not the trailer's "
                f"{trailer.record.get('digest')}; {EXPORT_AGAIN}"
            )


@dataclass
class _FileCheck:
    """One file's chunks as they come: in sequence, and the bytes its render registered."""

    item: Line
    key: str
    size: int
    checksum: str
    chunks: int
    received: int = 0
    next_index: int = 0
    digest: Any = field(default_factory=hashlib.sha256)

    @classmethod
    def start(cls, item: Line, owned: dict[str, dict[str, Any]]) -> _FileCheck:
        record = item.record
        registered = owned.get(record["key"])
        if registered is None:
            raise _bad(item, "is a file no render in the archive owns (file_key)")
        fields = ("content_type", "size", "checksum")
        if any(record.get(name) != registered.get(name) for name in fields):
            raise _bad(item, "differs from the file its render registered")
        if not isinstance(record.get("chunks"), int):
            raise _bad(item, "needs its number of chunks")
        return cls(item, record["key"], record["size"], record["checksum"], record["chunks"])

    def add(self, item: Line) -> None:
        if item.record.get("index") != self.next_index:
            raise _bad(item, f"is chunk {item.record.get('index')}, not {self.next_index}")
        try:
            data = base64.b64decode(item.record["data"], validate=True)
        except (KeyError, TypeError, binascii.Error):
            raise _bad(item, "holds no valid base64 data") from None
        self.digest.update(data)
        self.received += len(data)
        self.next_index += 1

    def finish(self) -> None:
        if self.next_index != self.chunks or self.received != self.size:
            raise _bad(
                self.item,
                f"has {self.next_index} chunks of {self.received} bytes, not {self.chunks} "
                f"of {self.size}",
            )
        if self.digest.hexdigest() != self.checksum:
            raise _bad(self.item, f"has bytes whose SHA-256 is {self.digest.hexdigest()}")


def _check_hash(item: Line, what: str, recomputed: str) -> None:
    """The content_hash a record carries is the one its content (or snapshot) hashes to."""
    stored = item.record["props"].get("content_hash")
    if recomputed != stored:
        raise _bad(item, f"has the content_hash {stored!r}, but {what} hashes to {recomputed!r}")


def _bad(item: Line, problem: str) -> ArchiveRefused:
    return ArchiveRefused(f"line {item.number} ({describe(item.record)}) {problem}; {EXPORT_AGAIN}")
