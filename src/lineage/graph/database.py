"""A thin wrapper over the async Neo4j driver: named queries, read/write routing, bookmarks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, Record, RoutingControl

from lineage.cypher import Query

T = TypeVar("T")
TransactionWork = Callable[[AsyncManagedTransaction], Awaitable[T]]


class Database:
    """One Neo4j database reached through one driver."""

    def __init__(self, driver: AsyncDriver, uri: str, database: str = "neo4j") -> None:
        self.driver = driver
        self.uri = uri
        self.database = database

    @classmethod
    def connect(cls, uri: str, auth: tuple[str, str] | None, database: str) -> Database:
        driver = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        return cls(driver, uri, database)

    async def read(self, query: Query, **params: Any) -> list[Record]:
        """Run a read query in a read transaction (routed to secondaries on a cluster)."""
        result = await self.driver.execute_query(
            query, params, routing_=RoutingControl.READ, database_=self.database
        )
        return list(result.records)

    async def read_tx(self, work: TransactionWork[T]) -> T:
        """Run `work` in one managed read transaction (several reads, one snapshot)."""
        async with self.driver.session(database=self.database) as session:
            return await session.execute_read(work)

    async def write(self, work: TransactionWork[T]) -> T:
        """Run `work` in one managed write transaction (retried on transient errors)."""
        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)

    async def run_autocommit(self, query: str) -> None:
        """Schema commands cannot share a transaction with anything else."""
        async with self.driver.session(database=self.database) as session:
            result = await session.run(query)
            await result.consume()

    async def close(self) -> None:
        await self.driver.close()


async def run(tx: AsyncManagedTransaction, query: Query, **params: Any) -> list[Record]:
    """Run a named query inside a transaction and fetch all its records."""
    result = await tx.run(query, params)
    return [record async for record in result]
