"""Comparing two renders (docs/domain.md §12, Render diff): which inputs were added, removed or
changed, and how the prompt, model and parameters differ.

Inputs are matched by their *line*: the asset at the root of the input's lineage (clone
parents up to the space original, then previous versions down to the first one), with the
role it played. So Jennifer 1.0.0 in one render and a task clone of Jennifer 2.0.0 in
another are one input that changed version, while Jennifer and Bob are two inputs, one
removed and one added. When a render used several inputs of one line in one role (a base
clone and a working clone of Jennifer, both as CHARACTER), the same asset pairs with
itself first, then the rest pair in order of version, name and id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lineage.domain.diff import FieldChange, field_diff, json_equal
from lineage.domain.enums import InputRole


class InputDifference(StrEnum):
    """How a matched input differs between the two renders."""

    VERSION = "VERSION"  # another version of the definition
    ASSET = "ASSET"  # another asset of the same line (a clone, a working clone)
    CONTENT = "CONTENT"  # the snapshot differs (the content when each render used it)


@dataclass(frozen=True)
class UsedInput:
    """One input of a render as its USES edge recorded it, with its line."""

    asset_id: str
    role: str
    line_id: str  # the id of the asset at the root of its lineage (see the module doc)
    name: str
    version: str | None  # its version, or for a clone the version it was cloned from
    snapshot: Mapping[str, Any]
    content_hash: str

    @property
    def key(self) -> tuple[str, str]:
        return self.line_id, self.role

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name


@dataclass(frozen=True)
class RenderSide:
    """A render as the diff compares it."""

    id: str
    name: str
    prompt: str | None
    model: str | None
    parameters: Mapping[str, Any]
    inputs: tuple[UsedInput, ...]


@dataclass(frozen=True)
class InputChange:
    """An input both renders used (the same line and role) that differs between them."""

    before: UsedInput
    after: UsedInput
    differences: tuple[InputDifference, ...]
    fields: tuple[FieldChange, ...]  # from the left snapshot to the right one


@dataclass(frozen=True)
class ValueChange:
    """A prompt or model that differs: its value in the left render and in the right."""

    before: str | None
    after: str | None


@dataclass(frozen=True)
class RenderDiff:
    left: RenderSide
    right: RenderSide
    added: tuple[UsedInput, ...] = ()
    removed: tuple[UsedInput, ...] = ()
    changed: tuple[InputChange, ...] = ()
    unchanged: tuple[UsedInput, ...] = ()  # the right render's, equal to the left's
    prompt: ValueChange | None = None
    model: ValueChange | None = None
    parameters: tuple[FieldChange, ...] = field(default=())

    @property
    def same(self) -> bool:
        parts = (self.added, self.removed, self.changed, self.parameters)
        return not any(parts) and self.prompt is None and self.model is None

    @property
    def summary(self) -> str:
        """One line for people: "Frame 41 vs Frame 42: Noir 1.0.0 to 2.0.0, seed changed"."""
        said = [_said(change) for change in self.changed]
        said += [f"{i.label} added" for i in self.added]
        said += [f"{i.label} removed" for i in self.removed]
        said += ["prompt changed"] if self.prompt else []
        said += [f"model {self.model.before} to {self.model.after}"] if self.model else []
        said += [f"{change.path} changed" for change in self.parameters]
        return f"{_title(self.left, self.right)}: {', '.join(said) or 'no differences'}"


def diff_renders(left: RenderSide, right: RenderSide) -> RenderDiff:
    """What differs from `left` to `right`."""
    pairs, removed, added = match_inputs(left.inputs, right.inputs)
    changed, unchanged = [], []
    for before, after in pairs:
        change = _input_change(before, after)
        if change is None:
            unchanged.append(after)
        else:
            changed.append(change)
    changed.sort(key=lambda change: _shown(change.after))
    return RenderDiff(
        left, right, _sorted(added), _sorted(removed), tuple(changed), _sorted(unchanged),
        _value_change(left.prompt, right.prompt), _value_change(left.model, right.model),
        tuple(field_diff(left.parameters, right.parameters)),
    )  # fmt: skip


def _sorted(inputs: Iterable[UsedInput]) -> tuple[UsedInput, ...]:
    return tuple(sorted(inputs, key=_shown))


def _shown(used: UsedInput) -> tuple[int, str, str]:
    """The order inputs are listed in: by role (characters first), then name and id."""
    roles = list(InputRole)
    place = roles.index(InputRole(used.role)) if used.role in roles else len(roles)
    return place, used.name, used.asset_id


def match_inputs(
    left: Iterable[UsedInput], right: Iterable[UsedInput]
) -> tuple[list[tuple[UsedInput, UsedInput]], list[UsedInput], list[UsedInput]]:
    """(pairs, only left, only right): inputs paired by line and role (the module doc)."""
    lefts, rights = _grouped(left), _grouped(right)
    pairs: list[tuple[UsedInput, UsedInput]] = []
    only_left: list[UsedInput] = []
    only_right: list[UsedInput] = []
    for key in sorted(lefts.keys() | rights.keys()):
        these, those = lefts.get(key, []), rights.get(key, [])
        same = {i.asset_id for i in these} & {i.asset_id for i in those}
        pairs += [(i, _by_id(those, i.asset_id)) for i in these if i.asset_id in same]
        rest_left = [i for i in these if i.asset_id not in same]
        rest_right = [i for i in those if i.asset_id not in same]
        pairs += list(zip(rest_left, rest_right, strict=False))
        only_left += rest_left[len(rest_right) :]
        only_right += rest_right[len(rest_left) :]
    return pairs, only_left, only_right


def _grouped(inputs: Iterable[UsedInput]) -> dict[tuple[str, str], list[UsedInput]]:
    groups: dict[tuple[str, str], list[UsedInput]] = {}
    for used in sorted(inputs, key=_order):
        groups.setdefault(used.key, []).append(used)
    return groups


def _order(used: UsedInput) -> tuple[tuple[int, ...], str, str]:
    return _version_key(used.version), used.name, used.asset_id


def _version_key(version: str | None) -> tuple[int, ...]:
    """1.10.0 after 1.9.0; no version, or one that is not numbers, first."""
    parts = (version or "").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else ()


def _by_id(inputs: Sequence[UsedInput], asset_id: str) -> UsedInput:
    return next(i for i in inputs if i.asset_id == asset_id)


def _input_change(before: UsedInput, after: UsedInput) -> InputChange | None:
    differences = []
    if before.version != after.version:
        differences.append(InputDifference.VERSION)
    if before.asset_id != after.asset_id:
        differences.append(InputDifference.ASSET)
    if before.content_hash != after.content_hash:
        differences.append(InputDifference.CONTENT)
    if not differences:
        return None
    fields = tuple(field_diff(before.snapshot, after.snapshot))
    return InputChange(before, after, tuple(differences), fields)


def _value_change(before: str | None, after: str | None) -> ValueChange | None:
    return None if json_equal(before, after) else ValueChange(before, after)


def _said(change: InputChange) -> str:
    before, after = change.before, change.after
    if InputDifference.VERSION in change.differences:
        return f"{before.name} {before.version or '-'} to {after.version or '-'}"
    if InputDifference.CONTENT in change.differences:
        return f"{after.name} changed"
    return f"{before.name} to {after.name} (another clone)"


def _title(left: RenderSide, right: RenderSide) -> str:
    if left.name == right.name:
        return f"{left.name} ({left.id}) vs {right.name} ({right.id})"
    return f"{left.name} vs {right.name}"
