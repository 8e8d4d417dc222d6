"""Space roles."""

import itertools

import pytest

from lineage.domain.access import (
    MANAGE,
    READ,
    WRITE,
    check_keeps_an_owner,
    check_role,
    role_allows,
)
from lineage.domain.enums import Role
from lineage.domain.errors import Forbidden, LastOwner, NotFound

# role -> the required roles it satisfies
GRANTS = {
    Role.OWNER: {Role.OWNER, Role.EDITOR, Role.VIEWER},
    Role.EDITOR: {Role.EDITOR, Role.VIEWER},
    Role.VIEWER: {Role.VIEWER},
}


@pytest.mark.parametrize(("role", "required"), list(itertools.product(Role, Role)))
def test_every_cell(role: Role, required: Role) -> None:
    want = required in GRANTS[role]
    assert role_allows(role, required) is want
    if want:
        check_role("s1", "do it", role, required)
    else:
        with pytest.raises(Forbidden):
            check_role("s1", "do it", role, required)


@pytest.mark.parametrize("required", list(Role))
def test_non_members_do_not_learn_the_space_exists(required: Role) -> None:
    assert not role_allows(None, required)
    with pytest.raises(NotFound):
        check_role("s1", "read", None, required)


def test_action_levels() -> None:
    assert (READ, WRITE, MANAGE) == (Role.VIEWER, Role.EDITOR, Role.OWNER)


@pytest.mark.parametrize("new_role", [Role.EDITOR, Role.VIEWER, None])
def test_the_only_owner_may_neither_step_down_nor_leave(new_role: Role | None) -> None:
    roles = {"ada": Role.OWNER, "bea": Role.EDITOR}
    with pytest.raises(LastOwner) as refused:
        check_keeps_an_owner("s1", roles, "ada", new_role)
    assert (refused.value.space_id, refused.value.user_id) == ("s1", "ada")


@pytest.mark.parametrize("new_role", [*Role, None])
def test_with_another_owner_any_change_keeps_one(new_role: Role | None) -> None:
    roles = {"ada": Role.OWNER, "bea": Role.OWNER, "cy": Role.VIEWER}
    check_keeps_an_owner("s1", roles, "ada", new_role)
    check_keeps_an_owner("s1", roles, "cy", new_role)


def test_the_only_owner_may_stay_owner() -> None:
    check_keeps_an_owner("s1", {"ada": Role.OWNER}, "ada", Role.OWNER)
