"""Performance benchmark: GraphQL over HTTP against raw Cypher and PostgreSQL, by graph size.

    PYTHONPATH=scripts .venv/bin/python -m bench [--sizes 10k,100k,1m] [--json out.json]
        [--repeat 20] [--warmup 3] [--no-postgres] [--uri bolt://HOST:PORT --wipe]
        [--cases writes | --cases a,c,e1]

Starts a managed Neo4j in a temporary folder (or uses --uri, whose graph is deleted) and a
PostgreSQL 15 cluster, grows one seeded graph (bench/generate.py) size by size, each size
adding spaces of the same shape, and after each size runs the cases of bench/cases.py over
a real uvicorn serving the app (`lineage.app:create_app_from_env`) on 127.0.0.1. Prints a
table per size, the flatness (largest size / 10k) of the size-independent cases, and with
--json writes all figures. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench_api import Api, api_process, managed_neo4j

from bench.cases import Case, Context, RenderWrites, lock_many, lock_one, walk_case
from bench.generate import SpaceGraph, spaces_for
from bench.load import add_space
from bench.postgres import Peer, cluster
from lineage import cypher
from lineage.config import Settings
from lineage.graph import audits, migrations
from lineage.graph.database import Database, Timeouts
from lineage.graph.lineage import Direction
from lineage.services import access

DELETE_ALL = cypher.load("test/delete_all")
GRAPH_COUNTS = cypher.load("test/get_graph_counts")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
CASES = ("a", "1-hop", "b", "c", "d", "e1", "e8", "f")
GROUPS = {"reads": CASES[:5], "writes": CASES[5:], "all": CASES}
FLAT = ("(a) lock state of one asset", "1-hop lineage", "(c) downstream impact, depth 4")


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


async def measure(ctx: Context, args: argparse.Namespace) -> list[Case]:
    first = ctx.first
    picks = [a.id for a in first.assets[:: max(1, len(first.assets) // 60)]][:60]
    writes = RenderWrites(ctx)
    plan: list[tuple[str, Callable[[], Awaitable[Case]]]] = [
        ("a", lambda: lock_one(ctx)),
        ("1-hop", lambda: walk_case(ctx, "1-hop lineage", picks, Direction.BOTH, 1)),
        ("b", lambda: walk_case(ctx, "(b) upstream lineage, depth 6",
                                first.hero_task_renders[:20], Direction.UPSTREAM, 6)),
        ("c", lambda: walk_case(ctx, "(c) downstream impact, depth 4", [first.hero_id],
                                Direction.DOWNSTREAM, 4)),
        ("d", lambda: lock_many(ctx)),
        ("e1", lambda: writes.measure(1, args.writes, args.write_rounds)),
        ("e8", lambda: writes.measure(8, max(1, args.writes // 4), args.write_rounds)),
        ("f", lambda: writes.batch(1000, args.batch_rounds)),
    ]  # fmt: skip
    cases = []
    for label, run_case in plan:
        if label not in args.cases:
            continue
        try:  # one failing case must not lose the others' figures
            cases.append(await run_case())
        except (Exception, SystemExit) as exc:
            print(f"case {label} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"case {label} done ({load_average()})", file=sys.stderr, flush=True)
    return cases


def table(size: str, info: dict[str, Any], cases: list[Case]) -> str:
    lines = [
        f"## {size}: {info['nodes']:,} nodes, {info['edges']:,} edges "
        f"(loaded in {info['load_s']:.0f} s)",
        f"load before: {info['load_before']}",
        f"load after:  {info['load_after']}",
        "",
        "| case | size | GraphQL median / p95 ms | Cypher median / p95 ms "
        "| PostgreSQL median / p95 ms | GraphQL/Cypher | writes/s GraphQL / Cypher |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for case in cases:
        cells = []
        for name in ("graphql", "cypher", "postgres"):
            s = case.samples.get(name)
            cells.append(f"{s.median:.1f} / {s.p95:.1f}" if s else "")
        graphql, raw = case.samples.get("graphql"), case.samples.get("cypher")
        ratio = f"{graphql.median / raw.median:.2f}" if graphql and raw else ""
        rates = ""
        if graphql and raw and graphql.per_second:
            rates = f"{graphql.per_second:.1f} / {raw.per_second:.1f}"
        lines.append(f"| {case.name} | {case.size} | {' | '.join(cells)} | {ratio} | {rates} |")
    return "\n".join(lines)


def flatness(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    sizes = list(results)
    if len(sizes) < 2:
        return {}
    small, large = results[sizes[0]]["cases"], results[sizes[-1]]["cases"]
    out: dict[str, Any] = {"compared": f"{sizes[-1]} / {sizes[0]}"}
    for name in FLAT:
        if name not in small or name not in large:
            continue
        out[name] = {
            who: round(large[name][who]["median_ms"] / small[name][who]["median_ms"], 2)
            for who in ("graphql", "cypher")
        }
    return out


async def run_sizes(uri: str, auth: tuple[str, str] | None, folder: Path, args: argparse.Namespace,
                    stack: ExitStack) -> dict[str, Any]:  # fmt: skip
    # Bulk batches and the 1,000-render write outlast the service's transaction timeout on
    # a busy machine; the API process keeps its own settings.
    db = Database.connect(uri, auth, "neo4j", Timeouts(connect=10, retry=60, transaction=900))
    peer = None if args.no_postgres else Peer(stack.enter_context(cluster()))
    results: dict[str, Any] = {}
    try:
        await migrations.apply(db)
        await db.run_autocommit(DELETE_ALL)
        user = await access.create_user(db, "Bench")
        token = await access.create_token(db, user.id)
        # Only the first space is measured; the others are dropped once loaded (1M nodes
        # would hold gigabytes of rows in memory).
        first: SpaceGraph | None = None
        loaded = 0
        url = stack.enter_context(api_process(uri, auth, folder))
        api = Api(url, token)
        for size in args.sizes:
            began = time.monotonic()
            while loaded < spaces_for(SIZES[size]):
                space = await add_space(db, loaded, args.seed, user.id)
                if peer is not None:
                    peer.add(space)
                first = first or space
                loaded += 1
                print(f"{size}: space {loaded} loaded", file=sys.stderr, flush=True)
            load_s = time.monotonic() - began
            if args.audit:
                found = await audits.run_audits(db)
                if audits.has_violations(found):
                    raise SystemExit(audits.format_table(found))
            counts = (await db.read(GRAPH_COUNTS))[0]
            info: dict[str, Any] = {"nodes": counts["nodes"], "edges": counts["edges"],
                                    "load_s": load_s, "load_before": load_average()}  # fmt: skip
            assert first is not None
            ctx = Context(db, api, peer, first, args.repeat, args.warmup)
            cases = await measure(ctx, args)
            info["load_after"] = load_average()
            print(table(size, info, cases) + "\n", flush=True)
            results[size] = {**info, "cases": {c.name: c.summary() for c in cases}}
        await api.client.aclose()
    finally:
        await db.close()
        if peer is not None:
            peer.close()
    return results


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="lineage-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        if args.uri:
            if not args.wipe:
                raise SystemExit("--uri deletes everything in that database: add --wipe")
            settings = Settings()
            password = settings.neo4j_password
            auth = (settings.neo4j_user, password) if password else None
            uri = args.uri
        else:
            uri, auth = stack.enter_context(managed_neo4j(folder))
        results = await run_sizes(uri, auth, folder, args, stack)
    flat = flatness(results)
    if flat:
        print(f"Flatness ({flat['compared']}, median GraphQL and Cypher):")
        for name in (n for n in FLAT if n in flat):
            print(f"  {name}: GraphQL x{flat[name]['graphql']}, Cypher x{flat[name]['cypher']}")
    if args.json:
        document = {
            "command": " ".join(sys.argv),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "sizes": results,
            "flatness": flat,
        }
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1m")
    parser.add_argument("--repeat", type=int, default=20, help="timed rounds per read case")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first")
    parser.add_argument("--writes", type=int, default=8, help="writes per client and round")
    parser.add_argument("--write-rounds", type=int, default=4)
    parser.add_argument("--batch-rounds", type=int, default=3, help="rounds of case (f)")
    parser.add_argument(
        "--cases", default="all",
        help=f"comma-separated: {', '.join(CASES)}, or reads, writes, all",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--audit", action="store_true", help="run the graph audits per size")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--uri", help="use this Neo4j (its graph is deleted; needs --wipe)")
    parser.add_argument("--wipe", action="store_true")
    args = parser.parse_args()
    args.sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; use {', '.join(SIZES)}")
    args.sizes.sort(key=SIZES.__getitem__)
    chosen: set[str] = set()
    for name in (c.strip().lower() for c in args.cases.split(",") if c.strip()):
        if name not in CASES and name not in GROUPS:
            parser.error(f"unknown case {name!r}; use {', '.join([*CASES, *GROUPS])}")
        chosen |= set(GROUPS.get(name, (name,)))
    args.cases = chosen
    return args


if __name__ == "__main__":
    asyncio.run(main(parse()))
