"""Users, hashed API tokens and space memberships in the graph."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class User:
    id: str
    name: str
    roles: dict[str, Role]  # space id -> role


@dataclass(frozen=True)
class Member:
    space_id: str
    user_id: str
    name: str
    role: Role


async def create_user(tx: Tx, id: str, name: str) -> User:
    records = await run(tx, CREATE_USER, id=id, name=name)
    return User(records[0]["u"]["id"], records[0]["u"]["name"], {})


async def get_user(tx: Tx, id: str) -> User | None:
    records = await run(tx, GET_USER, id=id)
    return User(id, records[0]["u"]["name"], {}) if records else None


async def create_token(tx: Tx, user_id: str, id: str, token_hash: str, label: str) -> bool:
    records = await run(
        tx, CREATE_TOKEN, user_id=user_id, id=id, token_hash=token_hash, label=label
    )
    return bool(records)


async def user_for_token_hash(tx: Tx, token_hash: str) -> User | None:
    records = await run(tx, FIND_USER_BY_TOKEN_HASH, token_hash=token_hash)
    if not records:
        return None
    node, memberships = records[0]["u"], records[0]["memberships"]
    roles = {m["space_id"]: Role(m["role"]) for m in memberships}
    return User(node["id"], node["name"], roles)


async def set_membership(tx: Tx, user_id: str, space_id: str, role: Role) -> bool:
    records = await run(tx, SET_MEMBERSHIP, user_id=user_id, space_id=space_id, role=str(role))
    return bool(records)


async def delete_membership(tx: Tx, user_id: str, space_id: str) -> None:
    await run(tx, DELETE_MEMBERSHIP, user_id=user_id, space_id=space_id)


async def members(tx: Tx, space_ids: list[str]) -> list[Member]:
    records = await run(tx, LIST_MEMBERS, space_ids=space_ids)
    return [Member(r["space_id"], r["user_id"], r["name"], Role(r["role"])) for r in records]
