"""The local store: files under one folder, served by the app through HMAC-signed URLs.

    PUT /files/upload/{key}?size=..&type=..&sha256=..&expires=..&sig=..   (upload)
    GET /files/{key}?expires=..&sig=..                                    (download)

An upload is streamed to a temporary file beside the store, reading stops as soon as the
body exceeds the declared size (413), and the file is renamed into place only when its
size and SHA-256 are the declared ones. Expired or altered URLs get 403; every refusal is
a JSON body `{"code": "FILE_REJECTED", "message": ..., "details": {"reason": ...}}`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import secrets
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.storage.base import (
    ListedFile,
    StoreBase,
    StoredFile,
    UploadTicket,
    checksum_mismatch,
    not_uploaded,
    size_mismatch,
    type_mismatch,
)
from lineage.storage.keys import KEY_ROOT, FileRules, media_type, new_key, validate_key
from lineage.storage.signing import UrlSigner

log = logging.getLogger("lineage.storage")

ROUTE_PREFIX = "/files"
UPLOAD_PREFIX = f"{ROUTE_PREFIX}/upload"
TEMP_DIR_NAME = ".incoming"
CHUNK = 1024 * 1024

STATUS = {
    FileProblem.URL_EXPIRED: 403,
    FileProblem.URL_INVALID: 403,
    FileProblem.TOO_LARGE: 413,
    FileProblem.TYPE_NOT_ALLOWED: 415,
    FileProblem.TYPE_MISMATCH: 415,
    FileProblem.NOT_UPLOADED: 404,
}


class LocalFileStore(StoreBase):
    """Files under `root` (`<LINEAGE_DATA_DIR>/files`); URLs start with `base_url`."""

    def __init__(self, root: Path, signer: UrlSigner, rules: FileRules, base_url: str) -> None:
        self.root = root.resolve()
        self.signer = signer
        self.rules = rules
        self.base_url = base_url.rstrip("/")

    # -- the FileStore API -------------------------------------------------------------

    async def create_upload(
        self, container_id: str, content_type: str, size: int, checksum: str
    ) -> UploadTicket:
        content_type, size, checksum = self.rules.check_declared(content_type, size, checksum)
        key = new_key(container_id, content_type)
        expires = self.signer.expiry(self.rules.upload_expiry_s)
        fields = upload_fields(size, content_type, checksum)
        query = {
            "size": str(size),
            "type": content_type,
            "sha256": checksum,
            "expires": str(expires),
            "sig": self.signer.sign("PUT", key, expires, fields),
        }
        return UploadTicket(
            key=key,
            url=f"{self.base_url}{UPLOAD_PREFIX}/{quote(key)}?{urlencode(query)}",
            method="PUT",
            headers={"Content-Type": content_type},
            expires_at=datetime.fromtimestamp(expires, UTC),
        )

    async def verify(
        self,
        key: str,
        content_type: str,
        size: int,
        checksum: str,
        *,
        container_id: str | None = None,
    ) -> StoredFile:
        key, content_type, size, checksum = self._checked(
            key, content_type, size, checksum, container_id
        )
        path = self.path(key)
        stored_type = self.rules.content_type_for(key)
        if stored_type != content_type:
            raise type_mismatch(key, content_type, stored_type)
        try:
            stored_size, digest = await asyncio.to_thread(_size_and_digest, path)
        except FileNotFoundError:
            raise not_uploaded(key) from None
        if stored_size != size:
            raise size_mismatch(key, size, stored_size)
        if digest != checksum:
            raise checksum_mismatch(key, checksum, digest)
        return StoredFile(key=key, content_type=content_type, size=size, checksum=checksum)

    async def download_url(self, key: str) -> str:
        key = validate_key(key)
        expires = self.signer.expiry(self.rules.download_expiry_s)
        query = {"expires": str(expires), "sig": self.signer.sign("GET", key, expires)}
        return f"{self.base_url}{ROUTE_PREFIX}/{quote(key)}?{urlencode(query)}"

    async def delete(self, key: str) -> None:
        path = self.path(key)
        await asyncio.to_thread(self._remove, path)

    async def list_files(self) -> AsyncIterator[ListedFile]:
        for listed in await asyncio.to_thread(lambda: list(self._walk())):
            yield listed

    async def read_chunks(self, key: str) -> AsyncIterator[bytes]:
        path = self.path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except FileNotFoundError:
            raise not_uploaded(key) from None
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK):
                yield chunk
        finally:
            handle.close()

    async def write_file(
        self, key: str, content_type: str, size: int, checksum: str, chunks: AsyncIterable[bytes]
    ) -> StoredFile:
        key, content_type, size, checksum = self._checked(key, content_type, size, checksum, None)
        return await self._store(key, size, content_type, checksum, chunks)

    # -- paths ---------------------------------------------------------------------------

    def path(self, key: str) -> Path:
        """The file of a key; refuses keys (or symbolic links) that lead out of the root."""
        key = validate_key(key)
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root / KEY_ROOT.rstrip("/")):
            raise FileRejected(
                FileProblem.INVALID_KEY,
                "the key leads outside the file store",
                "use the key returned when the upload was requested",
                key=key,
            )
        return path

    def _remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        top = self.root / KEY_ROOT.rstrip("/")
        parent = path.parent
        while parent != top and parent.is_relative_to(top):  # drop emptied container folders
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def _walk(self) -> Iterator[ListedFile]:
        top = self.root / KEY_ROOT.rstrip("/")
        for folder, _dirs, names in os.walk(top):
            for name in names:
                path = Path(folder, name)
                key = path.relative_to(self.root).as_posix()
                try:
                    validate_key(key)
                    info = path.stat()
                except (FileRejected, FileNotFoundError):
                    continue  # not a file this service stored, or gone meanwhile
                modified = datetime.fromtimestamp(info.st_mtime, UTC)
                yield ListedFile(key=key, size=info.st_size, modified_at=modified)

    # -- receiving an upload -----------------------------------------------------------

    async def receive(
        self, key: str, size: int, content_type: str, checksum: str, request: Request
    ) -> StoredFile:
        """Stream the body to a temporary file; keep it only if it is exactly as declared."""
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > size:
            raise _body_too_large(key, size)
        return await self._store(key, size, content_type, checksum, request.stream())

    async def _store(
        self, key: str, size: int, content_type: str, checksum: str, chunks: AsyncIterable[bytes]
    ) -> StoredFile:
        path = self.path(key)
        temporary = await asyncio.to_thread(self._temporary_file)
        digest = hashlib.sha256()
        received = 0
        try:
            with temporary.open("wb") as handle:
                async for chunk in chunks:
                    received += len(chunk)
                    if received > size:
                        raise _body_too_large(key, size)
                    digest.update(chunk)
                    await asyncio.to_thread(_write, handle, chunk)
            if received != size:
                raise size_mismatch(key, size, received)
            if digest.hexdigest() != checksum:
                raise checksum_mismatch(key, checksum, digest.hexdigest())
            await asyncio.to_thread(_place, temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        return StoredFile(key=key, content_type=content_type, size=size, checksum=checksum)

    def _temporary_file(self) -> Path:
        folder = self.root / TEMP_DIR_NAME
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{secrets.token_hex(16)}.part"


def upload_fields(size: int, content_type: str, checksum: str) -> tuple[str, str, str]:
    """What an upload signature covers besides method, key and expiry."""
    return (str(size), content_type, checksum)


def _size_and_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()


def _write(handle: BinaryIO, chunk: bytes) -> None:
    handle.write(chunk)


def _place(temporary: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temporary, path)


def _body_too_large(key: str, size: int) -> FileRejected:
    return FileRejected(
        FileProblem.TOO_LARGE,
        f"the body is longer than the declared {size} bytes",
        "send exactly the bytes whose size was declared when the upload was requested",
        key=key,
    )


def _refusal(error: FileRejected, status: int | None = None) -> JSONResponse:
    return JSONResponse(
        error.to_dict(),
        status_code=status or STATUS.get(error.reason, 400),
        headers={"Cache-Control": "no-store"},
    )


def file_routes(store: LocalFileStore) -> list[Route]:
    """The upload and download routes of `store`, for the app's route list."""

    async def upload(request: Request) -> Response:
        try:
            key = validate_key(request.path_params["key"])
            params = request.query_params
            size_text = params.get("size", "")
            content_type = params.get("type", "")
            checksum = params.get("sha256", "")
            store.signer.check(
                "PUT",
                key,
                params.get("expires"),
                params.get("sig"),
                (size_text, content_type, checksum),
            )
            # Settings may have changed since the URL was signed: apply today's rules.
            _, size, _ = store.rules.check_declared(
                content_type, int(size_text) if size_text.isdigit() else -1, checksum, key=key
            )
            sent_type = media_type(request.headers.get("content-type", ""))
            if sent_type != content_type:
                raise FileRejected(
                    FileProblem.TYPE_MISMATCH,
                    f"the request's Content-Type is {sent_type or 'missing'!r}, "
                    f"not the declared {content_type!r}",
                    f"send the header Content-Type: {content_type}",
                    key=key,
                )
            stored = await store.receive(key, size, content_type, checksum, request)
        except FileRejected as error:  # a body too large is not read to its end
            return _refusal(error)
        return JSONResponse(stored.to_dict(), status_code=201)

    async def download(request: Request) -> Response:
        try:
            key = validate_key(request.path_params["key"])
            params = request.query_params
            store.signer.check("GET", key, params.get("expires"), params.get("sig"))
            path = store.path(key)
        except FileRejected as error:
            return _refusal(error)
        if not await asyncio.to_thread(path.is_file):
            return _refusal(not_uploaded(key))
        remaining = max(0, int(params["expires"]) - int(store.signer.clock()))
        return FileResponse(
            path,
            media_type=store.rules.content_type_for(key),
            headers={
                "Cache-Control": f"private, max-age={remaining}",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox",
            },
        )

    return [
        Route(UPLOAD_PREFIX + "/{key:path}", upload, methods=["PUT"]),
        Route(ROUTE_PREFIX + "/{key:path}", download, methods=["GET", "HEAD"]),
    ]
