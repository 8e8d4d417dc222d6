"""Every cell of the lifecycle tables (docs/domain.md §5), allowed and refused."""

import itertools

import pytest

from lineage.domain.enums import DEFINITION_TYPES, AssetType, Layer, Origin, State
from lineage.domain.errors import (
    DriftedInputs,
    InvalidTransition,
    NotImportable,
    NotUsable,
    ValidationError,
)
from lineage.domain.lifecycle import (
    INITIAL_STATE,
    NOT_USABLE_STATES,
    allowed_transitions,
    check_importable,
    check_inputs_current,
    check_transition,
    check_usable,
    drifted,
    importable,
    initial_state,
    is_usable,
    states_for,
)
from lineage.domain.reasons import InputDrift

# The design tables restated as text, independently of the module's data.
SPACE_ORIGINAL = {
    "DRAFT>CANONICAL",
    "DRAFT>ARCHIVED",
    "DRAFT>EXPERIMENTAL",
    "EXPERIMENTAL>DRAFT",
    "EXPERIMENTAL>ARCHIVED",
    "CANONICAL>DEPRECATED",
    "DEPRECATED>ARCHIVED",
}
SPACE_ORIGINAL_FORCED = {"CANONICAL>ARCHIVED"}
PROJECT_WORKING_CLONE = {
    "DRAFT>CANONICAL",
    "DRAFT>ARCHIVED",
    "CANONICAL>DEPRECATED",
    "DEPRECATED>ARCHIVED",
}
RENDER = {"DRAFT>APPROVED", "DRAFT>DISCARDED", "APPROVED>ARCHIVED"}

ALL = list(itertools.product(AssetType, Layer, Origin, State, State, [False, True]))


def expected(
    asset_type: AssetType, layer: Layer, origin: Origin, src: State, dst: State, force: bool
) -> bool:
    move = f"{src}>{dst}"
    if asset_type == AssetType.RENDER:
        return move in RENDER
    if (layer, origin) == (Layer.SPACE, Origin.ORIGINAL):
        return move in SPACE_ORIGINAL or (force and move in SPACE_ORIGINAL_FORCED)
    if (layer, origin) == (Layer.PROJECT, Origin.WORKING_CLONE):
        return move in PROJECT_WORKING_CLONE
    return False


def test_the_restated_tables_have_the_design_sizes() -> None:
    allowed = [cell for cell in ALL if expected(*cell)]
    # 3 definition types x (7 space + 1 forced + 4 project working) plus 3 render moves
    # in all 9 (layer, origin) cells; each counted once per force flag except the forced one.
    definitions = 3 * (7 * 2 + 1 + 4 * 2)
    renders = 3 * 9 * 2
    assert len(allowed) == definitions + renders


@pytest.mark.parametrize(("asset_type", "layer", "origin", "src", "dst", "force"), ALL)
def test_every_cell(
    asset_type: AssetType, layer: Layer, origin: Origin, src: State, dst: State, force: bool
) -> None:
    allowed = allowed_transitions(asset_type, layer, origin, src, force)
    want = expected(asset_type, layer, origin, src, dst, force)
    assert (dst in allowed) is want
    if want:
        check_transition("a1", asset_type, layer, origin, src, dst, force=force)
        return
    with pytest.raises(InvalidTransition) as caught:
        check_transition("a1", asset_type, layer, origin, src, dst, force=force)
    error = caught.value
    targets = {s for s in State if expected(asset_type, layer, origin, src, s, force)}
    assert set(error.allowed) == {str(s) for s in targets}
    forced_only = (
        not force
        and asset_type in DEFINITION_TYPES
        and (layer, origin, src, dst)
        == (Layer.SPACE, Origin.ORIGINAL, State.CANONICAL, State.ARCHIVED)
    )
    assert error.needs_force is forced_only
    assert (error.from_state, error.to_state, error.asset_id) == (str(src), str(dst), "a1")


def test_refusal_names_the_allowed_targets() -> None:
    with pytest.raises(InvalidTransition) as caught:
        check_transition(
            "c1", AssetType.CHARACTER, Layer.SPACE, Origin.ORIGINAL, State.DRAFT, State.APPROVED
        )
    assert caught.value.allowed == ("ARCHIVED", "CANONICAL", "EXPERIMENTAL")
    assert "ARCHIVED, CANONICAL, EXPERIMENTAL" in caught.value.message


def test_forced_archive_says_force_is_needed() -> None:
    with pytest.raises(InvalidTransition) as caught:
        check_transition(
            "s1", AssetType.STYLE, Layer.SPACE, Origin.ORIGINAL, State.CANONICAL, State.ARCHIVED
        )
    assert caught.value.needs_force
    assert "force" in caught.value.message


def test_base_clone_refusal_says_nothing_is_allowed() -> None:
    with pytest.raises(InvalidTransition) as caught:
        check_transition(
            "b1",
            AssetType.SCENE,
            Layer.PROJECT,
            Origin.BASE_CLONE,
            State.CANONICAL,
            State.DEPRECATED,
        )
    assert caught.value.allowed == ()
    assert "no transition" in caught.value.message


def test_states_for_each_type() -> None:
    definition = {"DRAFT", "CANONICAL", "EXPERIMENTAL", "DEPRECATED", "ARCHIVED"}
    render = {"DRAFT", "APPROVED", "DISCARDED", "ARCHIVED"}
    for asset_type in AssetType:
        want = render if asset_type == AssetType.RENDER else definition
        assert {str(s) for s in states_for(asset_type)} == want


def test_transitions_stay_within_the_type_states() -> None:
    for asset_type, layer, origin, src, dst, force in ALL:
        if dst in allowed_transitions(asset_type, layer, origin, src, force):
            assert {src, dst} <= states_for(asset_type)


@pytest.mark.parametrize("origin", [Origin.ORIGINAL, Origin.WORKING_CLONE])
def test_originals_and_working_clones_start_in_draft(origin: Origin) -> None:
    assert INITIAL_STATE == State.DRAFT
    assert initial_state(origin) == State.DRAFT
    assert initial_state(origin, State.CANONICAL) == State.DRAFT


@pytest.mark.parametrize("source", [State.CANONICAL, State.APPROVED, State.DRAFT])
def test_base_clones_mirror_their_source_state(source: State) -> None:
    assert initial_state(Origin.BASE_CLONE, source) == source


def test_base_clone_without_source_state_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        initial_state(Origin.BASE_CLONE)
    assert caught.value.field == "source_state"


@pytest.mark.parametrize("state", list(State))
def test_usability_of_every_state(state: State) -> None:
    refused = state in {State.DEPRECATED, State.ARCHIVED, State.DISCARDED}
    assert is_usable(state) is not refused
    assert (state in NOT_USABLE_STATES) is refused
    if refused:
        with pytest.raises(NotUsable) as caught:
            check_usable("x1", state)
        assert caught.value.state == str(state)
    else:
        check_usable("x1", state)


@pytest.mark.parametrize(
    ("asset_type", "layer", "state"), list(itertools.product(AssetType, Layer, State))
)
def test_importability_of_every_cell(asset_type: AssetType, layer: Layer, state: State) -> None:
    want = layer == Layer.SPACE and (
        (asset_type != AssetType.RENDER and state == State.CANONICAL)
        or (asset_type == AssetType.RENDER and state == State.APPROVED)
    )
    assert importable(asset_type, layer, state) is want
    if want:
        check_importable("x1", asset_type, layer, state)
    else:
        with pytest.raises(NotImportable):
            check_importable("x1", asset_type, layer, state)


def test_import_refusals_say_why() -> None:
    with pytest.raises(NotImportable) as caught:
        check_importable("c1", AssetType.CHARACTER, Layer.SPACE, State.DRAFT)
    assert "DRAFT, not CANONICAL" in caught.value.why
    with pytest.raises(NotImportable) as caught:
        check_importable("r1", AssetType.RENDER, Layer.PROJECT, State.APPROVED)
    assert "project" in caught.value.why


def test_drift_check_lists_only_changed_inputs() -> None:
    same = InputDrift("c1", "CHARACTER", "aa", "aa")
    changed = InputDrift("s1", "SCENE", "aa", "bb")
    assert drifted([same, changed]) == [changed]
    check_inputs_current("r1", [same])
    check_inputs_current("r1", [])
    with pytest.raises(DriftedInputs) as caught:
        check_inputs_current("r1", [same, changed])
    assert caught.value.drifted == (changed,)
    assert caught.value.details()["drifted"][0]["input_id"] == "s1"


def test_plain_strings_work_like_members() -> None:
    # Records read from the database may carry plain strings.
    got = allowed_transitions(AssetType("SCENE"), "SPACE", "ORIGINAL", "DRAFT")  # type: ignore[arg-type]
    assert got == {State.CANONICAL, State.ARCHIVED, State.EXPERIMENTAL}
