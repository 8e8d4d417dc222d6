"""Users, API tokens (only their SHA-256 is stored) and space membership."""

from __future__ import annotations

import hashlib
import secrets

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Role
from lineage.domain.errors import NotFound
from lineage.domain.validation import parse_enum, validate_name
from lineage.graph import access
from lineage.graph.access import User
from lineage.graph.database import Database
from lineage.services.common import new_id

TOKEN_PREFIX = "lin_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def create_user(db: Database, name: str) -> User:
    valid = validate_name(name)
    id = new_id("user")

    async def work(tx: Tx) -> User:
        return await access.create_user(tx, id, valid)

    return await db.write(work)


async def create_token(db: Database, user_id: str, label: str = "api") -> str:
    """A new bearer token for the user; the secret is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    id = new_id("tok")

    async def work(tx: Tx) -> None:
        if not await access.create_token(tx, user_id, id, hash_token(token), label):
            raise NotFound("user", user_id)

    await db.write(work)
    return token


async def authenticate(db: Database, token: str) -> User | None:
    """The user holding this bearer token, with their roles; None when it is unknown."""
    if not token.startswith(TOKEN_PREFIX):
        return None

    async def work(tx: Tx) -> User | None:
        return await access.user_for_token_hash(tx, hash_token(token))

    return await db.read_tx(work)


async def set_member(db: Database, space_id: str, user_id: str, role: str) -> Role:
    parsed = parse_enum(Role, role, "role")

    async def work(tx: Tx) -> Role:
        if not await access.set_membership(tx, user_id, space_id, parsed):
            raise NotFound("user or space", f"{user_id} / {space_id}")
        return parsed

    return await db.write(work)


async def remove_member(db: Database, space_id: str, user_id: str) -> None:
    async def work(tx: Tx) -> None:
        await access.delete_membership(tx, user_id, space_id)

    await db.write(work)
