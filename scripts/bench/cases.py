"""The measured cases: each GraphQL request against the Cypher that gives the same answer.

"Cypher" is the graph layer's queries run through the same driver in one transaction,
without HTTP, the token check or GraphQL (lineage: `graph.lineage.walk` reading what the
GraphQL selection shows, in one query; locks: `locks/get_dependents`). "PostgreSQL" is the
recursive CTE of postgres.py.
All targets are in the first space, so every size measures the same assets.
"""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass
from typing import Any

from bench_api import Api
from neo4j import AsyncManagedTransaction as Tx

from bench.generate import SpaceGraph, new_render, stored, uses_row
from bench.measure import Call, Samples, concurrent_rounds, interleaved
from bench.postgres import Peer
from lineage import cypher
from lineage.domain.enums import AssetType, Layer
from lineage.domain.model import Asset, Container
from lineage.graph import assets, lineage, locks, reads
from lineage.graph.database import Database, run

CREATE_RENDER = cypher.load("bench/create_render")
CREATE_RENDERS = cypher.load("bench/create_renders")
# Ids of the renders the bare writes make, unique across the sizes of one run.
BARE_IDS = itertools.count(1)

LOCK_ONE = "query($id: ID!) { asset(id: $id) { id lock { locked reasons { dependentId } } } }"
LOCK_MANY = """query($id: ID!) { space(id: $id) {
  assets(first: 1000, filter: {types: [CHARACTER]}) {
    totalCount nodes { id lock { locked reasons { dependentId } } } } } }"""
LINEAGE = """query($id: ID!, $direction: LineageDirection!, $depth: Int!) { asset(id: $id) {
  lineage(direction: $direction, depth: $depth, maxNodes: 2000) {
    truncated nodes { depth asset { id name } } edges { from to type role } } } }"""
REGISTER = """mutation($task: ID!, $name: String!, $inputs: [RenderInputSpec!]!) {
  registerRender(containerId: $task, name: $name, inputs: $inputs, model: "bench-diffusion-1") {
    __typename ... on AssetPayload { asset { id } } ... on Error { code message } } }"""
REGISTER_MANY = """mutation($inputs: [RegisterRenderInput!]!) { registerRenders(inputs: $inputs) {
    __typename ... on Error { code message }
    ... on RegisterRendersPayload { results { __typename ... on Error { code message } } } } }"""
BATCH = 200  # renders per registerRenders request (services.registration.MAX_BATCH)


@dataclass
class Case:
    name: str
    samples: dict[str, Samples]
    size: str = ""

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"size": self.size}
        out |= {name: s.summary() for name, s in self.samples.items()}
        graphql, raw = self.samples.get("graphql"), self.samples.get("cypher")
        if graphql and raw:
            out["ratio"] = round(graphql.median / raw.median, 2)
        return out


@dataclass
class Context:
    db: Database
    api: Api
    peer: Peer | None
    first: SpaceGraph
    repeat: int
    warmup: int


async def lock_one(ctx: Context) -> Case:
    picks = random.Random(11).sample([a.id for a in ctx.first.assets], 60)

    async def graphql(i: int) -> None:
        await ctx.api.ask(LOCK_ONE, id=picks[i % len(picks)])

    async def raw(i: int) -> None:
        await ctx.db.read(locks.GET_DEPENDENTS, ids=[picks[i % len(picks)]], limit=100, nodes=False)

    samples = await interleaved({"graphql": graphql, "cypher": raw}, ctx.repeat, ctx.warmup)
    return Case("(a) lock state of one asset", samples, "random assets")


async def lock_many(ctx: Context) -> Case:
    space = ctx.first.space.id
    characters = reads.AssetFilter(types=(AssetType.CHARACTER,))
    answer = await ctx.api.ask(LOCK_MANY, id=space)
    listed = len(answer["data"]["space"]["assets"]["nodes"])

    async def graphql(i: int) -> None:
        await ctx.api.ask(LOCK_MANY, id=space)

    async def raw(i: int) -> None:
        async def work(tx: Tx) -> None:
            pages = await reads.asset_pages(
                tx, Layer.SPACE, [space], characters, reads.PageRequest(1000)
            )
            ids = [row.asset.id for row in pages[space].rows]
            await run(tx, locks.GET_DEPENDENTS, ids=ids, limit=locks.REASONS_LIMIT, nodes=False)

        await ctx.db.read_tx(work)

    samples = await interleaved({"graphql": graphql, "cypher": raw}, ctx.repeat, ctx.warmup)
    return Case("(d) lock state of many assets, one request", samples, f"{listed} assets")


async def walk_case(
    ctx: Context, name: str, roots: list[str], direction: lineage.Direction, depth: int
) -> Case:
    """A lineage walk from `roots` (one per round, cycling) by GraphQL, Cypher and, for
    one-directional walks, PostgreSQL; the answers' sizes are checked to agree."""
    sizes: dict[str, set[tuple[int, int]]] = {"graphql": set(), "cypher": set(), "postgres": set()}

    async def graphql(i: int) -> None:
        body = await ctx.api.ask(
            LINEAGE, id=roots[i % len(roots)], direction=str(direction), depth=depth
        )
        found = body["data"]["asset"]["lineage"]
        sizes["graphql"].add((len(found["nodes"]), len(found["edges"])))

    async def raw(i: int) -> None:
        async def work(tx: Tx) -> lineage.LineageWalk:
            root = await assets.get(tx, roots[i % len(roots)])
            return await lineage.walk(tx, root, direction, depth, max_nodes=2000, full=False)

        walked = await ctx.db.read_tx(work)
        sizes["cypher"].add((len(walked.assets), len(walked.edges)))

    calls: dict[str, Call] = {"graphql": graphql, "cypher": raw}
    peer = ctx.peer
    if peer is not None and direction != lineage.Direction.BOTH:

        async def postgres(i: int) -> None:
            found = peer.walk(roots[i % len(roots)], depth, direction == lineage.Direction.UPSTREAM)
            sizes["postgres"].add((len(found["nodes"]), len(found["edges"])))

        calls["postgres"] = postgres
    samples = await interleaved(calls, ctx.repeat, ctx.warmup)
    seen = {name: sorted(s) for name, s in sizes.items() if s}
    if len({tuple(s) for s in seen.values()}) > 1:
        print(f"warning: {name}: answers differ in size (nodes, edges): {seen}")
    nodes = sorted({n for s in seen.values() for n, _ in s})
    size = f"{nodes[0]}-{nodes[-1]} nodes" if len(nodes) > 1 else f"{nodes[0]} nodes"
    return Case(name, samples, size)


class RenderWrites:
    """registerRender with 5 inputs against the bare writes of the same nodes and edges,
    each client in its own task (a registration locks its container)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        by_id = {a.id: a for a in ctx.first.assets}
        tasks = {t.id: t for t in ctx.first.tasks}
        chosen = [(t, ids[:5]) for t, ids in ctx.first.task_inputs.items() if len(ids) >= 5]
        self.tasks: list[tuple[Container, list[Asset]]] = [
            (tasks[t], [by_id[i] for i in ids]) for t, ids in chosen
        ]

    def task_of(self, client: int) -> tuple[Container, list[Asset]]:
        return self.tasks[client % len(self.tasks)]

    async def graphql(self, client: int, number: int) -> None:
        task, inputs = self.task_of(client)
        body = await self.ctx.api.ask(
            REGISTER, task=task.id, name=f"Bench panel {number}",
            inputs=[{"id": a.id} for a in inputs],
        )  # fmt: skip
        if body["data"]["registerRender"]["__typename"] != "AssetPayload":
            raise SystemExit(f"registerRender refused: {body['data']['registerRender']}")

    def bare_row(self, client: int, number: int) -> dict[str, Any]:
        task, inputs = self.task_of(client)
        upstream = frozenset().union(*(self.ctx.first.upstream[a.id] for a in inputs))
        render_id = f"r_bench{next(BARE_IDS):011d}"
        made = new_render(render_id, task, f"Bare panel {number}", inputs, upstream, None)
        rows = [uses_row(render_id, a) for a in inputs]
        return {"task_id": task.id, "props": stored(made), "inputs": rows}

    async def cypher(self, client: int, number: int) -> None:
        row = self.bare_row(client, number)

        async def work(tx: Tx) -> None:
            await run(tx, CREATE_RENDER, task_id=row["task_id"], props=row["props"],
                      inputs=row["inputs"])  # fmt: skip

        await self.ctx.db.write(work)

    async def measure(self, clients: int, per_client: int, rounds: int) -> Case:
        writes = {"graphql": self.graphql, "cypher": self.cypher}
        samples = await concurrent_rounds(writes, clients, per_client, rounds)
        return Case(f"(e) registerRender, 5 inputs, {clients} client(s)", samples, "5 inputs")

    async def batch(self, count: int, repeat: int) -> Case:
        """(f) `count` renders with 5 inputs each: registerRenders in requests of BATCH,
        one after the other, against one bare UNWIND write of as many renders; rounds
        alternate which goes first."""
        samples = {"graphql": Samples(), "cypher": Samples()}
        for round_number in range(repeat):
            base = 2 * round_number * count
            order = ("graphql", "cypher") if round_number % 2 == 0 else ("cypher", "graphql")
            for name in order:
                began = time.perf_counter()
                if name == "graphql":
                    await self.batch_graphql(count, base)
                else:
                    await self.batch_bare(count, base + count)
                elapsed = time.perf_counter() - began
                samples[name].ms.append(elapsed * 1000)
                samples[name].operations += count
                samples[name].wall_s += elapsed
        return Case(f"(f) {count} renders, batch registration", samples, f"{count} renders")

    async def batch_graphql(self, count: int, base: int) -> None:
        for start in range(0, count, BATCH):
            items = []
            for number in range(base + start, base + min(count, start + BATCH)):
                task, inputs = self.task_of(number)
                items.append({"containerId": task.id, "name": f"Batch panel {number}",
                              "inputs": [{"id": a.id} for a in inputs],
                              "model": "bench-diffusion-1"})  # fmt: skip
            body = await self.ctx.api.ask(REGISTER_MANY, inputs=items)
            answer = body["data"]["registerRenders"]
            refused = [r for r in answer.get("results", [answer]) if "code" in r]
            if refused:
                raise SystemExit(f"registerRenders refused: {refused[:3]}")

    async def batch_bare(self, count: int, base: int) -> None:
        rows = [self.bare_row(base + i, base + i) for i in range(count)]

        async def work(tx: Tx) -> None:
            await run(tx, CREATE_RENDERS, rows=rows)

        await self.ctx.db.write(work)
