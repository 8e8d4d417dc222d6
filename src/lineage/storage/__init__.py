"""Render file storage: a local folder by default, S3 when a bucket is configured.

    store = make_store(settings)
    ticket = await store.create_upload(container_id, "image/png", size, sha256_hex)
    # the client sends the bytes: ticket.method ticket.url with ticket.headers
    stored = await store.verify(ticket.key, "image/png", size, sha256_hex)
    render_file = stored.to_dict()          # {"key", "content_type", "size", "checksum"}
    url = await store.download_url(stored.key)

The local store also needs its routes mounted: `file_routes(store)` when it is a
`LocalFileStore`. Deleting renders: `delete_files_after(store, keys)` once the transaction
committed. Unreferenced files: `lineage.files_gc.collect_garbage`.
"""

from __future__ import annotations

import logging

from starlette.routing import Route

from lineage.config import Settings
from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.storage.base import (
    FileStore,
    ListedFile,
    StoredFile,
    UploadTicket,
    delete_files_after,
    file_key,
)
from lineage.storage.keys import FileRules, validate_checksum, validate_key
from lineage.storage.local import LocalFileStore, file_routes
from lineage.storage.s3 import CloudFrontUrls, S3FileStore, StorageConfigError, s3_client
from lineage.storage.signing import UrlSigner, load_signing_key

__all__ = [
    "CloudFrontUrls",
    "FileProblem",
    "FileRejected",
    "FileRules",
    "FileStore",
    "ListedFile",
    "LocalFileStore",
    "S3FileStore",
    "StorageConfigError",
    "StoredFile",
    "UploadTicket",
    "UrlSigner",
    "delete_files_after",
    "file_key",
    "file_routes",
    "make_store",
    "routes_for",
    "rules_from",
    "validate_checksum",
    "validate_key",
]

log = logging.getLogger("lineage.storage")

CLOUDFRONT_SETTINGS = (
    "LINEAGE_CLOUDFRONT_DOMAIN",
    "LINEAGE_CLOUDFRONT_KEY_PAIR_ID",
    "LINEAGE_CLOUDFRONT_PRIVATE_KEY_FILE",
)


def rules_from(settings: Settings) -> FileRules:
    return FileRules(
        allowed_types=settings.file_allowed_types,
        max_bytes=settings.file_max_bytes,
        upload_expiry_s=settings.file_upload_expiry_s,
        download_expiry_s=settings.file_download_expiry_s,
    )


def make_store(settings: Settings) -> FileStore:
    """S3 when LINEAGE_S3_BUCKET is set, else the local folder `<data_dir>/files`."""
    rules = rules_from(settings)
    cloudfront = _cloudfront(settings)
    if settings.s3_bucket:
        client = s3_client(settings.s3_region, settings.s3_endpoint_url)
        public = settings.s3_public_endpoint_url
        presigner = s3_client(settings.s3_region, public) if public else None
        return S3FileStore(
            client, settings.s3_bucket, rules, settings.s3_prefix, cloudfront, presigner
        )
    if cloudfront is not None:
        raise StorageConfigError(
            "CloudFront is configured but LINEAGE_S3_BUCKET is not; set the bucket the "
            "distribution serves, or unset the LINEAGE_CLOUDFRONT_* settings"
        )
    configured = settings.file_signing_key.get_secret_value() if settings.file_signing_key else None
    signer = UrlSigner(load_signing_key(configured, settings.data_dir))
    return LocalFileStore(settings.files_dir, signer, rules, settings.base_url)


def routes_for(store: FileStore) -> list[Route]:
    """The routes a store needs the app to serve (the local store's URLs; S3 needs none)."""
    return file_routes(store) if isinstance(store, LocalFileStore) else []


def _cloudfront(settings: Settings) -> CloudFrontUrls | None:
    domain = settings.cloudfront_domain
    key_pair_id = settings.cloudfront_key_pair_id
    key_file = settings.cloudfront_private_key_file
    if domain and key_pair_id and key_file:
        return CloudFrontUrls.from_file(domain, key_pair_id, key_file)
    if domain or key_pair_id or key_file:
        given = dict(zip(CLOUDFRONT_SETTINGS, (domain, key_pair_id, key_file), strict=True))
        missing = [env for env, value in given.items() if not value]
        raise StorageConfigError(
            f"CloudFront signed URLs need all of {', '.join(CLOUDFRONT_SETTINGS)}; "
            f"missing: {', '.join(missing)}"
        )
    return None
