"""Who is calling: the bearer token looked up in Neo4j, kept for a few seconds so a client
sending many requests does not pay a database round trip for each.

A cached answer is at most `ttl_s` old: a revoked token, or a membership changed by
someone else, takes effect within that time. A caller's own changes are seen at once:
mutations and requests with bookmarks always look the token up afresh, and a mutation
drops its caller's cached answer.

A token past its expiry is refused (`access.TokenExpired`), cached or not. Each fresh
lookup also notes the token's last use, written at most about once a minute per token.
"""

from __future__ import annotations

import time
from dataclasses import replace

from lineage.graph.access import SignIn, User
from lineage.graph.database import Database
from lineage.services import access

# Enough for every active token of a large deployment; past it the cache starts over.
MAX_ENTRIES = 10_000


class SignIns:
    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[float, SignIn]] = {}

    async def user(self, db: Database, token: str, *, fresh: bool) -> User | None:
        """The token's user with their roles (a copy: a request may grant itself roles)."""
        now = time.monotonic()
        cached = None if fresh else self._entries.get(token)
        if cached is not None and cached[0] > now:
            access.check_not_expired(cached[1].token)
            return _copy(cached[1].user)
        found = await access.authenticate(db, token)
        if found is None:
            return None
        await access.record_use(db, found.token)
        if self.ttl_s > 0:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[token] = (now + self.ttl_s, found)
        return _copy(found.user)

    def forget(self, token: str) -> None:
        self._entries.pop(token, None)


def _copy(user: User) -> User:
    return replace(user, roles=dict(user.roles))
