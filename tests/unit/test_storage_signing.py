"""Signed URLs: HMAC over every signed field, expiry, the key file; CloudFront URLs."""

from __future__ import annotations

import base64
import json
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from lineage.domain.file_errors import FileProblem, FileRejected
from lineage.storage import CloudFrontUrls, StorageConfigError, UrlSigner
from lineage.storage.signing import KEY_FILE_NAME, SigningKeyError, load_signing_key

SECRET = b"k" * 32
KEY = "renders/p/x.png"
FIELDS = ("100", "image/png", "ab" * 32)


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def signed(clock: Clock | None = None) -> tuple[UrlSigner, int, str]:
    signer = UrlSigner(SECRET, clock or Clock())
    expires = signer.expiry(60)
    return signer, expires, signer.sign("PUT", KEY, expires, FIELDS)


def reason_of(signer: UrlSigner, *args: object) -> FileProblem:
    with pytest.raises(FileRejected) as caught:
        signer.check(*args)  # type: ignore[arg-type]
    return caught.value.reason


def test_a_genuine_url_passes() -> None:
    signer, expires, sig = signed()
    signer.check("PUT", KEY, str(expires), sig, FIELDS)
    assert expires == 1_000_060
    assert len(sig) == 64 and int(sig, 16) >= 0


@pytest.mark.parametrize(
    "changed",
    [
        ("GET", KEY, None, None, FIELDS),
        ("PUT", "renders/p/y.png", None, None, FIELDS),
        ("PUT", KEY, "1000061", None, FIELDS),
        ("PUT", KEY, None, None, ("101", "image/png", "ab" * 32)),
        ("PUT", KEY, None, None, ("100", "image/gif", "ab" * 32)),
        ("PUT", KEY, None, None, ("100", "image/png", "cd" * 32)),
        ("PUT", KEY, None, None, ()),
        ("PUT", KEY, None, "0" * 64, FIELDS),
        ("PUT", KEY, None, "", FIELDS),
        ("PUT", KEY, None, "not-hex", FIELDS),
        ("PUT", KEY, "", None, FIELDS),
        ("PUT", KEY, "-5", None, FIELDS),
        ("PUT", KEY, "1e9", None, FIELDS),
        ("PUT", KEY, "9" * 40, None, FIELDS),
        ("PUT", KEY, "１０", None, FIELDS),
    ],
)
def test_any_change_breaks_the_signature(changed: tuple[object, ...]) -> None:
    signer, expires, sig = signed()
    method, key, new_expires, new_sig, fields = changed
    args = (method, key, str(expires) if new_expires is None else new_expires)
    args += (sig if new_sig is None else new_sig, fields)
    assert reason_of(signer, *args) == FileProblem.URL_INVALID


def test_missing_parameters_are_invalid() -> None:
    signer, expires, sig = signed()
    assert reason_of(signer, "PUT", KEY, None, sig, FIELDS) == FileProblem.URL_INVALID
    assert reason_of(signer, "PUT", KEY, str(expires), None, FIELDS) == FileProblem.URL_INVALID


def test_another_secret_does_not_verify() -> None:
    _, expires, sig = signed()
    other = UrlSigner(b"o" * 32, Clock())
    assert reason_of(other, "PUT", KEY, str(expires), sig, FIELDS) == FileProblem.URL_INVALID


def test_fields_cannot_be_shifted_between_positions() -> None:
    signer = UrlSigner(SECRET, Clock())
    assert signer.sign("GET", "a", 1, ("b", "c")) != signer.sign("GET", "a", 1, ("b\nc",))
    assert signer.sign("GET", "a", 1, ("b",)) != signer.sign("GET", "a\nb", 1)


def test_expiry() -> None:
    clock = Clock()
    signer, expires, sig = signed(clock)
    clock.now = expires  # valid up to and including the expiry second
    signer.check("PUT", KEY, str(expires), sig, FIELDS)
    clock.now = expires + 1
    with pytest.raises(FileRejected) as caught:
        signer.check("PUT", KEY, str(expires), sig, FIELDS)
    assert caught.value.reason == FileProblem.URL_EXPIRED
    assert "expired" in caught.value.message and "new URL" in caught.value.message


def test_an_expired_and_tampered_url_is_reported_as_tampered() -> None:
    clock = Clock()
    signer, expires, sig = signed(clock)
    clock.now = expires + 100
    assert reason_of(signer, "PUT", KEY, str(expires), "0" * 64, FIELDS) == FileProblem.URL_INVALID


def test_short_secrets_are_refused() -> None:
    with pytest.raises(SigningKeyError, match="at least 32"):
        UrlSigner(b"short")


def test_the_key_file_is_created_once_readable_by_the_owner_only(tmp_path: Path) -> None:
    first = load_signing_key(None, tmp_path / "data")
    path = tmp_path / "data" / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert load_signing_key(None, tmp_path / "data") == first
    assert [p.name for p in (tmp_path / "data").iterdir()] == [KEY_FILE_NAME]


def test_concurrent_starts_share_one_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_signing_key(None, tmp_path), range(16)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE_NAME]


def test_a_key_file_open_to_others_is_restricted(tmp_path: Path) -> None:
    path = tmp_path / KEY_FILE_NAME
    path.write_text("s" * 64)
    os.chmod(path, 0o644)
    assert load_signing_key(None, tmp_path) == b"s" * 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_unusable_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_text("short")
    with pytest.raises(SigningKeyError, match="delete it"):
        load_signing_key(None, tmp_path)


def test_a_configured_key_wins_and_writes_nothing(tmp_path: Path) -> None:
    assert load_signing_key("c" * 40, tmp_path) == b"c" * 40
    assert list(tmp_path.iterdir()) == []


# -- CloudFront ------------------------------------------------------------------------


def cloudfront_b64decode(text: str) -> bytes:
    return base64.b64decode(text.replace("-", "+").replace("_", "=").replace("~", "/"))


def test_cloudfront_urls_are_signed_with_the_key_pair(tmp_path: Path) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_file = tmp_path / "cf.pem"
    key_file.write_bytes(pem)
    urls = CloudFrontUrls.from_file("d111.cloudfront.net/", "K2JCJMDEHXQW5F", key_file)
    expires_at = datetime(2030, 1, 1, tzinfo=UTC) + timedelta(seconds=30)
    url = urls.url("prefix/renders/p/x.png", expires_at)

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://d111.cloudfront.net/prefix/renders/p/x.png"
    )
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert query["Key-Pair-Id"] == "K2JCJMDEHXQW5F"
    assert query["Expires"] == str(int(expires_at.timestamp()))
    policy = json.dumps(
        {
            "Statement": [
                {
                    "Resource": f"{parts.scheme}://{parts.netloc}{parts.path}",
                    "Condition": {"DateLessThan": {"AWS:EpochTime": int(expires_at.timestamp())}},
                }
            ]
        },
        separators=(",", ":"),
    )
    signature = cloudfront_b64decode(query["Signature"])
    private.public_key().verify(signature, policy.encode(), padding.PKCS1v15(), hashes.SHA1())
    with pytest.raises(InvalidSignature):
        private.public_key().verify(
            signature, policy.encode() + b" ", padding.PKCS1v15(), hashes.SHA1()
        )


def test_cloudfront_needs_an_rsa_key(tmp_path: Path) -> None:
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(StorageConfigError, match="RSA"):
        CloudFrontUrls("cdn.example", "K1", pem)
    with pytest.raises(StorageConfigError, match="cannot be read"):
        CloudFrontUrls.from_file("cdn.example", "K1", tmp_path / "missing.pem")
