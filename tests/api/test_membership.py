"""Membership over the real API (docs/domain.md section 7): owners invite, invitees accept,
and no answer tells a space's owner whether a user id exists outside their space."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLUnionType, get_named_type

from lineage.neo4j_target import Neo4jTarget

from .conftest import Caller, make_caller
from .documents import SDL, Enum, call

PARTS = {
    "NotFoundError": "kind id",
    "ValidationError": "field problem",
    "LastOwnerError": "spaceId userId",
    "MemberPayload": "spaceId member { userId name role }",
    "InvitationPayload": "code invitation { id spaceId role expiresAt }",
}

UNKNOWN_USER = "user_0000000000000000"


def selection(field: str) -> str:
    """`__typename`, `code message` of errors and the parts the tests look at, of the types
    this mutation's result union holds."""
    assert SDL.mutation_type is not None
    union = get_named_type(SDL.mutation_type.fields[field].type)
    assert isinstance(union, GraphQLUnionType)
    held = {member.name for member in union.types}
    parts = "".join(f" ... on {name} {{ {part} }}" for name, part in PARTS.items() if name in held)
    return f"{{ __typename ... on Error {{ code message }}{parts} }}"


def mutate(caller: Caller, field: str, **arguments: Any) -> dict[str, Any]:
    """The result of one mutation (aliased `r`)."""
    return caller.run(f"mutation {{ r: {call(field, arguments)} {selection(field)} }}")["r"]  # type: ignore[no-any-return]


def create_space(caller: Caller, name: str) -> str:
    document = f"mutation {{ r: {call('createSpace', {'name': name})} {{ ... on ContainerPayload {{ container {{ ... on ContainerNode {{ id }} }} }} }} }}"  # noqa: E501
    return str(caller.run(document)["r"]["container"]["id"])


def spaces_of(caller: Caller) -> list[dict[str, Any]]:
    return caller.run("{ viewer { memberships { role space { ... on ContainerNode { id } } } } }")[  # type: ignore[no-any-return]
        "viewer"
    ]["memberships"]


def members_of(caller: Caller, space: str) -> list[dict[str, Any]]:
    found = caller.run(f'{{ space(id: "{space}") {{ members {{ userId name role }} }} }}')
    return found["space"]["members"]  # type: ignore[no-any-return]


def invite(owner: Caller, space: str, role: str = "EDITOR") -> dict[str, Any]:
    result = mutate(owner, "inviteMember", spaceId=space, role=Enum(role))
    assert result["__typename"] == "InvitationPayload", result
    return result


def join(invitee: Caller, owner: Caller, space: str, role: str) -> None:
    accepted = mutate(invitee, "acceptInvitation", code=invite(owner, space, role)["code"])
    assert accepted["__typename"] == "MemberPayload", accepted


def set_role(caller: Caller, space: str, user: str, role: str) -> dict[str, Any]:
    return mutate(caller, "setMemberRole", spaceId=space, userId=user, role=Enum(role))


def without_id(result: dict[str, Any], id: str) -> dict[str, Any]:
    """The answer with the id it names blanked out, to compare answers for two ids."""
    return {key: str(value).replace(id, "<id>") for key, value in result.items()}


def test_a_user_id_from_elsewhere_answers_like_an_unknown_one(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    """The owner of a space names another tenant's user: the answers are those for an id
    that exists nowhere, and nothing about that user changes or shows."""
    space = create_space(caller, "Comics")
    victim = make_caller(neo4j_target, caller.url, "Bea")
    create_space(victim, "Bea's own")
    before = spaces_of(victim)
    for field, arguments in (
        ("setMemberRole", {"spaceId": space, "role": Enum("OWNER")}),
        ("removeMember", {"spaceId": space}),
    ):
        elsewhere = mutate(caller, field, userId=victim.user_id, **arguments)
        unknown = mutate(caller, field, userId=UNKNOWN_USER, **arguments)
        assert elsewhere["__typename"] == "NotFoundError", (field, elsewhere)
        assert (elsewhere["kind"], elsewhere["id"]) == ("member", victim.user_id)
        assert without_id(elsewhere, victim.user_id) == without_id(unknown, UNKNOWN_USER)
    assert [m["userId"] for m in members_of(caller, space)] == [caller.user_id]
    assert "Bea" not in str(members_of(caller, space))
    assert spaces_of(victim) == before


def test_an_invitee_becomes_a_member_only_by_accepting(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    space = create_space(caller, "Comics")
    bea = make_caller(neo4j_target, caller.url, "Bea")
    invited = invite(caller, space, "EDITOR")
    assert invited["code"].startswith("inv_") and invited["invitation"]["spaceId"] == space

    assert spaces_of(bea) == []
    assert [m["name"] for m in members_of(caller, space)] == ["Ada"]
    pending = caller.run(f'{{ space(id: "{space}") {{ invitations {{ id role }} }} }}')
    assert pending["space"]["invitations"] == [
        {"id": invited["invitation"]["id"], "role": "EDITOR"}
    ]

    accepted = mutate(bea, "acceptInvitation", code=invited["code"])
    assert accepted["__typename"] == "MemberPayload", accepted
    assert accepted["spaceId"] == space
    assert accepted["member"] == {"userId": bea.user_id, "name": "Bea", "role": "EDITOR"}
    assert spaces_of(bea) == [{"role": "EDITOR", "space": {"id": space}}]
    assert {m["name"]: m["role"] for m in members_of(caller, space)} == {
        "Ada": "OWNER",
        "Bea": "EDITOR",
    }
    none_left = caller.run(f'{{ space(id: "{space}") {{ invitations {{ id }} }} }}')
    assert none_left["space"]["invitations"] == []

    # One use only: a second accept answers like a code that never existed.
    carol = make_caller(neo4j_target, caller.url, "Carol")
    again = mutate(carol, "acceptInvitation", code=invited["code"])
    made_up = mutate(carol, "acceptInvitation", code="inv_" + "x" * 43)
    assert again["__typename"] == made_up["__typename"] == "NotFoundError", (again, made_up)
    assert again["kind"] == made_up["kind"] == "invitation"
    assert spaces_of(carol) == []


def test_an_over_long_user_id_is_a_validation_error(caller: Caller) -> None:
    space = create_space(caller, "Comics")
    for field, arguments in (
        ("setMemberRole", {"spaceId": space, "role": Enum("VIEWER")}),
        ("removeMember", {"spaceId": space}),
    ):
        result = mutate(caller, field, userId="u" * 10_000, **arguments)
        assert result["__typename"] == "ValidationError", (field, result)
        assert result["field"] == "userId" and "1 to 100 characters" in result["problem"]


def test_the_last_owner_can_neither_step_down_nor_leave(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    space = create_space(caller, "Comics")
    for field, arguments in (
        ("setMemberRole", {"role": Enum("EDITOR")}),
        ("removeMember", {}),
    ):
        refused = mutate(caller, field, spaceId=space, userId=caller.user_id, **arguments)
        assert refused["__typename"] == "LastOwnerError", (field, refused)
        assert refused["code"] == "LAST_OWNER"
        assert (refused["spaceId"], refused["userId"]) == (space, caller.user_id)
        assert "make another member OWNER first" in refused["message"]
    assert members_of(caller, space) == [{"userId": caller.user_id, "name": "Ada", "role": "OWNER"}]

    # With a second owner, the first may step down, and then the second is the last one.
    bea = make_caller(neo4j_target, caller.url, "Bea")
    join(bea, caller, space, "VIEWER")
    promoted = set_role(caller, space, bea.user_id, "OWNER")
    assert promoted["member"] == {"userId": bea.user_id, "name": "Bea", "role": "OWNER"}
    stepped = set_role(caller, space, caller.user_id, "EDITOR")
    assert stepped["__typename"] == "MemberPayload", stepped
    last = mutate(bea, "removeMember", spaceId=space, userId=bea.user_id)
    assert last["__typename"] == "LastOwnerError", last


def test_owners_revoke_invitations_and_others_cannot_see_them(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    space = create_space(caller, "Comics")
    bea = make_caller(neo4j_target, caller.url, "Bea")
    join(bea, caller, space, "VIEWER")
    pending = invite(caller, space, "OWNER")
    look = f'{{ space(id: "{space}") {{ invitations {{ id }} }} }}'
    assert bea.run(look) == {"space": {"invitations": None}}

    revoke = {"spaceId": space, "invitationId": pending["invitation"]["id"]}
    assert mutate(bea, "revokeInvitation", **revoke)["__typename"] == "ForbiddenError"
    assert mutate(caller, "revokeInvitation", **revoke)["__typename"] == "DonePayload"
    assert caller.run(look) == {"space": {"invitations": []}}
    again = mutate(caller, "revokeInvitation", **revoke)
    assert (again["__typename"], again["kind"]) == ("NotFoundError", "invitation"), again

    carol = make_caller(neo4j_target, caller.url, "Carol")
    assert mutate(carol, "acceptInvitation", code=pending["code"])["__typename"] == "NotFoundError"
    assert spaces_of(carol) == []


def test_a_member_accepting_keeps_their_role_and_the_invitation(
    caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    space = create_space(caller, "Comics")
    invited = invite(caller, space, "VIEWER")
    refused = mutate(caller, "acceptInvitation", code=invited["code"])
    assert refused["__typename"] == "ConflictError", refused
    assert members_of(caller, space) == [{"userId": caller.user_id, "name": "Ada", "role": "OWNER"}]
    bea = make_caller(neo4j_target, caller.url, "Bea")
    assert mutate(bea, "acceptInvitation", code=invited["code"])["member"]["role"] == "VIEWER"
