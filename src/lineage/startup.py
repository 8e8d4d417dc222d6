"""Start-up work of an API process: apply the schema migrations, retrying until they are.

Several processes may start together (`lineage run --workers N`, replicas behind a load
balancer): the migration lock makes one of them apply each migration. /readyz only reports
the schema version; it never migrates.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from lineage.graph import migrations
from lineage.graph.database import Database

log = logging.getLogger("lineage.startup")
FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0


class Migrator:
    """Applies the migrations in a task that retries, backing off, until they are applied."""

    def __init__(
        self, db: Database, *, first_delay: float = FIRST_DELAY_S, max_delay: float = MAX_DELAY_S
    ) -> None:
        self.db = db
        self.first_delay, self.max_delay = first_delay, max_delay
        self.tries = 0
        self.version: int | None = None
        self._tried = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, wait_s: float) -> None:
        """Begin; return once the first try ended (or after `wait_s`, another starter may
        hold the lock), leaving the retries to run in the background."""
        self._task = asyncio.create_task(self._until_applied(), name="migrations")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._tried.wait(), wait_s)
        if self.version is None:  # serve anyway: /readyz answers 503 until they are applied
            log.warning("Serving before the schema migrations are applied; they are retried.")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _until_applied(self) -> None:
        delay = self.first_delay
        while True:
            self.tries += 1
            try:
                self.version = await migrations.apply(self.db)
                return
            except Exception as exc:  # whatever failed, the process keeps serving and retries
                reason = " ".join(str(exc).split())[:200] or type(exc).__name__
                log.warning(
                    "Schema migrations not applied (%s: %s); retrying in %g s.",
                    type(exc).__name__, reason, delay,
                )  # fmt: skip
            finally:
                self._tried.set()
            await asyncio.sleep(delay)
            delay = min(self.max_delay, delay * 2)
