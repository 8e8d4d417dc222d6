"""The managed Neo4j for real: secured first start, one server per folder, clean stop,
stale pid files, a foreign server on the port, start failures that show the log, and a
supervised server that comes back by itself after a crash (the app recovering with it).

Each test uses its own data folder and a small heap; every server started is stopped.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
import uvicorn
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable
from starlette.applications import Starlette

from lineage import cypher
from lineage.app import create_app
from lineage.config import Settings
from lineage.neo4j_local import (
    DEFAULT_PASSWORD,
    NEO4J_VERSION,
    LocalNeo4j,
    LocalNeo4jConfig,
    LocalNeo4jError,
    free_port,
    pid_alive,
    port_in_use,
    read_server_file,
)
from lineage.neo4j_supervisor import Neo4jSupervisor
from lineage.neo4j_target import Neo4jTarget

pytestmark = pytest.mark.integration

T = TypeVar("T")
GET_SERVER_COMPONENTS = cypher.load("meta/get_server_components")
SET_INITIAL_PASSWORD = cypher.load("admin/set_initial_password")
READY_CEILING_S = 240.0  # Neo4j's own start timeout is 120 s; a failed try is retried


def config(data_dir: Path, **changes: object) -> LocalNeo4jConfig:
    values: dict[str, object] = {
        "cache_dir": Settings().cache_dir,
        "data_dir": data_dir,
        "bolt_port": 0,
        "heap": "512m",
        "pagecache": "64m",
        "auth": True,
    }
    return LocalNeo4jConfig(**(values | changes))  # type: ignore[arg-type]


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    assert not pid_alive(child.pid)
    return child.pid


def wait_until(probe: Callable[[], T], done: Callable[[T], bool], ceiling: float, what: str) -> T:
    """Call `probe` until `done(result)`; fail with the last result after `ceiling` seconds."""
    deadline = time.monotonic() + ceiling
    while True:
        result = probe()
        if done(result):
            return result
        assert time.monotonic() < deadline, f"{what} not reached within {ceiling} s: {result!r}"
        time.sleep(0.25)


@contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """Run `app` under uvicorn in a background thread; yield its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started or not thread.is_alive(), bool, 30, "uvicorn serving")
        assert thread.is_alive(), "uvicorn stopped during start-up"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert not thread.is_alive(), "uvicorn did not shut down"


def private(path: Path) -> bool:
    """Neither the group nor others may read, write or enter `path`."""
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def try_default_password(uri: str, stop: threading.Event, accepted: list[str]) -> None:
    """Until `stop`, keep trying to take the server over with the default credentials."""
    change = {"old": DEFAULT_PASSWORD, "new": "taken-over"}
    with GraphDatabase.driver(
        uri, auth=("neo4j", DEFAULT_PASSWORD), connection_timeout=1
    ) as driver:
        while not stop.is_set():
            try:  # an auto-commit query: one try, no retries
                with driver.session(database="system") as session:
                    session.run(SET_INITIAL_PASSWORD, change).consume()
            except (ServiceUnavailable, AuthError, ClientError, OSError):
                time.sleep(0.01)
            else:
                accepted.append("the default credentials changed the password")
                return


def test_secured_start_one_server_per_folder_stale_pid_clean_stop_lost_password(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "neo4j"
    data_dir.mkdir()
    stale = dead_pid()
    (data_dir / "neo4j.pid").write_text(f"{stale}\n")
    messages: list[str] = []
    port, http_port = free_port(), free_port()
    server = LocalNeo4j(config(data_dir, bolt_port=port, http_port=http_port), messages.append)
    second = LocalNeo4j(config(data_dir, bolt_port=port), messages.append)
    probing, accepted = threading.Event(), []
    prober = threading.Thread(
        target=try_default_password, args=(f"bolt://127.0.0.1:{port}", probing, accepted)
    )
    prober.start()
    try:
        try:
            running = server.start()
        finally:
            probing.set()
            prober.join(timeout=30)
        # No moment of the first start let the default credentials in.
        assert accepted == []
        # The stale pid file was reported and removed, and the start went on.
        assert any("stale pid file" in m and str(stale) in m for m in messages), messages
        assert (data_dir / "neo4j.pid").read_text().strip() == str(running.pid)

        # The password, the server file and everything else in the folder are the owner's only.
        password_file, server_file = data_dir / "password", data_dir / "server.json"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(server_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        exposed = [p for p in data_dir.rglob("*") if not private(p)]
        assert exposed == []

        password = password_file.read_text().strip()
        assert running.auth == ("neo4j", password) and password != DEFAULT_PASSWORD
        with GraphDatabase.driver(running.uri, auth=("neo4j", DEFAULT_PASSWORD)) as driver:
            for _ in range(5):
                with pytest.raises(AuthError):
                    driver.verify_connectivity()
        # However many wrong passwords came first, the service's own still signs in.
        with GraphDatabase.driver(running.uri, auth=("neo4j", password)) as driver:
            records = driver.execute_query(GET_SERVER_COMPONENTS).records
        assert records[0]["version"] == NEO4J_VERSION
        # The HTTP discovery document sends tools to the Bolt port actually bound.
        discovery = httpx.get(f"http://127.0.0.1:{http_port}/", timeout=10).json()
        assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{port}", discovery

        with pytest.raises(LocalNeo4jError, match="already runs") as refused:
            second.start()
        assert str(running.pid) in str(refused.value) and running.uri in str(refused.value)
        assert pid_alive(running.pid)

        server.stop()
        assert not pid_alive(running.pid)
        assert not port_in_use(port)
        assert not (data_dir / "neo4j.pid").exists()
        assert not server_file.exists()
        assert list((data_dir / "run").glob("*.pid")) == []

        # Without its password file the store cannot be opened: say so, leave nothing running.
        password_file.rename(tmp_path / "password.kept")
        with pytest.raises(LocalNeo4jError, match="password") as locked_out:
            server.start()
        assert str(password_file) in str(locked_out.value)
        assert server.process is None and not (data_dir / "neo4j.pid").exists()
    finally:
        if second.process is not None:
            second.stop()
        server.stop()


def test_a_server_that_takes_the_port_during_start_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "neo4j"
    port = free_port()
    server = LocalNeo4j(config(data_dir, bolt_port=port), lambda _: None)
    outcome: list[BaseException | None] = []

    def start() -> None:
        try:
            server.start()
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread below
            outcome.append(exc)

    starting = threading.Thread(target=start)
    with socket.socket() as foreign:
        foreign.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            starting.start()
            # Once Neo4j is launched (the port was free then), another server takes the port.
            wait_until(lambda: (data_dir / "neo4j.pid").exists(), bool, 60, "Neo4j launched")
            foreign.bind(("127.0.0.1", port))
            foreign.listen()
            starting.join(timeout=150)
        finally:
            starting.join(timeout=150)
            server.stop()
    assert not starting.is_alive() and len(outcome) == 1
    error = outcome[0]
    assert isinstance(error, LocalNeo4jError), error
    message = str(error)
    assert f"127.0.0.1:{port}" in message and f"pid {os.getpid()}" in message
    assert "not the Neo4j started here" in message and "no password was sent" in message
    assert not (data_dir / "neo4j.pid").exists() and not (data_dir / "server.json").exists()


def test_a_start_the_jvm_refuses_raises_with_the_log_tail(tmp_path: Path) -> None:
    data_dir = tmp_path / "neo4j"
    server = LocalNeo4j(config(data_dir, heap="1x", auth=False), lambda _: None)
    try:
        with pytest.raises(LocalNeo4jError, match="exited during start-up") as failed:
            server.start()
        message = str(failed.value)
        assert f"last lines of {data_dir / 'logs'}" in message
        assert "Invalid initial heap size" in message
        assert not (data_dir / "neo4j.pid").exists()
    finally:
        server.stop()


def test_a_configuration_the_password_tool_refuses_raises_with_its_output(tmp_path: Path) -> None:
    data_dir = tmp_path / "neo4j"
    server = LocalNeo4j(config(data_dir, heap="1x"), lambda _: None)
    with pytest.raises(LocalNeo4jError, match="initial password failed") as failed:
        server.start()
    assert "'1x' is not a valid size" in str(failed.value)
    assert server.process is None and not (data_dir / "neo4j.pid").exists()
    assert not list((data_dir / "run").iterdir())  # the password's argument file is gone


def test_a_dead_server_is_restarted_with_backoff_and_the_app_recovers(tmp_path: Path) -> None:
    """Killed under the supervisor, the server comes back on its port by itself; while another
    process holds that port, each failed try says why and waits twice as long as the last."""
    data_dir = tmp_path / "neo4j"
    messages: list[str] = []
    server = LocalNeo4j(config(data_dir), messages.append)  # port 0: kept across restarts
    supervisor = Neo4jSupervisor(server, messages.append, first_delay=0.5, max_delay=2)
    try:
        running = supervisor.start()
        target = Neo4jTarget(running.uri, running.auth, "neo4j", "managed (test)", supervisor)
        with (
            serve(create_app(Settings(data_dir=tmp_path / "app"), target)) as base_url,
            httpx.Client(base_url=base_url, timeout=20) as http,
            socket.socket() as foreign,
        ):
            wait_until(lambda: http.get("/readyz"), lambda r: r.status_code == 200, 60, "ready")
            dead = server.process
            assert dead is not None
            os.kill(running.pid, signal.SIGKILL)
            dead.wait(timeout=30)
            # Another process takes the port before the first restart (0.5 s later) tries.
            foreign.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            foreign.bind(("127.0.0.1", running.bolt_port))
            foreign.listen()
            down = wait_until(
                lambda: http.get("/readyz"), lambda r: r.status_code == 503, 30, "/readyz 503"
            )
            assert running.uri in down.json()["reason"]
            failed = wait_until(
                lambda: [m for m in messages if "Restarting the managed Neo4j failed" in m],
                lambda found: len(found) >= 3,
                30,
                "three failed restarts",
            )
            foreign.close()

            assert messages[0].startswith(
                f"The managed Neo4j (pid {running.pid}) was killed by SIGKILL"
            )
            assert "restart 1 in 0.5 s (at " in messages[0]
            assert f"Port {running.bolt_port} on 127.0.0.1 is already in use" in failed[0]
            assert f"(by pid {os.getpid()})" in failed[0]
            delays = [
                re.search(r"restart \d+ in ([\d.]+) s \(at \d\d:\d\d:\d\d\)", m) for m in failed
            ]
            assert [d and d.group(1) for d in delays[:3]] == ["1", "2", "2"]  # doubled, capped

            # A start after a kill -9 recovers the store first; on a busy machine that is slow.
            up = wait_until(
                lambda: (http.get("/readyz"), messages[-1]),
                lambda state: state[0].status_code == 200,
                READY_CEILING_S,
                "/readyz 200",
            )[0]
            assert up.json() == {"status": "ready"}
            assert supervisor.restarts == 1 and any("is back" in m for m in messages)
        back = supervisor.running
        assert back is not None and back.pid != running.pid
        assert (back.uri, back.auth, back.restarts) == (running.uri, running.auth, 1)
        assert read_server_file(data_dir) == back
        with GraphDatabase.driver(back.uri, auth=back.auth) as driver:
            assert (
                driver.execute_query(GET_SERVER_COMPONENTS).records[0]["version"] == NEO4J_VERSION
            )
    finally:
        supervisor.stop()
    assert server.process is None and not pid_alive(running.pid)
    assert not (data_dir / "neo4j.pid").exists() and not (data_dir / "server.json").exists()
