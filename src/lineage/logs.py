"""How the service logs: JSON lines in production, one readable line per record in
development, each with the request id of the request it belongs to; the Neo4j driver's
repeated warnings (retries while Neo4j is down) summarised instead of flooding the log."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from datetime import UTC, datetime
from typing import Any, TextIO

from lineage.api.context import current_request_id

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Fields a record may carry (`extra=`) that both formats show; the access line sets them.
FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "operation",
    "user_id",
    "neo4j_queries",
    "outcome",
    "suppressed",
)
# One line per kind of driver warning per this many seconds.
REPEAT_WINDOW_S = 60.0


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request being served (`-` outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id.get()
        return True


class RepeatFilter(logging.Filter):
    """Lets one record of each kind (logger, level, message template) through per window;
    the next one let through says how many were held back meanwhile (`suppressed`).

    Only records of the loggers under `prefix` are limited (the driver logs each retry and
    each failed connection: thousands of lines per minute under load while Neo4j is down).
    """

    def __init__(
        self,
        prefix: str = "neo4j",
        window_s: float = REPEAT_WINDOW_S,
        clock: Any = time.monotonic,
    ) -> None:
        super().__init__()
        self.prefix, self.window_s, self.clock = prefix, window_s, clock
        self._lock = threading.Lock()
        self._kinds: dict[tuple[str, int, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != self.prefix and not record.name.startswith(self.prefix + "."):
            return True
        kind = (record.name, record.levelno, str(record.msg))
        now = self.clock()
        with self._lock:
            shown_at, held = self._kinds.get(kind, (None, 0))
            if shown_at is not None and now - shown_at < self.window_s:
                self._kinds[kind] = (shown_at, held + 1)
                return False
            self._kinds[kind] = (now, 0)
        if held:
            record.suppressed = held
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, the
    request fields present, and the traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value not in (None, "-"):  # `-`: outside any request
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    """`2026-05-04T12:00:00.123Z INFO lineage.access [request id] message key=value ...`."""

    def format(self, record: logging.LogRecord) -> str:
        parts = [_timestamp(record), record.levelname, record.name]
        request_id = getattr(record, "request_id", None)
        if request_id not in (None, "-"):
            parts.append(f"[{request_id}]")
        # One line per record: line breaks in a message (a path, a client's text) are shown
        # escaped, so no one can forge a line of the log.
        parts.append(record.getMessage().replace("\r", "\\r").replace("\n", "\\n"))
        suppressed = getattr(record, "suppressed", None)
        if suppressed:
            parts.append(f"({suppressed} more like it held back)")
        text = " ".join(parts)
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            text += "\n" + self.formatStack(record.stack_info)
        return text


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _ServiceHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler `configure` installs (so a second call replaces it, not adds one)."""


def configure(env: str, level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every log record to `stream` (stderr) in the format of `env`, at `level` and
    above; the service's access line replaces uvicorn's own."""
    handler = _ServiceHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if env == "production" else TextFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RepeatFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _ServiceHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # Python warnings as log records, not bare stderr text
    # uvicorn's loggers go through the same handler; its access log is replaced by ours.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True
    # The driver's warnings (retries, lost connections) pass, summarised by RepeatFilter;
    # its INFO and DEBUG lines are protocol detail.
    logging.getLogger("neo4j").setLevel(max(logging.WARNING, root.level))
