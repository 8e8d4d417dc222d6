"""What every command shares: messages, the settings, a database to work on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from lineage.config import ConfigError, Settings, load_settings
from lineage.domain.errors import LineageError
from lineage.graph.database import Database, timed_out, unavailable
from lineage.neo4j_local import LocalNeo4jError
from lineage.neo4j_target import Neo4jTarget, neo4j_target
from lineage.storage import FileStore, StorageConfigError, make_store
from lineage.storage.signing import SigningKeyError

T = TypeVar("T")


def say(message: str) -> None:
    typer.echo(message, err=True)


def fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


def settings() -> Settings:
    """The settings, or exit 2 with one line naming the setting that cannot be used."""
    try:
        return load_settings()
    except ConfigError as exc:
        raise fail(str(exc)) from None


def file_store(chosen: Settings) -> FileStore:
    try:
        return make_store(chosen)
    except (StorageConfigError, SigningKeyError) as exc:
        raise fail(str(exc)) from None


def with_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work` against the configured Neo4j (starting the managed one if needed)."""
    chosen = settings()

    async def go(target: Neo4jTarget) -> T:
        db = Database.connect(target.uri, target.auth, target.database, chosen.neo4j_timeouts)
        try:
            return await work(db)
        except Exception as exc:
            if unavailable(exc) or timed_out(exc):
                raise fail(unreachable(target.uri, exc)) from None
            raise
        finally:
            await db.close()

    # The driver logs each retry; the one line above says what went wrong.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    try:
        with neo4j_target(chosen, say) as target:
            return asyncio.run(go(target))
    except (LocalNeo4jError, LineageError) as exc:
        raise fail(str(exc)) from None


def unreachable(uri: str, error: Exception) -> str:
    reason = " ".join(str(error).split())
    reason = reason if len(reason) <= 160 else reason[:157] + "..."
    return (
        f"Neo4j at {uri} could not answer ({reason}). Start it (`lineage neo4j start`) or "
        "check NEO4J_URI."
    )
