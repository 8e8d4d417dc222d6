"""Throughput of `lineage run --workers N` against one Neo4j: requests per second and
latency for 1 and 2 API processes, the same load each time.

    .venv/bin/python scripts/workers_bench.py [--workers 1,2] [--clients 16] [--seconds 20]
        [--rounds 3] [--json out.json]

Neo4j is NEO4J_URI when set, else a managed one started in a temporary folder (stopped at
the end). Each round starts `lineage run --workers N` on a free port, signs in one user,
creates a space, then `--clients` concurrent clients (one asyncio loop, keep-alive
connections) send for `--seconds`: nine reads of the space (`space { id name myRole }`) to
one write (`updateContainer` renaming it, whose bookmark the next reads of that client send
back). Rounds alternate the worker counts so a load change on the machine hits both.
The load generator runs on the same machine: with 2 cores it competes with the workers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from lineage.config import Settings
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig, free_port

LINEAGE = str(Path(sys.executable).with_name("lineage"))
READY_CEILING_S = 180.0
CREATE = """mutation($name: String!) { createSpace(name: $name) {
  ... on ContainerPayload { container { ... on ContainerNode { id } } } } }"""
RENAME = """mutation($id: ID!, $name: String!) { updateContainer(id: $id, name: $name) {
  __typename } }"""
READ = "query($id: ID!) { space(id: $id) { id name myRole } }"
WRITE_EVERY = 10


@contextmanager
def neo4j_env(work: Path) -> Iterator[dict[str, str]]:
    """Environment variables naming the Neo4j to use (a managed one started here if need be)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINEAGE_")}
    if os.environ.get("NEO4J_URI"):
        yield env
        return
    config = LocalNeo4jConfig(
        cache_dir=Settings().cache_dir, data_dir=work / "neo4j", bolt_port=0, heap="1g",
        pagecache="256m",
    )  # fmt: skip
    server = LocalNeo4j(config, lambda message: print(message, file=sys.stderr))
    running = server.start()
    try:
        env |= {"NEO4J_URI": running.uri, "NEO4J_USER": "neo4j"}
        if running.auth:
            env["NEO4J_PASSWORD"] = running.auth[1]
        yield env
    finally:
        server.stop()


@contextmanager
def serving(env: dict[str, str], workers: int, work: Path) -> Iterator[str]:
    port = free_port()
    run_env = env | {
        "LINEAGE_PORT": str(port),
        "LINEAGE_DATA_DIR": str(work / "data"),
        "LINEAGE_ENV": "production",
    }
    log = (work / f"run-{workers}.log").open("ab")
    command = [LINEAGE, "run", "--workers", str(workers)]
    # Its own process group, so a kill on the way out takes the workers too.
    proc = subprocess.Popen(
        command, env=run_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_CEILING_S
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"lineage run --workers {workers} did not get ready; see {log}")
            try:
                if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def sign_in(env: dict[str, str]) -> str:
    def lineage(*args: str) -> str:
        done = subprocess.run([LINEAGE, *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        return done.stdout.strip()

    return lineage("token", "create", lineage("user", "create", "bench"))


async def client_loop(
    http: httpx.AsyncClient, space: str, until: float, latencies: list[float], errors: list[str]
) -> None:
    marks: dict[str, str] = {}
    sent = 0
    while time.monotonic() < until:
        sent += 1
        if sent % WRITE_EVERY == 0:
            body: dict[str, Any] = {"query": RENAME, "variables": {"id": space, "name": f"s{sent}"}}
        else:
            body = {"query": READ, "variables": {"id": space}}
        started = time.perf_counter()
        try:
            answer = await http.post("/graphql", json=body, headers=marks)
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
            continue
        latencies.append(time.perf_counter() - started)
        data = answer.json()
        if answer.status_code != 200 or data.get("errors"):
            errors.append(str(answer.status_code))
        elif "bookmarks" in (data.get("extensions") or {}):
            marks = {"x-lineage-bookmarks": ",".join(data["extensions"]["bookmarks"])}


async def load(url: str, token: str, clients: int, seconds: float) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=auth, limits=limits, timeout=30) as http:
        created = await http.post("/graphql", json={"query": CREATE, "variables": {"name": "b"}})
        space = created.json()["data"]["createSpace"]["container"]["id"]
        latencies: list[float] = []
        errors: list[str] = []
        until = time.monotonic() + seconds
        started = time.monotonic()
        await asyncio.gather(
            *(client_loop(http, space, until, latencies, errors) for _ in range(clients))
        )
        elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    results: dict[int, list[dict[str, Any]]] = {n: [] for n in counts}
    with tempfile.TemporaryDirectory(prefix="lineage-workers-bench-") as folder:
        work = Path(folder)
        with neo4j_env(work) as env:
            token = sign_in(env)
            for round_no in range(args.rounds):
                order = counts if round_no % 2 == 0 else counts[::-1]
                for workers in order:
                    with serving(env, workers, work) as url:
                        figures = asyncio.run(load(url, token, args.clients, args.seconds))
                    results[workers].append(figures)
                    print(f"round {round_no + 1} workers={workers}: {figures}", file=sys.stderr)
    summary = {
        str(n): {
            "per_second": [r["per_second"] for r in runs],
            "median_per_second": statistics.median(r["per_second"] for r in runs),
            "median_p95_ms": statistics.median(r["p95_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
        }
        for n, runs in results.items()
    }
    out = {"clients": args.clients, "seconds": args.seconds, "rounds": args.rounds,
           "load_average_after": os.getloadavg(), "workers": summary}  # fmt: skip
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": out, "runs": results}, indent=2))


if __name__ == "__main__":
    main()
