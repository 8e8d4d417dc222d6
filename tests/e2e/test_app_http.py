"""The app served by a real uvicorn, spoken to over real HTTP: probes and /graphql."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from serving import serve as serve_on
from starlette.applications import Starlette

import lineage
from lineage.app import create_app
from lineage.config import Settings
from lineage.graph import migrations
from lineage.neo4j_local import NEO4J_VERSION, free_port
from lineage.neo4j_target import Neo4jTarget

pytestmark = pytest.mark.integration

SERVER_INFO = "{ serverInfo { version neo4jVersion schemaVersion } }"
# A probe must answer well inside what an orchestrator waits for it.
PROBE_CEILING_S = 10.0


@contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """Run `app` under uvicorn in a background thread on a free port; yield its base URL."""
    with serve_on(app, free_port()) as url:
        yield url


@pytest.fixture(scope="module")
def http(
    neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[httpx.Client]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("app-data"))
    with (
        serve(create_app(settings, neo4j_target)) as base_url,
        httpx.Client(base_url=base_url, timeout=PROBE_CEILING_S) as client,
    ):
        yield client


def test_healthz_answers_ok(http: httpx.Client) -> None:
    response = http.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


def test_readyz_is_ready_with_neo4j_up(http: httpx.Client) -> None:
    response = http.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready"}


def test_graphql_server_info(http: httpx.Client, neo4j_target: Neo4jTarget) -> None:
    response = http.post("/graphql", json={"query": SERVER_INFO})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    info = body["data"]["serverInfo"]
    assert info["version"] == lineage.__version__
    assert info["schemaVersion"] == migrations.latest_version()
    major_minor = ".".join(NEO4J_VERSION.split(".")[:2])
    assert info["neo4jVersion"].startswith(major_minor + "."), info
    if neo4j_target.description.startswith("managed"):
        assert info["neo4jVersion"] == NEO4J_VERSION


def test_graphql_names_an_unknown_field(http: httpx.Client) -> None:
    response = http.post("/graphql", json={"query": "{ serverInfo { noSuchField } }"})
    body = response.json()
    assert body.get("data") is None
    assert "noSuchField" in body["errors"][0]["message"]


def test_readyz_is_503_naming_the_uri_when_nothing_listens(tmp_path: Path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    target = Neo4jTarget(uri, ("neo4j", "unused"), "neo4j", "nothing listens")
    with (
        serve(create_app(Settings(data_dir=tmp_path), target)) as base_url,
        httpx.Client(base_url=base_url, timeout=PROBE_CEILING_S) as client,
    ):
        assert client.get("/healthz").status_code == 200  # alive, though not ready
        response = client.get("/readyz")
        assert response.status_code == 503, response.text
        body = response.json()
        assert body["status"] == "unavailable"
        assert uri in body["reason"]
