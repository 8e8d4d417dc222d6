"""Field-level differences between two versions of an asset's content.

Nested objects are compared key by key under dotted paths ("fields.base_layout");
lists and scalars are compared whole. Equality is JSON equality, so ``1``, ``1.0`` and
``True`` differ here exactly as they differ in a content hash.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lineage.domain.hashing import canonical_json
from lineage.domain.missing import MISSING, without_missing


@dataclass(frozen=True)
class FieldChange:
    """``old`` or ``new`` is MISSING when the key was added or removed."""

    path: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, **without_missing({"old": self.old, "new": self.new})}


def field_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Changes from ``old`` to ``new``, sorted by path; empty iff they are JSON-equal."""
    return _diff(old, new, "")


def json_equal(left: Any, right: Any) -> bool:
    """Equal as JSON; MISSING equals only itself."""
    if left is MISSING or right is MISSING:
        return left is right
    return canonical_json(left) == canonical_json(right)


def _diff(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for key in sorted(old.keys() | new.keys()):
        path = prefix + key
        before, after = old.get(key, MISSING), new.get(key, MISSING)
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            changes.extend(_diff(before, after, path + "."))
        elif not json_equal(before, after):
            changes.append(FieldChange(path, before, after))
    return changes
