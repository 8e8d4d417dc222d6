"""The administrators' commands (`lineage user|token|space|member ...`) against the real
Neo4j, run in-process with typer's CliRunner: what they print for people and, with
`--json`, for programs."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from lineage.cli import app
from lineage.domain.enums import Layer, Role
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access, containers, definitions, deletion

RUNNER = CliRunner()


async def lineage(target: Neo4jTarget, *arguments: str) -> Result:
    """`lineage ARGUMENTS` pointed at the test Neo4j (in a thread: it runs its own loop)."""
    env = {k: None for k in os.environ if k.startswith(("NEO4J_", "LINEAGE_NEO4J"))}
    env |= {"NEO4J_URI": target.uri, "NEO4J_DATABASE": target.database}
    if target.auth is not None:
        env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    return await asyncio.to_thread(RUNNER.invoke, app, list(arguments), env=env)


async def listed(target: Neo4jTarget, *arguments: str) -> list[dict[str, Any]]:
    done = await lineage(target, *arguments, "--json")
    assert done.exit_code == 0, done.output
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def refused(done: Result, *words: str) -> None:
    assert done.exit_code == 2, done.output
    assert done.stdout == "" and "Traceback" not in done.output
    assert all(word in done.stderr for word in words), done.stderr


async def test_users_are_created_and_listed(graph: Database, neo4j_target: Neo4jTarget) -> None:
    made = await lineage(neo4j_target, "user", "create", "Ada")
    assert made.exit_code == 0, made.output
    ada = made.stdout.strip()
    await access.create_token(graph, ada)

    (row,) = await listed(neo4j_target, "user", "list")
    assert (row["id"], row["name"], row["tokens"], row["spaces"]) == (ada, "Ada", 1, 0)
    assert datetime.fromisoformat(row["created_at"]) <= datetime.now(UTC)
    table = await lineage(neo4j_target, "user", "list")
    assert table.exit_code == 0 and ada in table.stdout and "Ada" in table.stdout


async def test_tokens_expire_are_listed_without_secrets_and_revoked(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    ada, bea = await access.create_user(graph, "Ada"), await access.create_user(graph, "Bea")
    made = await lineage(neo4j_target, "token", "create", ada.id, "--expires-in", "30d")
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip()
    assert secret.startswith("lin_") and "Expires" in made.stderr
    dated = await lineage(
        neo4j_target, "token", "create", bea.id, "--expires", "2099-01-31",
        "--label", "ci",
    )  # fmt: skip
    assert dated.exit_code == 0, dated.output
    forever = await lineage(neo4j_target, "token", "create", bea.id)
    assert forever.exit_code == 0 and "Valid until revoked" in forever.stderr

    rows = await listed(neo4j_target, "token", "list")
    assert [r["user_name"] for r in rows] == ["Ada", "Bea", "Bea"]
    assert all(r["last_used_at"] is None and r["expired"] is False for r in rows)
    in_30_days = datetime.fromisoformat(rows[0]["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=29, hours=23) < in_30_days <= timedelta(days=30)
    assert (rows[1]["label"], rows[1]["expires_at"]) == ("ci", "2099-01-31T00:00:00+00:00")
    assert rows[2]["expires_at"] is None
    shown = json.dumps(rows) + (await lineage(neo4j_target, "token", "list")).stdout
    assert secret not in shown and access.hash_token(secret) not in shown
    assert "2099-01-31 00:00 UTC" in shown and "never" in shown

    only_bea = await listed(neo4j_target, "token", "list", "--user", bea.id)
    assert [r["user_id"] for r in only_bea] == [bea.id, bea.id]
    assert await access.authenticate(graph, secret) is not None
    revoked = await lineage(neo4j_target, "token", "revoke", rows[0]["id"])
    assert revoked.exit_code == 0, revoked.output
    assert await access.authenticate(graph, secret) is None
    assert [r["id"] for r in await listed(neo4j_target, "token", "list")] == [
        r["id"] for r in rows[1:]
    ]
    refused(await lineage(neo4j_target, "token", "revoke", rows[0]["id"]), "token")
    refused(await lineage(neo4j_target, "token", "list", "--user", "user_nobody"), "user")


async def test_token_create_refuses_unusable_expiries(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    ada = await access.create_user(graph, "Ada")
    for arguments, words in [
        (["--expires-in", "soon"], ["not a duration", "30d"]),
        (["--expires-in", "0d"], ["not a duration"]),
        (["--expires", "31/01/2099"], ["not a date", "2027-01-31"]),
        (["--expires", "2001-01-01"], ["has passed"]),
        (["--expires-in", "1d", "--expires", "2099-01-01"], ["not both"]),
    ]:
        refused(await lineage(neo4j_target, "token", "create", ada.id, *arguments), *words)
    refused(await lineage(neo4j_target, "token", "create", "user_nobody"), "user_nobody")
    assert await access.list_tokens(graph) == []


async def test_spaces_are_created_with_an_owner_and_listed(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    ada = await access.create_user(graph, "Ada")
    made = await lineage(neo4j_target, "space", "create", "Comics", "--owner", ada.id)
    assert made.exit_code == 0, made.output
    space = made.stdout.strip()
    (row,) = await listed(neo4j_target, "space", "list")
    assert (row["id"], row["name"], row["owners"], row["members"]) == (space, "Comics", [ada.id], 1)
    table = (await lineage(neo4j_target, "space", "list")).stdout
    assert space in table and f"Ada ({ada.id})" in table

    refused(
        await lineage(neo4j_target, "space", "create", "Orphan", "--owner", "user_nobody"),
        "user_nobody",
    )
    assert [r["name"] for r in await listed(neo4j_target, "space", "list")] == ["Comics"]
    missing = await lineage(neo4j_target, "space", "create", "Comics")
    assert missing.exit_code == 2 and "--owner" in missing.output


async def test_members_are_listed_and_roles_are_case_insensitive(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    ada, bea = await access.create_user(graph, "Ada"), await access.create_user(graph, "Bea")
    made = await lineage(neo4j_target, "space", "create", "Comics", "--owner", ada.id)
    space = made.stdout.strip()
    for role, stored in [("editor", "EDITOR"), ("Viewer", "VIEWER"), ("OWNER", "OWNER")]:
        done = await lineage(neo4j_target, "member", "set", space, bea.id, "--role", role)
        assert done.exit_code == 0 and done.stdout.strip() == stored, done.output
    rows = await listed(neo4j_target, "member", "list", space)
    assert rows == [
        {"space_id": space, "user_id": ada.id, "name": "Ada", "role": "OWNER"},
        {"space_id": space, "user_id": bea.id, "name": "Bea", "role": "OWNER"},
    ]
    bad = await lineage(neo4j_target, "member", "set", space, bea.id, "--role", "boss")
    assert bad.exit_code == 2 and "boss" in bad.output

    removed = await lineage(neo4j_target, "member", "remove", space, ada.id)
    assert removed.exit_code == 0, removed.output
    refused(await lineage(neo4j_target, "member", "remove", space, bea.id), "last OWNER")
    table = await lineage(neo4j_target, "member", "list", space)
    assert "Bea" in table.stdout and "Ada" not in table.stdout
    assert {m.user_id: m.role for m in await access.list_members(graph, space)} == {
        bea.id: Role.OWNER
    }
    refused(await lineage(neo4j_target, "member", "list", "space_nowhere"), "space_nowhere")


async def test_empty_listings_are_empty_json_lists(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    for group in ("user", "token", "space"):
        assert await listed(neo4j_target, group, "list") == []
        people = await lineage(neo4j_target, group, "list")
        assert people.exit_code == 0 and people.stdout == "" and "No " in people.stderr


async def test_trash_is_listed_restored_and_purged(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEAGE_DATA_DIR", str(tmp_path))  # the local file store of the purge
    space = await containers.create(graph, Layer.SPACE, "Comics")
    kept = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    gone = await definitions.create_definition(graph, space.id, "SCENE", "Park")
    first = (await deletion.delete_asset(graph, kept.id)).trash_item_id
    second = (await deletion.delete_asset(graph, gone.id)).trash_item_id

    items = await listed(neo4j_target, "trash", "list")
    assert [(i["id"], i["root_name"], i["kind"]) for i in items] == [
        (second, "Park", "ASSET"), (first, "Kitchen", "ASSET"),
    ]  # fmt: skip
    table = await lineage(neo4j_target, "trash", "list")
    assert table.exit_code == 0 and "Kitchen" in table.stdout and "operator" in table.stdout

    restored = await lineage(neo4j_target, "trash", "restore", str(first))
    assert restored.exit_code == 0, restored.output
    assert "Restored asset 'Kitchen'" in restored.stdout
    again = await lineage(neo4j_target, "trash", "restore", str(first))
    assert again.exit_code == 2 and "does not exist" in again.output

    nothing = await listed(neo4j_target, "trash", "purge")  # nothing has expired
    assert nothing == []
    dry = await listed(neo4j_target, "trash", "purge", "--id", str(second), "--dry-run")
    assert [i["id"] for i in dry] == [second]
    purged = await lineage(neo4j_target, "trash", "purge", "--all")
    assert purged.exit_code == 0, purged.output
    assert "Purged 1 trash items" in purged.output and "Park" in purged.stdout
    assert await listed(neo4j_target, "trash", "list") == []
