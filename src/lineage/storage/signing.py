"""HMAC-SHA256 signatures of the local store's expiring URLs, and the key they use.

A signature covers the method, the key, the expiry (Unix seconds) and, for uploads, the
declared size, type and checksum, so none of them can be changed without the secret.
The signed message is a JSON list, which leaves no room for ambiguous field boundaries.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from lineage.domain.file_errors import FileProblem, FileRejected

log = logging.getLogger("lineage.storage")

SIGNATURE_VERSION = "lineage-files-v1"
KEY_FILE_NAME = "file-signing.key"
MIN_SECRET_LENGTH = 32
_HEX_SIGNATURE_LENGTH = 64
_EXPIRES_MAX_DIGITS = 12


class SigningKeyError(ValueError):
    """The configured signing key cannot be used."""


class UrlSigner:
    """Signs and checks (method, key, expiry, fields) with one secret."""

    def __init__(self, secret: bytes, clock: Callable[[], float] = time.time) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            raise SigningKeyError(
                f"the file signing key has {len(secret)} bytes; use at least "
                f"{MIN_SECRET_LENGTH} (e.g. `python -c 'import secrets; "
                f"print(secrets.token_hex(32))'`)"
            )
        self._secret = secret
        self.clock = clock

    def expiry(self, seconds: int) -> int:
        return int(self.clock()) + seconds

    def sign(self, method: str, key: str, expires: int, fields: Sequence[str] = ()) -> str:
        message = json.dumps([SIGNATURE_VERSION, method.upper(), key, str(expires), *fields])
        return hmac.new(self._secret, message.encode("utf-8"), hashlib.sha256).hexdigest()

    def check(
        self,
        method: str,
        key: str,
        expires: str | None,
        signature: str | None,
        fields: Sequence[str] = (),
    ) -> None:
        """Raise FileRejected (URL_INVALID or URL_EXPIRED) unless the URL is genuine and
        still valid. Signatures are compared in constant time."""
        if (
            expires is None
            or signature is None
            or not expires.isascii()
            or not expires.isdigit()
            or len(expires) > _EXPIRES_MAX_DIGITS
            or len(signature) != _HEX_SIGNATURE_LENGTH
        ):
            raise _invalid(key)
        expected = self.sign(method, key, int(expires), fields)
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8")):
            raise _invalid(key)
        if int(expires) < self.clock():
            raise FileRejected(
                FileProblem.URL_EXPIRED,
                "the signed URL has expired",
                "ask the service for a new URL",
                key=key,
            )


def _invalid(key: str) -> FileRejected:
    return FileRejected(
        FileProblem.URL_INVALID,
        "the URL's signature does not match (it was changed or not issued by this service)",
        "use the URL exactly as the service returned it, or ask for a new one",
        key=key,
    )


def load_signing_key(configured: str | None, data_dir: Path) -> bytes:
    """The configured secret, else the one stored in `data_dir` (created on first use,
    readable by the owner only)."""
    if configured:
        return configured.encode("utf-8")
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        _create_key_file(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was readable by others (mode %o); restricting it to 0600", path, mode)
        path.chmod(0o600)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise SigningKeyError(
            f"{path} holds no usable signing key; delete it to have a new one generated"
        )
    return secret.encode("ascii")


def _create_key_file(path: Path) -> None:
    """Write a new random key atomically: concurrent starts end up sharing one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first: use its key
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
