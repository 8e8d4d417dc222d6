"""Lineage as it stood at an instant (docs/domain.md §12): a breadth-first walk over today's
graph with the writes recorded since undone (domain/as_of.py), a query per step, in one
read transaction so the graph and its history agree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import as_of
from lineage.domain.as_of import EdgeKey, Overlay, PastAsset
from lineage.domain.enums import Edge
from lineage.domain.errors import ValidationError
from lineage.domain.history import HistoryFilter, utc
from lineage.domain.model import Asset
from lineage.graph import assets
from lineage.graph import history as history_log
from lineage.graph import lineage as walks
from lineage.graph.database import Database
from lineage.graph.history import Scope
from lineage.graph.lineage import Direction, LineageEdge
from lineage.graph.reads import PageRequest

# The most writes in the root's space after the instant that one answer undoes.
MAX_WRITES_SINCE = 20_000


@dataclass(frozen=True)
class PastNode:
    asset: PastAsset
    depth: int
    direction: Direction | None


@dataclass(frozen=True)
class PastEdge:
    edge: LineageEdge
    snapshot_hash: str | None  # a USES edge's: the input's content when it was used


@dataclass
class PastLineage:
    """The walk's answer; `unknown_edges`: deleted assets it reached whose own edges the
    history does not hold; `history_starts`: the space's oldest entry."""

    at: datetime
    space_id: str
    nodes: list[PastNode]
    edges: list[PastEdge]
    truncated: bool
    unknown_edges: list[str]
    history_starts: datetime | None


async def lineage_as_of(
    db: Database,
    root_id: str,
    at: datetime,
    direction: Direction,
    depth: int,
    max_nodes: int,
    may_see: Callable[[str], bool] = lambda _space_id: True,
) -> PastLineage | None:
    """None: no asset `root_id` existed at `at` (or none ever did), or it was in a space
    the caller may not see (`may_see`, asked before anything else is read)."""
    walks.check_bounds(depth, max_nodes)
    instant = utc(at)
    assert instant is not None

    async def work(tx: Tx) -> PastLineage | None:
        space_id = await _space_of(tx, root_id)
        if space_id is None or not may_see(space_id):
            return None
        overlay = await _overlay(tx, space_id, instant)
        walk = _Walk(tx, overlay, max_nodes)
        if not await walk.start(root_id):
            return None
        up = direction in (Direction.UPSTREAM, Direction.BOTH)
        down = direction in (Direction.DOWNSTREAM, Direction.BOTH)
        await walk.run(depth, up, down)
        return PastLineage(
            at=instant, space_id=space_id, nodes=walk.nodes(), edges=walk.kept_edges(),
            truncated=walk.truncated,
            unknown_edges=sorted(overlay.unknown_edges & set(walk.depth_of)),
            history_starts=await history_log.first_at(tx, space_id),
        )  # fmt: skip

    return await db.read_tx(work)


async def _space_of(tx: Tx, id: str) -> str | None:
    living = await assets.get_many(tx, [id])
    if id in living:
        return living[id].space_id
    return await history_log.subject_space(tx, id)


async def _overlay(tx: Tx, space_id: str, at: datetime) -> Overlay:
    since = HistoryFilter(since=at)
    found = await history_log.page(
        tx, Scope(space_id=space_id), since, PageRequest(first=MAX_WRITES_SINCE)
    )
    if found.has_next:
        raise ValidationError(
            "asOf", f"more than {MAX_WRITES_SINCE} writes in this space since then: ask for "
            "a later instant",
        )  # fmt: skip
    overlay = as_of.overlay_since(at, [entry for entry, _ in found.rows])
    await _put_back_gone_edges(tx, overlay)
    await _borrow_roles(tx, overlay)
    return overlay


async def _put_back_gone_edges(tx: Tx, overlay: Overlay) -> None:
    """Each deleted asset's own edges at the instant, from the entries that made it."""
    histories = await history_log.creations_of(tx, sorted(overlay.gone), overlay.at)
    for id, entries in histories.items():
        edges = as_of.edges_when(overlay.at, entries, id)
        if edges is None:
            overlay.unknown_edges.add(id)
            continue
        for key, facts in edges.items():
            if key in overlay.removed:
                continue
            if overlay.added.get(key) is None:
                overlay.added[key] = facts.role
            if facts.snapshot_hash:
                overlay.snapshots[key] = facts.snapshot_hash


async def _borrow_roles(tx: Tx, overlay: Overlay) -> None:
    """A kept render's input, re-pointed by a task delete, had the role it has now."""
    sources = sorted({now[0] for now in overlay.borrowed_role.values()})
    if not sources:
        return
    rows = await walks.edges_of(tx, sources, up=True, down=False, limit=walks.MAX_NODES * 10)
    roles = {(e.source, e.target, e.type): e.role for e, _ in rows.edges}
    for then, now in overlay.borrowed_role.items():
        if overlay.added.get(then) is None:
            overlay.added[then] = roles.get(now)


@dataclass
class _Walk:
    tx: Tx
    overlay: Overlay
    max_nodes: int
    depth_of: dict[str, int] = field(default_factory=dict)
    direction_of: dict[str, Direction] = field(default_factory=dict)
    live: dict[str, Asset] = field(default_factory=dict)
    edges: dict[EdgeKey, PastEdge] = field(default_factory=dict)
    truncated: bool = False
    root_id: str = ""

    async def start(self, root_id: str) -> bool:
        """Whether the root was there at the instant."""
        self.root_id = root_id
        kept = await self._existing([root_id])
        if not kept:
            return False
        self.depth_of[root_id] = 0
        return True

    async def run(self, depth: int, up: bool, down: bool) -> None:
        fronts = {Direction.UPSTREAM: [self.root_id], Direction.DOWNSTREAM: [self.root_id]}
        wanted = [d for d, on in ((Direction.UPSTREAM, up), (Direction.DOWNSTREAM, down)) if on]
        for step in range(1, depth + 1):
            for way in wanted:
                fronts[way] = await self._step(fronts[way], way, step)

    async def _step(self, front: list[str], way: Direction, step: int) -> list[str]:
        if not front:
            return []
        around = await self._edges_around(front, way == Direction.UPSTREAM)
        ahead = sorted({k[1] if way == Direction.UPSTREAM else k[0] for k in around} - set(
            self.depth_of
        ))  # fmt: skip
        room = self.max_nodes - (len(self.depth_of) - 1)
        reached = await self._existing(ahead)
        if len(reached) > room:
            self.truncated = True
            reached = reached[:room]
        for id in reached:
            self.depth_of[id] = step
            self.direction_of[id] = way
        for key, edge in around.items():
            if key[0] in self.depth_of and key[1] in self.depth_of:
                self.edges[key] = edge
        return reached

    async def _edges_around(self, front: list[str], up: bool) -> dict[EdgeKey, PastEdge]:
        """Edges leaving (`up`) or entering the front: today's, less those written since,
        plus those the history puts back."""
        live = [id for id in front if id not in self.overlay.gone]
        rows = await walks.edges_of(self.tx, live, up, not up, walks.MAX_NODES * 10)
        self.truncated |= rows.more
        self.live.update(rows.others)
        found: dict[EdgeKey, PastEdge] = {}
        for edge, snapshot in rows.edges:
            key = (edge.source, edge.target, edge.type)
            if key not in self.overlay.removed:
                found[key] = PastEdge(edge, snapshot)
        ends = set(front)
        for key, role in self.overlay.added.items():
            if (key[0] if up else key[1]) in ends:
                restored = LineageEdge(key[0], key[1], Edge(key[2]), role)
                found.setdefault(key, PastEdge(restored, self.overlay.snapshots.get(key)))
        return found

    async def _existing(self, ids: list[str]) -> list[str]:
        """Those of `ids` there at the instant: deleted since, or live and made by then.
        Live ones the step's edges did not bring (reached through an edge put back) are
        read here."""
        unread = [id for id in ids if id not in self.overlay.gone and id not in self.live]
        if unread:
            self.live.update(await assets.get_many(self.tx, unread))
        living = self.live
        return [
            id for id in ids
            if id in self.overlay.gone
            or (id in living and as_of.existed(self.overlay, id, living[id].created_at))
        ]  # fmt: skip

    def nodes(self) -> list[PastNode]:
        def past(id: str) -> PastAsset:
            if id in self.overlay.gone:
                return as_of.past_gone(self.overlay, id)
            return as_of.past_live(self.overlay, self.live[id])

        made = [PastNode(past(id), d, self.direction_of.get(id)) for id, d in self.depth_of.items()]
        return sorted(made, key=lambda n: (n.depth, n.asset.name, n.asset.id))

    def kept_edges(self) -> list[PastEdge]:
        return [self.edges[k] for k in sorted(self.edges)]
