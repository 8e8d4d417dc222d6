"""Time `lineage run` from launch to ready, cold and warm, and the idle memory of its Neo4j.

    .venv/bin/python scripts/bench_neo4j_start.py [--runs 3] [--settle 20] [--heap 512m ...]

Each run uses a new temporary data folder: the first start there is "cold" (new store, the
generated password is set), the second one on the same folder is "warm". For every start it
prints the seconds until Neo4j answered (server.json written), until /readyz said ready, the
RSS of the Java process after `--settle` idle seconds, and `lineage run`'s exit code after
Ctrl-C. Settings not given keep `lineage run`'s defaults for this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from lineage.config import Settings
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig, free_port

LINEAGE = str(Path(sys.executable).with_name("lineage"))
CEILING_S = 300.0


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=20) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def rss_mib(pid: int) -> float:
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def one_start(data_dir: Path, env: dict[str, str], settle: float) -> dict[str, float]:
    port = free_port()
    env = env | {"LINEAGE_DATA_DIR": str(data_dir), "LINEAGE_PORT": str(port)}
    server_file = data_dir / "neo4j" / "server.json"
    log = (data_dir / f"run-{port}.log").open("wb")
    began = time.monotonic()
    proc = subprocess.Popen([LINEAGE, "run"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        neo4j_s = None
        while not ready(port):
            if neo4j_s is None and server_file.exists():
                neo4j_s = time.monotonic() - began
            if proc.poll() is not None or time.monotonic() - began > CEILING_S:
                raise SystemExit(f"`lineage run` did not get ready; see {log.name}")
            time.sleep(0.1)
        ready_s = time.monotonic() - began
        pid = json.loads(server_file.read_text())["pid"]
        time.sleep(settle)
        rss = rss_mib(pid)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()
        cleanup = LocalNeo4jConfig(cache_dir=Settings().cache_dir, data_dir=data_dir / "neo4j")
        LocalNeo4j(cleanup, lambda _: None).stop()
    return {
        "neo4j_s": neo4j_s or ready_s,
        "ready_s": ready_s,
        "rss_mib": rss,
        "exit": code,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settle", type=float, default=20.0, help="idle seconds before ps")
    parser.add_argument("--heap", help="LINEAGE_NEO4J_HEAP (default: lineage's)")
    parser.add_argument("--pagecache", help="LINEAGE_NEO4J_PAGECACHE (default: lineage's)")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "LINEAGE_NEO4J_URI")}
    env |= {"LINEAGE_NEO4J_BOLT_PORT": "0", "LINEAGE_CACHE_DIR": str(Settings().cache_dir)}
    if args.heap:
        env["LINEAGE_NEO4J_HEAP"] = args.heap
    if args.pagecache:
        env["LINEAGE_NEO4J_PAGECACHE"] = args.pagecache
    settings = Settings()
    heap = args.heap or settings.neo4j_heap
    pagecache = args.pagecache or settings.neo4j_pagecache
    print(f"cores {os.cpu_count()}, heap {heap}, pagecache {pagecache}, load {os.getloadavg()}")

    results: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="lineage-bench-") as tmp:
            for kind in ("cold", "warm"):
                result = one_start(Path(tmp), env, args.settle)
                results[kind].append(result)
                print(
                    f"run {run} {kind}: Neo4j answered {result['neo4j_s']:.1f} s, "
                    f"/readyz 200 {result['ready_s']:.1f} s, idle RSS {result['rss_mib']:.0f} MiB, "
                    f"exit {result['exit']:.0f}",
                    flush=True,
                )
    for kind, rows in results.items():
        print(
            f"{kind} median: Neo4j {statistics.median(r['neo4j_s'] for r in rows):.1f} s, "
            f"ready {statistics.median(r['ready_s'] for r in rows):.1f} s, "
            f"RSS {statistics.median(r['rss_mib'] for r in rows):.0f} MiB"
        )
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
