"""What the history append costs on the write path (docs/domain.md §12), measured on the
service calls themselves (no HTTP): updateAsset and registerRender, each run interleaved
with and without the append, round after round, against a fresh managed Neo4j (or
NEO4J_URI, whose graph it adds a space to).

    PYTHONPATH=scripts .venv/bin/python scripts/bench_history.py [--rounds 6] [--writes 20]

Prints, per write, the median ms with and without the append, the difference and the
ratio, and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Awaitable, Callable

from bench_local import on_neo4j

from lineage.domain.enums import Layer
from lineage.graph import history
from lineage.graph.database import Database
from lineage.services import containers, definitions, lifecycle, registration
from lineage.services.registration import RenderInput

Write = Callable[[int], Awaitable[object]]


async def timed(write: Write, count: int, with_history: bool) -> list[float]:
    history.enabled = with_history
    took = []
    try:
        for n in range(count):
            began = time.perf_counter()
            await write(n)
            took.append((time.perf_counter() - began) * 1000)
    finally:
        history.enabled = True
    return took


async def measure(db: Database, rounds: int, writes: int) -> dict[str, dict[str, list[float]]]:
    space = await containers.create(db, Layer.SPACE, "History bench")
    project = await containers.create(db, Layer.PROJECT, "Bench project", space.id)
    jen = await definitions.create_definition(db, space.id, "CHARACTER", "Jennifer")
    jen = await lifecycle.transition(db, jen.id, "CANONICAL")
    draft = await definitions.create_definition(db, space.id, "SCENE", "Park")

    async def update_asset(n: int) -> object:
        return await definitions.update_asset(db, draft.id, {"description": f"take {n}"}, "u1")

    async def register_render(n: int) -> object:
        inputs = [RenderInput(jen.id)]
        return await registration.register_render(db, project.id, f"Frame {n}", inputs,
                                                  actor="u1")  # fmt: skip

    cases: dict[str, Write] = {"updateAsset": update_asset, "registerRender": register_render}
    found: dict[str, dict[str, list[float]]] = {c: {"with": [], "without": []} for c in cases}
    for write in cases.values():
        await timed(write, 3, True)  # warm the plans
        await timed(write, 3, False)
    for round_ in range(rounds):
        for name, write in cases.items():
            order = (True, False) if round_ % 2 == 0 else (False, True)
            for with_history in order:
                key = "with" if with_history else "without"
                found[name][key] += await timed(write, writes, with_history)
    return found


def report(found: dict[str, dict[str, list[float]]], loads: tuple[float, float]) -> None:
    print(f"load average (1 min): {loads[0]:.1f} before, {loads[1]:.1f} after")
    print(f"{'write':<16}{'with ms':>10}{'without ms':>12}{'cost ms':>10}{'ratio':>8}  writes")
    for name, times in found.items():
        with_ms, without_ms = (statistics.median(times[k]) for k in ("with", "without"))
        counts = f"{len(times['with'])} + {len(times['without'])}"
        print(f"{name:<16}{with_ms:>10.2f}{without_ms:>12.2f}{with_ms - without_ms:>10.2f}"
              f"{with_ms / without_ms:>8.2f}  {counts}")  # fmt: skip


async def run(db: Database, rounds: int, writes: int) -> None:
    before = os.getloadavg()[0]
    found = await measure(db, rounds, writes)
    report(found, (before, os.getloadavg()[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6, help="interleaved rounds")
    parser.add_argument("--writes", type=int, default=20, help="writes per case and round")
    args = parser.parse_args()
    on_neo4j(lambda db: run(db, args.rounds, args.writes), "bench-history-")


if __name__ == "__main__":
    main()
