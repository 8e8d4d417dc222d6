"""Refusals of render files: bad keys, disallowed types, sizes, checksums, missing uploads.

Every refusal carries a stable ``reason`` (one of ``FileProblem``) besides the ``code``
shared by all of them, so a client can tell an expired upload URL from a wrong checksum.
"""

from enum import StrEnum
from typing import Any

from lineage.domain.errors import LineageError


class FileProblem(StrEnum):
    INVALID_KEY = "INVALID_KEY"
    WRONG_CONTAINER = "WRONG_CONTAINER"
    INVALID_CHECKSUM = "INVALID_CHECKSUM"
    INVALID_SIZE = "INVALID_SIZE"
    TYPE_NOT_ALLOWED = "TYPE_NOT_ALLOWED"
    TOO_LARGE = "TOO_LARGE"
    NOT_UPLOADED = "NOT_UPLOADED"
    SIZE_MISMATCH = "SIZE_MISMATCH"
    TYPE_MISMATCH = "TYPE_MISMATCH"
    CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH"
    URL_EXPIRED = "URL_EXPIRED"
    URL_INVALID = "URL_INVALID"


class FileRejected(LineageError):
    """A file, or a URL for one, was refused; nothing was stored or changed."""

    code = "FILE_REJECTED"

    def __init__(
        self, reason: FileProblem, problem: str, remedy: str, key: str | None = None
    ) -> None:
        self.reason = reason
        self.problem = problem
        self.remedy = remedy
        self.key = key
        subject = f"file {key!r}" if key is not None else "file"
        super().__init__(f"{subject} refused: {problem}; {remedy}")

    def details(self) -> dict[str, Any]:
        return {
            "reason": str(self.reason),
            "key": self.key,
            "problem": self.problem,
            "remedy": self.remedy,
        }
