"""The S3 store (AWS S3, MinIO, other S3-compatible servers) through boto3.

Uploads are presigned PUTs whose signature covers Content-Type, Content-Length, the
SHA-256 as `x-amz-checksum-sha256` (AWS S3 then refuses other bytes) and as metadata
`x-amz-meta-sha256`; the client sends `UploadTicket.headers` as they are. Registration
checks the object's size and type with HEAD and its SHA-256 by reading it, so servers that
enforce none of the signed headers are no way around the checks. Downloads are presigned
GETs, or CloudFront signed URLs when a key pair is configured. Credentials come from
boto3's usual chain (environment, shared files, instance roles). boto3 blocks, so every
call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lineage.domain.file_errors import FileRejected
from lineage.storage.base import (
    ListedFile,
    StoreBase,
    StoredFile,
    UploadTicket,
    checksum_mismatch,
    not_uploaded,
    size_mismatch,
    too_large,
    type_mismatch,
)
from lineage.storage.keys import KEY_ROOT, FileRules, media_type, new_key, validate_key

CHUNK = 1024 * 1024
METADATA_CHECKSUM = "sha256"
MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})
_PREFIX = re.compile(r"(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*")


class StorageConfigError(ValueError):
    """The file storage settings cannot work as given."""


def normalized_prefix(prefix: str) -> str:
    """`a/b` -> `a/b/`; the prefix every object key of this service starts with."""
    text = prefix.strip().strip("/")
    text = f"{text}/" if text else ""
    if not _PREFIX.fullmatch(text):
        raise StorageConfigError(
            f"LINEAGE_S3_PREFIX {prefix!r}: use `/`-separated segments of A-Z a-z 0-9 _ . -"
        )
    return text


def s3_client(region: str | None = None, endpoint_url: str | None = None) -> Any:
    """A boto3 S3 client; path-style addressing when an endpoint (MinIO...) is given."""
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        retries={"max_attempts": 3, "mode": "standard"},
    )
    session = boto3.session.Session()
    return session.client("s3", region_name=region, endpoint_url=endpoint_url, config=config)


class CloudFrontUrls:
    """CloudFront signed URLs (canned policy) for objects behind a distribution."""

    def __init__(self, domain: str, key_pair_id: str, private_key_pem: bytes) -> None:
        domain = domain.strip().rstrip("/")
        self.base = domain if "://" in domain else f"https://{domain}"
        key = serialization.load_pem_private_key(private_key_pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise StorageConfigError("the CloudFront private key must be an RSA key (PEM)")
        self._key = key
        self._signer = CloudFrontSigner(key_pair_id, self._rsa_sign)

    @classmethod
    def from_file(cls, domain: str, key_pair_id: str, path: Path) -> CloudFrontUrls:
        try:
            pem = path.read_bytes()
        except OSError as exc:
            raise StorageConfigError(
                f"LINEAGE_CLOUDFRONT_PRIVATE_KEY_FILE {str(path)!r} cannot be read: {exc}"
            ) from exc
        return cls(domain, key_pair_id, pem)

    def _rsa_sign(self, message: bytes) -> bytes:
        # CloudFront signs canned policies with RSA-SHA1.
        return self._key.sign(message, padding.PKCS1v15(), hashes.SHA1())

    def url(self, object_key: str, expires_at: datetime) -> str:
        address = f"{self.base}/{quote(object_key)}"
        signed: str = self._signer.generate_presigned_url(address, date_less_than=expires_at)
        return signed


class S3FileStore(StoreBase):
    """Render files as objects `<prefix><key>` in one bucket."""

    def __init__(
        self,
        client: Any,
        bucket: str,
        rules: FileRules,
        prefix: str = "",
        cloudfront: CloudFrontUrls | None = None,
        presigner: Any | None = None,
    ) -> None:
        self.client = client
        # Signs the URLs clients use: for the address they reach the server at, which may
        # differ from the service's own (LINEAGE_S3_PUBLIC_ENDPOINT_URL). Signing is local.
        self.presigner = presigner or client
        self.bucket = bucket
        self.rules = rules
        self.prefix = normalized_prefix(prefix)
        self.cloudfront = cloudfront

    def object_key(self, key: str) -> str:
        return self.prefix + validate_key(key)

    # -- the FileStore API -------------------------------------------------------------

    async def create_upload(
        self, container_id: str, content_type: str, size: int, checksum: str
    ) -> UploadTicket:
        content_type, size, checksum = self.rules.check_declared(content_type, size, checksum)
        key = new_key(container_id, content_type)
        checksum_b64 = base64.b64encode(bytes.fromhex(checksum)).decode("ascii")
        params = {
            "Bucket": self.bucket,
            "Key": self.object_key(key),
            "ContentType": content_type,
            "ContentLength": size,
            "ChecksumSHA256": checksum_b64,
            "Metadata": {METADATA_CHECKSUM: checksum},
        }
        expiry = self.rules.upload_expiry_s
        expires_at = datetime.now(UTC) + timedelta(seconds=expiry)
        url: str = await asyncio.to_thread(
            self.presigner.generate_presigned_url,
            "put_object",
            Params=params,
            ExpiresIn=expiry,
            HttpMethod="PUT",
        )
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(size),
            "x-amz-checksum-sha256": checksum_b64,
            f"x-amz-meta-{METADATA_CHECKSUM}": checksum,
        }
        return UploadTicket(key=key, url=url, method="PUT", headers=headers, expires_at=expires_at)

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
        head = await asyncio.to_thread(self._head, self.object_key(key))
        if head is None:
            raise not_uploaded(key)
        stored_size = int(head.get("ContentLength", -1))
        if stored_size > self.rules.max_bytes:
            raise too_large(key, stored_size, self.rules.max_bytes)
        if stored_size != size:
            raise size_mismatch(key, size, stored_size)
        stored_type = media_type(str(head.get("ContentType", "")))
        if stored_type != content_type:
            raise type_mismatch(key, content_type, stored_type or "no type")
        declared = str(head.get("Metadata", {}).get(METADATA_CHECKSUM, "")).lower()
        if declared and declared != checksum:
            raise checksum_mismatch(key, checksum, declared)
        # The metadata is what the uploader declared: read the bytes to know.
        found = await asyncio.to_thread(self._digest, self.object_key(key), head.get("ETag"))
        if found is None:
            raise not_uploaded(key)
        read_size, digest = found
        if read_size != size:
            raise size_mismatch(key, size, read_size)
        if digest != checksum:
            raise checksum_mismatch(key, checksum, digest)
        return StoredFile(key=key, content_type=content_type, size=size, checksum=checksum)

    async def download_url(self, key: str) -> str:
        object_key = self.object_key(key)
        expiry = self.rules.download_expiry_s
        if self.cloudfront is not None:
            expires_at = datetime.now(UTC) + timedelta(seconds=expiry)
            return await asyncio.to_thread(self.cloudfront.url, object_key, expires_at)
        url: str = await asyncio.to_thread(
            self.presigner.generate_presigned_url,
            "get_object",
            Params={"Bucket": self.bucket, "Key": object_key},
            ExpiresIn=expiry,
            HttpMethod="GET",
        )
        return url

    async def delete(self, key: str) -> None:
        object_key = self.object_key(key)
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=object_key)

    async def list_files(self) -> AsyncIterator[ListedFile]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + KEY_ROOT
        )
        iterator: Iterator[dict[str, Any]] = iter(pages)
        while True:
            page = await asyncio.to_thread(next, iterator, None)
            if page is None:
                return
            for item in page.get("Contents", []):
                key = str(item["Key"])[len(self.prefix) :]
                try:
                    validate_key(key)
                except FileRejected:
                    continue  # not an object this service wrote
                modified = item["LastModified"]
                yield ListedFile(key=key, size=int(item["Size"]), modified_at=modified)

    async def read_chunks(self, key: str) -> AsyncIterator[bytes]:
        object_key = self.object_key(key)
        try:
            response = await asyncio.to_thread(
                self.client.get_object, Bucket=self.bucket, Key=object_key
            )
        except ClientError as exc:
            if _error_code(exc) in MISSING_CODES:
                raise not_uploaded(key) from None
            raise
        body = response["Body"]
        pieces = body.iter_chunks(CHUNK)
        try:
            while chunk := await asyncio.to_thread(next, pieces, b""):
                yield chunk
        finally:
            body.close()

    async def write_file(
        self, key: str, content_type: str, size: int, checksum: str, chunks: AsyncIterable[bytes]
    ) -> StoredFile:
        key, content_type, size, checksum = self._checked(key, content_type, size, checksum, None)
        # Spooled to disk first, so the object is written only with bytes known to be right.
        with tempfile.SpooledTemporaryFile(max_size=CHUNK) as spool:
            digest, received = hashlib.sha256(), 0
            async for chunk in chunks:
                received += len(chunk)
                digest.update(chunk)
                spool.write(chunk)
            if received != size:
                raise size_mismatch(key, size, received)
            if digest.hexdigest() != checksum:
                raise checksum_mismatch(key, checksum, digest.hexdigest())
            spool.seek(0)
            await asyncio.to_thread(
                self.client.put_object,
                Bucket=self.bucket,
                Key=self.object_key(key),
                Body=spool,
                ContentType=content_type,
                ContentLength=size,
                ChecksumSHA256=base64.b64encode(bytes.fromhex(checksum)).decode("ascii"),
                Metadata={METADATA_CHECKSUM: checksum},
            )
        return StoredFile(key=key, content_type=content_type, size=size, checksum=checksum)

    # -- blocking helpers (run in worker threads) ------------------------------------------

    def _head(self, object_key: str) -> dict[str, Any] | None:
        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=object_key)
        except ClientError as exc:
            if _error_code(exc) in MISSING_CODES:
                return None
            raise
        return head

    def _digest(self, object_key: str, etag: object) -> tuple[int, str] | None:
        """Size and SHA-256 of the object's bytes (the version HEAD saw, when it has an
        ETag); None when it is gone."""
        request: dict[str, Any] = {"Bucket": self.bucket, "Key": object_key}
        if isinstance(etag, str) and etag:
            request["IfMatch"] = etag
        try:
            body = self.client.get_object(**request)["Body"]
        except ClientError as exc:
            if _error_code(exc) in MISSING_CODES | {"PreconditionFailed", "412"}:
                return None
            raise
        digest = hashlib.sha256()
        size = 0
        try:
            for chunk in body.iter_chunks(CHUNK):
                size += len(chunk)
                digest.update(chunk)
                if size > self.rules.max_bytes:
                    break
        finally:
            body.close()
        return size, digest.hexdigest()


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
