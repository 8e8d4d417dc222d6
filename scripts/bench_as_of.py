"""What lineage as of an instant costs (docs/domain.md §12) next to today's lineage, on the
service calls themselves (no HTTP): a space definition used through a project clone by
tasks with renders, then writes after an instant (renames, task deletes keeping their
renders, render deletes). Each round times, interleaved, today's walk (`Asset.lineage`'s
one query), the as-of walk at now (nothing to undo) and at the instant (every write since
undone), downstream from the definition.

    PYTHONPATH=src:scripts .venv/bin/python scripts/bench_as_of.py [--tasks 40] [--rounds 10]

Prints the median ms of each, the ratios to today's walk, the assets each answer holds and
the writes undone, and the load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bench_local import on_neo4j
from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Edge, Layer
from lineage.graph import assets
from lineage.graph import lineage as walks
from lineage.graph.database import Database
from lineage.graph.lineage import Direction
from lineage.services import cloning, containers, definitions, deletion, lifecycle
from lineage.services.as_of import lineage_as_of
from lineage.services.registration import RenderInput, register_render

DEPTH = 5
EDGES = [Edge.DERIVES_FROM, Edge.USES]


async def build(db: Database, tasks: int) -> tuple[str, datetime, int]:
    """The story; answers the root, the instant and how many writes followed it."""
    space = await containers.create(db, Layer.SPACE, "As-of bench")
    project = await containers.create(db, Layer.PROJECT, "Bench project", space.id)
    jen = await definitions.create_definition(db, space.id, "CHARACTER", "Jennifer")
    await lifecycle.transition(db, jen.id, "CANONICAL")
    base = await cloning.import_to_project(db, project.id, jen.id)
    made = []
    for n in range(tasks):
        task = await containers.create(db, Layer.TASK, f"Panel {n}", project.id)
        working = await cloning.derive_working_clone(db, base.id, {"name": f"Jen {n}"})
        clone = await cloning.use_in_task(db, task.id, working.id)
        renders = [await register_render(db, task.id, f"Frame {n}.{k}", [RenderInput(clone.id)])
                   for k in range(3)]  # fmt: skip
        made.append((task, renders))
    await asyncio.sleep(0.01)
    instant = datetime.now(UTC)
    writes = 0
    for n, (task, renders) in enumerate(made):
        if n % 2 == 0:
            await deletion.delete_task(db, task.id, "KEEP_RENDERS")
            await deletion.delete_asset(db, renders[0].id)
            writes += 2
        else:
            await containers.rename(db, task.id, f"Panel {n} (v2)", None)
            writes += 1
    return jen.id, instant, writes


async def median_ms(work: Callable[[], Awaitable[int]], times: int) -> tuple[list[float], int]:
    took, size = [], 0
    for _ in range(times):
        began = time.perf_counter()
        size = await work()
        took.append((time.perf_counter() - began) * 1000)
    return took, size


async def measure(db: Database, tasks: int, rounds: int) -> None:
    root_id, instant, writes = await build(db, tasks)
    root = (await db.read_tx(lambda tx: assets.get_many(tx, [root_id])))[root_id]

    async def today() -> int:
        # As Asset.lineage reads it: every property, no lock flags.
        async def work(tx: Tx) -> walks.LineageWalk:
            return await walks.walk(tx, root, Direction.DOWNSTREAM, DEPTH, EDGES, 2000)

        return len((await db.read_one(work)).depth_of)

    async def as_of(at: datetime) -> int:
        found = await lineage_as_of(db, root_id, at, Direction.DOWNSTREAM, DEPTH, 2000)
        assert found is not None
        return len(found.nodes)

    cases = {"today's walk": today, "as of now": lambda: as_of(datetime.now(UTC)),
             "as of the instant": lambda: as_of(instant)}  # fmt: skip
    found: dict[str, list[float]] = {name: [] for name in cases}
    sizes: dict[str, int] = {}
    before = os.getloadavg()[0]
    for work in cases.values():
        await median_ms(work, 2)  # warm the plans
    for round_ in range(rounds):
        names = list(cases) if round_ % 2 == 0 else list(reversed(cases))
        for name in names:
            took, sizes[name] = await median_ms(cases[name], 3)
            found[name] += took
    base = statistics.median(found["today's walk"])
    print(f"load average (1 min): {before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{tasks} tasks; {writes} writes after the instant; depth {DEPTH}, downstream")
    print(f"{'answer':<20}{'median ms':>10}{'ratio':>8}{'assets':>8}  runs")
    for name, times in found.items():
        ms = statistics.median(times)
        print(f"{name:<20}{ms:>10.2f}{ms / base:>8.2f}{sizes[name]:>8}  {len(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=40, help="tasks (3 renders each)")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds")
    args = parser.parse_args()
    on_neo4j(lambda db: measure(db, args.tasks, args.rounds), "bench-as-of-")


if __name__ == "__main__":
    main()
