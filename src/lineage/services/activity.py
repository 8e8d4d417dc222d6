"""Live activity (docs/domain.md §12, Live activity): the history entries of a space as
they are appended, for the `spaceActivity` subscription.

Writes may be served by another worker process, so nothing is published in-process: each
worker polls, per followed space, the space's entries through their (space_id, at) index,
one read per space per interval however many subscribe there. An entry's time is set
before its transaction commits, so an entry can appear after a later-stamped one; each
poll reads back a window as long as a transaction may run and leaves out the ids it has
delivered, so none is missed or sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.history import Entry
from lineage.graph import history
from lineage.graph.database import Database
from lineage.graph.history import Appended
from lineage.graph.reads import Key

log = logging.getLogger("lineage.activity")
PAGE = 100  # entries per read; a busier interval reads again at once


@dataclass
class SpaceFeed:
    """One space's poll in this worker, and the queues of its subscribers."""

    space_id: str
    queues: set[asyncio.Queue[Entry]] = field(default_factory=set)
    primed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None


class ActivityHub:
    """The feeds of the spaces followed in this worker; a feed runs while it has
    subscribers and stops with the last one."""

    def __init__(self, db: Database, poll_s: float, window_s: float) -> None:
        self.db, self.poll_s, self.window_s = db, poll_s, window_s
        self.feeds: dict[str, SpaceFeed] = {}
        self.reads = 0  # polls made, all spaces together (what the tests count)

    async def follow(self, space_id: str, after: Key | None) -> AsyncIterator[Entry]:
        """The space's entries after `after` (None: from now on), then each new one as it
        is appended, until the caller stops iterating."""
        feed, queue = self._join(space_id)
        try:
            await feed.primed.wait()  # what the feed will not deliver, the replay reads
            delivered: set[str] = set()
            if after is not None:
                async for entry in self._replay(space_id, after):
                    delivered.add(entry.id)
                    yield entry
            while True:
                entry = await queue.get()
                if entry.id not in delivered:
                    yield entry
        finally:
            self._leave(feed, queue)

    async def close(self) -> None:
        for feed in list(self.feeds.values()):
            await _stopped(feed)
        self.feeds.clear()

    def _join(self, space_id: str) -> tuple[SpaceFeed, asyncio.Queue[Entry]]:
        feed = self.feeds.get(space_id)
        if feed is None:
            feed = self.feeds[space_id] = SpaceFeed(space_id)
            feed.task = asyncio.create_task(self._poll(feed), name=f"activity-{space_id}")
        queue: asyncio.Queue[Entry] = asyncio.Queue()
        feed.queues.add(queue)
        return feed, queue

    def _leave(self, feed: SpaceFeed, queue: asyncio.Queue[Entry]) -> None:
        feed.queues.discard(queue)
        if not feed.queues and self.feeds.get(feed.space_id) is feed:
            del self.feeds[feed.space_id]
            if feed.task is not None:
                feed.task.cancel()

    async def _poll(self, feed: SpaceFeed) -> None:
        since: datetime | None = None
        seen: dict[str, datetime] = {}
        while True:
            try:
                found = await self._read(feed.space_id, since, list(seen))
            except Exception as exc:  # Neo4j away: subscribers wait, the poll goes on
                log.warning("Activity poll of %s failed (%s); retrying.", feed.space_id, exc)
                await asyncio.sleep(self.poll_s)
                continue
            for entry, _ in found.rows:
                assert entry.at is not None
                seen[entry.id] = entry.at
                if feed.primed.is_set():  # entries from before the feed began are not news
                    for queue in feed.queues:
                        queue.put_nowait(entry)
            if len(found.rows) == PAGE:
                continue  # more waiting: read on before sleeping
            since = found.now - timedelta(seconds=self.window_s)
            seen = {id: at for id, at in seen.items() if at >= since}
            feed.primed.set()
            await asyncio.sleep(self.poll_s)

    async def _replay(self, space_id: str, after: Key) -> AsyncIterator[Entry]:
        at = datetime.fromisoformat(str(after[0]))
        while True:
            found = await self._read(space_id, at, [], after)
            for entry, _ in found.rows:
                yield entry
            if len(found.rows) < PAGE:
                return
            after = found.rows[-1][1]

    async def _read(
        self, space_id: str, since: datetime | None, seen: list[str], after: Key | None = None
    ) -> Appended:
        self.reads += 1

        async def work(tx: Tx) -> Appended:
            return await history.appended(tx, space_id, since, self.window_s, seen, after, PAGE)

        return await self.db.read_tx(work)


async def _stopped(feed: SpaceFeed) -> None:
    if feed.task is not None:
        feed.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await feed.task
