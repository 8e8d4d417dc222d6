"""What an operator sees of each request, over real HTTP against the real app: one access
line with its fields, the request id (echoed or made) on every answer and in the log lines
of its request, and /metrics in the Prometheus text format (docs/operations.md)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from serving import serve
from starlette.types import Receive, Scope, Send

from lineage import logs
from lineage.api import prometheus
from lineage.api.refusals import OUTAGE
from lineage.api.request_log import RequestLog
from lineage.config import Settings
from lineage.graph.database import Database
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget

from .conftest import Caller, call_api, serving

VIEWER = "query ObsViewer { viewer { id } spaces { id } }"
CREATE = """mutation($name: String!) { createSpace(name: $name) {
  ... on ContainerPayload { container { ... on ContainerNode { id } } } } }"""
LINE_CEILING_S = 10.0  # the access line is written just after the answer is sent


class Records(logging.Handler):
    """The records of some loggers, with the request id filter of the service's handler."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.addFilter(logs.RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def of(self, request_id: str, logger: str = "lineage.access") -> list[logging.LogRecord]:
        """The records of one request, once at least one is there."""
        deadline = time.monotonic() + LINE_CEILING_S
        while True:
            found = [
                r
                for r in self.records
                if r.name == logger and getattr(r, "request_id", None) == request_id
            ]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)


@contextmanager
def records(*names: str) -> Iterator[Records]:
    handler = Records()
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def test_a_signed_in_request_has_one_access_line_with_its_fields(caller: Caller) -> None:
    caller.run(CREATE, name="Logged")  # a space for `spaces` to read
    with records("lineage.access") as seen:
        answer = call_api(caller.url, VIEWER, token=caller.token, headers={"x-request-id": "a-1"})
        assert answer.status == 200 and answer.headers["x-request-id"] == "a-1"
        (line,) = seen.of("a-1")
        time.sleep(0.2)
        assert len(seen.of("a-1")) == 1  # and no second one
    assert line.levelname == "INFO"
    fields = {name: getattr(line, name, None) for name in logs.FIELDS}
    assert fields["method"] == "POST" and fields["path"] == "/graphql"
    assert fields["status"] == 200 and fields["outcome"] == "ok"
    assert fields["operation"] == "ObsViewer" and fields["user_id"] == caller.user_id
    # The operation's queries (`extensions.queryCount`) and the sign-in's, before it.
    assert fields["neo4j_queries"] > (answer.extensions or {})["queryCount"] >= 1
    assert 0 < fields["duration_ms"] < 60_000
    message = line.getMessage()
    assert message.startswith("POST /graphql 200 ") and "operation=ObsViewer" in message


def test_refused_and_plain_requests_have_their_access_lines_too(caller: Caller) -> None:
    with records("lineage.access") as seen:
        refused = call_api(caller.url, VIEWER, headers={"x-request-id": "a-2"})
        assert refused.status == 401
        health = httpx.get(f"{caller.url}/healthz", headers={"x-request-id": "a-3"})
        assert health.status_code == 200
        (unauthenticated,) = seen.of("a-2")
        (probe,) = seen.of("a-3")
    assert unauthenticated.status == 401 and unauthenticated.user_id is None  # type: ignore[attr-defined]
    assert unauthenticated.outcome == "UNAUTHENTICATED"  # type: ignore[attr-defined]
    assert unauthenticated.operation == "ObsViewer"  # type: ignore[attr-defined]
    assert probe.path == "/healthz" and probe.operation is None  # type: ignore[attr-defined]
    assert probe.neo4j_queries == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/healthz", "/graphql?query={__typename}", "/no-such-page"])
def test_every_answer_carries_the_request_id_sent_or_a_new_one(caller: Caller, path: str) -> None:
    url = f"{caller.url}{path}"
    assert httpx.get(url, headers={"x-request-id": "mine-42"}).headers["x-request-id"] == "mine-42"
    made = [
        httpx.get(url, headers=headers).headers["x-request-id"]
        for headers in ({}, {}, {"x-request-id": "two words"}, {"x-request-id": "x" * 65})
    ]
    assert all(len(made_id) == 32 and int(made_id, 16) >= 0 for made_id in made)
    assert len(set(made)) == 4


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = httpx.get(f"{url}/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def value(figures: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return float(figures.get((name, tuple(sorted(labels.items()))), 0.0))


def test_metrics_count_requests_by_operation_and_outcome(
    caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prometheus.OPERATIONS, "known", set())  # other tests' names
    before = scrape(caller.url)
    for _ in range(2):
        assert call_api(caller.url, VIEWER, token=caller.token).status == 200
    assert call_api(caller.url, "query Stranger { viewer { id } }").status == 401
    assert call_api(caller.url, VIEWER).status == 401  # a name known already
    assert call_api(caller.url, "query Odd { nope }", token=caller.token).status == 400
    after = scrape(caller.url)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    graphql = {"route": "/graphql"}
    requests = "lineage_http_requests_total"
    assert delta(requests, **graphql, operation="ObsViewer", outcome="ok") == 2
    # Before sign-in a name gets no label of its own (anyone may send any name).
    assert delta(requests, **graphql, operation="other", outcome="UNAUTHENTICATED") == 1
    assert delta(requests, **graphql, operation="ObsViewer", outcome="UNAUTHENTICATED") == 1
    assert not any(("Stranger" in str(labels)) for _, labels in after)
    assert delta(requests, **graphql, operation="Odd", outcome="GRAPHQL_ERROR") == 1
    latency = "lineage_http_request_duration_seconds_count"
    assert delta(latency, **graphql, operation="ObsViewer") == 3  # ok or refused
    assert delta(latency, **graphql, operation="ObsViewer") == delta(
        "lineage_http_request_duration_seconds_bucket", **graphql, operation="ObsViewer", le="+Inf"
    )
    assert delta(requests, route="/metrics", operation="none", outcome="ok") == 1
    assert delta("lineage_neo4j_queries_total", outcome="ok") >= 1  # the sign-in, at least
    queries = delta("lineage_neo4j_query_duration_seconds_count")
    assert queries == delta("lineage_neo4j_queries_total", outcome="ok") + delta(
        "lineage_neo4j_queries_total", outcome="error"
    )
    assert value(after, "lineage_neo4j_pool_max_size") == 100  # the driver's default
    assert value(after, "lineage_neo4j_pool_connections_in_use") == 0  # nothing runs now
    assert value(after, "lineage_neo4j_pool_connections") >= 1
    # This app did not start its Neo4j: there is nothing of its to restart.
    assert not any(name.startswith("lineage_neo4j_restarts") for name, _ in after)


async def test_the_pool_figures_count_the_connections_lent_out(db: Database) -> None:
    async with db.driver.session(database=db.database) as session:
        tx = await session.begin_transaction()
        await (await tx.run("RETURN 1")).consume()
        figures = prometheus.pool_figures(db.driver)
        assert figures is not None and figures[0] == 1 and figures[1] >= 1
        await tx.rollback()
    assert prometheus.pool_figures(db.driver) == (0, figures[1], 100)
    assert prometheus.pool_figures(object()) is None  # not a driver as expected: no figures


def test_metrics_hold_no_user_ids_nor_tokens(caller: Caller) -> None:
    assert call_api(caller.url, VIEWER, token=caller.token).status == 200
    text = httpx.get(f"{caller.url}/metrics").text
    assert caller.user_id not in text and caller.token not in text


def test_metrics_can_be_turned_off(
    neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = Settings(data_dir=tmp_path_factory.mktemp("no-metrics"), metrics=False)
    with serving(settings, neo4j_target) as url:
        assert httpx.get(f"{url}/metrics").status_code == 404
        assert httpx.get(f"{url}/healthz").status_code == 200


def test_a_log_line_during_a_request_carries_its_id(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neo4j down: the outage's one log line is written while a request is served."""
    monkeypatch.setattr(OUTAGE, "since", None)  # no outage noticed yet
    dead = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}", ("neo4j", "x"), "neo4j", "nothing")
    settings = Settings(data_dir=tmp_path_factory.mktemp("dead-log"), neo4j_retry_s=0.5)
    with serving(settings, dead) as url, records("lineage.api", "lineage.access") as seen:
        answer = httpx.post(
            f"{url}/graphql",
            json={"query": VIEWER},
            headers={"authorization": "Bearer lin_someone"},  # the id is made by the service
            timeout=30,
        )
        assert answer.status_code == 503
        made = answer.headers["x-request-id"]
        (warning,) = seen.of(made, logger="lineage.api")
        (access,) = seen.of(made)
    assert warning.levelname == "WARNING" and "not serving" in warning.getMessage()
    assert access.outcome == "DATABASE_UNAVAILABLE" and access.status == 503  # type: ignore[attr-defined]


async def failing_app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        logging.getLogger("lineage.test").warning("about to fail")
        raise RuntimeError("a fault of the service")


def test_a_failure_no_route_handled_is_a_500_with_the_id_and_logged_with_it() -> None:
    with (
        records("lineage.api", "lineage.test", "lineage.access") as seen,
        serve(RequestLog(failing_app), free_port()) as url,
    ):
        answer = httpx.get(f"{url}/x", headers={"x-request-id": "boom-1"})
        assert answer.status_code == 500 and answer.headers["x-request-id"] == "boom-1"
        (before,) = seen.of("boom-1", logger="lineage.test")
        (error,) = seen.of("boom-1", logger="lineage.api")
        (access,) = seen.of("boom-1")
    assert before.getMessage() == "about to fail"
    assert error.levelname == "ERROR" and error.exc_info is not None
    assert "RuntimeError" in repr(error.exc_info[1]) and access.status == 500  # type: ignore[attr-defined]
