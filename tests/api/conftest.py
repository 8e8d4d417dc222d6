"""The API served by a real uvicorn on a free port, against the session's Neo4j, and
users with tokens to call it as."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport
from serving import serve

from lineage.app import create_app
from lineage.config import Settings
from lineage.graph.database import Database
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access

# httpx's 5 s default is too short for whole-graph reads on a loaded test machine.
CLIENT_TIMEOUT_S = 60.0
PROCESS_START_CEILING_S = 90.0


def serve_in_thread(settings: Settings, target: Neo4jTarget) -> Iterator[str]:
    port = free_port()
    # Signed file URLs point at this very server.
    settings = settings.model_copy(update={"public_url": f"http://127.0.0.1:{port}"})
    with serve(create_app(settings, target), port) as url:
        yield url


@pytest.fixture(scope="session")
def api_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The settings of the API under test (its file store is <data_dir>/files)."""
    return Settings(data_dir=tmp_path_factory.mktemp("api-data"))


@pytest.fixture(scope="session")
def api_url(neo4j_target: Neo4jTarget, api_settings: Settings) -> Iterator[str]:
    yield from serve_in_thread(api_settings, neo4j_target)


@dataclass
class Caller:
    """A user of the API with a real GraphQL client."""

    user_id: str
    token: str
    url: str

    def run(self, document: str, **variables: object) -> dict:  # type: ignore[type-arg]
        transport = HTTPXTransport(
            url=f"{self.url}/graphql",
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=CLIENT_TIMEOUT_S,
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


@dataclass
class Answer:
    """What /graphql answered: HTTP status and headers, and the GraphQL response body."""

    status: int
    headers: dict[str, str]
    data: dict | None  # type: ignore[type-arg]
    errors: list[dict] | None  # type: ignore[type-arg]
    extensions: dict | None  # type: ignore[type-arg]

    @property
    def codes(self) -> list[str | None]:
        return [(error.get("extensions") or {}).get("code") for error in self.errors or []]


def call_api(
    url: str,
    document: str,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    operation: str | None = None,
    **variables: object,
) -> Answer:
    """One request with the gql client, errors and HTTP status included (no raising)."""
    sent = {"Authorization": f"Bearer {token}"} if token else {}
    seen: list[httpx.Response] = []
    transport = HTTPXTransport(
        url=f"{url}/graphql",
        headers={**sent, **(headers or {})},
        event_hooks={"response": [seen.append]},
        timeout=CLIENT_TIMEOUT_S,
    )
    with Client(transport=transport) as session:
        request = GraphQLRequest(
            document, variable_values=variables or None, operation_name=operation
        )
        try:
            result = session.execute(request, get_execution_result=True)
            errors, data, extensions = result.errors, result.data, result.extensions
        except TransportQueryError as refused:
            errors, data, extensions = refused.errors, refused.data, refused.extensions
    return Answer(seen[-1].status_code, dict(seen[-1].headers), data, errors, extensions)


@contextmanager
def serving(settings: Settings, target: Neo4jTarget) -> Iterator[str]:
    """Another app instance (its own driver and schema) on a free port while the block runs."""
    yield from serve_in_thread(settings, target)


@pytest.fixture(scope="session")
def other_process_url(
    neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The API in a separate OS process (`uvicorn --factory`), against the same Neo4j."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_target.uri,
        "NEO4J_DATABASE": neo4j_target.database,
        "LINEAGE_DATA_DIR": str(tmp_path_factory.mktemp("other-process")),
    }
    if neo4j_target.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = neo4j_target.auth
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "lineage.app:create_app_from_env",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + PROCESS_START_CEILING_S
        while True:
            assert process.poll() is None, "the second API process exited"
            assert time.monotonic() < deadline, "the second API process did not start"
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
