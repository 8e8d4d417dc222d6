"""Which Neo4j to use: NEO4J_URI if given, else the managed local server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from lineage import neo4j_local
from lineage.config import Settings
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig, Progress
from lineage.neo4j_supervisor import Neo4jSupervisor


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    auth: tuple[str, str] | None
    database: str
    description: str
    # Set when this process runs the managed server and restarts it (its `restarts` count).
    supervisor: Neo4jSupervisor | None = field(default=None, compare=False)


def local_config(settings: Settings) -> LocalNeo4jConfig:
    return LocalNeo4jConfig(
        cache_dir=settings.cache_dir,
        data_dir=settings.neo4j_data_dir,
        bolt_port=settings.neo4j_bolt_port,
        http_port=settings.neo4j_http_port,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
        auth=settings.neo4j_auth,
        start_timeout=settings.neo4j_start_timeout,
        java=settings.java,
        browser=settings.neo4j_browser,
    )


def configured_target(settings: Settings) -> Neo4jTarget | None:
    """NEO4J_URI, or a managed server already running on the data folder."""
    if settings.neo4j_uri:
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        return Neo4jTarget(settings.neo4j_uri, auth, settings.neo4j_database, "NEO4J_URI")
    running = neo4j_local.read_server_file(settings.neo4j_data_dir)
    if running is None:
        return None
    return Neo4jTarget(running.uri, running.auth, "neo4j", f"managed Neo4j (pid {running.pid})")


@contextmanager
def neo4j_target(
    settings: Settings, progress: Progress = print, *, supervise: bool = False
) -> Iterator[Neo4jTarget]:
    """Yield a reachable Neo4j; a managed server started here is stopped on the way out.

    With `supervise`, a managed server started here is restarted whenever it dies. A server
    this process did not start (NEO4J_URI, or one found running) is not ours to restart: the
    driver reconnects once it answers again.
    """
    existing = configured_target(settings)
    if existing is not None:
        yield existing
        return
    server = LocalNeo4j(local_config(settings), progress)
    supervisor = Neo4jSupervisor(server, progress) if supervise else None
    try:
        running = supervisor.start() if supervisor else server.start()
        restarted = ", restarted when it dies" if supervisor else ""
        description = f"managed Neo4j (pid {running.pid}{restarted})"
        yield Neo4jTarget(running.uri, running.auth, "neo4j", description, supervisor)
    finally:
        if server.process is not None:
            progress("Stopping Neo4j ...")
        if supervisor is not None:
            supervisor.stop()
        else:
            server.stop()
