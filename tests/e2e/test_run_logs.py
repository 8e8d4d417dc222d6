"""What `lineage run` writes to its log (stderr) while it serves requests: JSON lines in
production, readable lines in development, one access line per request and none of
uvicorn's own, at the level LINEAGE_LOG_LEVEL sets; and the traces it sends when an OTLP
endpoint is set (docs/operations.md)."""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget

pytestmark = pytest.mark.integration

LINEAGE = str(Path(sys.executable).with_name("lineage"))
START_CEILING_S = 60.0
KEPT = ("LINEAGE_JAVA", "LINEAGE_CYPHER_DIR")
PROBE = "query Probe { serverInfo { schemaVersion } }"


@contextmanager
def lineage_run(
    target: Neo4jTarget,
    tmp_path: Path,
    command: tuple[str, ...] = (LINEAGE, "run"),
    **settings: str,
) -> Iterator[tuple[httpx.Client, Path]]:
    """`lineage run` (or `command`) against the tests' Neo4j; yields a client and the file
    its stderr goes to, complete once the block has ended (stopped with Ctrl-C)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k in KEPT or not k.startswith("LINEAGE_")}
    env |= {
        "NEO4J_URI": target.uri,
        "NEO4J_DATABASE": target.database,
        "LINEAGE_DATA_DIR": str(tmp_path / "data"),
        "LINEAGE_PORT": str(port),
        "UVICORN_PORT": str(port),  # for `uvicorn` run as the command
        **settings,
    }
    if target.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = target.auth
    stderr, stdout = tmp_path / "stderr.log", tmp_path / "stdout.log"
    with stderr.open("wb") as err, stdout.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=err)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + START_CEILING_S
            while True:
                assert proc.poll() is None, f"`lineage run` exited:\n{stderr.read_text()}"
                assert time.monotonic() < deadline, f"not serving:\n{stderr.read_text()}"
                try:
                    client.get("/healthz", headers={"x-request-id": "startup"})
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield client, stderr
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0, stderr.read_text()
        assert stdout.read_text() == ""  # everything is in the log
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def requests(client: httpx.Client) -> None:
    assert client.get("/healthz", headers={"x-request-id": "probe-1"}).status_code == 200
    answer = client.post("/graphql", json={"query": PROBE}, headers={"x-request-id": "gql-1"})
    assert answer.status_code == 200 and answer.headers["x-request-id"] == "gql-1"
    refused = client.post("/graphql", json={"query": "{ spaces { id } }"})
    assert refused.status_code == 401
    assert re.fullmatch(r"[0-9a-f]{32}", refused.headers["x-request-id"])


def test_production_logs_are_json_lines_with_one_access_line_per_request(
    neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    with lineage_run(neo4j_target, tmp_path, LINEAGE_ENV="production") as (client, log):
        requests(client)
    lines = [json.loads(line) for line in log.read_text().splitlines()]  # each one JSON
    for line in lines:
        assert {"timestamp", "level", "logger", "message"} <= line.keys(), line
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])
    access = [line for line in lines if line["logger"] == "lineage.access"]
    assert len(access) == 4, access  # the start-up probe and the three requests
    by_id = {line["request_id"]: line for line in access}
    probe, gql = by_id["probe-1"], by_id["gql-1"]
    assert probe["path"] == "/healthz" and probe["status"] == 200 and probe["level"] == "INFO"
    assert gql["operation"] == "Probe" and gql["neo4j_queries"] >= 1
    assert gql["method"] == "POST" and gql["outcome"] == "ok" and gql["duration_ms"] > 0
    (refused,) = [line for line in access if line["status"] == 401]
    assert refused["outcome"] == "UNAUTHENTICATED" and "user_id" not in refused
    # uvicorn's own lines come through the same handler; its access log is off.
    assert not any(line["logger"] == "uvicorn.access" for line in lines)
    assert not any("HTTP/1.1" in line["message"] for line in lines)
    assert any(line["logger"] == "uvicorn.error" for line in lines)
    assert any(line["message"] == "Stopped." for line in lines)


def test_development_logs_are_readable_lines(neo4j_target: Neo4jTarget, tmp_path: Path) -> None:
    with lineage_run(neo4j_target, tmp_path, LINEAGE_ENV="development") as (client, log):
        requests(client)
    text = log.read_text()
    (gql,) = [line for line in text.splitlines() if "[gql-1]" in line]
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
    assert re.fullmatch(
        stamp + r" INFO lineage.access \[gql-1\] POST /graphql 200 [\d.]+ ms "
        r"operation=Probe neo4j_queries=\d+",
        gql,
    ), gql
    assert "{" not in text.splitlines()[0]  # not JSON
    assert "HTTP/1.1" not in text


def test_the_log_level_setting_is_honoured(neo4j_target: Neo4jTarget, tmp_path: Path) -> None:
    with lineage_run(
        neo4j_target, tmp_path, LINEAGE_ENV="production", LINEAGE_LOG_LEVEL="warning"
    ) as (client, log):
        requests(client)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert all(line["level"] in ("WARNING", "ERROR", "CRITICAL") for line in lines), lines
    assert not any(line["logger"] == "lineage.access" for line in lines)


def test_the_container_command_logs_the_same_way(neo4j_target: Neo4jTarget, tmp_path: Path) -> None:
    """The image runs the app with `uvicorn --factory`: uvicorn configured its logging
    first, the app's factory replaces it (JSON lines, no uvicorn access log)."""
    command = (sys.executable, "-m", "uvicorn", "--factory", "lineage.app:create_app_from_env")
    with lineage_run(neo4j_target, tmp_path, command, LINEAGE_ENV="production") as (client, log):
        requests(client)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    access = [line for line in lines if line["logger"] == "lineage.access"]
    assert {line.get("request_id") for line in access} >= {"probe-1", "gql-1"}
    assert not any("HTTP/1.1" in line["message"] for line in lines)


class Collector(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: keeps the spans of every export it is sent."""

    spans: list[Any] = []

    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        body = self.rfile.read(int(self.headers["content-length"]))
        sent = trace_service_pb2.ExportTraceServiceRequest.FromString(body)
        for resource in sent.resource_spans:
            for scope in resource.scope_spans:
                self.spans.extend(scope.spans)
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()
        self.wfile.write(trace_service_pb2.ExportTraceServiceResponse().SerializeToString())

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_traces_are_sent_when_an_otlp_endpoint_is_set(
    neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    Collector.spans = []
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    endpoint = f"http://127.0.0.1:{receiver.server_address[1]}"
    try:
        with lineage_run(
            neo4j_target,
            tmp_path,
            OTEL_EXPORTER_OTLP_ENDPOINT=endpoint,
            OTEL_BSP_SCHEDULE_DELAY="100",
        ) as (client, log):
            requests(client)
    finally:  # the spans left are sent as the command exits
        receiver.shutdown()
        thread.join(timeout=10)
    spans = Collector.spans

    def attributes(span: Any) -> dict[str, Any]:
        return {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in span.attributes}

    (request,) = [s for s in spans if attributes(s).get("lineage.request_id") == "gql-1"]
    assert request.name == "POST /graphql"
    fields = attributes(request)
    assert fields["graphql.operation.name"] == "Probe"
    assert fields["http.response.status_code"] == 200
    queries = [s for s in spans if s.parent_span_id == request.span_id]
    assert queries and all(q.name.startswith("neo4j ") for q in queries), [s.name for s in spans]
    assert len(queries) == fields["lineage.neo4j_queries"]
    assert all(q.trace_id == request.trace_id for q in queries)
    assert "Sending traces over OTLP as service lineage." in log.read_text()


def test_the_drivers_retries_while_neo4j_is_down_are_summarised(tmp_path: Path) -> None:
    """Each refused request makes the driver retry and warn; the log shows one of each kind
    of warning, and the outage once, not one per request."""
    dead = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}", ("neo4j", "x"), "neo4j", "nothing")
    settings = {"LINEAGE_ENV": "production", "LINEAGE_NEO4J_RETRY_S": "0.5"}
    with lineage_run(dead, tmp_path, **settings) as (client, log):
        for n in range(6):
            answer = client.post(
                "/graphql",
                json={"query": "{ spaces { id } }"},
                headers={"authorization": "Bearer lin_someone", "x-request-id": f"down-{n}"},
            )
            assert answer.status_code == 503
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    driver = [line for line in lines if line["logger"].startswith("neo4j")]
    retries = [line for line in driver if "will be retried" in line["message"]]
    assert len(retries) == 1, driver  # each of the 6 requests retried at least once
    kinds = {(line["logger"], line["level"]) for line in driver}
    assert len(driver) <= 3 * len(kinds), driver
    outage = [line for line in lines if "not serving requests" in line["message"]]
    assert len(outage) == 1 and outage[0]["request_id"] == "down-0"
    assert len([line for line in lines if line["logger"] == "lineage.access"]) == 7
