"""Membership on the real Neo4j (docs/domain.md §7): a space always keeps an owner, whatever
the interleaving of concurrent changes; invitations are used once and expire."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import traceback
from collections.abc import Awaitable
from datetime import timedelta

import pytest
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Layer, Role
from lineage.domain.errors import Forbidden, LastOwner, NotFound, ValidationError
from lineage.graph import access as graph_access
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access, containers

GRAPH_STATE = cypher.load("test/get_graph_state")
ROUNDS = 10


async def roles_in(db: Database, space_id: str) -> dict[str, Role]:
    async def work(tx: Tx) -> dict[str, Role]:
        return {m.user_id: m.role for m in await graph_access.members(tx, [space_id])}

    return await db.read_tx(work)


async def space_with_owners(db: Database, count: int) -> tuple[str, list[str]]:
    """A space whose first `count` users are all owners (the operator's direct path)."""
    users = [(await access.create_user(db, f"Owner {i}")).id for i in range(count)]
    space = await containers.create(db, Layer.SPACE, "Comics", actor=users[0])
    for user in users[1:]:
        await access.set_member(db, space.id, user, "OWNER")
    return space.id, users


async def race(*calls: Awaitable[object]) -> list[bool]:
    """Run the calls at once: True for each success; every failure must be a typed refusal
    (LastOwner; Forbidden or NotFound for an owner demoted or removed meanwhile)."""
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            trace = "".join(traceback.format_exception(result))
            assert isinstance(result, LastOwner | Forbidden | NotFound), trace
    return [not isinstance(result, BaseException) for result in results]


def owners(roles: dict[str, Role]) -> set[str]:
    return {user for user, role in roles.items() if role == Role.OWNER}


async def test_two_owners_demoting_each_other_at_once_leave_one(graph: Database) -> None:
    for _ in range(ROUNDS):
        space, (ada, bea) = await space_with_owners(graph, 2)
        wins = await race(
            access.set_member_role(graph, space, bea, "EDITOR", actor=ada),
            access.set_member_role(graph, space, ada, "EDITOR", actor=bea),
        )
        assert wins.count(True) == 1, wins
        assert len(owners(await roles_in(graph, space))) == 1


async def test_two_owners_stepping_down_or_leaving_at_once_leave_one(graph: Database) -> None:
    for i in range(ROUNDS):
        space, (ada, bea) = await space_with_owners(graph, 2)
        # Ada leaves; Bea leaves too, or (every other round) steps down to viewer.
        bea_goes = (
            access.set_member_role(graph, space, bea, "VIEWER", actor=bea)
            if i % 2
            else access.remove_member(graph, space, bea, actor=bea)
        )
        wins = await race(access.remove_member(graph, space, ada, actor=ada), bea_goes)
        assert wins.count(True) == 1, wins
        assert len(owners(await roles_in(graph, space))) == 1


async def test_three_owners_racing_keep_one_and_no_demoted_owner_acts(graph: Database) -> None:
    """A demotes B while B removes A and C removes B: the checks run under the space's lock,
    so an owner demoted meanwhile is refused, and an owner always remains."""
    for _ in range(ROUNDS):
        space, (ada, bea, cy) = await space_with_owners(graph, 3)
        await race(
            access.set_member_role(graph, space, bea, "VIEWER", actor=ada),
            access.remove_member(graph, space, ada, actor=bea),
            access.remove_member(graph, space, cy, actor=cy),
        )
        assert owners(await roles_in(graph, space))


async def test_the_last_owner_is_kept_on_every_path(graph: Database) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    refusals = [
        access.set_member_role(graph, space, ada, "EDITOR", actor=ada),
        access.remove_member(graph, space, ada, actor=ada),
        access.set_member(graph, space, ada, "VIEWER"),  # the operator's path too
        access.remove_member(graph, space, ada, actor=None),
    ]
    for refusal in refusals:
        with pytest.raises(LastOwner):
            await refusal
    assert await roles_in(graph, space) == {ada: Role.OWNER}


async def test_only_members_can_be_changed(graph: Database) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    elsewhere = await access.create_user(graph, "Bea")
    for user in (elsewhere.id, "user_nowhere"):
        for change in (
            access.set_member_role(graph, space, user, "VIEWER", actor=ada),
            access.remove_member(graph, space, user, actor=ada),
        ):
            with pytest.raises(NotFound) as refused:
                await change
            assert (refused.value.kind, refused.value.entity_id) == ("member", user)
    with pytest.raises(ValidationError):
        await access.set_member_role(graph, space, "u" * 101, "VIEWER", actor=ada)
    assert await roles_in(graph, space) == {ada: Role.OWNER}


async def test_one_code_accepted_at_once_by_two_users_admits_one(graph: Database) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    for i in range(ROUNDS):
        _, code = await access.invite_member(graph, space, "EDITOR", actor=ada)
        first, second = [(await access.create_user(graph, f"U{i}{n}")).id for n in "ab"]
        results = await asyncio.gather(
            access.accept_invitation(graph, first, code),
            access.accept_invitation(graph, second, code),
            return_exceptions=True,
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        assert len(failed) == 1 and isinstance(failed[0], NotFound), results
        roles = await roles_in(graph, space)
        assert (first in roles) != (second in roles)


async def test_an_expired_invitation_is_refused_and_cleared(graph: Database) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    bea = await access.create_user(graph, "Bea")
    short = timedelta(milliseconds=1)
    _, code = await access.invite_member(graph, space, "VIEWER", actor=ada, valid_for=short)
    await asyncio.sleep(0.05)
    with pytest.raises(NotFound):
        await access.accept_invitation(graph, bea.id, code)
    kept, _ = await access.invite_member(graph, space, "VIEWER", actor=ada)

    async def pending(tx: Tx) -> list[str]:
        return [i.id for i in (await graph_access.invitations(tx, [space])).get(space, [])]

    assert await graph.read_tx(pending) == [kept.id]
    assert bea.id not in await roles_in(graph, space)


async def test_only_owners_invite_and_revoke(graph: Database) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    bea = await access.create_user(graph, "Bea")
    await access.set_member(graph, space, bea.id, "EDITOR")
    with pytest.raises(Forbidden):
        await access.invite_member(graph, space, "VIEWER", actor=bea.id)
    made, code = await access.invite_member(graph, space, "VIEWER", actor=ada)
    with pytest.raises(Forbidden):
        await access.revoke_invitation(graph, space, made.id, actor=bea.id)
    await access.revoke_invitation(graph, space, made.id, actor=ada)
    cy = await access.create_user(graph, "Cy")
    with pytest.raises(NotFound):
        await access.accept_invitation(graph, cy.id, code)


async def test_codes_are_stored_only_as_hashes(graph: Database) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    made, code = await access.invite_member(graph, space, "VIEWER", actor=ada)
    nodes = (await graph.read(GRAPH_STATE))[0]["nodes"]
    stored = [n["props"] for n in nodes if "Invitation" in n["labels"]]
    assert [props["id"] for props in stored] == [made.id]
    assert stored[0]["code_hash"] == access.hash_token(code)
    assert code not in str(nodes)


async def lineage_command(target: Neo4jTarget, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env |= {"NEO4J_URI": target.uri, "NEO4J_DATABASE": target.database}
    if target.auth is not None:
        env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    command = [sys.executable, "-c", "from lineage.cli import app; app()", *arguments]
    return await asyncio.to_thread(
        subprocess.run, command, env=env, capture_output=True, text=True, timeout=300
    )


async def test_the_operator_sets_members_directly_but_keeps_an_owner(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    space, (ada,) = await space_with_owners(graph, 1)
    bea = await access.create_user(graph, "Bea")
    demoted = await lineage_command(neo4j_target, "member", "set", space, ada, "--role", "VIEWER")
    assert demoted.returncode == 2 and "last OWNER" in demoted.stderr, demoted
    added = await lineage_command(neo4j_target, "member", "set", space, bea.id, "--role", "EDITOR")
    assert added.returncode == 0 and added.stdout.strip() == "EDITOR", added
    removed = await lineage_command(neo4j_target, "member", "remove", space, bea.id)
    assert removed.returncode == 0, removed
    assert await roles_in(graph, space) == {ada: Role.OWNER}
