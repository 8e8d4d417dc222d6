"""How many Neo4j queries an operation ran, in `extensions.queryCount` (tests and
benchmarks watch for N+1 patterns). Enabled in development or by a setting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from lineage.graph.database import QueryCounter, query_counter


class QueryCount(SchemaExtension):
    """Counts the queries run while the operation executes (authentication, which happens
    before, is not counted)."""

    counter: QueryCounter | None = None

    def on_operation(self) -> Iterator[None]:
        self.counter = QueryCounter()
        token = query_counter.set(self.counter)
        try:
            yield
        finally:
            try:
                query_counter.reset(token)
            except ValueError:  # the hook ended in another context: nothing to restore
                query_counter.set(None)

    def get_results(self) -> dict[str, Any]:
        return {"queryCount": self.counter.count} if self.counter else {}
