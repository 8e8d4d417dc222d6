"""Users, API tokens (only their SHA-256 is stored), space membership and invitations.

Membership (docs/domain.md §7): an owner invites with a role and hands the one-time code to
the invitee, who accepts it; owners change roles and remove members, but only of people who
are already members, so no answer tells whether a user id exists outside the space. Every
change that could leave a space without an owner takes the space's write lock first, then
re-reads the members, so two concurrent changes cannot both pass the check.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history
from lineage.domain.access import check_keeps_an_owner, check_role, token_expired
from lineage.domain.enums import Layer, Role
from lineage.domain.errors import Conflict, NotFound, ValidationError
from lineage.domain.history import Change, Operation
from lineage.domain.validation import parse_enum, validate_id, validate_name
from lineage.graph import access, containers
from lineage.graph.access import Invitation, Member, SignIn, Token, User, UserSummary
from lineage.graph.database import Database
from lineage.graph.history import append
from lineage.services.common import new_id

TOKEN_PREFIX = "lin_"
INVITATION_PREFIX = "inv_"
INVITATION_TTL = timedelta(days=7)
# Codes are INVITATION_PREFIX and 43 characters; anything much longer is not one.
CODE_MAX = 100
MANAGE_MEMBERS = "manage members"
SEE_USERS = "see `lineage user list`"
# A token's last use is written at most this often (sign-in reads it with the token).
LAST_USE_EVERY = timedelta(minutes=1)


class TokenExpired(Exception):
    """The bearer token is genuine but past its expiry; the message says so and what to do."""

    def __init__(self, expires_at: datetime) -> None:
        self.expires_at = expires_at
        super().__init__(
            f"This API token expired at {moment(expires_at)}; ask an operator for a new one "
            "(`lineage token create`)."
        )


def moment(when: datetime) -> str:
    """A time as people read it in messages and tables: `2026-12-02 06:40 UTC`."""
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def create_user(db: Database, name: str) -> User:
    valid = validate_name(name)
    id = new_id("user")

    async def work(tx: Tx) -> User:
        return await access.create_user(tx, id, valid)

    return await db.write(work)


async def list_users(db: Database) -> list[UserSummary]:
    return await db.read_tx(access.list_users)


async def create_token(
    db: Database, user_id: str, label: str = "api", expires_at: datetime | None = None
) -> str:
    """A new bearer token for the user, valid until `expires_at` (None: until revoked);
    the secret is returned once and never stored."""
    user_id = validate_id(user_id, "user id")
    if expires_at is not None and token_expired(expires_at, datetime.now(UTC)):
        raise ValidationError("expires", f"{moment(expires_at)} has passed; name a later time")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    id = new_id("tok")

    async def work(tx: Tx) -> None:
        user = await access.get_user(tx, user_id)
        if user is None:
            raise NotFound("user", user_id, SEE_USERS)
        await access.create_token(tx, user, id, hash_token(token), label, expires_at)

    await db.write(work)
    return token


async def list_tokens(db: Database, user_id: str | None = None) -> list[Token]:
    """Every token (or one user's), without secrets; an unknown user is NotFound."""

    async def work(tx: Tx) -> list[Token]:
        if user_id is not None and await access.get_user(tx, user_id) is None:
            raise NotFound("user", user_id, SEE_USERS)
        return await access.list_tokens(tx, user_id)

    return await db.read_tx(work)


async def revoke_token(db: Database, token_id: str) -> None:
    """Delete a token: it signs no one in once sign-in caches expire (seconds)."""
    id = validate_id(token_id, "token id")

    async def work(tx: Tx) -> None:
        if not await access.delete_token(tx, id):
            raise NotFound("token", id, "see `lineage token list`")

    await db.write(work)


async def authenticate(db: Database, token: str) -> SignIn | None:
    """The user holding this bearer token, with their roles, and the token; None when it
    is unknown, TokenExpired when it is past its expiry."""
    if not token.startswith(TOKEN_PREFIX):
        return None

    async def work(tx: Tx) -> SignIn | None:
        return await access.sign_in_for_token_hash(tx, hash_token(token))

    found = await db.read_tx(work)
    if found is not None:
        check_not_expired(found.token)
    return found


def check_not_expired(token: Token) -> None:
    if token.expires_at is not None and token_expired(token.expires_at, datetime.now(UTC)):
        raise TokenExpired(token.expires_at)


async def record_use(db: Database, token: Token) -> None:
    """Note the token's use, unless its last use was noted within LAST_USE_EVERY."""
    now = datetime.now(UTC)
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_EVERY:
        return
    every_s = int(LAST_USE_EVERY.total_seconds())

    async def work(tx: Tx) -> None:
        await access.record_token_use(tx, token.id, every_s)

    await db.for_request().write(work)  # a view of its own: no bookmarks to wait for or keep


async def set_member(db: Database, space_id: str, user_id: str, role: str) -> Role:
    """Add a user to a space or change their role directly, without an invitation: the
    operator's path (`lineage member set`, run with database access), never the API's."""
    parsed = parse_enum(Role, role, "role")
    space, user = validate_id(space_id, "space id"), validate_id(user_id, "user id")

    async def work(tx: Tx) -> Role:
        roles = await _locked_roles(tx, space)
        if user in roles:
            check_keeps_an_owner(space, roles, user, parsed)
        if await access.set_membership(tx, user, space, parsed) is None:
            raise NotFound("user", user)
        if roles.get(user) != parsed:  # the same role again changes nothing
            change = history.member_changed(user, roles.get(user), parsed)
            await _record(tx, Operation.SET_MEMBER_ROLE, None, space, change)
        return parsed

    return await db.write(work)


async def list_members(db: Database, space_id: str) -> list[Member]:
    """The members of a space with their roles (the operator's view: no caller check)."""
    space = validate_id(space_id, "space id")

    async def work(tx: Tx) -> list[Member]:
        try:
            found = await containers.get(tx, space)
        except NotFound:
            found = None
        if found is None or found.kind != Layer.SPACE:
            raise NotFound("space", space, "see `lineage space list`")
        return await access.members(tx, [space])

    return await db.read_tx(work)


async def set_member_role(
    db: Database, space_id: str, user_id: str, role: str, actor: str | None
) -> Member:
    """Change the role of a member of the space (owners only; `actor` None: the operator)."""
    parsed = parse_enum(Role, role, "role")
    user = validate_id(user_id, "userId")

    async def work(tx: Tx) -> Member:
        roles = await _locked_roles(tx, space_id)
        _require_owner(space_id, roles, actor, MANAGE_MEMBERS)
        _require_member(roles, user)
        check_keeps_an_owner(space_id, roles, user, parsed)
        changed = await access.update_membership(tx, user, space_id, parsed)
        assert changed is not None  # a member, read under the space's lock
        if roles[user] != parsed:  # the same role again changes nothing
            change = history.member_changed(user, roles[user], parsed)
            await _record(tx, Operation.SET_MEMBER_ROLE, actor, space_id, change)
        return changed

    return await db.write(work)


async def remove_member(db: Database, space_id: str, user_id: str, actor: str | None) -> None:
    """Take a member out of the space (owners only; `actor` None: the operator)."""
    user = validate_id(user_id, "userId")

    async def work(tx: Tx) -> None:
        roles = await _locked_roles(tx, space_id)
        _require_owner(space_id, roles, actor, MANAGE_MEMBERS)
        _require_member(roles, user)
        check_keeps_an_owner(space_id, roles, user, None)
        await access.delete_membership(tx, user, space_id)
        change = history.member_changed(user, roles[user], None)
        await _record(tx, Operation.REMOVE_MEMBER, actor, space_id, change)

    await db.write(work)


async def invite_member(
    db: Database,
    space_id: str,
    role: str,
    actor: str | None,
    valid_for: timedelta = INVITATION_TTL,
) -> tuple[Invitation, str]:
    """A pending invitation and its one-time code: returned once, only its hash is stored."""
    parsed = parse_enum(Role, role, "role")
    if valid_for <= timedelta(0):
        raise ValidationError("valid_for", "an invitation must stay valid for some time")
    code = INVITATION_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + valid_for
    wanted = Invitation(new_id("invitation"), space_id, parsed, actor, None, expires_at)

    async def work(tx: Tx) -> Invitation:
        roles = await _locked_roles(tx, space_id)
        _require_owner(space_id, roles, actor, "invite members")
        await access.delete_expired_invitations(tx, space_id)
        made = await access.create_invitation(tx, wanted, hash_token(code))
        change = history.invitation_changed(made.id, made.role, created=True)
        await _record(tx, Operation.INVITE_MEMBER, actor, space_id, change)
        return made

    return await db.write(work), code


async def accept_invitation(db: Database, user_id: str, code: str) -> Member:
    """Join the space an invitation is for, with its role; the code is used up. Unknown,
    expired, revoked and used codes all answer the same NotFound."""
    code_hash = _code_hash(code)

    async def work(tx: Tx) -> Member:
        found = await access.invitation_for_code_hash(tx, code_hash)
        if found is None:
            raise _no_invitation(code)
        try:
            roles = await _locked_roles(tx, found.space_id)
        except NotFound:  # the space was deleted since
            raise _no_invitation(code) from None
        # Under the space's lock: it may have been used or revoked meanwhile.
        if await access.invitation_for_code_hash(tx, code_hash) is None:
            raise _no_invitation(code)
        if user_id in roles:
            raise Conflict(
                f"you are already a member of space {found.space_id!r} as {roles[user_id]}",
                "ask an owner to change your role with setMemberRole; the invitation stays "
                "open for someone else",
            )
        joined = await access.set_membership(tx, user_id, found.space_id, found.role)
        if joined is None:
            raise NotFound("user", user_id)
        await access.delete_invitation(tx, found.space_id, found.id)
        await _record(
            tx, Operation.ACCEPT_INVITATION, user_id, found.space_id,
            history.member_changed(user_id, None, found.role),
            history.invitation_changed(found.id, found.role, created=False),
        )  # fmt: skip
        return joined

    return await db.write(work)


async def revoke_invitation(
    db: Database, space_id: str, invitation_id: str, actor: str | None
) -> None:
    """Withdraw a pending invitation of the space (owners only); its code stops working."""
    id = validate_id(invitation_id, "invitationId")

    async def work(tx: Tx) -> None:
        roles = await _locked_roles(tx, space_id)
        _require_owner(space_id, roles, actor, "revoke invitations")
        pending = {i.id: i for i in (await access.invitations(tx, [space_id])).get(space_id, [])}
        if not await access.delete_invitation(tx, space_id, id):
            raise NotFound("invitation", id)
        role = pending[id].role if id in pending else ""
        change = history.invitation_changed(id, role, created=False)
        await _record(tx, Operation.REVOKE_INVITATION, actor, space_id, change)

    await db.write(work)


async def _record(
    tx: Tx, operation: Operation, actor: str | None, space_id: str, *changes: Change
) -> None:
    await append(tx, [history.Entry(operation, space_id, None, actor, changes)])


async def _locked_roles(tx: Tx, space_id: str) -> dict[str, Role]:
    """Take the space's write lock, then read its members: user id -> role. Every
    membership change locks first, so what is read here stays true until commit."""
    try:
        space = await containers.get(tx, space_id, lock=True)
    except NotFound:
        raise NotFound("space", space_id) from None
    if space.kind != Layer.SPACE:
        raise NotFound("space", space_id)
    return {m.user_id: m.role for m in await access.members(tx, [space_id])}


def _require_owner(space_id: str, roles: dict[str, Role], actor: str | None, action: str) -> None:
    """The caller is still an owner now that the space is locked (a concurrent change may
    have demoted them since their request was authorised)."""
    if actor is not None:
        check_role(space_id, action, roles.get(actor), Role.OWNER)


def _require_member(roles: dict[str, Role], user_id: str) -> None:
    """Not a member: the same answer whether the user exists elsewhere or nowhere."""
    if user_id not in roles:
        raise NotFound(
            "member",
            user_id,
            "check the id among the space's members; invite someone new with inviteMember",
        )


def _code_hash(code: str) -> str:
    if len(code) > CODE_MAX:
        raise ValidationError("code", f"an invitation code has at most {CODE_MAX} characters")
    if not code.startswith(INVITATION_PREFIX):
        raise _no_invitation(code)
    return hash_token(code)


def _no_invitation(code: str) -> NotFound:
    """The code itself is a secret: the answer names only its first characters."""
    return NotFound(
        "invitation",
        code[:8] + "…",
        "it may have expired, been used or been revoked; ask an owner of the space for a new one",
    )
