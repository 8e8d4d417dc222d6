"""Schema migrations: `cypher/schema/NNNN_name.cypher`, idempotent, version kept in the graph.

Every API process applies them at start-up, so several may start together: the one holding
the migration lock (a lease on a `:MigrationLock` node) applies what is not yet recorded, the
others wait for it and then find nothing left to do. A lease outlives a starter that died
holding it by at most `LEASE_S`; each statement is IF NOT EXISTS, so one applied twice after
an expired lease changes nothing.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

from lineage import cypher
from lineage.domain.errors import LineageError
from lineage.graph.database import Database, busy, run

GET_SCHEMA_VERSION = cypher.load("meta/get_schema_version")
LIST_MIGRATIONS = cypher.load("meta/list_schema_migrations")
RECORD_MIGRATION = cypher.load("meta/record_migration")
LOCK_CONSTRAINT = cypher.load("meta/create_migration_lock_constraint")
TAKE_LOCK = cypher.load("meta/take_migration_lock")
RELEASE_LOCK = cypher.load("meta/release_migration_lock")

LOCK_NAME = "schema"
LEASE_S = 120
WAIT_S = 150.0  # a little over a lease: a dead holder's lease runs out within it
POLL_S = 0.25


class MigrationLockTimeout(LineageError):
    """Another starter held the migration lock for longer than we waited."""

    code: ClassVar[str] = "MIGRATION_LOCK_TIMEOUT"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    query: cypher.Query


def migrations() -> list[Migration]:
    found = []
    for name in cypher.all_names():
        area, _, file = name.partition("/")
        if area == "schema":
            found.append(Migration(int(file.split("_", 1)[0]), file, cypher.load(name)))
    return sorted(found, key=lambda m: m.version)


def latest_version() -> int:
    return max((m.version for m in migrations()), default=0)


async def current_version(db: Database) -> int:
    records = await db.read(GET_SCHEMA_VERSION)
    return int(records[0]["version"])


async def applied_versions(db: Database) -> dict[int, str | None]:
    """Each recorded migration's version and the starter that applied it."""
    return {int(r["version"]): r["applied_by"] for r in await db.read(LIST_MIGRATIONS)}


def starter_name() -> str:
    """Who holds the lock: readable in the graph, unique per call."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def apply(db: Database) -> int:
    """Apply the migrations not applied yet (under the lock); return the schema version."""
    await apply_pending(db)
    return await current_version(db)


async def apply_pending(
    db: Database, owner: str | None = None, *, wait_s: float = WAIT_S, lease_s: int = LEASE_S
) -> list[int]:
    """Apply, under the migration lock, every migration not recorded yet; return their
    versions (empty when another starter applied them all)."""
    owner = owner or starter_name()
    await db.run_autocommit(LOCK_CONSTRAINT)
    async with migration_lock(db, owner, wait_s=wait_s, lease_s=lease_s):
        done = await applied_versions(db)
        applied = []
        for migration in migrations():
            if migration.version in done:
                continue
            for statement in cypher.statements(migration.query):
                await db.run_autocommit(statement)
            params = {"version": migration.version, "name": migration.name, "owner": owner}
            await db.write(lambda tx, p=params: run(tx, RECORD_MIGRATION, **p))  # type: ignore[misc]
            applied.append(migration.version)
        return applied


@asynccontextmanager
async def migration_lock(
    db: Database, owner: str, *, wait_s: float = WAIT_S, lease_s: int = LEASE_S
) -> AsyncIterator[None]:
    """Hold the migration lease while the block runs; wait up to `wait_s` for it."""
    deadline = time.monotonic() + wait_s
    params = {"name": LOCK_NAME, "owner": owner, "lease_s": lease_s}
    while True:
        try:
            records = await db.write(lambda tx: run(tx, TAKE_LOCK, **params))
            answer: dict[str, Any] = dict(records[0])
        except Exception as exc:
            if not busy(exc):
                raise
            # Starters racing for the lock node can deadlock; the loser tries again.
            answer = {"taken": False, "holder": "another starter", "expires_at": "unknown"}
        if answer["taken"]:
            break
        if time.monotonic() >= deadline:
            raise MigrationLockTimeout(
                f"Schema migrations are held by {answer['holder']} (lease until "
                f"{answer['expires_at']}); gave up after {wait_s:g} s. Try again once it "
                "finished or its lease ran out."
            )
        await asyncio.sleep(POLL_S)
    try:
        yield
    finally:
        await db.write(lambda tx: run(tx, RELEASE_LOCK, name=LOCK_NAME, owner=owner))
