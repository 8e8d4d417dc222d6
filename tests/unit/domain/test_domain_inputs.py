"""Render input roles and the asset types they take."""

import itertools

import pytest

from lineage.domain.enums import AssetType, InputRole
from lineage.domain.errors import ValidationError
from lineage.domain.inputs import check_input_role, role_for

PAIRS = {
    ("CHARACTER", "CHARACTER"),
    ("SCENE", "SCENE"),
    ("STYLE", "STYLE"),
    ("RENDER", "REFERENCE"),
}


@pytest.mark.parametrize(("asset_type", "role"), list(itertools.product(AssetType, InputRole)))
def test_every_cell(asset_type: AssetType, role: InputRole) -> None:
    if (str(asset_type), str(role)) in PAIRS:
        assert role_for(asset_type) == role
        check_input_role("i1", asset_type, role)
    else:
        with pytest.raises(ValidationError) as caught:
            check_input_role("i1", asset_type, role)
        assert caught.value.field == "inputs"
        assert f"give it the role {role_for(asset_type)}" in caught.value.message
