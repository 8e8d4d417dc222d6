"""The Neo4j every test session uses: NEO4J_URI, else testcontainers, else the managed server.

The choice is made once per session; the server started here uses a temporary data folder and
a free port and is stopped at the end. Tests get a cleared graph (`graph` fixture).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from lineage import cypher
from lineage.config import Settings
from lineage.graph import migrations
from lineage.graph.database import Database
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig
from lineage.neo4j_target import Neo4jTarget

DELETE_ALL = cypher.load("test/delete_all")
TEST_IMAGE = "neo4j:5.26-community"


def docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        probe = subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


def managed_target(tmp: Path) -> Iterator[Neo4jTarget]:
    config = LocalNeo4jConfig(
        cache_dir=Settings().cache_dir,
        data_dir=tmp / "neo4j",
        bolt_port=0,
        heap="1g",
        pagecache="256m",
    )
    server = LocalNeo4j(config)
    running = server.start()
    try:
        yield Neo4jTarget(running.uri, running.auth, "neo4j", "managed (tests)")
    finally:
        server.stop()


def container_target() -> Iterator[Neo4jTarget]:
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer(TEST_IMAGE) as container:
        auth = ("neo4j", container.password)
        yield Neo4jTarget(container.get_connection_url(), auth, "neo4j", "testcontainers")


@pytest.fixture(scope="session")
def neo4j_target() -> Iterator[Neo4jTarget]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        settings = Settings()
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        yield Neo4jTarget(uri, auth, settings.neo4j_database, "NEO4J_URI")
    elif docker_engine_answers():
        yield from container_target()
    else:
        with tempfile.TemporaryDirectory(prefix="lineage-test-") as tmp:
            yield from managed_target(Path(tmp))


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def db(neo4j_target: Neo4jTarget) -> AsyncIterator[Database]:
    database = Database.connect(neo4j_target.uri, neo4j_target.auth, neo4j_target.database)
    await migrations.apply(database)
    yield database
    await database.close()


@pytest_asyncio.fixture(loop_scope="session")
async def graph(db: Database) -> Database:
    """The database, emptied of everything but the schema, for one test."""
    await db.run_autocommit(DELETE_ALL)
    return db
