"""A thin wrapper over the async Neo4j driver: named queries, read/write routing, bookmarks,
and the time bounds on every call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import neo4j
from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncResult,
    AsyncSession,
    Bookmarks,
    Record,
    unit_of_work,
)
from neo4j.exceptions import (
    AuthError,
    ConnectionPoolError,
    DatabaseUnavailable,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from lineage.cypher import Query

T = TypeVar("T")
TransactionWork = Callable[[AsyncManagedTransaction], Awaitable[T]]


@dataclass
class QueryCounter:
    """Counts the queries run while it is current (tests check for N+1 patterns)."""

    count: int = 0


query_counter: ContextVar[QueryCounter | None] = ContextVar("query_counter", default=None)
# Told of every named query run: its name, seconds and whether it failed (metrics, the
# request's access line, traces).
query_observers: list[Callable[[str, float, bool], None]] = []


@dataclass(frozen=True)
class Timeouts:
    """Seconds: to open a connection, to keep retrying a transaction that failed for a
    transient reason (deadlock, lost connection), and for one transaction on the server."""

    connect: float = 2.0
    retry: float = 3.0
    transaction: float = 30.0


class BookmarkNotReached(Exception):
    """Neo4j did not reach the client's bookmarks within the wait allowed."""


# Server answers that mean the request's transaction was cut short by its time bound.
TIMEOUT_CODES = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        "Neo.TransientError.Transaction.LockClientStopped",
    }
)


def unavailable(error: BaseException) -> bool:
    """True when the error says Neo4j cannot be reached or used right now (a client may
    retry later), as opposed to a fault of the request."""
    return isinstance(
        error,
        ServiceUnavailable | SessionExpired | ConnectionPoolError | DatabaseUnavailable | AuthError,
    )


def timed_out(error: BaseException) -> bool:
    return isinstance(error, Neo4jError) and error.code in TIMEOUT_CODES


def busy(error: BaseException) -> bool:
    """A transient failure (a deadlock, say) that outlasted the driver's retries."""
    return isinstance(error, TransientError) and not (unavailable(error) or timed_out(error))


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
        timeouts: Timeouts = Timeouts(),
    ) -> None:
        self.driver = driver
        self.uri = uri
        self.database = database
        self.bookmarks = bookmarks
        self.timeouts = timeouts
        self.last_write_bookmarks: Bookmarks | None = None
        # Run inside the first write transaction of this view, before its work (a
        # mutation's idempotency key is claimed there); cleared once that one commits.
        self.before_first_write: Callable[[AsyncManagedTransaction], Awaitable[None]] | None = None

    @classmethod
    def connect(
        cls,
        uri: str,
        auth: tuple[str, str] | None,
        database: str,
        timeouts: Timeouts = Timeouts(),
    ) -> Database:
        driver = AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            notifications_min_severity="OFF",
            connection_timeout=timeouts.connect,
            # Waiting for a pooled connection includes opening one.
            connection_acquisition_timeout=timeouts.connect * 2,
            max_transaction_retry_time=timeouts.retry,
            initial_retry_delay=0.2,
        )
        return cls(driver, uri, database, timeouts=timeouts)

    def for_request(self, bookmarks: Iterable[str] = ()) -> Database:
        raw = [b for b in bookmarks if b]
        chosen = Bookmarks.from_raw_values(raw) if raw else None
        return Database(self.driver, self.uri, self.database, chosen, self.timeouts)

    async def await_bookmarks(self, wait_s: float) -> None:
        """Return once Neo4j has reached this view's bookmarks; BookmarkNotReached after
        `wait_s` (the server alone would hold the request for its own, long, timeout)."""
        if self.bookmarks is None:
            return

        async def reached() -> None:
            async with self.driver.session(
                database=self.database, bookmarks=self.bookmarks, default_access_mode="READ"
            ) as session:
                await (await session.run("RETURN 1")).consume()

        try:
            await asyncio.wait_for(reached(), wait_s)
        except TimeoutError as exc:
            raise BookmarkNotReached from exc

    async def read(self, query: Query, **params: Any) -> list[Record]:
        """Run one read query (routed to secondaries on a cluster)."""

        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            return await run(tx, query, **params)

        return await self.read_one(work)

    async def read_one(self, work: TransactionWork[T]) -> T:
        """Run `work`, which runs one query, as an auto-commit read: one round trip where a
        managed transaction takes three (BEGIN, the query, COMMIT). A passing failure
        (a lost connection, a leader change) runs it again as a managed, retried one."""
        try:
            async with self.driver.session(
                database=self.database, bookmarks=self.bookmarks, default_access_mode="READ"
            ) as session:
                single = _SingleQuery(session, self.timeouts.transaction)
                return await work(cast(AsyncManagedTransaction, single))
        except (TransientError, SessionExpired, ServiceUnavailable) as error:
            if timed_out(error):
                raise
            return await self.read_tx(work)

    async def read_tx(self, work: TransactionWork[T]) -> T:
        """Run `work` in one managed read transaction (several reads, one snapshot)."""
        async with self.driver.session(database=self.database, bookmarks=self.bookmarks) as session:
            return await session.execute_read(self._bounded(work))

    async def write(self, work: TransactionWork[T]) -> T:
        """Run `work` in one managed write transaction (retried on transient errors)."""
        hook = self.before_first_write

        async def hooked(tx: AsyncManagedTransaction) -> T:
            if hook is not None:
                await hook(tx)
            return await work(tx)

        async with self.driver.session(database=self.database, bookmarks=self.bookmarks) as session:
            result = await session.execute_write(self._bounded(hooked))
            self.last_write_bookmarks = await session.last_bookmarks()
        self.before_first_write = None
        self.bookmarks = self.last_write_bookmarks  # later reads in this request see it
        return result

    def _bounded(self, work: TransactionWork[T]) -> TransactionWork[T]:
        """The server ends the transaction when it runs past the configured time."""
        bounded: TransactionWork[T] = unit_of_work(timeout=self.timeouts.transaction)(work)
        return bounded

    async def run_autocommit(self, query: str) -> None:
        """Schema commands cannot share a transaction with anything else."""
        async with self.driver.session(database=self.database) as session:
            result = await session.run(query)
            await result.consume()

    async def close(self) -> None:
        await self.driver.close()


class _SingleQuery:
    """Stands in for a transaction: runs its one query as an auto-commit transaction with
    the same time bound. A second query would not share the first one's snapshot."""

    def __init__(self, session: AsyncSession, timeout: float) -> None:
        self.session, self.timeout, self.used = session, timeout, False

    async def run(self, query: str, parameters: dict[str, Any]) -> AsyncResult:
        if self.used:
            raise RuntimeError("read_one work ran a second query: use read_tx")
        self.used = True
        return await self.session.run(neo4j.Query(query, timeout=self.timeout), parameters)


async def run(tx: AsyncManagedTransaction, query: Query, **params: Any) -> list[Record]:
    """Run a named query inside a transaction and fetch all its records."""
    counter = query_counter.get()
    if counter is not None:
        counter.count += 1
    started, failed = time.perf_counter(), True
    try:
        result = await tx.run(query, params)
        records = [record async for record in result]
        failed = False
        return records
    finally:
        for observe in query_observers:
            observe(query.name, time.perf_counter() - started, failed)
