"""Keeps the managed Neo4j of `lineage run` alive: when it dies, start it again on the same
port with the same password, backing off exponentially (capped) while starts keep failing.

The API's driver needs no help: it reconnects to the same address once the server answers.
"""

from __future__ import annotations

import dataclasses
import datetime
import signal
import threading
import time
from collections.abc import Callable

from lineage.neo4j_local import LocalNeo4j, Progress, RunningNeo4j

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 60.0
# A server that stayed up this long has recovered: the next death starts the backoff over.
STABLE_AFTER_S = 60.0
POLL_S = 0.2


def backoff_delay(tries: int, first: float = FIRST_DELAY_S, cap: float = MAX_DELAY_S) -> float:
    """Seconds to wait before try number `tries` (0-based) of a run of restarts."""
    return min(cap, first * 2.0 ** min(tries, 62))


def exit_reason(pid: int, code: int | None) -> str:
    if code is not None and code < 0:
        with_what = f"was killed by {signal.Signals(-code).name}"
    else:
        with_what = f"exited with code {code}"
    return f"The managed Neo4j (pid {pid}) {with_what}"


class Neo4jSupervisor:
    """Starts one managed server, watches it from a thread, restarts it when it dies.

    `restarts` counts the successful restarts (also written to `server.json`).
    """

    def __init__(
        self,
        server: LocalNeo4j,
        progress: Progress,
        *,
        first_delay: float = FIRST_DELAY_S,
        max_delay: float = MAX_DELAY_S,
        stable_after: float = STABLE_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self.progress = progress
        self.first_delay, self.max_delay, self.stable_after = first_delay, max_delay, stable_after
        self.clock = clock
        self.restarts = 0
        self._tries = 0  # restarts tried since the server last stayed up `stable_after`
        self._up_since = 0.0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> RunningNeo4j | None:
        return self.server.running

    def start(self) -> RunningNeo4j:
        running = self.server.start()
        # Restarts keep the port, so the API's driver finds the server where it was.
        self.server.config = dataclasses.replace(self.server.config, bolt_port=running.bolt_port)
        self._up_since = self.clock()
        # The thread that starts Neo4j must outlive it (PR_SET_PDEATHSIG follows the thread).
        self._thread = threading.Thread(target=self._watch, name="neo4j-supervisor", daemon=True)
        self._thread.start()
        return running

    def stop(self) -> None:
        """Stop watching (abandoning a restart under way), then stop the server."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        self.server.stop()

    def _watch(self) -> None:
        while not self._stopping.wait(POLL_S):
            process = self.server.process
            if process is None or process.poll() is None:
                continue
            if self.clock() - self._up_since >= self.stable_after:
                self._tries = 0
            reason = exit_reason(process.pid, process.returncode)
            self.server.stop()  # forget the dead process: its pid file and server.json
            self._restart(reason)

    def _restart(self, reason: str) -> None:
        """Try until the server is up again or we are stopping; say why and when each try is."""
        while not self._stopping.is_set():
            delay = backoff_delay(self._tries, self.first_delay, self.max_delay)
            self._tries += 1
            at = datetime.datetime.now() + datetime.timedelta(seconds=delay)
            self.progress(f"{reason}; restart {self._tries} in {delay:g} s (at {at:%H:%M:%S}).")
            if self._stopping.wait(delay):
                return
            try:
                running = self.server.start(
                    cancelled=self._stopping.is_set, restarts=self.restarts + 1
                )
            except Exception as exc:  # whatever failed, keep supervising; say what it was
                first_line = (str(exc) or type(exc).__name__).splitlines()[0]
                reason = f"Restarting the managed Neo4j failed: {first_line}"
                continue
            self.restarts += 1
            self._up_since = self.clock()
            self.progress(
                f"The managed Neo4j is back (pid {running.pid}, {running.uri}); "
                f"{self.restarts} restart(s) so far."
            )
            return
