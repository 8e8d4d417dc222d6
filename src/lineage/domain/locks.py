"""Locks and deletability (docs/domain.md §4): computed from dependents, never stored.

The graph layer finds the dependents; these rules say which ones bind and turn the
reasons into refusals.
"""

from collections.abc import Iterable, Sequence

from lineage.domain.enums import DEFINITION_TYPES, AssetType, Edge, Layer, Origin, State
from lineage.domain.errors import Immutable, NotDeletable
from lineage.domain.reasons import Blocker, LockKind, LockReason

# v1 5.1 lets a space draft be refined while test renders are made; those renders, and
# discarded ones, do not bind. Every other dependent does.
NON_BINDING_SPACE_RENDER_STATES: frozenset[State] = frozenset({State.DRAFT, State.DISCARDED})


def is_binding(edge: Edge, dependent_type: AssetType, dependent_layer: Layer, state: State) -> bool:
    if edge == Edge.DERIVES_FROM:
        return True
    space_render = dependent_type == AssetType.RENDER and dependent_layer == Layer.SPACE
    return not (space_render and state in NON_BINDING_SPACE_RENDER_STATES)


def inherent_lock_reasons(asset_type: AssetType, origin: Origin) -> list[LockReason]:
    """Reasons that hold whatever depends on the asset."""
    reasons = []
    if origin == Origin.BASE_CLONE:
        reasons.append(LockReason(LockKind.BASE_CLONE))
    # Renders are outcomes; only a task variant (working clone) may still change.
    if asset_type not in DEFINITION_TYPES and origin != Origin.WORKING_CLONE:
        reasons.append(LockReason(LockKind.RENDER))
    return reasons


def is_immutable(asset_type: AssetType, origin: Origin, locked: bool) -> bool:
    return locked or bool(inherent_lock_reasons(asset_type, origin))


def check_editable(
    asset_id: str,
    asset_type: AssetType,
    origin: Origin,
    binding_dependents: Iterable[LockReason],
) -> None:
    """Raise Immutable, with every reason, unless the content may change."""
    reasons = inherent_lock_reasons(asset_type, origin) + list(binding_dependents)
    if reasons:
        raise Immutable(asset_id, reasons)


def check_deletable(asset_id: str, blockers: Sequence[Blocker]) -> None:
    """Any dependent, binding or not, blocks a delete so that nothing dangles."""
    if blockers:
        raise NotDeletable(asset_id, blockers)
