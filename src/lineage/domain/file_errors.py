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


class FileAlreadyRegistered(LineageError):
    """A file key is registered by at most one render: a second render with the same key
    would share its image, and deleting either would take the other's file."""

    code = "FILE_ALREADY_REGISTERED"

    def __init__(self, key: str, render_id: str) -> None:
        self.key = key
        self.render_id = render_id
        super().__init__(
            f"file {key!r} is already the file of render {render_id!r}; request a new "
            f"upload for this render, or use render {render_id!r} itself"
        )

    def details(self) -> dict[str, Any]:
        return {"key": self.key, "render_id": self.render_id}
