"""Binding dependents, inherent immutability, deletability (docs/domain.md §4)."""

import itertools

import pytest

from lineage.domain.enums import AssetType, Edge, Layer, Origin, State
from lineage.domain.errors import Immutable, NotDeletable
from lineage.domain.locks import (
    check_deletable,
    check_editable,
    inherent_lock_reasons,
    is_binding,
)
from lineage.domain.reasons import Blocker, LockKind, LockReason

CELLS = list(itertools.product(Edge, AssetType, Layer, State))


@pytest.mark.parametrize(("edge", "asset_type", "layer", "state"), CELLS)
def test_every_binding_cell(edge: Edge, asset_type: AssetType, layer: Layer, state: State) -> None:
    loose = (
        edge == Edge.USES
        and asset_type == AssetType.RENDER
        and layer == Layer.SPACE
        and state in {State.DRAFT, State.DISCARDED}
    )
    assert is_binding(edge, asset_type, layer, state) is not loose


# (type family, origin) -> inherent reasons
INHERENT = {
    ("definition", Origin.ORIGINAL): [],
    ("definition", Origin.WORKING_CLONE): [],
    ("definition", Origin.BASE_CLONE): [LockKind.BASE_CLONE],
    ("render", Origin.ORIGINAL): [LockKind.RENDER],
    ("render", Origin.WORKING_CLONE): [],
    ("render", Origin.BASE_CLONE): [LockKind.BASE_CLONE, LockKind.RENDER],
}


@pytest.mark.parametrize(("asset_type", "origin"), list(itertools.product(AssetType, Origin)))
def test_every_inherent_cell(asset_type: AssetType, origin: Origin) -> None:
    family = "render" if asset_type == AssetType.RENDER else "definition"
    kinds = [reason.kind for reason in inherent_lock_reasons(asset_type, origin)]
    assert kinds == INHERENT[(family, origin)]
    if kinds:
        with pytest.raises(Immutable) as caught:
            check_editable("a1", asset_type, origin, [])
        assert [r.kind for r in caught.value.reasons] == kinds
    else:
        check_editable("a1", asset_type, origin, [])


def test_dependents_lock_an_otherwise_editable_asset() -> None:
    used = LockReason(LockKind.USED, "r1", "RENDER", ("w1", "r1"))
    with pytest.raises(Immutable) as caught:
        check_editable("w1", AssetType.CHARACTER, Origin.WORKING_CLONE, [used])
    assert caught.value.reasons == (used,)


def test_every_reason_is_reported() -> None:
    used = LockReason(LockKind.USED, "r1", "RENDER", ("b1", "r1"))
    with pytest.raises(Immutable) as caught:
        check_editable("b1", AssetType.SCENE, Origin.BASE_CLONE, [used])
    assert [r.kind for r in caught.value.reasons] == [LockKind.BASE_CLONE, LockKind.USED]


def test_any_dependent_blocks_a_delete() -> None:
    check_deletable("a1", [])
    loose = Blocker("r1", "RENDER", "USES", binding=False)
    with pytest.raises(NotDeletable) as caught:
        check_deletable("a1", [loose])
    assert caught.value.blockers == (loose,)
