"""`/metrics` in the Prometheus text format: requests, their latency, Neo4j queries, the
driver's connection pool and the managed Neo4j's restarts. Labels take a bounded set of
values (known routes, a capped set of operation names, error codes), and nothing in them
identifies a user or carries a secret."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from lineage.graph import database

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
ROUTES = frozenset({"graphql", "healthz", "readyz", "metrics", "explorer", "files", "api"})
# Operation names get their own label value up to this many per process; more are `other`.
MAX_OPERATIONS = 30
_OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,39}")
_REASON = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}")
# No `_created` series beside each counter and histogram.
disable_created_metrics()  # type: ignore[no-untyped-call]

REQUESTS = Counter(
    "lineage_http_requests",
    "HTTP requests answered, by route, GraphQL operation name and outcome "
    "(ok, the first error code of the answer, or the HTTP status class).",
    ["route", "operation", "outcome"],
)
LATENCY = Histogram(
    "lineage_http_request_duration_seconds",
    "Seconds from receiving a request to the end of its answer.",
    ["route", "operation"],
)
QUERIES = Counter(
    "lineage_neo4j_queries",
    "Named Neo4j queries run (each try of a retried transaction counts), by outcome.",
    ["outcome"],
)
QUERY_SECONDS = Histogram(
    "lineage_neo4j_query_duration_seconds",
    "Seconds one named Neo4j query took, records fetched included.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

RETRIES = Counter(
    "lineage_neo4j_transaction_retries",
    "Transactions the driver ran again after a passing failure, by the Neo4j error code's "
    "last part (DeadlockDetected: two writers took locks in opposite orders) or the "
    "error's class.",
    ["reason"],
)


class RetryCounter(logging.Handler):
    """Counts the driver's "will be retried" warnings (it has no other retry hook); the
    log itself shows them summarised."""

    def emit(self, record: logging.LogRecord) -> None:
        if "will be retried" not in str(record.msg) or not record.args:
            return
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        RETRIES.labels(retry_reason(args[-1])).inc()


def retry_reason(error: object) -> str:
    code = getattr(error, "code", None)
    reason = str(code).rsplit(".", 1)[-1] if code else type(error).__name__
    return reason if _REASON.fullmatch(reason) else "other"


class Operations:
    """The operation names that have a label value of their own: the first MAX_OPERATIONS
    well-formed names of signed-in requests (anyone may send any name before signing in)."""

    def __init__(self, limit: int = MAX_OPERATIONS) -> None:
        self.limit = limit
        self.known: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None, signed_in: bool) -> str:
        if not name:
            return "none"
        if name in self.known:
            return name
        if not signed_in or not _OPERATION_NAME.fullmatch(name):
            return "other"
        with self._lock:
            if len(self.known) >= self.limit:
                return "other"
            self.known.add(name)
        return name


OPERATIONS = Operations()


def route_label(path: str) -> str:
    segment = path.split("/")[1] if path.count("/") else ""
    if path == "/":
        return "/"
    return f"/{segment}" if segment in ROUTES else "other"


def code_label(code: object) -> str:
    """An error code as a label value: the service's codes are upper-case words; an error
    without one (a syntax or validation error) is `GRAPHQL_ERROR`."""
    text = str(code)
    return text if _CODE.fullmatch(text) else "GRAPHQL_ERROR"


def observe_request(
    path: str, operation: str | None, signed_in: bool, outcome: str, seconds: float
) -> None:
    route, name = route_label(path), OPERATIONS.label(operation, signed_in)
    REQUESTS.labels(route, name, outcome).inc()
    LATENCY.labels(route, name).observe(seconds)


def observe_query(name: str, seconds: float, failed: bool) -> None:
    QUERIES.labels("error" if failed else "ok").inc()
    QUERY_SECONDS.observe(seconds)


database.query_observers.append(observe_query)
logging.getLogger("neo4j.session").addHandler(RetryCounter(logging.WARNING))


class ServiceCollector(Collector):
    """Read at each scrape: the driver's pool and the managed Neo4j's restarts."""

    def __init__(self, driver: Callable[[], object | None], restarts: Callable[[], int | None]):
        self.driver, self.restarts = driver, restarts

    def collect(self) -> Iterator[Metric]:
        pool = pool_figures(self.driver())
        if pool is not None:
            in_use, open_, size = pool
            yield _gauge("lineage_neo4j_pool_connections_in_use", "Connections lent out.", in_use)
            yield _gauge("lineage_neo4j_pool_connections", "Connections open.", open_)
            yield _gauge("lineage_neo4j_pool_max_size", "Most connections allowed.", size)
        restarts = self.restarts()
        if restarts is not None:
            family = CounterMetricFamily(
                "lineage_neo4j_restarts",
                "Times the managed Neo4j died and was started again by this process.",
            )
            family.add_metric([], restarts)
            yield family


def _gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, text, value=value)


def pool_figures(driver: object | None) -> tuple[int, int, int] | None:
    """(in use, open, maximum) connections of the driver's pool; None when the driver's
    internals (not a public API) are not as expected."""
    try:
        pool = driver._pool  # type: ignore[union-attr]
        connections = [c for queue in list(pool.connections.values()) for c in list(queue)]
        in_use = sum(1 for c in connections if c.in_use)
        return in_use, len(connections), int(pool.pool_config.max_connection_pool_size)
    except Exception:  # another driver version: leave the figures out
        return None


def metrics_endpoint(collector: ServiceCollector) -> Callable[[Request], Response]:
    """The /metrics handler: the process-wide metrics, then this app's own."""
    own = CollectorRegistry()
    own.register(collector)

    async def metrics(request: Request) -> Response:
        body = generate_latest(REGISTRY) + generate_latest(own)
        return Response(body, media_type=CONTENT_TYPE)

    return metrics
