"""Optional OpenTelemetry traces: with OTEL_EXPORTER_OTLP_ENDPOINT set and the `otel` extra
installed (`pip install 'lineage[otel]'`), a span per HTTP request, with a child span per
Neo4j query, sent over OTLP/HTTP. Without them, nothing is traced and nothing is imported."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lineage.api.prometheus import route_label
from lineage.api.request_log import current_request
from lineage.graph import database

log = logging.getLogger("lineage.app")
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
_tracer: Any = None  # an OpenTelemetry tracer once `configure` set one up


def configure() -> bool:
    """Trace when an OTLP endpoint is configured; once per process (the provider is global).
    The exporter reads the standard OTEL_* variables (endpoint, headers, timeout)."""
    global _tracer
    if _tracer is not None or not any(os.environ.get(name) for name in ENDPOINT_VARIABLES):
        return _tracer is not None
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed "
            "(pip install 'lineage[otel]'); no traces are sent."
        )
        return False
    name = os.environ.get("OTEL_SERVICE_NAME") or "lineage"
    provider = TracerProvider(resource=Resource.create({"service.name": name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _tracer = trace.get_tracer("lineage")
    database.query_observers.append(_query_span)
    log.info("Sending traces over OTLP as service %s.", name)
    return True


def _query_span(name: str, seconds: float, failed: bool) -> None:
    """A span for a query that has just ended, under the request's span."""
    end = time.time_ns()
    span = _tracer.start_span(
        f"neo4j {name}",
        start_time=end - int(seconds * 1e9),
        attributes={"db.system": "neo4j", "db.operation.name": name},
    )
    if failed:
        from opentelemetry.trace import Status, StatusCode

        span.set_status(Status(StatusCode.ERROR))
    span.end(end_time=end)


class Traced:
    """A server span around each HTTP request, inside RequestLog (so it has the request's
    id, operation name and query count)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if _tracer is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from opentelemetry.trace import SpanKind, Status, StatusCode

        method, path = scope.get("method", ""), scope.get("path", "")
        with _tracer.start_as_current_span(
            f"{method} {route_label(path)}", kind=SpanKind.SERVER
        ) as span:
            status = 500

            async def send_status(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await self.app(scope, receive, send_status)
            finally:
                span.set_attribute("http.request.method", method)
                span.set_attribute("url.path", path)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                record = current_request.get()
                if record is not None:
                    span.set_attribute("lineage.request_id", record.request_id)
                    span.set_attribute("lineage.neo4j_queries", record.neo4j_queries)
                    if record.operation:
                        span.set_attribute("graphql.operation.name", record.operation)
