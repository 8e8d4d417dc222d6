"""The managed local Neo4j: Community jars from Maven Central, run as a child process.

Used when no NEO4J_URI is configured and no Docker engine is wanted: `install` fetches the
jars once into a cache folder with `mvn`; `start` writes a neo4j.conf (loopback only), launches
`org.neo4j.server.CommunityEntryPoint`, waits until Bolt answers and sets the generated
password; `stop` terminates it (then kills it if it will not go).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from lineage import cypher

# The one place the Neo4j version is pinned (newest 5.26 LTS patch).
NEO4J_VERSION = "5.26.30"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
DEFAULT_PASSWORD = "neo4j"
SET_INITIAL_PASSWORD = cypher.load("admin/set_initial_password")

JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]

Progress = Callable[[str], None]

INSTALL_HELP = (
    "Alternatives: point the service at an existing Neo4j with NEO4J_URI "
    "(and NEO4J_USER / NEO4J_PASSWORD), or run `docker compose up` where Docker is available."
)


class LocalNeo4jError(RuntimeError):
    """The managed Neo4j could not be installed, started or stopped; the message says why."""


@dataclass(frozen=True)
class LocalNeo4jConfig:
    cache_dir: Path
    data_dir: Path
    bolt_port: int = 7687  # 0 picks a free port
    http_port: int = 0  # 0 keeps HTTP off
    heap: str = "1g"
    pagecache: str = "512m"
    auth: bool = True
    start_timeout: float = 120.0
    java: str | None = None


@dataclass(frozen=True)
class RunningNeo4j:
    """Where a started server answers; written to `server.json` beside its data."""

    pid: int
    uri: str
    user: str
    password: str | None
    version: str = NEO4J_VERSION

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


# --- prerequisites -----------------------------------------------------------------------


def find_java(configured: str | None = None) -> str:
    """The java executable to use: configured, then JAVA_HOME, then PATH; must be 17+."""
    java_home = os.environ.get("JAVA_HOME")
    candidates = [configured, f"{java_home}/bin/java" if java_home else None, shutil.which("java")]
    java = next((c for c in candidates if c and Path(c).exists()), None)
    if java is None:
        raise LocalNeo4jError(
            "Java 17 or newer is needed to run the managed Neo4j, and none was found. "
            "Install it (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: "
            "`brew install openjdk@17`) or set JAVA_HOME / LINEAGE_JAVA. " + INSTALL_HELP
        )
    major = java_major_version(java)
    if major < 17:
        raise LocalNeo4jError(
            f"{java} is Java {major}; Neo4j {NEO4J_VERSION} needs Java 17 or 21. "
            "Install Java 17 and set JAVA_HOME or LINEAGE_JAVA to it. " + INSTALL_HELP
        )
    return java


def java_major_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise LocalNeo4jError(f"Could not read the Java version from `{java} -version`.")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_maven() -> str:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError(
            "Maven (`mvn`) is needed once, to fetch the Neo4j jars from Maven Central, and it "
            "was not found. Install it (Debian/Ubuntu: `apt-get install maven`; macOS: "
            "`brew install maven`). " + INSTALL_HELP
        )
    return mvn


# --- install -----------------------------------------------------------------------------

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lineage.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""


def jar_dir(cache_dir: Path) -> Path:
    return cache_dir / f"neo4j-community-{NEO4J_VERSION}" / "lib"


def is_installed(cache_dir: Path) -> bool:
    return (jar_dir(cache_dir) / ".complete").exists()


def install(cache_dir: Path, progress: Progress = print) -> Path:
    """Fetch the Neo4j jars into the cache once; later calls return the cached folder."""
    target = jar_dir(cache_dir)
    if is_installed(cache_dir):
        return target
    mvn = find_maven()
    work = target.parent / "fetch"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "pom.xml").write_text(POM.format(version=NEO4J_VERSION))
    progress(f"Fetching Neo4j {NEO4J_VERSION} jars from Maven Central into {target} ...")
    _run_maven(mvn, work, progress)
    shutil.rmtree(target, ignore_errors=True)
    (work / "lib").rename(target)
    shutil.rmtree(work, ignore_errors=True)
    jars = len(list(target.glob("*.jar")))
    (target / ".complete").write_text(f"{NEO4J_VERSION}\n{jars} jars\n")
    progress(f"Neo4j {NEO4J_VERSION} installed ({jars} jars).")
    return target


def _run_maven(mvn: str, work: Path, progress: Progress) -> None:
    command = [
        mvn, "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
        f"-DoutputDirectory={work / 'lib'}", "-DincludeScope=runtime",
    ]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    tail: list[str] = []
    fetched = 0
    for line in proc.stdout:
        tail = (tail + [line.rstrip()])[-30:]
        if "Downloaded from" in line:  # batch mode prefixes "[INFO] "
            fetched += 1
            if fetched % 25 == 0:
                progress(f"  {fetched} files downloaded ...")
    if proc.wait() != 0:
        raise LocalNeo4jError(
            "Maven could not fetch the Neo4j jars (is Maven Central reachable?). "
            "Last lines of its output:\n" + "\n".join(tail)
        )


# --- start / stop ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_server_file(data_dir: Path) -> RunningNeo4j | None:
    """The server recorded in the data folder, if its process is still alive."""
    path = data_dir / "server.json"
    if not path.exists():
        return None
    running = RunningNeo4j(**json.loads(path.read_text()))
    return running if pid_alive(running.pid) else None


def render_conf(config: LocalNeo4jConfig, bolt_port: int) -> str:
    http = (
        f"server.http.enabled=true\nserver.http.listen_address=127.0.0.1:{config.http_port}"
        if config.http_port
        else "server.http.enabled=false"
    )
    return "\n".join(
        [
            "# Generated by lineage for its managed local Neo4j; rewritten at every start.",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
            "server.bolt.enabled=true",
            http,
            "server.https.enabled=false",
            f"dbms.security.auth_enabled={'true' if config.auth else 'false'}",
            f"server.memory.heap.initial_size={config.heap}",
            f"server.memory.heap.max_size={config.heap}",
            f"server.memory.pagecache.size={config.pagecache}",
            f"server.directories.data={config.data_dir / 'data'}",
            f"server.directories.logs={config.data_dir / 'logs'}",
            f"server.directories.run={config.data_dir / 'run'}",
            f"server.directories.import={config.data_dir / 'import'}",
            "dbms.usage_report.enabled=false",
            "db.tx_log.rotation.retention_policy=1 files",
            "",
        ]
    )


class LocalNeo4j:
    """One managed server for one data folder."""

    def __init__(self, config: LocalNeo4jConfig, progress: Progress = print) -> None:
        self.config = config
        self.progress = progress
        self.process: subprocess.Popen[bytes] | None = None
        self.running: RunningNeo4j | None = None

    @property
    def data_dir(self) -> Path:
        return self.config.data_dir

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "neo4j.pid"

    def start(self, *, detach: bool = False) -> RunningNeo4j:
        """Start the server and wait until Bolt answers. Attached servers die with us."""
        java = find_java(self.config.java)
        jars = install(self.config.cache_dir, self.progress)
        self._refuse_if_already_running()
        bolt_port = self.config.bolt_port or free_port()
        if port_in_use(bolt_port):
            raise LocalNeo4jError(
                f"Port {bolt_port} on 127.0.0.1 is already in use, so Neo4j cannot listen "
                "there. Stop whatever uses it, or choose another port with "
                "LINEAGE_NEO4J_BOLT_PORT (0 picks a free one)."
            )
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.data_dir / sub).mkdir(parents=True, exist_ok=True)
        (self.data_dir / "conf" / "neo4j.conf").write_text(render_conf(self.config, bolt_port))
        self.process = self._launch(java, jars, detach)
        self.pid_file.write_text(str(self.process.pid))
        uri = f"bolt://127.0.0.1:{bolt_port}"
        try:
            password = self._wait_until_ready(uri)
        except BaseException:
            self.stop()
            raise
        self.running = RunningNeo4j(self.process.pid, uri, "neo4j", password)
        (self.data_dir / "server.json").write_text(json.dumps(self.running.__dict__))
        return self.running

    def _refuse_if_already_running(self) -> None:
        if not self.pid_file.exists():
            return
        pid = int(self.pid_file.read_text().strip() or 0)
        if pid and pid_alive(pid) and _is_java(pid):
            known = read_server_file(self.data_dir)
            where = f" at {known.uri}" if known else ""
            raise LocalNeo4jError(
                f"A managed Neo4j already runs on this data folder (pid {pid}{where}): "
                f"{self.data_dir}. Use it (NEO4J_URI), stop it with `lineage neo4j stop`, "
                "or pick another folder with LINEAGE_DATA_DIR."
            )
        self.progress(f"Removing a stale pid file ({self.pid_file}, pid {pid} is not running).")
        self.pid_file.unlink()
        (self.data_dir / "server.json").unlink(missing_ok=True)

    def _launch(self, java: str, jars: Path, detach: bool) -> subprocess.Popen[bytes]:
        heap = self.config.heap
        command = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-cp", f"{jars}/*",
                   ENTRY_POINT, f"--home-dir={self.data_dir}",
                   f"--config-dir={self.data_dir / 'conf'}"]  # fmt: skip
        console = (self.data_dir / "logs" / "console.log").open("ab")
        with console:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
                start_new_session=True,  # Ctrl-C reaches us; we stop Neo4j in order.
                preexec_fn=None if detach else _die_with_parent,
            )

    def _wait_until_ready(self, uri: str) -> str | None:
        deadline = time.monotonic() + self.config.start_timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise LocalNeo4jError(
                    f"Neo4j exited during start-up (exit code {self.process.returncode}).\n"
                    + self.log_tail()
                )
            with contextlib.suppress(ServiceUnavailable, OSError):
                return self._connect_and_secure(uri)
            time.sleep(0.25)
        raise LocalNeo4jError(
            f"Neo4j did not answer on {uri} within {self.config.start_timeout:.0f} s "
            "(raise LINEAGE_NEO4J_START_TIMEOUT on slow machines).\n" + self.log_tail()
        )

    def _connect_and_secure(self, uri: str) -> str | None:
        """Connect once; on first start replace the default password by a generated one."""
        _wait_for_bolt(uri)
        try:
            return self._authenticate(uri)
        except AuthError as exc:
            password_file = self.data_dir / "password"
            which = (
                f"in {password_file}"
                if password_file.exists()
                else f"(the default one: {password_file} is missing)"
            )
            raise LocalNeo4jError(
                f"Neo4j at {uri} refused the password {which}. The managed Neo4j's password "
                f"is generated on its first start and kept only in {password_file}; without "
                f"it the store cannot be opened. Restore the file, or delete {self.data_dir} "
                "to start over with an empty graph (or choose another LINEAGE_DATA_DIR)."
            ) from exc

    def _authenticate(self, uri: str) -> str | None:
        if not self.config.auth:
            with GraphDatabase.driver(uri, auth=None) as driver:
                driver.verify_connectivity()
            return None
        password_file = self.data_dir / "password"
        if password_file.exists():
            password = password_file.read_text().strip()
            with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
                driver.verify_connectivity()
            return password
        password = secrets.token_urlsafe(24)
        with GraphDatabase.driver(uri, auth=("neo4j", DEFAULT_PASSWORD)) as driver:
            driver.execute_query(
                SET_INITIAL_PASSWORD, old=DEFAULT_PASSWORD, new=password, database_="system"
            )
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        return password

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for name in ("neo4j.log", "console.log", "debug.log"):
            path = self.data_dir / "logs" / name
            if path.exists() and path.stat().st_size:
                text = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- last lines of {path} ---\n" + "\n".join(text))
                if name != "debug.log":
                    break
        return "\n".join(parts) or f"(no Neo4j log found under {self.data_dir / 'logs'})"

    def stop(self, timeout: float = 30.0) -> None:
        """Terminate the server, wait, then kill it; safe to call twice."""
        pid = self.process.pid if self.process else _read_pid(self.pid_file)
        if pid:
            _terminate(pid, timeout, self.process)
        self.process = None
        self.running = None
        self.pid_file.unlink(missing_ok=True)
        (self.data_dir / "server.json").unlink(missing_ok=True)


def _wait_for_bolt(uri: str) -> None:
    """Raise OSError at once while nothing listens yet (the driver would retry for long)."""
    host, port = uri.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=1):
        pass


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _terminate(pid: int, timeout: float, process: subprocess.Popen[bytes] | None) -> None:
    if not pid_alive(pid) or (process is None and not _is_java(pid)):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return
        if process is None and not pid_alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if process is not None:
        process.wait(timeout=10)


def _is_java(pid: int) -> bool:
    try:
        return b"java" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # No /proc (macOS): trust the pid file.


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to the child when the parent dies (PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)
