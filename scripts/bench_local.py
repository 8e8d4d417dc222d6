"""Run a benchmark's coroutine against NEO4J_URI when set, else a fresh managed Neo4j in a
temporary folder (stopped afterwards)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from lineage.config import Settings
from lineage.graph import migrations
from lineage.graph.database import Database
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig

Work = Callable[[Database], Awaitable[None]]


async def _connected(uri: str, auth: tuple[str, str] | None, work: Work) -> None:
    db = Database.connect(uri, auth, "neo4j")
    try:
        await migrations.apply(db)
        await work(db)
    finally:
        await db.close()


def on_neo4j(work: Work, prefix: str) -> None:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"])
        asyncio.run(_connected(uri, auth, work))
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        config = LocalNeo4jConfig(cache_dir=Settings().cache_dir, data_dir=Path(tmp) / "neo4j",
                                  bolt_port=0, heap="1g", pagecache="256m")  # fmt: skip
        server = LocalNeo4j(config)
        running = server.start()
        try:
            asyncio.run(_connected(running.uri, running.auth, work))
        finally:
            server.stop()
