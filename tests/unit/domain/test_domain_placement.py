"""Where assets may live and what clones may derive from (docs/domain.md §2, §6)."""

import itertools

import pytest

from lineage.domain.enums import AssetType, Classification, Layer, Origin
from lineage.domain.errors import ScopeViolation, ValidationError
from lineage.domain.placement import (
    Location,
    allowed_origins,
    check_clone_source,
    check_layer_origin,
    check_variant_source,
    check_within_reach,
    clone_source,
    reach_location,
    within_reach,
)

# docs/domain.md §2, "Allowed (layer, origin) pairs", restated as text.
DEFINITION_CELLS = {
    "SPACE:ORIGINAL",
    "PROJECT:BASE_CLONE",
    "PROJECT:WORKING_CLONE",
    "TASK:BASE_CLONE",
    "TASK:WORKING_CLONE",
}
RENDER_CELLS = {
    "SPACE:ORIGINAL",
    "PROJECT:BASE_CLONE",
    "PROJECT:ORIGINAL",
    "TASK:BASE_CLONE",
    "TASK:WORKING_CLONE",
    "TASK:ORIGINAL",
}

# The lineage chain (v4 section 6): clone cell <- parent cell.
DEFINITION_CLONES = {
    "PROJECT:BASE_CLONE<SPACE:ORIGINAL",
    "PROJECT:WORKING_CLONE<PROJECT:BASE_CLONE",
    "TASK:BASE_CLONE<PROJECT:BASE_CLONE",
    "TASK:BASE_CLONE<PROJECT:WORKING_CLONE",
    "TASK:WORKING_CLONE<TASK:BASE_CLONE",
}
RENDER_CLONES = {
    "PROJECT:BASE_CLONE<SPACE:ORIGINAL",
    "TASK:BASE_CLONE<PROJECT:BASE_CLONE",
    "TASK:BASE_CLONE<PROJECT:ORIGINAL",
    "TASK:WORKING_CLONE<TASK:BASE_CLONE",
}


def _cells(asset_type: AssetType) -> set[str]:
    return RENDER_CELLS if asset_type == AssetType.RENDER else DEFINITION_CELLS


@pytest.mark.parametrize(
    ("asset_type", "layer", "origin"), list(itertools.product(AssetType, Layer, Origin))
)
def test_every_layer_origin_cell(asset_type: AssetType, layer: Layer, origin: Origin) -> None:
    want = f"{layer}:{origin}" in _cells(asset_type)
    assert (origin in allowed_origins(asset_type, layer)) is want
    if want:
        check_layer_origin(asset_type, layer, origin)
    else:
        with pytest.raises(ScopeViolation) as caught:
            check_layer_origin(asset_type, layer, origin)
        assert "use one of" in caught.value.message


CLONE_CELLS = list(itertools.product(AssetType, Layer, Origin, Layer, Origin))


@pytest.mark.parametrize(("asset_type", "layer", "origin", "src_layer", "src_origin"), CLONE_CELLS)
def test_every_clone_source_cell(
    asset_type: AssetType, layer: Layer, origin: Origin, src_layer: Layer, src_origin: Origin
) -> None:
    table = RENDER_CLONES if asset_type == AssetType.RENDER else DEFINITION_CLONES
    want = f"{layer}:{origin}<{src_layer}:{src_origin}" in table
    if want:
        check_clone_source(asset_type, layer, origin, src_layer, src_origin)
    else:
        with pytest.raises(ScopeViolation):
            check_clone_source(asset_type, layer, origin, src_layer, src_origin)


@pytest.mark.parametrize("asset_type", list(AssetType))
def test_clone_sources_exist_only_for_clones(asset_type: AssetType) -> None:
    table = RENDER_CLONES if asset_type == AssetType.RENDER else DEFINITION_CLONES
    clone_cells = {entry.split("<")[0] for entry in table}
    for layer, origin in itertools.product(Layer, Origin):
        has_source = clone_source(asset_type, layer, origin) is not None
        assert has_source is (f"{layer}:{origin}" in clone_cells)


def test_clone_source_refusal_names_the_right_parent() -> None:
    with pytest.raises(ScopeViolation) as caught:
        check_clone_source(
            AssetType.CHARACTER,
            Layer.PROJECT,
            Origin.WORKING_CLONE,
            Layer.SPACE,
            Origin.ORIGINAL,
        )
    assert "clone from a BASE_CLONE in a project" in caught.value.message


def test_originals_are_not_made_by_cloning() -> None:
    with pytest.raises(ScopeViolation) as caught:
        check_clone_source(
            AssetType.SCENE, Layer.SPACE, Origin.ORIGINAL, Layer.SPACE, Origin.ORIGINAL
        )
    assert "not made by cloning" in caught.value.message


@pytest.mark.parametrize("classification", [*Classification, None])
def test_only_compilations_refuse_variants(classification: Classification | None) -> None:
    if classification == Classification.COMPILATION:
        with pytest.raises(ScopeViolation) as caught:
            check_variant_source("r1", classification)
        assert "REFERENCE" in caught.value.message
    else:
        check_variant_source("r1", classification)


def test_location_layer() -> None:
    assert Location("s").layer == Layer.SPACE
    assert Location("s", "p").layer == Layer.PROJECT
    assert Location("s", "p", "t").layer == Layer.TASK


def test_task_location_needs_a_project() -> None:
    with pytest.raises(ValidationError):
        Location("s", None, "t")


SPACE = Location("s1")
PROJECT = Location("s1", "p1")
TASK = Location("s1", "p1", "t1")
SIBLING_PROJECT = Location("s1", "p2")
SIBLING_TASK = Location("s1", "p1", "t2")
OTHER_SPACE = Location("s2")
OTHER_PROJECT = Location("s2", "p1")

# user, used -> within reach
REACH = [
    (SPACE, SPACE, True),
    (SPACE, PROJECT, False),
    (SPACE, TASK, False),
    (PROJECT, SPACE, True),
    (PROJECT, PROJECT, True),
    (PROJECT, TASK, False),
    (PROJECT, SIBLING_PROJECT, False),
    (TASK, SPACE, True),
    (TASK, PROJECT, True),
    (TASK, TASK, True),
    (TASK, SIBLING_TASK, False),
    (TASK, SIBLING_PROJECT, False),
    (SPACE, OTHER_SPACE, False),
    (PROJECT, OTHER_SPACE, False),
    (PROJECT, OTHER_PROJECT, False),
    (TASK, OTHER_SPACE, False),
]


@pytest.mark.parametrize(("user", "used", "want"), REACH)
def test_reach(user: Location, used: Location, want: bool) -> None:
    assert within_reach(user, used) is want
    if want:
        check_within_reach("x1", user, used)
    else:
        with pytest.raises(ScopeViolation) as caught:
            check_within_reach("x1", user, used)
        assert "'x1'" in caught.value.message


@pytest.mark.parametrize(
    ("asset_type", "origin", "task_level"),
    [
        (AssetType.RENDER, Origin.ORIGINAL, False),  # generated in a task: a project render
        (AssetType.RENDER, Origin.BASE_CLONE, True),
        (AssetType.RENDER, Origin.WORKING_CLONE, True),
        (AssetType.CHARACTER, Origin.BASE_CLONE, True),
        (AssetType.SCENE, Origin.WORKING_CLONE, True),
    ],
)
def test_reach_location_of_task_assets(
    asset_type: AssetType, origin: Origin, task_level: bool
) -> None:
    task = Location("s", "p", "t")
    reach = reach_location(asset_type, origin, task)
    assert reach == (task if task_level else Location("s", "p"))
    sibling = Location("s", "p", "t2")
    assert within_reach(sibling, reach) is not task_level


@pytest.mark.parametrize("location", [Location("s"), Location("s", "p")])
def test_reach_location_above_tasks_is_the_location(location: Location) -> None:
    for asset_type, origin in itertools.product(AssetType, Origin):
        assert reach_location(asset_type, origin, location) == location
