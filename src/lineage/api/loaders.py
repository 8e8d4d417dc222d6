"""Per-request DataLoaders: nested fields of many objects become one query per kind.

Paged loaders take (id, arguments) keys: one query per distinct set of arguments (page size,
cursor, filter) and per batch, whatever the number of ids.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record
from strawberry.dataloader import DataLoader

from lineage.domain.enums import Layer
from lineage.domain.model import Asset, Container, LockState
from lineage.graph import access, assets, locks, reads, renders
from lineage.graph.database import Database
from lineage.graph.reads import AssetFilter, Page, PageRequest, PendingUpdate

K = TypeVar("K")
V = TypeVar("V")
A = TypeVar("A", bound=Hashable)


def _batched(
    db: Database,
    fetch: Callable[[Tx, list[str]], Awaitable[dict[str, V]]],
    default: Any = None,
    one_query: bool = False,
) -> DataLoader[str, V]:
    """`one_query`: `fetch` runs a single query, so it may run as an auto-commit read."""

    async def load(keys: list[str]) -> Sequence[V]:
        async def work(tx: Tx) -> dict[str, V]:
            return await fetch(tx, list(dict.fromkeys(keys)))

        found = await (db.read_one(work) if one_query else db.read_tx(work))
        return [found.get(key, default() if callable(default) else default) for key in keys]

    return DataLoader(load_fn=load)


def _paged(
    db: Database, fetch: Callable[[Tx, list[str], A], Awaitable[dict[str, Page]]]
) -> DataLoader[tuple[str, A], Page]:
    """Keys are (id, arguments); one query per distinct arguments, all in one transaction."""

    async def load(keys: list[tuple[str, A]]) -> Sequence[Page]:
        groups: dict[A, dict[str, None]] = {}  # arguments -> ids, in order, once each
        for id, arguments in keys:
            groups.setdefault(arguments, {})[id] = None

        async def work(tx: Tx) -> dict[tuple[str, A], Page]:
            found: dict[tuple[str, A], Page] = {}
            for arguments, ids in groups.items():
                pages = await fetch(tx, list(ids), arguments)
                found.update({(id, arguments): page for id, page in pages.items()})
            return found

        found = await db.read_tx(work)
        return [found.get(key, reads.EMPTY_PAGE) for key in keys]

    return DataLoader(load_fn=load)


AssetListArgs = tuple[Layer, AssetFilter, PageRequest]


class Loaders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.asset: DataLoader[str, Asset | None] = _batched(db, _assets, one_query=True)
        self.container: DataLoader[str, Container | None] = _batched(db, reads.containers)
        self.children: DataLoader[str, list[Container]] = _batched(db, reads.children, list)
        self.members: DataLoader[str, list[access.Member]] = _batched(db, reads.members, list)
        self.invitations: DataLoader[str, list[access.Invitation]] = _batched(
            db, access.invitations, list
        )
        self.clones: DataLoader[str, list[Asset]] = _batched(db, reads.clones, list)
        self.clone_parent: DataLoader[str, Asset | None] = _batched(db, _clone_parents)
        self.views: DataLoader[str, list[tuple[str, Asset]]] = _batched(db, reads.views, list)
        self.version_links: DataLoader[str, tuple[Asset | None, list[Asset]]] = _batched(
            db, reads.version_links, lambda: (None, [])
        )
        self.versions: DataLoader[str, list[Asset]] = _batched(db, reads.version_chains, list)
        self.updates: DataLoader[str, PendingUpdate | None] = _batched(db, reads.pending_updates)
        self.inputs: DataLoader[str, list[Record]] = _batched(db, _inputs, list)
        self.lock: DataLoader[str, LockState | None] = DataLoader(load_fn=self._locks)
        self.asset_pages: DataLoader[tuple[str, AssetListArgs], Page] = _paged(db, _asset_pages)
        self.gallery: DataLoader[tuple[str, PageRequest], Page] = _paged(db, reads.gallery_pages)
        self.dependents: DataLoader[tuple[str, PageRequest], Page] = _paged(
            db, reads.dependent_pages
        )
        self.dependencies: DataLoader[tuple[str, PageRequest], Page] = _paged(
            db, reads.dependency_pages
        )

    async def _locks(self, keys: list[str]) -> Sequence[LockState | None]:
        """One query: the assets too, unless every one of them was read already."""
        cached = [self._cached_asset(key) for key in keys]
        if all(cached):
            known = [a for a in cached if a is not None]

            async def work(tx: Tx) -> dict[str, LockState]:
                return await locks.states(tx, known)

            states = await self.db.read_one(work)
            return [states.get(key) for key in keys]

        async def work_with_assets(tx: Tx) -> dict[str, tuple[Asset, LockState]]:
            return await locks.assets_with_states(tx, keys)

        found = await self.db.read_one(work_with_assets)
        self.prime([asset for asset, _ in found.values()])
        return [found[key][1] if key in found else None for key in keys]

    def _cached_asset(self, id: str) -> Asset | None:
        future = self.asset.cache_map.get(id)
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def prime(self, assets_: Sequence[Asset]) -> None:
        """Assets read by a list or a walk: nested fields then need no query to find them."""
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


async def _asset_pages(tx: Tx, ids: list[str], arguments: AssetListArgs) -> dict[str, Page]:
    scope, where, page = arguments
    return await reads.asset_pages(tx, scope, ids, where, page)
