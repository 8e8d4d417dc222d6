"""Users, hashed API tokens, space memberships and invitations in the graph."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Role
from lineage.graph.database import run

CREATE_USER = cypher.load("access/create_user")
CREATE_TOKEN = cypher.load("access/create_token")
FIND_USER_BY_TOKEN_HASH = cypher.load("access/find_user_by_token_hash")
GET_USER = cypher.load("access/get_user")
SET_MEMBERSHIP = cypher.load("access/set_membership")
DELETE_MEMBERSHIP = cypher.load("access/delete_membership")
LIST_MEMBERS = cypher.load("access/list_members")
UPDATE_MEMBERSHIP = cypher.load("access/update_membership")
CREATE_INVITATION = cypher.load("access/create_invitation")
FIND_INVITATION_BY_CODE_HASH = cypher.load("access/find_invitation_by_code_hash")
LIST_INVITATIONS = cypher.load("access/list_invitations")
DELETE_INVITATION = cypher.load("access/delete_invitation")
DELETE_EXPIRED_INVITATIONS = cypher.load("access/delete_expired_invitations")
LIST_USERS = cypher.load("access/list_users")
LIST_TOKENS = cypher.load("access/list_tokens")
DELETE_TOKEN = cypher.load("access/delete_token")
RECORD_TOKEN_USE = cypher.load("access/record_token_use")


@dataclass(frozen=True)
class User:
    id: str
    name: str
    roles: dict[str, Role]  # space id -> role


@dataclass(frozen=True)
class UserSummary:
    """A user as the operator lists them."""

    id: str
    name: str
    created_at: datetime | None
    tokens: int
    spaces: int


@dataclass(frozen=True)
class Token:
    """An API token's record (never its secret nor its hash)."""

    id: str
    user_id: str
    user_name: str
    label: str
    created_at: datetime | None
    expires_at: datetime | None  # None: never
    last_used_at: datetime | None  # noted at sign-in, at most about once a minute


@dataclass(frozen=True)
class SignIn:
    """Who a bearer token signs in, and the token itself (its expiry, its last use)."""

    user: User
    token: Token


@dataclass(frozen=True)
class Member:
    space_id: str
    user_id: str
    name: str
    role: Role


@dataclass(frozen=True)
class Invitation:
    """A pending invitation to a space; its code is never stored, only the code's hash."""

    id: str
    space_id: str
    role: Role
    created_by: str | None
    created_at: datetime | None
    expires_at: datetime


async def create_user(tx: Tx, id: str, name: str) -> User:
    records = await run(tx, CREATE_USER, id=id, name=name)
    return User(records[0]["u"]["id"], records[0]["u"]["name"], {})


async def get_user(tx: Tx, id: str) -> User | None:
    records = await run(tx, GET_USER, id=id)
    return User(id, records[0]["u"]["name"], {}) if records else None


async def list_users(tx: Tx) -> list[UserSummary]:
    return [
        UserSummary(r["u"]["id"], r["u"]["name"], _native(r["u"].get("created_at")),
                    r["tokens"], r["spaces"])
        for r in await run(tx, LIST_USERS)
    ]  # fmt: skip


async def create_token(
    tx: Tx, user: User, id: str, token_hash: str, label: str, expires_at: datetime | None
) -> Token:
    records = await run(
        tx, CREATE_TOKEN, user_id=user.id, id=id, token_hash=token_hash, label=label,
        expires_at=expires_at,
    )  # fmt: skip
    return _token(records[0]["t"], user.id, user.name)


async def list_tokens(tx: Tx, user_id: str | None) -> list[Token]:
    records = await run(tx, LIST_TOKENS, user_id=user_id)
    return [_token(r["t"], r["user_id"], r["user_name"]) for r in records]


async def delete_token(tx: Tx, id: str) -> bool:
    records = await run(tx, DELETE_TOKEN, id=id)
    return bool(records[0]["deleted"])


async def record_token_use(tx: Tx, id: str, every_s: int) -> bool:
    records = await run(tx, RECORD_TOKEN_USE, id=id, every_s=every_s)
    return bool(records[0]["recorded"])


async def sign_in_for_token_hash(tx: Tx, token_hash: str) -> SignIn | None:
    records = await run(tx, FIND_USER_BY_TOKEN_HASH, token_hash=token_hash)
    if not records:
        return None
    node, memberships = records[0]["u"], records[0]["memberships"]
    roles = {m["space_id"]: Role(m["role"]) for m in memberships}
    user = User(node["id"], node["name"], roles)
    return SignIn(user, _token(records[0]["t"], user.id, user.name))


async def set_membership(tx: Tx, user_id: str, space_id: str, role: Role) -> Member | None:
    """Add the member or change their role; None when the user or the space does not exist."""
    records = await run(tx, SET_MEMBERSHIP, user_id=user_id, space_id=space_id, role=str(role))
    return _member(space_id, records[0]) if records else None


async def delete_membership(tx: Tx, user_id: str, space_id: str) -> bool:
    records = await run(tx, DELETE_MEMBERSHIP, user_id=user_id, space_id=space_id)
    return bool(records[0]["removed"])


async def members(tx: Tx, space_ids: list[str]) -> list[Member]:
    records = await run(tx, LIST_MEMBERS, space_ids=space_ids)
    return [Member(r["space_id"], r["user_id"], r["name"], Role(r["role"])) for r in records]


async def update_membership(tx: Tx, user_id: str, space_id: str, role: Role) -> Member | None:
    records = await run(tx, UPDATE_MEMBERSHIP, user_id=user_id, space_id=space_id, role=str(role))
    return _member(space_id, records[0]) if records else None


async def create_invitation(tx: Tx, invitation: Invitation, code_hash: str) -> Invitation:
    records = await run(
        tx, CREATE_INVITATION, id=invitation.id, space_id=invitation.space_id,
        role=str(invitation.role), code_hash=code_hash, created_by=invitation.created_by,
        expires_at=invitation.expires_at,
    )  # fmt: skip
    return _invitation(records[0]["i"])


async def invitation_for_code_hash(tx: Tx, code_hash: str) -> Invitation | None:
    records = await run(tx, FIND_INVITATION_BY_CODE_HASH, code_hash=code_hash)
    return _invitation(records[0]["i"]) if records else None


async def invitations(tx: Tx, space_ids: list[str]) -> dict[str, list[Invitation]]:
    """space id -> its pending invitations, oldest first."""
    grouped: dict[str, list[Invitation]] = {}
    for record in await run(tx, LIST_INVITATIONS, space_ids=space_ids):
        found = _invitation(record["i"])
        grouped.setdefault(found.space_id, []).append(found)
    return grouped


async def delete_invitation(tx: Tx, space_id: str, id: str) -> bool:
    records = await run(tx, DELETE_INVITATION, space_id=space_id, id=id)
    return bool(records[0]["deleted"])


async def delete_expired_invitations(tx: Tx, space_id: str) -> None:
    await run(tx, DELETE_EXPIRED_INVITATIONS, space_id=space_id)


def _member(space_id: str, record: Any) -> Member:
    return Member(space_id, record["user_id"], record["name"], Role(record["role"]))


def _token(node: Any, user_id: str, user_name: str) -> Token:
    return Token(
        id=node["id"], user_id=user_id, user_name=user_name, label=node.get("label") or "",
        created_at=_native(node.get("created_at")), expires_at=_native(node.get("expires_at")),
        last_used_at=_native(node.get("last_used_at")),
    )  # fmt: skip


def _invitation(node: Any) -> Invitation:
    return Invitation(
        id=node["id"], space_id=node["space_id"], role=Role(node["role"]),
        created_by=node.get("created_by"), created_at=_native(node.get("created_at")),
        expires_at=_native(node["expires_at"]),
    )  # fmt: skip


def _native(value: Any) -> Any:
    """Neo4j's DateTime as Python's datetime (None stays None)."""
    return value.to_native() if hasattr(value, "to_native") else value
