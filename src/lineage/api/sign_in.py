"""Who is calling: the bearer token looked up in Neo4j, kept for a few seconds so a client
sending many requests does not pay a database round trip for each.

A cached answer is at most `ttl_s` old: a revoked token, or a membership changed by
someone else, takes effect within that time. A caller's own changes are seen at once:
mutations and requests with bookmarks always look the token up afresh, and a mutation
drops its caller's cached answer.
"""

from __future__ import annotations

import time
from dataclasses import replace

from lineage.graph.access import User
from lineage.graph.database import Database
from lineage.services import access

# Enough for every active token of a large deployment; past it the cache starts over.
MAX_ENTRIES = 10_000


class SignIns:
    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[float, User]] = {}

    async def user(self, db: Database, token: str, *, fresh: bool) -> User | None:
        """The token's user with their roles (a copy: a request may grant itself roles)."""
        now = time.monotonic()
        cached = None if fresh else self._entries.get(token)
        if cached is not None and cached[0] > now:
            return _copy(cached[1])
        found = await access.authenticate(db, token)
        if found is not None and self.ttl_s > 0:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[token] = (now + self.ttl_s, found)
        return None if found is None else _copy(found)

    def forget(self, token: str) -> None:
        self._entries.pop(token, None)


def _copy(user: User) -> User:
    return replace(user, roles=dict(user.roles))
