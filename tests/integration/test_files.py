"""Render files through both stores, over real HTTP with the signed URLs.

The local store is served by a real uvicorn; the S3 store talks to `moto_server`, started
here as its own process (or to the S3-compatible server named by
LINEAGE_TEST_S3_ENDPOINT_URL, e.g. the compose MinIO, with its bucket in
LINEAGE_TEST_S3_BUCKET and credentials in the usual AWS_* variables). The bytes always go
through httpx with the URLs the store signed; boto3 only creates the bucket.

moto checks neither presigned signatures nor the signed headers, so against it the
tests that need the server to refuse a URL are skipped; the registration checks
(`verify`) still refuse what was uploaded wrongly, which is what every test asserts.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import boto3
import httpx
import pytest
import pytest_asyncio
import uvicorn
from botocore.config import Config
from starlette.applications import Starlette

from lineage import cypher
from lineage.app import create_app
from lineage.config import Settings
from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.files_gc import MissingFile, check_files, collect_garbage
from lineage.graph.database import Database
from lineage.graph.files import file_references, referenced_file_keys
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget
from lineage.storage import (
    FileRules,
    FileStore,
    LocalFileStore,
    S3FileStore,
    UploadTicket,
    UrlSigner,
    delete_files_after,
    file_routes,
    make_store,
)

START_CEILING_S = 30.0
MAX_BYTES = 256 * 1024
TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif")
RULES = FileRules(allowed_types=TYPES, max_bytes=MAX_BYTES, upload_expiry_s=60)
SHORT = FileRules(allowed_types=TYPES, max_bytes=MAX_BYTES, upload_expiry_s=1, download_expiry_s=1)
REGION = "us-east-1"
TRAVERSALS = [
    "../x",
    "/etc/passwd",
    "a/../../b",
    "renders/../../etc/passwd",
    "renders/c/../../../etc/passwd",
    "renders\\c\\x.png",
    "renders/c/%2e%2e/x.png",
    "renders//x.png",
    "renders/./x.png",
    "renders/c/.hidden",
    "",
]


def png(size: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(size - 8)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def container() -> str:
    return f"p_{uuid.uuid4().hex[:16]}"


@dataclass
class Backend:
    """A store, the same storage behind one-second URLs, and what its server enforces."""

    name: str
    store: FileStore
    short_lived: FileStore
    # The server refuses expired or altered URLs and bodies other than the signed ones.
    enforces_signatures: bool
    # The upload endpoint itself refuses bytes whose size or SHA-256 differ (local store).
    checks_bytes: bool


# -- servers ---------------------------------------------------------------------------


def wait_until(ready: Any, what: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + START_CEILING_S
    while not ready():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} not ready after {START_CEILING_S} s")
        time.sleep(0.1)


@contextmanager
def serve(app: Starlette, port: int | None = None) -> Iterator[str]:
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started, "uvicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def moto_command(port: int) -> list[str]:
    beside = Path(sys.executable).with_name("moto_server")
    script = str(beside) if beside.exists() else shutil.which("moto_server")
    if script is None:
        pytest.skip("moto_server is not installed (pip install -e '.[dev]')")
    return [script, "-H", "127.0.0.1", "-p", str(port)]


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code < 500
    except httpx.TransportError:
        return False


@dataclass
class S3Server:
    endpoint_url: str
    bucket: str
    enforces_signatures: bool
    credentials: dict[str, str]

    def client(self) -> Any:
        return boto3.session.Session(**self.credentials).client(
            "s3",
            region_name=REGION,
            endpoint_url=self.endpoint_url,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    external = os.environ.get("LINEAGE_TEST_S3_ENDPOINT_URL")
    if external:
        bucket = os.environ.get("LINEAGE_TEST_S3_BUCKET", "lineage-test-renders")
        server = S3Server(external, bucket, enforces_signatures=True, credentials={})
        client = server.client()
        if bucket not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
            client.create_bucket(Bucket=bucket)
        yield server
        return
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(moto_command(port), stdout=log, stderr=subprocess.STDOUT)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(f"{endpoint}/moto-api/"), "moto_server", process)
        credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        server = S3Server(endpoint, "lineage-renders", False, credentials)
        server.client().create_bucket(Bucket=server.bucket)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@dataclass
class LocalServer:
    root: Path
    base_url: str
    store: LocalFileStore
    short_lived: LocalFileStore


@pytest.fixture(scope="session")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    root = tmp_path_factory.mktemp("files") / "files"
    signer = UrlSigner(secrets.token_bytes(32))
    placeholder = "http://placeholder"
    store = LocalFileStore(root, signer, RULES, placeholder)
    short_lived = LocalFileStore(root, signer, SHORT, placeholder)
    with serve(Starlette(routes=file_routes(store))) as base_url:
        store.base_url = short_lived.base_url = base_url
        yield LocalServer(root, base_url, store, short_lived)


@pytest.fixture(params=["local", "s3"])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "local":
        local: LocalServer = request.getfixturevalue("local_server")
        return Backend("local", local.store, local.short_lived, True, True)
    s3: S3Server = request.getfixturevalue("s3_server")
    client = s3.client()
    prefix = f"t-{uuid.uuid4().hex[:8]}"  # each test sees only its own objects
    return Backend(
        "s3",
        S3FileStore(client, s3.bucket, RULES, prefix),
        S3FileStore(client, s3.bucket, SHORT, prefix),
        s3.enforces_signatures,
        False,
    )


@pytest_asyncio.fixture(loop_scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


# -- helpers ---------------------------------------------------------------------------


async def chunks(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def send(
    http: httpx.AsyncClient,
    ticket: UploadTicket,
    body: bytes | AsyncIterator[bytes],
    drop: tuple[str, ...] = (),
    url: str | None = None,
    **headers: str,
) -> httpx.Response:
    """PUT `body` to the ticket's URL with its headers (less `drop`, plus `headers`)."""
    sent = {k: v for k, v in ticket.headers.items() if k.lower() not in drop}
    sent.update({k.replace("_", "-"): v for k, v in headers.items()})
    return await http.request(ticket.method, url or ticket.url, content=body, headers=sent)


async def upload(http: httpx.AsyncClient, store: FileStore, data: bytes) -> UploadTicket:
    ticket = await store.create_upload(container(), "image/png", len(data), sha256(data))
    response = await send(http, ticket, data)
    assert response.is_success, response.text
    return ticket


def tampered(url: str) -> str:
    """The URL with the last character of its signature changed."""
    parts = urlsplit(url)
    query = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name in ("sig", "X-Amz-Signature", "Signature"):
            value = value[:-1] + ("0" if value[-1] != "0" else "1")
        query.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True)) | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


async def refused(store: FileStore, key: str, data: bytes, **declared: Any) -> FileProblem:
    args = {"content_type": "image/png", "size": len(data), "checksum": sha256(data)}
    with pytest.raises(FileRejected) as caught:
        await store.verify(key, **(args | declared))
    assert caught.value.code == "FILE_REJECTED"
    assert caught.value.remedy, "a refusal says what to do"
    return caught.value.reason


def needs_enforcing_server(backend: Backend) -> None:
    if not backend.enforces_signatures:
        pytest.skip(f"the {backend.name} test server does not check presigned URLs (moto)")


# -- the happy path --------------------------------------------------------------------


async def test_upload_verify_download_round_trip(backend: Backend, http: httpx.AsyncClient) -> None:
    data = png(10_000)
    owner = container()
    ticket = await backend.store.create_upload(owner, "image/png", len(data), sha256(data))
    assert ticket.key.startswith(f"renders/{owner}/") and ticket.key.endswith(".png")
    assert ticket.method == "PUT"
    assert ticket.expires_at is not None and ticket.expires_at > datetime.now(UTC)

    response = await send(http, ticket, data)
    assert response.is_success, response.text

    stored = await backend.store.verify(
        ticket.key, "image/png", len(data), sha256(data), container_id=owner
    )
    assert stored.to_dict() == {
        "key": ticket.key,
        "content_type": "image/png",
        "size": len(data),
        "checksum": sha256(data),
    }

    download = await http.get(await backend.store.download_url(ticket.key))
    assert download.status_code == 200, download.text
    assert download.content == data
    assert download.headers["content-type"] == "image/png"


async def test_every_allowed_type_round_trips(backend: Backend, http: httpx.AsyncClient) -> None:
    for content_type in TYPES:
        data = secrets.token_bytes(300)
        ticket = await backend.store.create_upload(
            container(), content_type, len(data), sha256(data)
        )
        assert (await send(http, ticket, data)).is_success
        stored = await backend.store.verify(ticket.key, content_type, len(data), sha256(data))
        assert stored.content_type == content_type
        download = await http.get(await backend.store.download_url(ticket.key))
        assert download.headers["content-type"] == content_type
        assert download.content == data


async def test_list_and_delete(backend: Backend, http: httpx.AsyncClient) -> None:
    ticket = await upload(http, backend.store, png(500))
    assert ticket.key in [key async for key in backend.store.list_keys()]
    await backend.store.delete(ticket.key)
    await backend.store.delete(ticket.key)  # deleting again is no error
    assert ticket.key not in [key async for key in backend.store.list_keys()]
    assert await refused(backend.store, ticket.key, png(500)) == FileProblem.NOT_UPLOADED


async def test_write_file_and_read_chunks_round_trip(backend: Backend) -> None:
    """What archives use: bytes stored under a key without an upload, and read back."""
    data = png(MAX_BYTES - 7)
    key = f"renders/{container()}/{uuid.uuid4().hex}.png"

    async def pieces() -> AsyncIterator[bytes]:
        for start in range(0, len(data), 50_000):
            yield data[start : start + 50_000]

    await backend.store.write_file(key, "image/png", len(data), sha256(data), pieces())
    assert await backend.store.verify(key, "image/png", len(data), sha256(data))
    assert b"".join([chunk async for chunk in backend.store.read_chunks(key)]) == data
    other = f"renders/{container()}/{uuid.uuid4().hex}.png"
    with pytest.raises(FileRejected) as wrong:
        await backend.store.write_file(other, "image/png", len(data), "0" * 64, pieces())
    assert wrong.value.reason == FileProblem.CHECKSUM_MISMATCH
    assert other not in [k async for k in backend.store.list_keys()]
    with pytest.raises(FileRejected) as missing:
        [chunk async for chunk in backend.store.read_chunks(other)]
    assert missing.value.reason == FileProblem.NOT_UPLOADED


# -- refusals --------------------------------------------------------------------------


async def test_a_key_never_uploaded_is_refused(backend: Backend) -> None:
    data = png(100)
    ticket = await backend.store.create_upload(container(), "image/png", 100, sha256(data))
    assert await refused(backend.store, ticket.key, data) == FileProblem.NOT_UPLOADED
    made_up = f"renders/{container()}/{uuid.uuid4().hex}.png"
    assert await refused(backend.store, made_up, data) == FileProblem.NOT_UPLOADED


async def test_an_expired_upload_url_is_refused(backend: Backend, http: httpx.AsyncClient) -> None:
    needs_enforcing_server(backend)
    data = png(100)
    ticket = await backend.short_lived.create_upload(container(), "image/png", 100, sha256(data))
    await asyncio.sleep(2.2)
    response = await send(http, ticket, data)
    assert response.status_code == 403, response.text
    if backend.name == "local":
        assert response.json()["details"]["reason"] == "URL_EXPIRED"
        assert "expired" in response.json()["message"]
    assert await refused(backend.store, ticket.key, data) == FileProblem.NOT_UPLOADED


async def test_an_expired_download_url_is_refused(
    backend: Backend, http: httpx.AsyncClient
) -> None:
    needs_enforcing_server(backend)
    ticket = await upload(http, backend.store, png(100))
    url = await backend.short_lived.download_url(ticket.key)
    await asyncio.sleep(2.2)
    response = await http.get(url)
    assert response.status_code == 403, response.text
    assert not response.content.startswith(b"\x89PNG")


async def test_a_tampered_signature_is_refused(backend: Backend, http: httpx.AsyncClient) -> None:
    needs_enforcing_server(backend)
    data = png(100)
    ticket = await backend.store.create_upload(container(), "image/png", 100, sha256(data))
    response = await send(http, ticket, data, url=tampered(ticket.url))
    assert response.status_code == 403, response.text
    assert await refused(backend.store, ticket.key, data) == FileProblem.NOT_UPLOADED

    stored = await upload(http, backend.store, data)
    response = await http.get(tampered(await backend.store.download_url(stored.key)))
    assert response.status_code == 403, response.text
    assert response.content != data


async def test_signed_fields_cannot_be_changed(backend: Backend, http: httpx.AsyncClient) -> None:
    """Declaring a bigger size, another type or a later expiry breaks the signature."""
    needs_enforcing_server(backend)
    data = png(100)
    ticket = await backend.store.create_upload(container(), "image/png", 100, sha256(data))
    if backend.name == "local":
        later = str(int(time.time()) + 10**6)
        for change in ({"size": "200"}, {"type": "image/gif"}, {"expires": later}):
            response = await send(http, ticket, data, url=with_query(ticket.url, **change))
            assert response.status_code == 403, (change, response.text)
    else:
        response = await send(
            http, ticket, data, url=with_query(ticket.url, **{"X-Amz-Expires": "604800"})
        )
        assert response.status_code == 403, response.text
    assert await refused(backend.store, ticket.key, data) == FileProblem.NOT_UPLOADED


async def test_a_wrong_checksum_is_refused(backend: Backend, http: httpx.AsyncClient) -> None:
    declared, sent = png(2000), png(2000)
    ticket = await backend.store.create_upload(
        container(), "image/png", len(declared), sha256(declared)
    )
    response = await send(http, ticket, sent)
    if backend.checks_bytes or backend.enforces_signatures:
        assert response.status_code in (400, 403), response.text
    if backend.checks_bytes:
        assert response.json()["details"]["reason"] == "CHECKSUM_MISMATCH"
    reason = await refused(backend.store, ticket.key, declared)
    assert reason in (FileProblem.CHECKSUM_MISMATCH, FileProblem.NOT_UPLOADED)

    # Uploaded as declared, but registered with another checksum.
    good = await upload(http, backend.store, sent)
    reason = await refused(backend.store, good.key, sent, checksum=sha256(declared))
    assert reason == FileProblem.CHECKSUM_MISMATCH


async def test_a_wrong_size_is_refused(backend: Backend, http: httpx.AsyncClient) -> None:
    data = png(1000)
    ticket = await backend.store.create_upload(container(), "image/png", 1001, sha256(data))
    response = await send(http, ticket, data, drop=("content-length",))
    if backend.checks_bytes or backend.enforces_signatures:
        assert response.status_code in (400, 403), response.text
    if backend.checks_bytes:
        assert response.json()["details"]["reason"] == "SIZE_MISMATCH"
    reason = await refused(backend.store, ticket.key, data, size=1001)
    assert reason in (FileProblem.SIZE_MISMATCH, FileProblem.NOT_UPLOADED)

    good = await upload(http, backend.store, data)
    assert await refused(backend.store, good.key, data, size=999) == FileProblem.SIZE_MISMATCH


async def test_a_disallowed_type_is_refused(backend: Backend, http: httpx.AsyncClient) -> None:
    data = png(100)
    for content_type in ("text/html", "application/octet-stream", "image/svg+xml", ""):
        with pytest.raises(FileRejected) as caught:
            await backend.store.create_upload(container(), content_type, 100, sha256(data))
        assert caught.value.reason == FileProblem.TYPE_NOT_ALLOWED
        assert "image/png" in caught.value.message  # names what is accepted

    good = await upload(http, backend.store, data)
    reason = await refused(backend.store, good.key, data, content_type="text/html")
    assert reason == FileProblem.TYPE_NOT_ALLOWED
    reason = await refused(backend.store, good.key, data, content_type="image/jpeg")
    assert reason == FileProblem.TYPE_MISMATCH

    # Sending the bytes as another type than declared.
    ticket = await backend.store.create_upload(container(), "image/png", 100, sha256(data))
    response = await send(http, ticket, data, Content_Type="text/html")
    if backend.checks_bytes:
        assert response.status_code == 415, response.text
    elif backend.enforces_signatures:
        assert response.status_code == 403, response.text
    reason = await refused(backend.store, ticket.key, data)
    assert reason in (FileProblem.TYPE_MISMATCH, FileProblem.NOT_UPLOADED)


async def test_an_oversize_file_is_refused(backend: Backend, http: httpx.AsyncClient) -> None:
    big = png(MAX_BYTES + 1)
    with pytest.raises(FileRejected) as caught:
        await backend.store.create_upload(container(), "image/png", len(big), sha256(big))
    assert caught.value.reason == FileProblem.TOO_LARGE
    assert str(MAX_BYTES) in caught.value.message

    # A small declaration, then a body far over it, with its length announced or streamed
    # (chunked): the local store refuses at once or stops reading.
    small = png(1000)
    for streamed in (False, True):
        ticket = await backend.store.create_upload(
            container(), "image/png", len(small), sha256(small)
        )
        body = chunks(png(4 * MAX_BYTES)) if streamed else png(4 * MAX_BYTES)
        try:
            response: httpx.Response | None = await send(
                http, ticket, body, drop=("content-length",)
            )
        except httpx.TransportError:
            response = None  # the server dropped the connection: refused too
        if backend.checks_bytes:
            assert response is not None and response.status_code == 413
            assert response.json()["details"]["reason"] == "TOO_LARGE"
        elif backend.enforces_signatures:
            assert response is None or response.status_code in (400, 403), response.text
        reason = await refused(backend.store, ticket.key, small)
        assert reason in (
            FileProblem.TOO_LARGE,
            FileProblem.SIZE_MISMATCH,
            FileProblem.NOT_UPLOADED,
        )


@pytest.mark.parametrize("key", TRAVERSALS)
async def test_keys_that_could_escape_are_refused(backend: Backend, key: str) -> None:
    data = png(100)
    assert await refused(backend.store, key, data) == FileProblem.INVALID_KEY
    for call in (backend.store.download_url(key), backend.store.delete(key)):
        with pytest.raises(FileRejected) as caught:
            await call
        assert caught.value.reason == FileProblem.INVALID_KEY


async def test_a_key_of_another_container_is_refused(
    backend: Backend, http: httpx.AsyncClient
) -> None:
    data = png(100)
    ticket = await upload(http, backend.store, data)
    with pytest.raises(FileRejected) as caught:
        await backend.store.verify(
            ticket.key, "image/png", 100, sha256(data), container_id=container()
        )
    assert caught.value.reason == FileProblem.WRONG_CONTAINER


# -- the local store's HTTP routes -------------------------------------------------------

RAW_TRAVERSALS = [
    "/files/../secret.txt",
    "/files/renders/../../secret.txt",
    "/files/renders/%2e%2e/%2e%2e/secret.txt",
    "/files/renders/%2E%2E%2F%2E%2E%2Fsecret.txt",
    "/files/renders/..%2f..%2fsecret.txt",
    "/files/renders/..%5c..%5csecret.txt",
    "/files/%2fetc%2fpasswd",
    "/files//etc/passwd",
    "/files/renders/c/%00.png",
    "/files/upload/../../secret.txt",
    "/files/upload/renders/%2e%2e/%2e%2e/secret.txt",
]


@pytest.mark.parametrize("target", RAW_TRAVERSALS)
async def test_local_routes_refuse_traversal(
    local_server: LocalServer, http: httpx.AsyncClient, target: str
) -> None:
    secret = local_server.root.parent / "secret.txt"
    secret.write_text("must not be served")
    store = local_server.store
    # Even a validly signed URL for the traversing key does not help.
    key = target.removeprefix("/files/upload/").removeprefix("/files/")
    expires = store.signer.expiry(60)
    signatures = {"expires": str(expires), "sig": store.signer.sign("GET", key, expires)}
    for method in ("GET", "PUT"):
        raw = f"{target}?{urlencode(signatures)}"
        response = await http.request(
            method,
            local_server.base_url + "/files/x",
            content=b"must not be written" if method == "PUT" else None,
            extensions={"target": raw.encode("ascii")},
        )
        assert response.status_code in (400, 404, 405), (method, response.text)
        assert b"must not be served" not in response.content
    assert secret.read_text() == "must not be served"
    assert {p.name for p in local_server.root.parent.iterdir()} <= {"files", "secret.txt"}


async def test_local_refusals_are_clear_json(
    local_server: LocalServer, http: httpx.AsyncClient
) -> None:
    store = local_server.store
    data = png(100)
    ticket = await store.create_upload(container(), "image/png", 100, sha256(data))
    no_signature = ticket.url.split("?")[0]
    response = await send(http, ticket, data, url=no_signature)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "FILE_REJECTED"
    assert body["details"]["reason"] == "URL_INVALID"
    assert "signature" in body["message"] and "new one" in body["message"]

    response = await http.get(f"{local_server.base_url}/files/{ticket.key}")
    assert response.status_code == 403
    assert response.json()["details"]["reason"] == "URL_INVALID"

    response = await http.get(await store.download_url(ticket.key))  # signed, never uploaded
    assert response.status_code == 404
    assert response.json()["details"]["reason"] == "NOT_UPLOADED"


async def test_local_upload_leaves_no_partial_file(
    local_server: LocalServer, http: httpx.AsyncClient
) -> None:
    data = png(5000)
    ticket = await local_server.store.create_upload(container(), "image/png", 5000, sha256(data))
    assert (await send(http, ticket, data[:-1] + b"\x00")).status_code == 400
    assert not (local_server.root / ticket.key).exists()
    incoming = local_server.root / ".incoming"
    assert not incoming.exists() or list(incoming.iterdir()) == []


async def test_local_download_supports_head_and_ranges(
    local_server: LocalServer, http: httpx.AsyncClient
) -> None:
    data = png(3000)
    ticket = await upload(http, local_server.store, data)
    url = await local_server.store.download_url(ticket.key)
    head = await http.head(url)
    assert head.status_code == 200
    assert int(head.headers["content-length"]) == len(data)
    assert head.headers["x-content-type-options"] == "nosniff"
    part = await http.get(url, headers={"Range": "bytes=0-7"})
    assert part.status_code == 206
    assert part.content == data[:8]


# -- deletion and garbage collection ---------------------------------------------------


async def test_delete_files_after(backend: Backend, http: httpx.AsyncClient) -> None:
    first = await upload(http, backend.store, png(100))
    second = await upload(http, backend.store, png(100))
    failed = await delete_files_after(backend.store, [first.key, None, second.key, "../bad"])
    assert failed == ["../bad"]
    remaining = [key async for key in backend.store.list_keys()]
    assert first.key not in remaining and second.key not in remaining


async def test_gc_dry_run_lists_and_apply_removes_unreferenced_files_only(
    backend: Backend, http: httpx.AsyncClient
) -> None:
    before = {key async for key in backend.store.list_keys()}  # other tests' files
    kept = [await upload(http, backend.store, png(200)) for _ in range(2)]
    orphans = [await upload(http, backend.store, png(300)) for _ in range(3)]
    referenced = before | {t.key for t in kept}

    async def referenced_keys() -> set[str]:
        return referenced

    later = datetime.now(UTC) + timedelta(seconds=5)

    fresh = await collect_garbage(backend.store, referenced_keys, apply=True)
    assert fresh.unreferenced == () and fresh.recent == 3, "new uploads get a grace period"

    dry = await collect_garbage(backend.store, referenced_keys, grace=timedelta(0), now=later)
    assert not dry.applied
    assert {f.key for f in dry.unreferenced} == {t.key for t in orphans}
    assert dry.unreferenced_bytes == 900
    assert dry.deleted == ()
    assert "dry run" in dry.summary()
    stored = {key async for key in backend.store.list_keys()}
    assert {t.key for t in orphans + kept} <= stored, "a dry run deletes nothing"

    applied = await collect_garbage(
        backend.store, referenced_keys, apply=True, grace=timedelta(0), now=later
    )
    assert set(applied.deleted) == {t.key for t in orphans}
    assert applied.failed == ()
    assert "deleted 3" in applied.summary()
    stored = {key async for key in backend.store.list_keys()}
    assert not {t.key for t in orphans} & stored
    assert {t.key for t in kept} <= stored
    for ticket in kept:
        download = await http.get(await backend.store.download_url(ticket.key))
        assert download.status_code == 200


async def test_referenced_file_keys_reads_every_render_file(graph: Database) -> None:
    await graph.run_autocommit(
        'CREATE (:Asset:Render {id: \'r1\', file: \'{"key": "renders/p/a.png", "size": 1}\'}),'
        ' (:Asset:Render {id: \'r2\', file: \'{"checksum": "x", "key": "renders/p/b.png"}\'}),'
        " (:Asset:Render {id: 'r3'}),"
        " (:Asset:Render {id: 'r4', file: 'not json'}),"
        " (:Asset:Render {id: 'r5', file: '{\"url\": \"elsewhere\"}'})"
    )
    assert await referenced_file_keys(graph) == {"renders/p/a.png", "renders/p/b.png"}


# -- configuration ---------------------------------------------------------------------


async def test_make_store_uses_s3_when_a_bucket_is_set(
    s3_server: S3Server, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in s3_server.credentials.items():
        monkeypatch.setenv(name.upper(), value)
    settings = Settings(
        data_dir=tmp_path,
        s3_bucket=s3_server.bucket,
        s3_endpoint_url=s3_server.endpoint_url,
        s3_region=REGION,
        s3_prefix="configured/",
    )
    store = make_store(settings)
    assert isinstance(store, S3FileStore)
    data = png(1000)
    ticket = await upload(http, store, data)
    assert (await store.verify(ticket.key, "image/png", 1000, sha256(data))).size == 1000
    assert (await http.get(await store.download_url(ticket.key))).content == data
    head = s3_server.client().head_object(Bucket=s3_server.bucket, Key=f"configured/{ticket.key}")
    assert head["Metadata"]["sha256"] == sha256(data)
    await store.delete(ticket.key)
    assert not (tmp_path / "files").exists(), "the S3 store writes nothing locally"


def other_name_for(endpoint: str) -> str:
    """The same server under another host name (loopback by name or by address)."""
    parts = urlsplit(endpoint)
    host = "localhost" if parts.hostname == "127.0.0.1" else "127.0.0.1"
    assert parts.hostname in ("127.0.0.1", "localhost"), f"a loopback endpoint: {endpoint}"
    return urlunsplit(parts._replace(netloc=f"{host}:{parts.port}"))


async def test_urls_are_signed_for_the_public_endpoint(
    s3_server: S3Server, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The service reaches S3 at one address (a compose network's `minio:9000`), browsers at
    another (`localhost:9000`): the URLs they get name and are signed for theirs."""
    for name, value in s3_server.credentials.items():
        monkeypatch.setenv(name.upper(), value)
    public = other_name_for(s3_server.endpoint_url)
    settings = Settings(
        data_dir=tmp_path,
        s3_bucket=s3_server.bucket,
        s3_endpoint_url=s3_server.endpoint_url,
        s3_public_endpoint_url=public,
        s3_region=REGION,
        s3_prefix=f"public-{uuid.uuid4().hex[:8]}/",
    )
    store = make_store(settings)
    data = png(1200)
    ticket = await upload(http, store, data)  # through the URL the browser would get
    assert ticket.url.startswith(f"{public}/"), ticket.url
    # The service itself checks and reads through its own endpoint.
    assert (await store.verify(ticket.key, "image/png", len(data), sha256(data))).size == 1200
    download = await store.download_url(ticket.key)
    assert download.startswith(f"{public}/"), download
    assert (await http.get(download)).content == data
    await store.delete(ticket.key)


def test_make_store_defaults_to_the_local_folder(tmp_path: Path) -> None:
    store = make_store(Settings(data_dir=tmp_path, public_url="https://lineage.example/"))
    assert isinstance(store, LocalFileStore)
    assert store.root == (tmp_path / "files").resolve()
    assert store.base_url == "https://lineage.example"
    key_file = tmp_path / "file-signing.key"
    assert key_file.stat().st_mode & 0o777 == 0o600


async def test_the_app_serves_the_local_store(http: httpx.AsyncClient, tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(data_dir=tmp_path, public_url=f"http://127.0.0.1:{port}")
    nothing_listens = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}", None, "neo4j", "none")
    app = create_app(settings, nothing_listens)
    store = app.state.files
    assert isinstance(store, LocalFileStore)
    with serve(app, port):
        data = png(2000)
        ticket = await upload(http, store, data)
        assert (tmp_path / "files" / ticket.key).read_bytes() == data
        stored = await store.verify(ticket.key, "image/png", len(data), sha256(data))
        download = await http.get(await store.download_url(stored.key))
        assert download.content == data
        assert (await send(http, ticket, data, url=tampered(ticket.url))).status_code == 403


# -- renders whose file is missing (`lineage files check`) -------------------------------------


async def test_check_files_reports_renders_whose_file_is_missing(
    backend: Backend, http: httpx.AsyncClient
) -> None:
    present = await upload(http, backend.store, png(200))
    gone = f"renders/{container()}/{uuid.uuid4().hex}.png"

    async def references() -> dict[str, list[str]]:
        return {present.key: ["r-present"], gone: ["r-clone", "r-owner"]}

    report = await check_files(backend.store, references)
    assert not report.ok
    assert report.missing == (MissingFile(gone, ("r-clone", "r-owner")),)
    assert report.referenced == 2 and report.stored >= 1
    assert f"{gone}: shown by r-clone, r-owner" in report.summary()
    assert report.to_dict()["missing"] == [{"key": gone, "render_ids": ["r-clone", "r-owner"]}]

    async def only_present() -> dict[str, list[str]]:
        return {present.key: ["r-present"]}

    assert (await check_files(backend.store, only_present)).ok


async def test_file_references_name_every_render_that_shows_a_file(graph: Database) -> None:
    files = {
        "r1": '{"key": "renders/p/a.png", "size": 1}',
        "r2": '{"key": "renders/p/a.png", "size": 1}',
        "r3": '{"key": "renders/p/b.png"}',
        "r4": "not json",
    }
    await create_renders(graph, files)
    found = {key: sorted(ids) for key, ids in (await file_references(graph)).items()}
    assert found == {"renders/p/a.png": ["r1", "r2"], "renders/p/b.png": ["r3"]}


async def test_the_files_check_command_exits_1_for_a_missing_file(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    """A person runs `lineage files check`: the graph audits cannot see the store."""
    await create_renders(graph, {"r-lost": '{"key": "renders/p/lost.png"}'})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "LINEAGE_"))}
    env |= {"NEO4J_URI": neo4j_target.uri, "NEO4J_DATABASE": neo4j_target.database}
    env |= {"LINEAGE_DATA_DIR": str(tmp_path)}
    if neo4j_target.auth is not None:
        env |= {"NEO4J_USER": neo4j_target.auth[0], "NEO4J_PASSWORD": neo4j_target.auth[1]}
    script = Path(sys.executable).with_name("lineage")
    command = [str(script), "files", "check", "--json"]
    done = await asyncio.to_thread(
        subprocess.run, command, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["missing"] == [{"key": "renders/p/lost.png", "render_ids": ["r-lost"]}]


async def create_renders(graph: Database, files: dict[str, str]) -> None:
    """Bare render nodes with these stored `file` texts (test/create_renders)."""
    rows = [{"props": {"id": id, "file": file}, "at": None} for id, file in files.items()]
    await graph.driver.execute_query(
        cypher.load("test/create_renders"), {"rows": rows}, database_=graph.database
    )
