"""The items that refusals carry: why something is locked, what blocks a delete,
which render inputs drifted, where a merge conflicts.

Plain frozen dataclasses; ``to_dict`` gives JSON-safe data for API clients.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lineage.domain.missing import without_missing


class LockKind(StrEnum):
    """Why an asset's content cannot change."""

    BASE_CLONE = "BASE_CLONE"  # it mirrors an upstream asset
    RENDER = "RENDER"  # a render is an outcome; only variant clones are editable
    DERIVED = "DERIVED"  # a clone or a version derives from it
    USED = "USED"  # a binding render uses it


@dataclass(frozen=True)
class LockReason:
    """One reason for immutability; dependent fields are set for DERIVED and USED.

    ``path`` holds ids from the locked asset to the dependent, both included.
    """

    kind: str
    dependent_id: str | None = None
    dependent_type: str | None = None
    path: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "dependent_id": self.dependent_id,
            "dependent_type": _text(self.dependent_type),
            "path": list(self.path),
        }


@dataclass(frozen=True)
class Blocker:
    """A dependent that prevents a delete; ``edge`` is ``DERIVES_FROM`` or ``USES``."""

    dependent_id: str
    dependent_type: str
    edge: str
    binding: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "dependent_id": self.dependent_id,
            "dependent_type": str(self.dependent_type),
            "edge": str(self.edge),
            "binding": self.binding,
        }


@dataclass(frozen=True)
class InputDrift:
    """A render input's content hash at generation time and now; equal means unchanged."""

    input_id: str
    role: str
    snapshot_hash: str
    current_hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "input_id": self.input_id,
            "role": str(self.role),
            "snapshot_hash": self.snapshot_hash,
            "current_hash": self.current_hash,
        }


@dataclass(frozen=True)
class MergeConflictItem:
    """Both sides changed ``path`` differently; values may be MISSING (key absent)."""

    path: str
    base: Any
    theirs: Any
    ours: Any

    def to_dict(self) -> dict[str, Any]:
        values = {"base": self.base, "theirs": self.theirs, "ours": self.ours}
        return {"path": self.path, **without_missing(values)}


def _text(value: str | None) -> str | None:
    # Enum members become their plain values in JSON output.
    return None if value is None else str(value)
