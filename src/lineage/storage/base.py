"""What every file store offers, the records it returns, and deletion after a commit."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.storage.keys import FileRules, check_container, validate_key

log = logging.getLogger("lineage.storage")


@dataclass(frozen=True)
class UploadTicket:
    """Where and how a client uploads one file: send the bytes with `method` to `url`,
    with exactly these `headers`, before `expires_at`; then register the render with `key`."""

    key: str
    url: str
    method: str
    headers: Mapping[str, str] = field(default_factory=dict)
    expires_at: datetime | None = None


@dataclass(frozen=True)
class StoredFile:
    """A verified file: what a render keeps as its `file` (see `to_dict`)."""

    key: str
    content_type: str
    size: int
    checksum: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ListedFile:
    """One stored file as a listing sees it (for garbage collection)."""

    key: str
    size: int
    modified_at: datetime


@runtime_checkable
class FileStore(Protocol):
    """Render files behind short-lived signed URLs; every method refuses unsafe keys.

    Refusals are `FileRejected` (lineage.domain.file_errors) with a `reason`; nothing is
    stored or changed by a refused call.
    """

    rules: FileRules

    async def create_upload(
        self, container_id: str, content_type: str, size: int, checksum: str
    ) -> UploadTicket:
        """A new key and a URL to upload exactly these bytes to; refuses disallowed types,
        sizes over the limit and malformed checksums (hex SHA-256)."""
        ...

    async def verify(
        self,
        key: str,
        content_type: str,
        size: int,
        checksum: str,
        *,
        container_id: str | None = None,
    ) -> StoredFile:
        """The stored file when it exists and has this type, size and SHA-256 (and, given a
        container id, was issued for that container); else FileRejected."""
        ...

    async def download_url(self, key: str) -> str:
        """A signed URL that serves the file until the download expiry."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""
        ...

    def list_keys(self) -> AsyncIterator[str]:
        """Every stored render file key (under `renders/`)."""
        ...

    def list_files(self) -> AsyncIterator[ListedFile]:
        """Every stored render file with its size and last change."""
        ...

    def read_chunks(self, key: str) -> AsyncIterator[bytes]:
        """The stored bytes of a file, in pieces (archives); `not_uploaded` when missing."""
        ...

    async def write_file(
        self, key: str, content_type: str, size: int, checksum: str, chunks: AsyncIterable[bytes]
    ) -> StoredFile:
        """Store these bytes under an existing key (restoring an archive); kept only when
        they have exactly this size and SHA-256, else FileRejected and nothing stored."""
        ...


class StoreBase:
    """Checks shared by the stores."""

    rules: FileRules

    async def list_keys(self) -> AsyncIterator[str]:
        async for listed in self.list_files():
            yield listed.key

    def list_files(self) -> AsyncIterator[ListedFile]:
        raise NotImplementedError

    def _checked(
        self,
        key: str,
        content_type: str,
        size: int,
        checksum: str,
        container_id: str | None,
    ) -> tuple[str, str, int, str]:
        """Key, type, size and checksum as declared at registration, checked."""
        key = validate_key(key)
        if container_id is not None:
            check_container(key, container_id)
        content_type, size, checksum = self.rules.check_declared(content_type, size, checksum, key)
        return key, content_type, size, checksum


def not_uploaded(key: str) -> FileRejected:
    return FileRejected(
        FileProblem.NOT_UPLOADED,
        "no file was uploaded with this key",
        "upload the file to the URL you were given (or request a new upload), then register",
        key=key,
    )


def size_mismatch(key: str, declared: int, stored: int) -> FileRejected:
    return FileRejected(
        FileProblem.SIZE_MISMATCH,
        f"the stored file has {stored} bytes, not the declared {declared}",
        "upload the file again and declare its exact size",
        key=key,
    )


def type_mismatch(key: str, declared: str, stored: str) -> FileRejected:
    return FileRejected(
        FileProblem.TYPE_MISMATCH,
        f"the file was uploaded as {stored}, not {declared}",
        "register it with the content type it was uploaded with",
        key=key,
    )


def checksum_mismatch(key: str, declared: str, stored: str) -> FileRejected:
    return FileRejected(
        FileProblem.CHECKSUM_MISMATCH,
        f"the stored bytes have SHA-256 {stored}, not the declared {declared}",
        "upload the file again and declare the SHA-256 of exactly those bytes",
        key=key,
    )


def too_large(key: str, size: int, limit: int) -> FileRejected:
    return FileRejected(
        FileProblem.TOO_LARGE,
        f"{size} bytes is over the limit of {limit} bytes",
        f"upload a file of at most {limit} bytes",
        key=key,
    )


def file_key(file: Mapping[str, Any] | None) -> str | None:
    """The key in a render's stored `file` object, if it has one."""
    if not file:
        return None
    key = file.get("key")
    return key if isinstance(key, str) and key else None


async def delete_files_after(store: FileStore, keys: Iterable[str | None]) -> list[str]:
    """Delete files whose renders are gone; call it only after the transaction that
    deleted the renders has committed (i.e. after `db.write(...)` returned), never inside
    the transaction function, which the driver may retry or roll back.

        deleted = await db.write(work)            # returns the deleted renders' file keys
        await delete_files_after(store, deleted)

    Every key is tried; failures are logged and returned (the files are then orphans that
    `lineage files gc` removes later), so the caller's answer does not depend on them.
    Returns the keys that could not be deleted."""
    failed: list[str] = []
    for key in dict.fromkeys(k for k in keys if k):
        try:
            await store.delete(key)
        except Exception:  # the database already committed; gc will retry
            log.exception("Could not delete file %r after its render was deleted", key)
            failed.append(key)
    return failed
