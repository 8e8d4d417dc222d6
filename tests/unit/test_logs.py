"""The log formats, the filter that summarises the driver's repeated warnings, and the
bounded label values of the metrics."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from lineage import logs
from lineage.api.context import current_request_id
from lineage.api.prometheus import Operations, code_label, route_label
from lineage.api.request_body import GraphQLRequest
from lineage.api.request_log import operation_name, outcome, request_id_for
from lineage.config import Settings

RETRY = "Transaction failed and will be retried in %ss (%s)"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def record(name: str, msg: str, *args: object, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_repeated_driver_warnings_pass_once_per_window_with_the_count_held_back() -> None:
    clock = Clock()
    limit = logs.RepeatFilter(window_s=60, clock=clock)
    first = record("neo4j.pool", RETRY, 0.2, "ServiceUnavailable")
    assert limit.filter(first) and getattr(first, "suppressed", None) is None
    held = [limit.filter(record("neo4j.pool", RETRY, 0.4, "x")) for _ in range(500)]
    assert not any(held)
    clock.now += 61
    after = record("neo4j.pool", RETRY, 0.8, "ServiceUnavailable")
    assert limit.filter(after)
    assert after.suppressed == 500  # type: ignore[attr-defined]
    assert not limit.filter(record("neo4j.pool", RETRY, 1.6, "x"))  # a new window began


def test_other_kinds_and_other_loggers_are_not_held_back() -> None:
    limit = logs.RepeatFilter(window_s=60, clock=Clock())
    assert limit.filter(record("neo4j.pool", RETRY, 0.2, "x"))
    assert limit.filter(record("neo4j.io", RETRY, 0.2, "x"))  # another logger
    assert limit.filter(record("neo4j.pool", "Unable to retrieve routing information"))
    assert limit.filter(record("neo4j.pool", RETRY, 0.2, "x", level=logging.ERROR))
    for _ in range(3):  # the service's own lines are never summarised
        assert limit.filter(record("lineage.api", "Unexpected error in request %s", "r1"))
        assert limit.filter(record("neo4jish", RETRY, 0.2, "x"))


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """The service's handler writing into a string while the test runs."""
    out = io.StringIO()
    root = logging.getLogger()
    level = root.level
    yield out
    for handler in [h for h in root.handlers if isinstance(h, logs._ServiceHandler)]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = False


def test_production_lines_are_json_with_the_request_id(stream: io.StringIO) -> None:
    logs.configure("production", "INFO", stream)
    token = current_request_id.set("req-7")
    try:
        logging.getLogger("lineage.test").warning("Neo4j is %s", "down")
    finally:
        current_request_id.reset(token)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("lineage.test").exception("failed")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "WARNING" and first["logger"] == "lineage.test"
    assert first["message"] == "Neo4j is down" and first["request_id"] == "req-7"
    assert first["timestamp"].endswith("Z") and "T" in first["timestamp"]
    assert "request_id" not in second and "RuntimeError: boom" in second["exception"]


def test_development_lines_are_single_readable_lines(stream: io.StringIO) -> None:
    logs.configure("development", "INFO", stream)
    token = current_request_id.set("req-8")
    try:
        logging.getLogger("lineage.test").info("hello %s", "there")
    finally:
        current_request_id.reset(token)
    (line,) = stream.getvalue().splitlines()
    stamp, level, logger, request_id, *message = line.split(" ")
    assert stamp.endswith("Z") and level == "INFO" and logger == "lineage.test"
    assert request_id == "[req-8]" and message == ["hello", "there"]


def test_a_development_line_stays_one_line_whatever_the_message(stream: io.StringIO) -> None:
    logs.configure("development", "INFO", stream)
    logging.getLogger("lineage.access").info("GET %s 404", "/x\n2026-01-01T00:00:00Z INFO forged")
    (line,) = stream.getvalue().splitlines()
    assert line.endswith("GET /x\\n2026-01-01T00:00:00Z INFO forged 404")


def test_operation_names_are_kept_only_as_graphql_spells_them() -> None:
    def named(query: str, name: str | None = None) -> str | None:
        return operation_name(GraphQLRequest(query, None, name), 4000)

    assert named("query Assets { spaces { id } }") == "Assets"
    assert named("{ spaces { id } }") is None
    assert named("query A { a } query B { b }") is None  # which one: operationName says
    assert named("query A { a } query B { b }", "B") == "B"
    assert named("{ a }", "x\ny") is None and named("{ a }", "x" * 101) is None
    assert named("query { ") is None


def test_the_level_is_honoured_and_a_second_configure_replaces_the_first(
    stream: io.StringIO,
) -> None:
    logs.configure("production", "INFO", io.StringIO())
    logs.configure("production", Settings(log_level="warning").log_level, stream)  # type: ignore[call-arg]
    logging.getLogger("lineage.test").info("not shown")
    logging.getLogger("lineage.test").warning("shown")
    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["message"] for line in lines] == ["shown"]
    root = logging.getLogger()
    assert len([h for h in root.handlers if isinstance(h, logs._ServiceHandler)]) == 1


def test_log_level_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINEAGE_LOG_LEVEL", "debug")
    assert Settings().log_level == "DEBUG"
    monkeypatch.setenv("LINEAGE_LOG_LEVEL", "loud")
    with pytest.raises(ValueError, match="log_level"):
        Settings()
    monkeypatch.delenv("LINEAGE_LOG_LEVEL")
    assert Settings().log_level == "INFO"


def test_request_ids_sent_are_kept_only_when_short_and_plain() -> None:
    assert request_id_for("abc-123_x.y:z") == "abc-123_x.y:z"
    for bad in (None, "", "a b", "x" * 65, "id\nforged log line", "ünïcode"):
        made = request_id_for(bad)
        assert len(made) == 32 and int(made, 16) >= 0


def test_operation_labels_are_capped_and_need_a_signed_in_caller() -> None:
    operations = Operations(limit=2)
    assert operations.label(None, signed_in=True) == "none"
    assert operations.label("Probe", signed_in=False) == "other"  # anyone can send a name
    assert operations.label("Viewer", signed_in=True) == "Viewer"
    assert operations.label("not a name!", signed_in=True) == "other"
    assert operations.label("Assets", signed_in=True) == "Assets"
    assert operations.label("Third", signed_in=True) == "other"  # over the cap
    assert operations.label("Viewer", signed_in=False) == "Viewer"  # known already


def test_route_code_and_outcome_labels() -> None:
    assert route_label("/graphql") == "/graphql" and route_label("/") == "/"
    assert route_label("/files/upload/k") == "/files" and route_label("/wp-admin") == "other"
    assert code_label("UNAUTHENTICATED") == "UNAUTHENTICATED"
    assert code_label(None) == "GRAPHQL_ERROR" and code_label("x" * 100) == "GRAPHQL_ERROR"
    assert outcome(200, []) == "ok" and outcome(404, []) == "4xx" and outcome(502, []) == "5xx"
    assert outcome(401, ["UNAUTHENTICATED"]) == "UNAUTHENTICATED"
