"""The scheduled purge of an API process: every interval, delete the trash items that
expired and the files only they held (docs/domain.md §13).

Every worker runs one; a purge is idempotent (each item is deleted in its own transaction,
and one another process took first is skipped), so they need no coordination.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from lineage.graph.database import Database
from lineage.services import trash
from lineage.storage.base import FileStore

log = logging.getLogger("lineage.trash")


class TrashPurger:
    """Purges in a background task; a failed round is logged and tried again next time."""

    def __init__(self, db: Database, store: FileStore | None, interval_s: float) -> None:
        self.db, self.store, self.interval_s = db, store, interval_s
        self.rounds = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._every_interval(), name="trash-purge")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def purge_once(self) -> None:
        try:
            report = await trash.purge(self.db, self.store)
        except Exception as exc:  # Neo4j away, schema not applied yet: next round retries
            log.warning("Trash purge failed (%s: %s); retrying in %g s.",
                        type(exc).__name__, str(exc)[:200], self.interval_s)  # fmt: skip
            return
        finally:
            self.rounds += 1
        if report.items:
            log.info("Purged %d expired trash items and %d files.",
                     len(report.items), len(report.removed_files))  # fmt: skip

    async def _every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            await self.purge_once()
