"""Batch reads behind the API's DataLoaders: one query for many ids."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx
from neo4j import Record

from lineage import cypher
from lineage.domain.diff import FieldChange, field_diff
from lineage.domain.enums import AssetType, Classification, Edge, Layer, Origin, State
from lineage.domain.model import Asset, Container
from lineage.domain.versioning import compare
from lineage.graph import access
from lineage.graph.codec import asset_from_node, container_from_record, fold
from lineage.graph.database import run

GET_CONTAINERS = cypher.load("containers/get_containers")
LIST_CLONES = cypher.load("assets/list_clones")
LIST_VIEWS = cypher.load("assets/list_views")
LIST_VERSION_LINKS = cypher.load("versions/list_version_links")


async def containers(tx: Tx, ids: list[str]) -> dict[str, Container]:
    records = await run(tx, GET_CONTAINERS, ids=ids)
    found = (container_from_record(r["c"], r["labels"]) for r in records)
    return {c.id: c for c in found}


async def clones(tx: Tx, ids: list[str]) -> dict[str, list[Asset]]:
    grouped: dict[str, list[Asset]] = defaultdict(list)
    for record in await run(tx, LIST_CLONES, ids=ids):
        grouped[record["id"]].append(asset_from_node(record["clone"]))
    return grouped


async def views(tx: Tx, ids: list[str]) -> dict[str, list[tuple[str, Asset]]]:
    grouped: dict[str, list[tuple[str, Asset]]] = defaultdict(list)
    for record in await run(tx, LIST_VIEWS, ids=ids):
        grouped[record["id"]].append((record["view"], asset_from_node(record["render"])))
    return grouped


async def version_links(tx: Tx, ids: list[str]) -> dict[str, tuple[Asset | None, list[Asset]]]:
    links = {}
    for record in await run(tx, LIST_VERSION_LINKS, ids=ids):
        previous = record["previous"]
        links[record["id"]] = (
            asset_from_node(previous) if previous is not None else None,
            [asset_from_node(n) for n in record["next"]],
        )
    return links


# --- lists, pages and versions behind the API's connections -------------------------------

LIST_CHILD_CONTAINERS = cypher.load("containers/list_child_containers")
LIST_ASSETS = {
    Layer.SPACE: cypher.load("assets/list_space_assets"),
    Layer.PROJECT: cypher.load("assets/list_project_assets"),
    Layer.TASK: cypher.load("assets/list_task_assets"),
}
FIND_ASSETS_BY_NAME = cypher.load("assets/find_assets_by_name")
LIST_GALLERY = cypher.load("renders/list_gallery")
LIST_DEPENDENTS = cypher.load("lineage/list_dependents")
LIST_DEPENDENCIES = cypher.load("lineage/list_dependencies")
LIST_VERSION_CHAINS = cypher.load("versions/list_version_chains")
FIND_UPDATE_CANDIDATES = cypher.load("versions/find_update_candidates")

Key = tuple[Any, ...]  # a row's place in its list's order (keyset pagination)


@dataclass(frozen=True)
class AssetFilter:
    """Which assets of a container to list; None (or an empty name) means any."""

    types: tuple[AssetType, ...] | None = None
    origins: tuple[Origin, ...] | None = None
    layers: tuple[Layer, ...] | None = None
    states: tuple[State, ...] | None = None
    classifications: tuple[Classification, ...] | None = None
    task_id: str | None = None
    name_contains: str | None = None

    def params(self) -> dict[str, Any]:
        def names(values: tuple[Any, ...] | None) -> list[str] | None:
            return None if values is None else [str(v) for v in values]

        return {
            "types": names(self.types),
            "origins": names(self.origins),
            "layers": names(self.layers),
            "states": names(self.states),
            "classifications": names(self.classifications),
            "task_id": self.task_id,
        }


@dataclass(frozen=True)
class PageRequest:
    """At most `first` rows after the row at `after` (None: from the start)."""

    first: int
    after: Key | None = None

    def params(self) -> dict[str, Any]:
        # One more row than asked says whether there is a next page.
        return {"after": list(self.after) if self.after else None, "limit": self.first + 1}


@dataclass(frozen=True)
class PageRow:
    asset: Asset
    key: Key
    edge: Edge | None = None  # dependents / dependencies: the lineage edge and its role
    role: str | None = None


@dataclass(frozen=True)
class Page:
    total: int
    rows: tuple[PageRow, ...] = ()
    has_next: bool = False


EMPTY_PAGE = Page(0)


@dataclass(frozen=True)
class PendingUpdate:
    """Where a project clone stands against the newest CANONICAL version of its source
    (the batch form of services.versions.check_for_updates)."""

    asset_id: str
    base: Asset
    source: Asset
    newest: Asset | None
    behind: int
    changes: tuple[FieldChange, ...]


GET_SPACE_IDS = cypher.load("assets/get_space_ids")


async def space_ids(tx: Tx, ids: list[str]) -> dict[str, str]:
    """id -> the space it belongs to, for assets and containers alike."""
    return {r["id"]: r["space_id"] for r in await run(tx, GET_SPACE_IDS, ids=ids)}


async def children(tx: Tx, ids: list[str]) -> dict[str, list[Container]]:
    grouped: dict[str, list[Container]] = defaultdict(list)
    for record in await run(tx, LIST_CHILD_CONTAINERS, ids=ids):
        grouped[record["id"]].append(container_from_record(record["c"], record["labels"]))
    return grouped


async def members(tx: Tx, space_ids: list[str]) -> dict[str, list[access.Member]]:
    grouped: dict[str, list[access.Member]] = defaultdict(list)
    for member in await access.members(tx, space_ids):
        grouped[member.space_id].append(member)
    return grouped


async def asset_pages(
    tx: Tx, scope: Layer, ids: list[str], where: AssetFilter, page: PageRequest
) -> dict[str, Page]:
    """One page of the assets of each container (`scope` says which kind they are); a name
    search goes through the text index."""
    params = {"ids": ids, "filter": where.params(), **page.params()}
    if where.name_contains:
        records = await run(
            tx, FIND_ASSETS_BY_NAME, scope=str(scope), name=fold(where.name_contains), **params
        )
    else:
        records = await run(tx, LIST_ASSETS[scope], **params)
    return {r["id"]: _page(r, page.first) for r in records}


async def gallery_pages(tx: Tx, ids: list[str], page: PageRequest) -> dict[str, Page]:
    records = await run(tx, LIST_GALLERY, ids=ids, **page.params())
    return {r["id"]: _page(r, page.first) for r in records}


async def dependent_pages(tx: Tx, ids: list[str], page: PageRequest) -> dict[str, Page]:
    records = await run(tx, LIST_DEPENDENTS, ids=ids, **page.params())
    return {r["id"]: _page(r, page.first) for r in records}


async def dependency_pages(tx: Tx, ids: list[str], page: PageRequest) -> dict[str, Page]:
    records = await run(tx, LIST_DEPENDENCIES, ids=ids, **page.params())
    return {r["id"]: _page(r, page.first) for r in records}


async def version_chains(tx: Tx, ids: list[str]) -> dict[str, list[Asset]]:
    """Each definition's version chain, oldest first (renders have none)."""
    by_version = functools.cmp_to_key(compare)
    chains = {}
    for record in await run(tx, LIST_VERSION_CHAINS, ids=ids):
        found = [asset_from_node(n) for n in record["versions"]]
        chains[record["id"]] = sorted(found, key=lambda a: (by_version(a.version or "0.0.0"), a.id))
    return chains


async def pending_updates(tx: Tx, ids: list[str]) -> dict[str, PendingUpdate]:
    """For each project definition clone, the newest CANONICAL version of its space source,
    how many version steps it lies ahead (publishing deprecates the version before, so
    deprecated steps count too), and the field diff from its base to the newest."""
    by_version = functools.cmp_to_key(compare)
    updates = {}
    for record in await run(tx, FIND_UPDATE_CANDIDATES, ids=ids):
        base, source = asset_from_node(record["base"]), asset_from_node(record["source"])
        steps = {n["node"]["id"]: n["steps"] for n in record["newer"]}
        canonical = [
            asset_from_node(n["node"]) for n in record["newer"] if n["node"]["state"] == "CANONICAL"
        ]
        newest = max(canonical, key=lambda a: by_version(a.version or "0.0.0"), default=None)
        changes = field_diff(base.content(), newest.content()) if newest else []
        behind = steps[newest.id] if newest else 0
        updates[record["id"]] = PendingUpdate(
            record["id"], base, source, newest, behind, tuple(changes)
        )
    return updates


def _page(record: Record, first: int) -> Page:
    rows = [
        PageRow(
            asset=asset_from_node(row["node"]),
            key=tuple(row["key"]),
            edge=Edge(row["type"]) if row.get("type") else None,
            role=row.get("role") or None,
        )
        for row in record["page"]
    ]
    return Page(record["total"], tuple(rows[:first]), len(rows) > first)
