"""Timing: interleaved A/B(/C) rounds for reads, concurrent rounds for writes."""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

Call = Callable[[int], Awaitable[Any]]


@dataclass
class Samples:
    """Milliseconds of one contender in one case."""

    ms: list[float] = field(default_factory=list)
    # Writes: operations done and the wall seconds of the rounds that did them.
    operations: int = 0
    wall_s: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def per_second(self) -> float | None:
        return self.operations / self.wall_s if self.wall_s else None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"median_ms": round(self.median, 2), "p95_ms": round(self.p95, 2)}
        out["runs"] = len(self.ms)
        if self.per_second is not None:
            out["per_second"] = round(self.per_second, 1)
        return out


async def interleaved(calls: dict[str, Call], repeat: int, warmup: int) -> dict[str, Samples]:
    """Run each contender `warmup` times untimed, then `repeat` timed rounds in which every
    contender runs once, the order rotating each round, so all see the same load."""
    names = list(calls)
    for index in range(warmup):
        for name in names:
            await calls[name](-1 - index)
    samples = {name: Samples() for name in names}
    for index in range(repeat):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            began = time.perf_counter()
            await calls[name](index)
            samples[name].ms.append((time.perf_counter() - began) * 1000)
    return samples


Write = Callable[[int, int], Awaitable[Any]]  # (client, operation number)


async def concurrent_rounds(
    writes: dict[str, Write], clients: int, per_client: int, rounds: int
) -> dict[str, Samples]:
    """Each round runs every contender in turn (order alternating): `clients` concurrent
    clients doing `per_client` writes each, one after the other. Latency per write;
    throughput from the round's wall time."""
    names = list(writes)
    samples = {name: Samples() for name in names}
    counter = 0
    for index in range(rounds):
        for name in names if index % 2 == 0 else names[::-1]:
            write = writes[name]

            async def client(
                number: int, base: int, write: Write = write, name: str = name
            ) -> None:
                for step in range(per_client):
                    began = time.perf_counter()
                    await write(number, base + step)
                    samples[name].ms.append((time.perf_counter() - began) * 1000)

            began = time.perf_counter()
            await asyncio.gather(*(client(c, counter + c * per_client) for c in range(clients)))
            samples[name].wall_s += time.perf_counter() - began
            samples[name].operations += clients * per_client
            counter += clients * per_client
    return samples
