"""Per-request DataLoaders: nested fields of many objects become one query per kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record
from strawberry.dataloader import DataLoader

from lineage.domain.model import Asset, Container, LockState
from lineage.graph import assets, locks, reads, renders
from lineage.graph.database import Database

K = TypeVar("K")
V = TypeVar("V")


def _batched(
    db: Database, fetch: Callable[[Tx, list[str]], Awaitable[dict[str, V]]], default: Any = None
) -> DataLoader[str, V]:
    async def load(keys: list[str]) -> Sequence[V]:
        async def work(tx: Tx) -> dict[str, V]:
            return await fetch(tx, list(dict.fromkeys(keys)))

        found = await db.read_tx(work)
        return [found.get(key, default() if callable(default) else default) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.asset: DataLoader[str, Asset | None] = _batched(db, _assets)
        self.container: DataLoader[str, Container | None] = _batched(db, reads.containers)
        self.clones: DataLoader[str, list[Asset]] = _batched(db, reads.clones, list)
        self.clone_parent: DataLoader[str, Asset | None] = _batched(db, _clone_parents)
        self.views: DataLoader[str, list[tuple[str, Asset]]] = _batched(db, reads.views, list)
        self.version_links: DataLoader[str, tuple[Asset | None, list[Asset]]] = _batched(
            db, reads.version_links, lambda: (None, [])
        )
        self.inputs: DataLoader[str, list[Record]] = _batched(db, _inputs, list)
        self.lock: DataLoader[str, LockState | None] = DataLoader(load_fn=self._locks)

    async def _locks(self, keys: list[str]) -> Sequence[LockState | None]:
        found = [a for a in await self.asset.load_many(keys) if a is not None]

        async def work(tx: Tx) -> dict[str, LockState]:
            return await locks.states(tx, found)

        states = await self.db.read_tx(work)
        return [states.get(key) for key in keys]

    def prime(self, assets_: Sequence[Asset]) -> None:
        for asset in assets_:
            self.asset.prime(asset.id, asset)


async def _assets(tx: Tx, ids: list[str]) -> dict[str, Asset]:
    return await assets.get_many(tx, ids)


async def _clone_parents(tx: Tx, ids: list[str]) -> dict[str, Asset]:
    return await assets.clone_parents(tx, ids)


async def _inputs(tx: Tx, ids: list[str]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = {}
    for record in await renders.inputs_of(tx, ids):
        grouped.setdefault(record["render_id"], []).append(record)
    return grouped
