"""Lifecycle states: the transition tables (docs/domain.md §5) and the usability rules.

The tables are data, kept here and nowhere else; the functions only read them.
"""

from collections.abc import Iterable, Mapping

from lineage.domain.enums import DEFINITION_TYPES, AssetType, Layer, Origin, State
from lineage.domain.errors import (
    DriftedInputs,
    InvalidTransition,
    NotImportable,
    NotUsable,
    ValidationError,
)
from lineage.domain.reasons import InputDrift

Transitions = Mapping[State, frozenset[State]]

_D = State.DRAFT
_C = State.CANONICAL
_E = State.EXPERIMENTAL
_DEP = State.DEPRECATED
_AR = State.ARCHIVED

# Only space originals and project working clones move. Base clones mirror their source
# and task working clones are scratch copies, so neither has a lifecycle of its own.
DEFINITION_TRANSITIONS: Mapping[tuple[Layer, Origin], Transitions] = {
    (Layer.SPACE, Origin.ORIGINAL): {
        _D: frozenset({_C, _AR, _E}),
        _E: frozenset({_D, _AR}),
        _C: frozenset({_DEP}),
        _DEP: frozenset({_AR}),
    },
    (Layer.PROJECT, Origin.WORKING_CLONE): {
        _D: frozenset({_C, _AR}),
        _C: frozenset({_DEP}),
        _DEP: frozenset({_AR}),
    },
}

# Allowed only when the caller passes force (v1 4.2: "rarely, with warning").
FORCED_DEFINITION_TRANSITIONS: Mapping[tuple[Layer, Origin], Transitions] = {
    (Layer.SPACE, Origin.ORIGINAL): {_C: frozenset({_AR})},
}

# Renders are outcomes: the same small machine in every layer and origin.
RENDER_TRANSITIONS: Transitions = {
    State.DRAFT: frozenset({State.APPROVED, State.DISCARDED}),
    State.APPROVED: frozenset({State.ARCHIVED}),
}

DEFINITION_STATES: frozenset[State] = frozenset({_D, _C, _E, _DEP, _AR})
RENDER_STATES: frozenset[State] = frozenset(
    {State.DRAFT, State.APPROVED, State.DISCARDED, State.ARCHIVED}
)

# Originals and working clones start here; base clones mirror their source instead.
INITIAL_STATE = State.DRAFT

NOT_USABLE_STATES: frozenset[State] = frozenset({State.DEPRECATED, State.ARCHIVED, State.DISCARDED})


def states_for(asset_type: AssetType) -> frozenset[State]:
    return DEFINITION_STATES if asset_type in DEFINITION_TYPES else RENDER_STATES


def initial_state(origin: Origin, source_state: State | None = None) -> State:
    """The state a new asset starts in; a base clone takes its source's state."""
    if origin != Origin.BASE_CLONE:
        return INITIAL_STATE
    if source_state is None:
        raise ValidationError("source_state", "a base clone needs its source's state to mirror")
    return source_state


def allowed_transitions(
    asset_type: AssetType,
    layer: Layer,
    origin: Origin,
    state: State,
    force: bool = False,
) -> frozenset[State]:
    if asset_type not in DEFINITION_TYPES:
        return RENDER_TRANSITIONS.get(state, frozenset())
    allowed = DEFINITION_TRANSITIONS.get((layer, origin), {}).get(state, frozenset())
    if force:
        forced = FORCED_DEFINITION_TRANSITIONS.get((layer, origin), {})
        allowed = allowed | forced.get(state, frozenset())
    return allowed


def check_transition(
    asset_id: str,
    asset_type: AssetType,
    layer: Layer,
    origin: Origin,
    state: State,
    target: State,
    *,
    force: bool = False,
) -> None:
    """Raise InvalidTransition unless ``state -> target`` is allowed for this asset."""
    allowed = allowed_transitions(asset_type, layer, origin, state, force)
    if target in allowed:
        return
    forced = allowed_transitions(asset_type, layer, origin, state, force=True)
    raise InvalidTransition(
        asset_id, state, target, allowed, needs_force=not force and target in forced
    )


def is_usable(state: State) -> bool:
    """Whether new work (import, clone, use in a task or a render) may start here."""
    return state not in NOT_USABLE_STATES


def check_usable(asset_id: str, state: State) -> None:
    if not is_usable(state):
        raise NotUsable(asset_id, state)


def importable(asset_type: AssetType, layer: Layer, state: State) -> bool:
    return _import_refusal(asset_type, layer, state) is None


def check_importable(asset_id: str, asset_type: AssetType, layer: Layer, state: State) -> None:
    why = _import_refusal(asset_type, layer, state)
    if why is not None:
        raise NotImportable(asset_id, why)


def _import_refusal(asset_type: AssetType, layer: Layer, state: State) -> str | None:
    if layer != Layer.SPACE:
        return f"it lives in a {str(layer).lower()}, and only space assets are imported"
    needed = State.CANONICAL if asset_type in DEFINITION_TYPES else State.APPROVED
    if state != needed:
        return f"it is {state}, not {needed}"
    return None


def drifted(inputs: Iterable[InputDrift]) -> list[InputDrift]:
    """The inputs whose current content differs from the render's snapshot."""
    return [item for item in inputs if item.snapshot_hash != item.current_hash]


def check_inputs_current(render_id: str, inputs: Iterable[InputDrift]) -> None:
    """Approving a render needs every input unchanged since generation (docs/domain.md §4)."""
    changed = drifted(inputs)
    if changed:
        raise DriftedInputs(render_id, changed)
