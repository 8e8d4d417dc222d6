"""Three-way merge of asset content, used to rebase a working clone (docs/domain.md §6).

``base`` is the content the working clone started from, ``theirs`` the newer upstream
content, ``ours`` the working clone. Per key: a change on one side wins, the same change
on both sides is fine, different changes conflict and keep ours, so the result is
always a usable working clone and every conflict is reported. Nested objects merge key
by key; lists and scalars are whole values.
"""

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lineage.domain.diff import json_equal
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
    base: Mapping[str, Any], theirs: Mapping[str, Any], ours: Mapping[str, Any]
) -> MergeResult:
    conflicts: list[MergeConflictItem] = []
    merged = _merge(base, theirs, ours, "", conflicts)
    # The result must not alias the callers' nested values.
    return MergeResult(copy.deepcopy(merged), conflicts)


def _merge(
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    ours: Mapping[str, Any],
    prefix: str,
    conflicts: list[MergeConflictItem],
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in sorted(base.keys() | theirs.keys() | ours.keys()):
        values = (base.get(key, MISSING), theirs.get(key, MISSING), ours.get(key, MISSING))
        value = _merge_value(*values, prefix + key, conflicts)
        if value is not MISSING:
            merged[key] = value
    return merged


def _merge_value(
    base: Any, theirs: Any, ours: Any, path: str, conflicts: list[MergeConflictItem]
) -> Any:
    if json_equal(theirs, ours) or json_equal(theirs, base):
        return ours
    if json_equal(ours, base):
        return theirs
    if _mergeable(base, theirs, ours):
        nested_base = {} if base is MISSING else base
        return _merge(nested_base, theirs, ours, path + ".", conflicts)
    conflicts.append(MergeConflictItem(path, base, theirs, ours))
    return ours


def _mergeable(base: Any, theirs: Any, ours: Any) -> bool:
    # Two objects merge key by key when the base was an object too or did not exist.
    objects = isinstance(theirs, Mapping) and isinstance(ours, Mapping)
    return objects and (base is MISSING or isinstance(base, Mapping))
