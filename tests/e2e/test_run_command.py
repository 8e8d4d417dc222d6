"""The `lineage` command as a user runs it: `run` with the managed Neo4j (restarted when it
dies), Ctrl-C, a busy port, missing Java, and `neo4j start` / `status` / `stop`.

Each test gets its own data folder and ports; the jar cache is the user's, so nothing is
fetched again. Whatever a test starts is stopped in its `finally`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from neo4j import GraphDatabase

from lineage.config import Settings
from lineage.neo4j_local import (
    NEO4J_VERSION,
    LocalNeo4j,
    LocalNeo4jConfig,
    free_port,
    pid_alive,
)

pytestmark = pytest.mark.integration

T = TypeVar("T")
LINEAGE = str(Path(sys.executable).with_name("lineage"))
SERVER_INFO = "{ serverInfo { version neo4jVersion schemaVersion } }"
READY_CEILING_S = 180.0  # Neo4j's own start timeout is 120 s
# Settings that would point the command elsewhere than the test's Neo4j, folder and ports.
DROPPED = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
KEPT = ("LINEAGE_JAVA", "LINEAGE_CYPHER_DIR", "LINEAGE_NEO4J_START_TIMEOUT")


def wait_until(probe: Callable[[], T], done: Callable[[T], bool], ceiling: float, what: str) -> T:
    """Call `probe` until `done(result)`; fail with the last result after `ceiling` seconds."""
    deadline = time.monotonic() + ceiling
    while True:
        result = probe()
        if done(result):
            return result
        assert time.monotonic() < deadline, f"{what} not reached within {ceiling} s: {result!r}"
        time.sleep(0.25)


def gone(pid: int) -> bool:
    """The process has exited (a zombie nobody reaped yet counts as exited)."""
    if not pid_alive(pid):
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data folder whose managed Neo4j, if any is left running, is stopped afterwards."""
    folder = tmp_path / "data"
    yield folder
    cleanup = LocalNeo4jConfig(cache_dir=Settings().cache_dir, data_dir=folder / "neo4j")
    LocalNeo4j(cleanup, lambda _: None).stop()


def lineage_env(data_dir: Path, **changes: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in DROPPED and (k in KEPT or not k.startswith("LINEAGE_"))
    }
    env |= {
        "LINEAGE_DATA_DIR": str(data_dir),
        "LINEAGE_CACHE_DIR": str(Settings().cache_dir),
        "LINEAGE_PORT": str(free_port()),
        "LINEAGE_NEO4J_BOLT_PORT": "0",
        "LINEAGE_NEO4J_HEAP": "512m",
        "LINEAGE_NEO4J_PAGECACHE": "64m",
    }
    return env | changes


def lineage(
    env: dict[str, str], *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINEAGE, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def get_or_none(client: httpx.Client, path: str) -> httpx.Response | None:
    try:
        return client.get(path)
    except httpx.TransportError:
        return None


def server_pid(data_dir: Path) -> int | None:
    try:
        return int(json.loads((data_dir / "neo4j" / "server.json").read_text())["pid"])
    except (FileNotFoundError, ValueError, KeyError):
        return None


def test_run_serves_graphql_restarts_a_dead_neo4j_and_ctrl_c_stops_it(
    data_dir: Path, tmp_path: Path
) -> None:
    env = lineage_env(data_dir)
    port = env["LINEAGE_PORT"]
    log_path = tmp_path / "run.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([LINEAGE, "run"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) as http:

            def readyz() -> httpx.Response | None:
                assert proc.poll() is None, f"`lineage run` exited:\n{log_path.read_text()}"
                return get_or_none(http, "/readyz")

            def ready() -> httpx.Response | None:
                return wait_until(
                    readyz,
                    lambda r: r is not None and r.status_code == 200,
                    READY_CEILING_S,
                    "ready",
                )

            assert (first := ready()) is not None and first.json() == {"status": "ready"}
            killed = server_pid(data_dir)
            assert killed is not None and pid_alive(killed)

            # Neo4j dies under `lineage run`: it comes back by itself and the API with it.
            os.kill(killed, signal.SIGKILL)
            java_pid = wait_until(
                lambda: server_pid(data_dir),
                lambda pid: pid not in (None, killed),
                READY_CEILING_S,
                "a restarted Neo4j",
            )
            assert java_pid is not None and ready() is not None
            assert (
                f"Neo4j (pid {killed}) was killed by SIGKILL; restart 1 in 1 s"
                in log_path.read_text()
            )
            status = lineage(env, "neo4j", "status")
            assert json.loads(status.stdout)["restarts"] == 1, status.stdout
            metrics = http.get("/metrics").text.splitlines()
            assert "lineage_neo4j_restarts_total 1.0" in metrics, metrics

            answer = http.post("/graphql", json={"query": SERVER_INFO})
            assert answer.status_code == 200, answer.text
            assert answer.json()["data"]["serverInfo"]["neo4jVersion"] == NEO4J_VERSION

            busy = lineage(env, "run", timeout=30)
            assert busy.returncode != 0
            assert f"Port {port}" in busy.stderr and "already in use" in busy.stderr

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0, log_path.read_text()
        wait_until(lambda: gone(java_pid), bool, 10, f"Neo4j (pid {java_pid}) gone")
        output = log_path.read_text()
        assert "Stopping Neo4j" in output and "Stopped." in output
        assert not (data_dir / "neo4j" / "server.json").exists()
        assert not (data_dir / "neo4j" / "neo4j.pid").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_neo4j_start_without_java_says_what_to_do(data_dir: Path, tmp_path: Path) -> None:
    no_java = [d for d in os.environ["PATH"].split(os.pathsep) if not Path(d, "java").exists()]
    env = lineage_env(data_dir, PATH=os.pathsep.join(no_java))
    env.pop("JAVA_HOME", None)
    env.pop("LINEAGE_JAVA", None)
    result = lineage(env, "neo4j", "start")
    assert result.returncode != 0
    message = " ".join(result.stderr.split())
    assert "Java 17" in message
    assert "NEO4J_URI" in message and "docker compose" in message
    assert not (data_dir / "neo4j" / "neo4j.pid").exists()


def test_detached_neo4j_start_status_stop(data_dir: Path) -> None:
    env = lineage_env(data_dir)
    started = lineage(env, "neo4j", "start", timeout=READY_CEILING_S)
    assert started.returncode == 0, started.stderr
    server = json.loads(started.stdout)
    assert pid_alive(server["pid"])

    status = lineage(env, "neo4j", "status")
    assert status.returncode == 0, status.stderr
    state = json.loads(status.stdout)
    assert state["running"] is True and state["installed"] is True
    assert (state["pid"], state["uri"]) == (server["pid"], server["uri"])

    password = (data_dir / "neo4j" / "password").read_text().strip()
    with GraphDatabase.driver(server["uri"], auth=("neo4j", password)) as driver:
        driver.verify_connectivity()

    stopped = lineage(env, "neo4j", "stop")
    assert stopped.returncode == 0, stopped.stderr
    wait_until(lambda: gone(server["pid"]), bool, 10, f"Neo4j (pid {server['pid']}) gone")
    after = lineage(env, "neo4j", "status")
    assert after.returncode == 3 and json.loads(after.stdout)["running"] is False
    assert not (data_dir / "neo4j" / "neo4j.pid").exists()
    assert not (data_dir / "neo4j" / "server.json").exists()


def test_neo4j_start_refuses_a_port_another_server_listens_on(data_dir: Path) -> None:
    with socket.socket() as foreign:
        foreign.bind(("127.0.0.1", 0))
        foreign.listen()
        port = foreign.getsockname()[1]
        env = lineage_env(data_dir, LINEAGE_NEO4J_BOLT_PORT=str(port))
        result = lineage(env, "neo4j", "start")
    assert result.returncode == 2 and result.stdout == ""
    message = " ".join(result.stderr.split())
    assert f"Port {port} on 127.0.0.1 is already in use (by pid {os.getpid()})" in message
    assert "LINEAGE_NEO4J_BOLT_PORT" in message
    assert not (data_dir / "neo4j" / "password").exists()


@pytest.mark.parametrize("command", [["audit"], ["migrate"], ["user", "create", "Ada"]])
def test_a_command_fails_in_one_line_when_neo4j_is_unreachable(
    data_dir: Path, command: list[str]
) -> None:
    """No driver retry flood and no traceback: exit 2 and a line naming the server."""
    dead = f"bolt://127.0.0.1:{free_port()}"
    env = lineage_env(data_dir, NEO4J_URI=dead, LINEAGE_NEO4J_RETRY_S="1")
    done = lineage(env, *command, timeout=30)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and dead.split("//")[1] in lines[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout


CREATE_SPACE = """mutation($name: String!) { createSpace(name: $name) {
  ... on ContainerPayload { container { ... on ContainerNode { id } } } } }"""
READ_SPACE = "query($id: ID!) { space(id: $id) { id name } }"


def descendants(pid: int) -> list[tuple[int, str]]:
    """The (pid, command line) of every living process below `pid`."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], list(parents.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            line = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        found.append((child, line))
        todo.extend(parents.get(child, []))
    return found


def test_run_with_two_workers_starts_neo4j_once_and_migrates_once(
    data_dir: Path, tmp_path: Path
) -> None:
    env = lineage_env(data_dir)
    port = env["LINEAGE_PORT"]
    log_path = tmp_path / "run.log"
    with log_path.open("wb") as log:
        # Its own process group: on failure the workers go too (they outlive a killed parent).
        proc = subprocess.Popen(
            [LINEAGE, "run", "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) as http:

            def readyz() -> httpx.Response | None:
                assert proc.poll() is None, f"`lineage run` exited:\n{log_path.read_text()}"
                return get_or_none(http, "/readyz")

            try:  # two workers migrating and a Neo4j starting on a busy machine: be patient
                wait_until(readyz, lambda r: r is not None and r.status_code == 200, 300, "ready")
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{log_path.read_text()[-4000:]}") from None
            below = descendants(proc.pid)
            workers = [pid for pid, line in below if "multiprocessing" in line and "spawn" in line]
            javas = [pid for pid, line in below if line.split(" ", 1)[0].endswith("java")]
            assert len(workers) == 2, below
            assert javas == [server_pid(data_dir)], below  # one Neo4j, started by the parent

            # The two workers started together; one of them applied every migration.
            running = json.loads((data_dir / "neo4j" / "server.json").read_text())
            password = (data_dir / "neo4j" / "password").read_text().strip()
            with GraphDatabase.driver(running["uri"], auth=("neo4j", password)) as driver:
                records, _, _ = driver.execute_query(
                    "MATCH (m:SchemaMigration) RETURN m.applied_by AS by"
                )
            appliers = {record["by"] for record in records}
            assert len(records) >= 2 and len(appliers) == 1, appliers
            assert int(appliers.pop().split(":")[1]) in workers

            # A write served by either worker is read back by any, after its bookmark.
            user = lineage(env, "user", "create", "Ada").stdout.strip()
            token = lineage(env, "token", "create", user).stdout.strip()
            auth = {"Authorization": f"Bearer {token}"}
            for name in ("One", "Two", "Three"):
                created = httpx.post(
                    f"http://127.0.0.1:{port}/graphql",
                    json={"query": CREATE_SPACE, "variables": {"name": name}},
                    headers=auth,
                ).json()
                space = created["data"]["createSpace"]["container"]["id"]
                marks = {"x-lineage-bookmarks": ",".join(created["extensions"]["bookmarks"])}
                for _ in range(4):  # a new connection each time: the kernel picks the worker
                    read = httpx.post(
                        f"http://127.0.0.1:{port}/graphql",
                        json={"query": READ_SPACE, "variables": {"id": space}},
                        headers=auth | marks,
                    ).json()
                    assert read["data"] == {"space": {"id": space, "name": name}}, read

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0, log_path.read_text()
        for pid in [*workers, *javas]:
            wait_until(lambda pid=pid: gone(pid), bool, 10, f"pid {pid} gone")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # whatever of the group is left
        proc.wait(timeout=30)
