"""Read-side API latency: GraphQL over HTTP against the raw Cypher behind it.

    .venv/bin/python scripts/bench_api.py [--characters 1000] [--renders 3] [--projects 100]
        [--repeat 30] [--warmup 3] [--uri bolt://HOST:PORT --wipe]

Builds a graph through the services (the same write transactions the API runs), then times,
`--repeat` times each after `--warmup` untimed runs, each GraphQL request alternating with
its raw Cypher (so both see the same load on a shared machine):

- one lock check (`asset(id) { lock }` on a random asset) against `locks/get_dependents`;
- 1,000 lock checks in one request (`space.assets(first: 1000)` with `lock` on each)
  against the list query plus `locks/get_dependents` for the same ids in one transaction;
- a ~1,000-node lineage (`lineage(direction: DOWNSTREAM, depth: 5, maxNodes: 2000)`),
  without and with `lock` on every node, against `graph.lineage.walk` (plus the lock query).

The graph: one space with `--characters` canonical characters, each with `--renders` space
renders (the first approved, so it binds); styles and scenes; and one hero character
imported into `--projects` projects, each with a base clone, a working clone, two project
renders and a task with a task clone and five renders (10 assets per project).

Without `--uri` a managed Neo4j is started in a temporary folder (heap and page cache as
`lineage run` sizes them on this machine) and removed afterwards. With `--uri` the graph
there is deleted first, so `--wipe` must be given too. The API runs in its own process
(`uvicorn --factory lineage.app:create_app_from_env`, LINEAGE_ENV=production, page size cap
1000, query counting on). GraphQL figures include the bearer-token check of each request.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.config import Settings
from lineage.domain.enums import AssetType, Layer
from lineage.graph import assets, lineage, locks, migrations, reads
from lineage.graph.database import Database
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig, free_port
from lineage.services import access, cloning, containers, definitions, lifecycle, renders
from lineage.services.renders import RenderInput

DELETE_ALL = cypher.load("test/delete_all")
GRAPH_COUNTS = cypher.load("test/get_graph_counts")
START_CEILING_S = 60.0

LOCK_ONE = "query($id: ID!) { asset(id: $id) { id lock { locked reasons { dependentId } } } }"
LOCK_MANY = """query($id: ID!) { space(id: $id) {
  assets(first: 1000, filter: {types: [CHARACTER]}) {
    totalCount nodes { id lock { locked reasons { dependentId } } } } } }"""
LINEAGE = """query($id: ID!) { asset(id: $id) {
  lineage(direction: DOWNSTREAM, depth: 5, maxNodes: 2000) {
    truncated nodes { depth asset { id name } } edges { from to type role } } } }"""
LINEAGE_LOCKS = LINEAGE.replace("asset { id name }", "asset { id name lock { locked } }")


@dataclass
class Built:
    space_id: str
    hero_id: str
    asset_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- building the graph ----------------------------------------------------------------


async def build(db: Database, owner: str, args: argparse.Namespace) -> Built:
    began = time.monotonic()
    space = await containers.create(db, Layer.SPACE, "Bench", actor=owner)
    built = Built(space.id, "")
    gate = asyncio.Semaphore(args.concurrency)

    async def character(index: int) -> str:
        async with gate:
            made = await definitions.create_definition(
                db, space.id, "CHARACTER", f"Character {index:05d}"
            )
            made = await lifecycle.transition(db, made.id, "CANONICAL")
            built.asset_ids.append(made.id)
            for number in range(args.renders):
                shot = await renders.register_render(
                    db, space.id, f"Character {index:05d} shot {number}", [RenderInput(made.id)]
                )
                if number == 0:
                    await lifecycle.transition(db, shot.id, "APPROVED")
                built.asset_ids.append(shot.id)
            return made.id

    for kind, count in (("STYLE", 10), ("SCENE", 40)):
        for index in range(count):
            made = await definitions.create_definition(db, space.id, kind, f"{kind} {index}")
            await lifecycle.transition(db, made.id, "CANONICAL")
            built.asset_ids.append(made.id)
    ids = await asyncio.gather(*(character(i) for i in range(args.characters)))
    built.hero_id = ids[0]

    async def project(index: int) -> None:
        async with gate:
            made = await containers.create(db, Layer.PROJECT, f"Project {index:03d}", space.id)
            task = await containers.create(db, Layer.TASK, f"Task {index:03d}", made.id)
            base = await cloning.import_to_project(db, made.id, built.hero_id)
            working = await cloning.derive_working_clone(db, base.id, {"name": f"Hero {index}"})
            built.asset_ids += [base.id, working.id]
            for number in range(2):
                cover = await renders.register_render(
                    db, made.id, f"Cover {index}.{number}", [RenderInput(working.id)]
                )
                built.asset_ids.append(cover.id)
            for number in range(5):  # the first one takes the working clone into the task
                panel = await renders.register_render(
                    db, task.id, f"Panel {index}.{number}", [RenderInput(working.id)]
                )
                built.asset_ids.append(panel.id)

    await asyncio.gather(*(project(i) for i in range(args.projects)))
    built.seconds = time.monotonic() - began
    return built


# --- measuring -------------------------------------------------------------------------


@dataclass
class Timing:
    name: str
    samples_ms: list[float]
    queries: int | None = None
    size: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


Call = Callable[[int], Awaitable[Any]]


async def paired(
    name: str, graphql: Call, raw: Call, args: argparse.Namespace
) -> tuple[Timing, Timing]:
    """Time the GraphQL request and its raw Cypher alternately (the order flips each round),
    so both see the same load on a shared machine."""
    for index in range(args.warmup):
        await graphql(-1 - index)
        await raw(-1 - index)
    samples: dict[str, list[float]] = {"graphql": [], "raw": []}
    for index in range(args.repeat):
        order = [("graphql", graphql), ("raw", raw)]
        for label, call in order if index % 2 == 0 else order[::-1]:
            began = time.perf_counter()
            await call(index)
            samples[label].append((time.perf_counter() - began) * 1000)
    return Timing(f"{name}: GraphQL", samples["graphql"]), Timing(f"{name}: Cypher", samples["raw"])


class Api:
    def __init__(self, url: str, token: str) -> None:
        self.client = httpx.AsyncClient(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
        self.queries: dict[str, int] = {}

    async def ask(self, document: str, **variables: Any) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": document,
                                                            "variables": variables})  # fmt: skip
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise SystemExit(f"GraphQL errors: {body['errors']}")
        self.queries[document] = (body.get("extensions") or {}).get("queryCount", -1)
        return body


async def measure(db: Database, api: Api, built: Built, args: argparse.Namespace) -> list[Timing]:
    picks = random.Random(7)
    singles = [picks.choice(built.asset_ids) for _ in range(args.repeat + args.warmup)]
    results: list[Timing] = []

    # 1. One lock check on a random asset: GraphQL reads the asset, then its lock state.
    async def graphql_one(i: int) -> None:
        await api.ask(LOCK_ONE, id=singles[i])

    async def cypher_one(i: int) -> None:
        await db.read(
            locks.GET_DEPENDENTS, ids=[singles[i]], limit=locks.REASONS_LIMIT, nodes=False
        )

    graphql, raw = await paired("1 lock check", graphql_one, cypher_one, args)
    graphql.queries, raw.queries = api.queries[LOCK_ONE], 1
    results += [graphql, raw]

    # 2. 1,000 lock checks in one request: a page of 1,000 characters with their locks.
    many = await api.ask(LOCK_MANY, id=built.space_id)
    listed = len(many["data"]["space"]["assets"]["nodes"])
    characters = reads.AssetFilter(types=(AssetType.CHARACTER,))

    async def graphql_many(i: int) -> None:
        await api.ask(LOCK_MANY, id=built.space_id)

    async def cypher_many(i: int) -> None:
        async def work(tx: Tx) -> None:
            pages = await reads.asset_pages(
                tx, Layer.SPACE, [built.space_id], characters, reads.PageRequest(1000)
            )
            await locks.states(tx, [row.asset for row in pages[built.space_id].rows])

        await db.read_tx(work)

    graphql, raw = await paired(f"{listed} lock checks", graphql_many, cypher_many, args)
    graphql.queries, raw.queries = api.queries[LOCK_MANY], 2
    raw.name += " (list + locks, one transaction)"
    graphql.size = raw.size = f"{listed} assets"
    results += [graphql, raw]

    # 3. A ~1,000-node lineage, without and with the lock state of every node.
    answer = await api.ask(LINEAGE, id=built.hero_id)
    size = (
        f"{len(answer['data']['asset']['lineage']['nodes'])} nodes, "
        f"{len(answer['data']['asset']['lineage']['edges'])} edges"
    )
    for label, document, with_locks in (
        ("lineage", LINEAGE, False),
        ("lineage + lock on each node", LINEAGE_LOCKS, True),
    ):

        async def graphql_walk(i: int, document: str = document) -> None:
            await api.ask(document, id=built.hero_id)

        async def cypher_walk(i: int, with_locks: bool = with_locks) -> None:
            async def work(tx: Tx) -> None:
                root = await assets.get(tx, built.hero_id)
                walked = await lineage.walk(
                    tx, root, lineage.Direction.DOWNSTREAM, 5, max_nodes=2000
                )
                if with_locks:
                    await locks.states(tx, list(walked.assets.values()))

            await db.read_tx(work)

        graphql, raw = await paired(label, graphql_walk, cypher_walk, args)
        graphql.queries, raw.queries = api.queries[document], (7 if with_locks else 6)
        raw.name += " (walk" + (" + locks)" if with_locks else ")")
        graphql.size = raw.size = size
        results += [graphql, raw]
    return results


# --- servers ---------------------------------------------------------------------------


@contextmanager
def managed_neo4j(folder: Path) -> Iterator[tuple[str, tuple[str, str] | None]]:
    settings = Settings()
    config = LocalNeo4jConfig(
        cache_dir=settings.cache_dir,
        data_dir=folder / "neo4j",
        bolt_port=0,
        heap=settings.neo4j_heap,
        pagecache=settings.neo4j_pagecache,
    )
    server = LocalNeo4j(config, progress=lambda line: None)
    running = server.start()
    try:
        yield running.uri, running.auth
    finally:
        server.stop()


@contextmanager
def api_process(uri: str, auth: tuple[str, str] | None, folder: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": uri,
        "LINEAGE_ENV": "production",
        "LINEAGE_DATA_DIR": str(folder / "api"),
        "LINEAGE_GRAPHQL_MAX_PAGE_SIZE": "1000",
        "LINEAGE_GRAPHQL_QUERY_COUNT": "true",
        "LINEAGE_LOG_LEVEL": "WARNING",  # no access line per request in the figures
    }
    if auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = auth
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "lineage.app:create_app_from_env",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        # Keep idle connections longer than a write round leaves them idle (uvicorn's 5 s
        # default closed them under load, and the client's next request on one failed).
        "--timeout-keep-alive", "120",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_CEILING_S
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the API process did not start")
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- report ----------------------------------------------------------------------------


def report(results: list[Timing], built: Built, counts: tuple[int, int],
           load: tuple[float, float], args: argparse.Namespace) -> str:  # fmt: skip
    lines = [
        f"Graph: {counts[0]} nodes ({len(built.asset_ids) + 1} assets), {counts[1]} edges; "
        f"built through the services in {built.seconds:.0f} s.",
        f"{args.repeat} timed runs after {args.warmup} warm-up runs each; milliseconds. "
        f"Load average (1 min) {load[0]:.1f} before measuring, {load[1]:.1f} after.",
        "",
        "| measurement | size | Neo4j queries | median ms | p95 ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        queries = "" if r.queries is None else str(r.queries)
        lines.append(f"| {r.name} | {r.size} | {queries} | {r.median:.1f} | {r.p95:.1f} |")
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="lineage-bench-") as tmp:
        folder = Path(tmp)
        if args.uri:
            if not args.wipe:
                raise SystemExit("--uri deletes everything in that database: add --wipe")
            settings = Settings()
            auth = (
                (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
            )
            await run_against(args.uri, auth, folder, args)
        else:
            with managed_neo4j(folder) as (uri, auth):
                await run_against(uri, auth, folder, args)


async def run_against(
    uri: str, auth: tuple[str, str] | None, folder: Path, args: argparse.Namespace
) -> None:
    db = Database.connect(uri, auth, "neo4j")
    try:
        await migrations.apply(db)
        await db.run_autocommit(DELETE_ALL)
        user = await access.create_user(db, "Bench")
        token = await access.create_token(db, user.id)
        print("building the graph...", file=sys.stderr)
        built = await build(db, user.id, args)
        record = (await db.read(GRAPH_COUNTS))[0]
        counts = (record["nodes"], record["edges"])
        with api_process(uri, auth, folder) as url:
            api = Api(url, token)
            print("measuring...", file=sys.stderr)
            before = os.getloadavg()[0]
            results = await measure(db, api, built, args)
            load = (before, os.getloadavg()[0])
            await api.client.aclose()
        print(report(results, built, counts, load, args))
        print(f"\nPython {platform.python_version()}, {os.cpu_count()} CPUs", file=sys.stderr)
    finally:
        await db.close()


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=1000)
    parser.add_argument("--renders", type=int, default=3, help="space renders per character")
    parser.add_argument("--projects", type=int, default=100, help="10 hero assets each")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8, help="writers while building")
    parser.add_argument("--uri", help="use this Neo4j (its graph is deleted; needs --wipe)")
    parser.add_argument("--wipe", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
