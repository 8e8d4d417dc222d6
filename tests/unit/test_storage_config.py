"""File storage settings and the store they choose."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from lineage.config import Settings
from lineage.storage import LocalFileStore, S3FileStore, StorageConfigError, make_store
from lineage.storage.s3 import normalized_prefix


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LINEAGE_S3_BUCKET", "LINEAGE_FILE_SIGNING_KEY", "LINEAGE_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def test_defaults() -> None:
    settings = Settings()
    assert settings.file_allowed_types == ("image/png", "image/jpeg", "image/webp", "image/gif")
    assert settings.file_max_bytes == 25 * 1024 * 1024
    assert settings.file_upload_expiry_s == 900
    assert settings.file_download_expiry_s == 3600
    assert settings.s3_bucket is None and settings.s3_prefix == ""
    assert settings.base_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "value", ["image/png, IMAGE/WEBP", '["image/png", "image/webp"]', "image/png,,image/webp,"]
)
def test_allowed_types_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LINEAGE_FILE_ALLOWED_TYPES", value)
    assert Settings().file_allowed_types == ("image/png", "image/webp")


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_FILE_MAX_BYTES", "1000")
    monkeypatch.setenv("LINEAGE_FILE_UPLOAD_EXPIRY_S", "60")
    monkeypatch.setenv("LINEAGE_FILE_DOWNLOAD_EXPIRY_S", "120")
    monkeypatch.setenv("LINEAGE_S3_BUCKET", "b")
    monkeypatch.setenv("LINEAGE_S3_REGION", "eu-west-1")
    monkeypatch.setenv("LINEAGE_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("LINEAGE_S3_PREFIX", "lineage")
    monkeypatch.setenv("LINEAGE_FILE_SIGNING_KEY", "s" * 32)
    settings = Settings()
    assert (settings.file_max_bytes, settings.file_upload_expiry_s) == (1000, 60)
    assert settings.file_download_expiry_s == 120
    assert settings.s3_bucket == "b" and settings.s3_region == "eu-west-1"
    assert settings.s3_endpoint_url == "http://127.0.0.1:9000"
    assert settings.file_signing_key is not None
    assert "s" * 32 not in repr(settings), "the signing key is never shown"
    store = make_store(settings)
    assert isinstance(store, S3FileStore)
    assert (store.bucket, store.prefix) == ("b", "lineage/")
    assert store.rules.max_bytes == 1000


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LINEAGE_FILE_ALLOWED_TYPES", " , "),
        ("LINEAGE_FILE_MAX_BYTES", "0"),
        ("LINEAGE_FILE_UPLOAD_EXPIRY_S", "0"),
        ("LINEAGE_FILE_DOWNLOAD_EXPIRY_S", str(8 * 24 * 3600)),
    ],
)
def test_unusable_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_a_configured_signing_key_is_used(tmp_path: Path) -> None:
    store = make_store(Settings(data_dir=tmp_path, file_signing_key="x" * 32))
    assert isinstance(store, LocalFileStore)
    assert not (tmp_path / "file-signing.key").exists()
    with pytest.raises(ValueError, match="at least 32"):
        make_store(Settings(data_dir=tmp_path, file_signing_key="short"))


def test_cloudfront_needs_all_three_settings(tmp_path: Path) -> None:
    with pytest.raises(StorageConfigError, match="missing: LINEAGE_CLOUDFRONT_PRIVATE_KEY_FILE"):
        make_store(
            Settings(
                data_dir=tmp_path,
                s3_bucket="b",
                cloudfront_domain="d.cloudfront.net",
                cloudfront_key_pair_id="K1",
            )
        )


def test_cloudfront_needs_a_bucket(tmp_path: Path) -> None:
    key_file = tmp_path / "cf.pem"
    key_file.write_bytes(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cloudfront = {
        "cloudfront_domain": "d.cloudfront.net",
        "cloudfront_key_pair_id": "K1",
        "cloudfront_private_key_file": key_file,
    }
    with pytest.raises(StorageConfigError, match="LINEAGE_S3_BUCKET"):
        make_store(Settings(data_dir=tmp_path, **cloudfront))
    store = make_store(Settings(data_dir=tmp_path, s3_bucket="b", **cloudfront))
    assert isinstance(store, S3FileStore) and store.cloudfront is not None


@pytest.mark.parametrize(
    ("given", "normalized"), [("", ""), ("/", ""), ("a", "a/"), ("/a/b/", "a/b/")]
)
def test_prefixes(given: str, normalized: str) -> None:
    assert normalized_prefix(given) == normalized


@pytest.mark.parametrize("given", ["../a", "a/../b", "a b", "a\\b", "a//b"])
def test_unsafe_prefixes_are_refused(given: str) -> None:
    with pytest.raises(StorageConfigError, match="LINEAGE_S3_PREFIX"):
        normalized_prefix(given)
