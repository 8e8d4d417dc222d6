"""What the server logged while a test ran: ERROR records with a traceback mean an
unexpected failure reached the request layer's last resort."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# The app logs under `lineage`, which propagates to the root logger; uvicorn's own
# "Exception in ASGI application" goes to `uvicorn.error`, which stops at `uvicorn`.
WATCHED = ("", "uvicorn")


class ErrorRecords(logging.Handler):
    """Keeps every record at ERROR or above."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def with_traceback(self) -> list[str]:
        """The records that carry a traceback, as `logger: message (exception)`."""
        return [
            f"{r.name}: {r.getMessage()} ({r.exc_info[1]!r})"
            if r.exc_info
            else f"{r.name}: {r.getMessage()} (stack)"
            for r in self.records
            if r.exc_info or r.stack_info
        ]

    def clear(self) -> None:
        self.records.clear()


@contextmanager
def error_records() -> Iterator[ErrorRecords]:
    handler = ErrorRecords()
    loggers = [logging.getLogger(name) for name in WATCHED]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
