"""A thin wrapper over the async Neo4j driver: named queries, read/write routing, bookmarks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, Bookmarks, Record

from lineage.cypher import Query

T = TypeVar("T")
TransactionWork = Callable[[AsyncManagedTransaction], Awaitable[T]]


@dataclass
class QueryCounter:
    """Counts the queries run while it is current (tests check for N+1 patterns)."""

    count: int = 0


query_counter: ContextVar[QueryCounter | None] = ContextVar("query_counter", default=None)


class Database:
    """One Neo4j database reached through one driver.

    `for_request` gives a view that reads after the bookmarks a client sent back and
    remembers the bookmark of its last write (read-your-writes across processes).
    """

    def __init__(
        self,
        driver: AsyncDriver,
        uri: str,
        database: str = "neo4j",
        bookmarks: Bookmarks | None = None,
    ) -> None:
        self.driver = driver
        self.uri = uri
        self.database = database
        self.bookmarks = bookmarks
        self.last_write_bookmarks: Bookmarks | None = None

    @classmethod
    def connect(cls, uri: str, auth: tuple[str, str] | None, database: str) -> Database:
        driver = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        return cls(driver, uri, database)

    def for_request(self, bookmarks: Iterable[str] = ()) -> Database:
        raw = [b for b in bookmarks if b]
        return Database(
            self.driver, self.uri, self.database, Bookmarks.from_raw_values(raw) if raw else None
        )

    async def read(self, query: Query, **params: Any) -> list[Record]:
        """Run one read query in a read transaction (routed to secondaries on a cluster)."""

        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            return await run(tx, query, **params)

        return await self.read_tx(work)

    async def read_tx(self, work: TransactionWork[T]) -> T:
        """Run `work` in one managed read transaction (several reads, one snapshot)."""
        async with self.driver.session(database=self.database, bookmarks=self.bookmarks) as session:
            return await session.execute_read(work)

    async def write(self, work: TransactionWork[T]) -> T:
        """Run `work` in one managed write transaction (retried on transient errors)."""
        async with self.driver.session(database=self.database, bookmarks=self.bookmarks) as session:
            result = await session.execute_write(work)
            self.last_write_bookmarks = await session.last_bookmarks()
        self.bookmarks = self.last_write_bookmarks  # later reads in this request see it
        return result

    async def run_autocommit(self, query: str) -> None:
        """Schema commands cannot share a transaction with anything else."""
        async with self.driver.session(database=self.database) as session:
            result = await session.run(query)
            await result.consume()

    async def close(self) -> None:
        await self.driver.close()


async def run(tx: AsyncManagedTransaction, query: Query, **params: Any) -> list[Record]:
    """Run a named query inside a transaction and fetch all its records."""
    counter = query_counter.get()
    if counter is not None:
        counter.count += 1
    result = await tx.run(query, params)
    return [record async for record in result]
