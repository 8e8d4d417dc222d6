"""Three-way merge of asset content, used to rebase a working clone (docs/domain.md §6).

``base`` is the content the working clone started from, ``theirs`` the newer upstream
content, ``ours`` the working clone. Per key: a change on one side wins, the same change
on both sides is fine, different changes conflict and keep ours (or theirs, where the
caller resolved that path so), so the result is always a usable working clone and every
conflict is reported. Nested objects merge key by key; lists and scalars are whole values.
"""

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from lineage.domain.diff import json_equal
from lineage.domain.enums import MergeSide
from lineage.domain.errors import MergeConflict, ValidationError
from lineage.domain.missing import MISSING
from lineage.domain.reasons import MergeConflictItem


@dataclass(frozen=True)
class MergeResult:
    merged: dict[str, Any]
    conflicts: list[MergeConflictItem]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def three_way_merge(
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    ours: Mapping[str, Any],
    take_theirs: Collection[str] = (),
) -> MergeResult:
    """`take_theirs`: conflicting paths whose upstream value wins."""
    conflicts: list[MergeConflictItem] = []
    merged = _merge(base, theirs, ours, "", _Conflicts(conflicts, frozenset(take_theirs)))
    # The result must not alias the callers' nested values.
    return MergeResult(copy.deepcopy(merged), conflicts)


def _merge(
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    ours: Mapping[str, Any],
    prefix: str,
    conflicts: "_Conflicts",
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in sorted(base.keys() | theirs.keys() | ours.keys()):
        values = (base.get(key, MISSING), theirs.get(key, MISSING), ours.get(key, MISSING))
        value = _merge_value(*values, prefix + key, conflicts)
        if value is not MISSING:
            merged[key] = value
    return merged


def _merge_value(base: Any, theirs: Any, ours: Any, path: str, conflicts: "_Conflicts") -> Any:
    if json_equal(theirs, ours) or json_equal(theirs, base):
        return ours
    if json_equal(ours, base):
        return theirs
    if _mergeable(base, theirs, ours):
        nested_base = {} if base is MISSING else base
        return _merge(nested_base, theirs, ours, path + ".", conflicts)
    conflicts.found.append(MergeConflictItem(path, base, theirs, ours))
    return theirs if path in conflicts.take_theirs else ours


def _mergeable(base: Any, theirs: Any, ours: Any) -> bool:
    # Two objects merge key by key when the base was an object too or did not exist.
    objects = isinstance(theirs, Mapping) and isinstance(ours, Mapping)
    return objects and (base is MISSING or isinstance(base, Mapping))


@dataclass(frozen=True)
class _Conflicts:
    found: list[MergeConflictItem]
    take_theirs: frozenset[str]


def check_resolved(
    asset_id: str,
    conflicts: Collection[MergeConflictItem],
    resolutions: Mapping[str, MergeSide],
    keep_ours: bool,
) -> None:
    """Every conflict is settled: by a resolution for its path, or by `keep_ours` for the
    rest. A resolution must name a conflicting path (a typo would otherwise pass unseen)."""
    paths = {item.path for item in conflicts}
    unknown = sorted(resolutions.keys() - paths)
    if unknown:
        listed = ", ".join(sorted(paths)) or "none"
        raise ValidationError(
            "resolutions", f"{unknown[0]!r} is not a conflicting field; the conflicts are at: "
            f"{listed}",
        )  # fmt: skip
    unresolved = [item for item in conflicts if item.path not in resolutions]
    if unresolved and not keep_ours:
        raise MergeConflict(asset_id, unresolved)
