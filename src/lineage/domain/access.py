"""Space roles (docs/domain.md §7): owners manage, editors write, viewers read."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from lineage.domain.enums import Role
from lineage.domain.errors import Forbidden, LastOwner, NotFound

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


def check_keeps_an_owner(
    space_id: str, roles: Mapping[str, Role], user_id: str, new_role: Role | None
) -> None:
    """Refuse to demote or remove (`new_role` None) a space's only owner: a space nobody
    owns can no longer be managed. `roles` maps every member of the space to their role."""
    owners = {user for user, role in roles.items() if role == Role.OWNER}
    if owners == {user_id} and new_role != Role.OWNER:
        raise LastOwner(space_id, user_id)


def token_expired(expires_at: datetime | None, now: datetime) -> bool:
    """A token with an expiry signs no one in from that moment on (None: it never expires)."""
    return expires_at is not None and expires_at <= now


@dataclass(frozen=True)
class Viewer:
    """A caller's roles by space, for the checks a use case makes on what it read inside
    its own transaction (the facts of a registration) instead of before it."""

    roles: Mapping[str, Role]

    def sees(self, space_id: str | None) -> bool:
        return space_id is not None and role_allows(self.roles.get(space_id), READ)

    def require(self, space_id: str, action: str, required: Role = WRITE) -> None:
        check_role(space_id, action, self.roles.get(space_id), required)


class InSpace(Protocol):
    @property
    def space_id(self) -> str: ...


Found = TypeVar("Found", bound=InSpace)


def known_to(viewer: Viewer | None, found: Found | None, id: str, kind: str) -> Found:
    """What a use case found under `id`, as its caller may know it. Missing, or in a space
    the caller is not a member of, it is NotFound: for a caller "asset or container" (what
    an id naming nothing answers, so nothing leaks across tenants), without one (the
    command line, tests) of `kind`."""
    if viewer is not None and (found is None or not viewer.sees(found.space_id)):
        raise NotFound("asset or container", id)
    if found is None:
        raise NotFound(kind, id)
    return found
