"""Which asset type each render input role takes (the ``role`` of a ``USES`` edge)."""

from collections.abc import Mapping

from lineage.domain.enums import AssetType, InputRole
from lineage.domain.errors import ValidationError

INPUT_ROLE_TYPES: Mapping[InputRole, AssetType] = {
    InputRole.CHARACTER: AssetType.CHARACTER,
    InputRole.SCENE: AssetType.SCENE,
    InputRole.STYLE: AssetType.STYLE,
    InputRole.REFERENCE: AssetType.RENDER,
}

_ROLE_OF_TYPE: Mapping[AssetType, InputRole] = {
    asset_type: role for role, asset_type in INPUT_ROLE_TYPES.items()
}


def role_for(asset_type: AssetType) -> InputRole:
    """The only role an input of this type can play."""
    return _ROLE_OF_TYPE[asset_type]


def check_input_role(input_id: str, asset_type: AssetType, role: InputRole) -> None:
    expected = role_for(asset_type)
    if role != expected:
        raise ValidationError(
            "inputs",
            f"{input_id!r} is a {asset_type} and cannot be a {role} input; "
            f"give it the role {expected}",
        )
