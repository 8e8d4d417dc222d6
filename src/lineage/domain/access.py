"""Space roles (docs/domain.md §7): owners manage, editors write, viewers read."""

from collections.abc import Mapping

from lineage.domain.enums import Role
from lineage.domain.errors import Forbidden, NotFound

ROLE_RANK: Mapping[Role, int] = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}

READ = Role.VIEWER
WRITE = Role.EDITOR
MANAGE = Role.OWNER


def role_allows(role: Role | None, required: Role) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[required]


def check_role(space_id: str, action: str, role: Role | None, required: Role) -> None:
    """Non-members get NotFound, so a space's existence does not leak across tenants."""
    if role is None:
        raise NotFound("space", space_id)
    if not role_allows(role, required):
        raise Forbidden(space_id, action, role, required)
