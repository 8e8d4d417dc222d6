"""The API served by a real uvicorn on a free port, against the session's Neo4j, and
users with tokens to call it as."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from gql import Client, gql
from gql.transport.httpx import HTTPXTransport

from lineage.app import create_app
from lineage.config import Settings
from lineage.graph.database import Database
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access

START_CEILING_S = 30.0


def serve_in_thread(settings: Settings, target: Neo4jTarget) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, target), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_CEILING_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="session")
def api_url(neo4j_target: Neo4jTarget) -> Iterator[str]:
    yield from serve_in_thread(Settings(), neo4j_target)


@dataclass
class Caller:
    """A user of the API with a real GraphQL client."""

    user_id: str
    token: str
    url: str

    def run(self, document: str, **variables: object) -> dict:  # type: ignore[type-arg]
        transport = HTTPXTransport(
            url=f"{self.url}/graphql", headers={"Authorization": f"Bearer {self.token}"}
        )
        with Client(transport=transport) as session:
            return session.execute(gql(document), variable_values=variables or None)  # type: ignore[no-any-return]


def make_caller(target: Neo4jTarget, url: str, name: str) -> Caller:
    async def create() -> tuple[str, str]:
        db = Database.connect(target.uri, target.auth, target.database)
        try:
            user = await access.create_user(db, name)
            return user.id, await access.create_token(db, user.id)
        finally:
            await db.close()

    user_id, token = asyncio.run(create())
    return Caller(user_id, token, url)


@pytest.fixture
def caller(neo4j_target: Neo4jTarget, api_url: str, graph: Database) -> Caller:
    """A fresh user on an emptied graph."""
    return make_caller(neo4j_target, api_url, "Ada")
