"""The managed local Neo4j: Community jars from Maven Central, run as a child process.

Used when no NEO4J_URI is configured and no Docker engine is wanted: `install` fetches the
jars once into a cache folder with `mvn`; `start` writes a neo4j.conf (loopback only), sets a
generated password offline before the first start (so the default one is never accepted),
launches `org.neo4j.server.CommunityEntryPoint` and waits until Bolt answers. Before any
password is sent, the socket listening on the port must be the child's own: a server that took
the port meanwhile is refused. `stop` terminates it (then kills it if it will not go).

Everything in the data folder is the owner's only (folder 0700, files created 0600).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

from lineage import port_owner

# The one place the Neo4j version is pinned (newest 5.26 LTS patch).
NEO4J_VERSION = "5.26.30"
# Neo4j Browser is released apart from the server; this is the newest on Maven Central.
BROWSER_VERSION = "5.24.0"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
DEFAULT_PASSWORD = "neo4j"
PASSWORD_ALPHABET = string.ascii_letters + string.digits  # no leading "-" for the admin tool
PRIVATE_UMASK = 0o077  # what the child creates is the owner's only

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
    browser: bool = False  # serve Neo4j Browser at /browser/ on the HTTP port

    @property
    def browser_url(self) -> str | None:
        return f"http://127.0.0.1:{self.http_port}/browser/" if self.browser else None


@dataclass(frozen=True)
class RunningNeo4j:
    """Where a started server answers; written to `server.json` beside its data."""

    pid: int
    uri: str
    user: str
    password: str | None
    version: str = NEO4J_VERSION
    restarts: int = 0  # times `lineage run` brought it back after it died

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None

    @property
    def bolt_port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])


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

Coordinates = tuple[str, str, str]  # Maven group, artifact, version

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lineage.local</groupId>
  <artifactId>{artifact}-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
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
    coordinates = ("org.neo4j", "neo4j", NEO4J_VERSION)
    return _fetch(coordinates, jar_dir(cache_dir), f"Neo4j {NEO4J_VERSION}", progress)


def cypher_shell_dir(cache_dir: Path) -> Path:
    return cache_dir / f"cypher-shell-{NEO4J_VERSION}" / "lib"


def install_cypher_shell(cache_dir: Path, progress: Progress = print) -> Path:
    """Fetch cypher-shell (the same release as the server) and its jars into the cache
    once, beside the server's but apart: they bring their own Bolt driver."""
    label = f"cypher-shell {NEO4J_VERSION}"
    coordinates = ("org.neo4j", "cypher-shell", NEO4J_VERSION)
    return _fetch(coordinates, cypher_shell_dir(cache_dir), label, progress)


def browser_dir(cache_dir: Path) -> Path:
    return cache_dir / f"neo4j-browser-{BROWSER_VERSION}" / "lib"


def install_browser(cache_dir: Path, progress: Progress = print) -> Path:
    """Fetch Neo4j Browser's jar once: on the server's class path, the server's own browser
    module serves it at /browser/ on the HTTP port."""
    label = f"Neo4j Browser {BROWSER_VERSION}"
    coordinates = ("org.neo4j.client", "neo4j-browser", BROWSER_VERSION)
    return _fetch(coordinates, browser_dir(cache_dir), label, progress)


def _fetch(coordinates: Coordinates, target: Path, label: str, progress: Progress) -> Path:
    """The runtime jars of the artifact at `coordinates` (group, artifact, version) in
    `target`, fetched with Maven the first time (`.complete` marks a finished fetch; an
    interrupted one starts again)."""
    if (target / ".complete").exists():
        return target
    mvn = find_maven()
    work = target.parent / "fetch"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    group, name, version = coordinates
    (work / "pom.xml").write_text(POM.format(group=group, artifact=name, version=version))
    progress(f"Fetching {label} jars from Maven Central into {target} ...")
    _run_maven(mvn, work, progress)
    shutil.rmtree(target, ignore_errors=True)
    (work / "lib").rename(target)
    shutil.rmtree(work, ignore_errors=True)
    jars = len(list(target.glob("*.jar")))
    (target / ".complete").write_text(f"{version}\n{jars} jars\n")
    progress(f"{label} installed ({jars} jars).")
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
    """The server recorded in the data folder, if its process still answers on its port."""
    path = data_dir / "server.json"
    if not path.exists():
        return None
    running = RunningNeo4j(**json.loads(path.read_text()))
    if not pid_alive(running.pid):
        return None
    # A reused pid, or another server on the port, is not the server recorded here.
    try:
        ours = port_owner.held_only_by(running.pid, running.bolt_port)
    except port_owner.PortOwnerUnknown as exc:
        raise LocalNeo4jError(str(exc)) from None
    return running if ours else None


def render_conf(config: LocalNeo4jConfig, bolt_port: int) -> str:
    # The HTTP discovery document tells tools (Neo4j Browser) where Bolt answers: the port
    # actually bound, not Neo4j's default 7687.
    http = (
        f"server.http.enabled=true\nserver.http.listen_address=127.0.0.1:{config.http_port}\n"
        f"server.http.advertised_address=127.0.0.1:{config.http_port}"
        if config.http_port
        else "server.http.enabled=false"
    )
    return "\n".join(
        [
            "# Generated by lineage for its managed local Neo4j; rewritten at every start.",
            "server.default_listen_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
            "server.bolt.enabled=true",
            http,
            "server.https.enabled=false",
            f"dbms.security.auth_enabled={'true' if config.auth else 'false'}",
            # Neo4j locks a user for 5 s after 3 wrong passwords, whoever sent them: any local
            # process could keep this service from signing in. The generated password (32
            # characters) is beyond guessing, so the lock guards nothing here.
            "dbms.security.auth_max_failed_attempts=0",
            f"server.memory.heap.initial_size={config.heap}",
            f"server.memory.heap.max_size={config.heap}",
            f"server.memory.pagecache.size={config.pagecache}",
            f"server.directories.data={config.data_dir / 'data'}",
            f"server.directories.logs={config.data_dir / 'logs'}",
            f"server.directories.run={config.data_dir / 'run'}",
            f"server.directories.import={config.data_dir / 'import'}",
            "dbms.usage_report.enabled=false",
            # Neo4j Browser, when served, sends no usage data.
            "client.allow_telemetry=false",
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

    @property
    def password_file(self) -> Path:
        return self.data_dir / "password"

    @property
    def server_file(self) -> Path:
        return self.data_dir / "server.json"

    def start(
        self,
        *,
        detach: bool = False,
        cancelled: Callable[[], bool] = lambda: False,
        restarts: int = 0,
    ) -> RunningNeo4j:
        """Start the server and wait until Bolt answers. Attached servers die with us.

        `cancelled` is asked while waiting; when it says yes the start is abandoned.
        `restarts` is how many times the server died and was started again (for server.json).
        """
        java = find_java(self.config.java)
        jars = install(self.config.cache_dir, self.progress)
        class_path = self._class_path(jars)
        self._refuse_if_already_running()
        bolt_port = self.config.bolt_port or free_port()
        _refuse_busy_port(bolt_port)
        self._prepare_folder(bolt_port)
        password = self._initial_password(java, jars)
        self.process = self._launch(java, class_path, detach)
        write_private(self.pid_file, f"{self.process.pid}\n")
        uri = f"bolt://127.0.0.1:{bolt_port}"
        try:
            self._wait_until_ready(uri, password, cancelled)
        except BaseException:
            self.stop()
            raise
        self.running = RunningNeo4j(self.process.pid, uri, "neo4j", password, restarts=restarts)
        write_private(self.server_file, json.dumps(dataclasses.asdict(self.running)))
        return self.running

    def _class_path(self, jars: Path) -> str:
        if not self.config.browser:
            return f"{jars}/*"
        if not self.config.http_port:
            raise LocalNeo4jError(
                "Neo4j Browser is served on the managed Neo4j's HTTP port, which is off: set "
                "LINEAGE_NEO4J_HTTP_PORT (e.g. 7474) as well as LINEAGE_NEO4J_BROWSER."
            )
        return f"{jars}/*{os.pathsep}{install_browser(self.config.cache_dir, self.progress)}/*"

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
        self.server_file.unlink(missing_ok=True)

    def _prepare_folder(self, bolt_port: int) -> None:
        """The data folder and its parts, the owner's only (also when made by older versions)."""
        make_private_dir(self.data_dir)
        for sub in ("conf", "data", "logs", "run", "import"):
            make_private_dir(self.data_dir / sub)
        for secret in (self.password_file, self.server_file):
            if secret.exists():
                secret.chmod(0o600)
        write_private(self.data_dir / "conf" / "neo4j.conf", render_conf(self.config, bolt_port))

    def _initial_password(self, java: str, jars: Path) -> str | None:
        """The password to use; before the first start it is set offline, so the default
        password is never accepted, not even for a moment."""
        if not self.config.auth:
            return None
        if self._store_exists():
            if not self.password_file.exists():
                raise self._lost_password(f"{self.password_file} is missing")
            return self.password_file.read_text().strip()
        if self.password_file.exists():  # an earlier first start stopped before the store
            password = self.password_file.read_text().strip()
        else:
            password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(32))
            write_private(self.password_file, password + "\n")
        self._set_initial_password(java, jars, password)
        return password

    def _store_exists(self) -> bool:
        return (self.data_dir / "data" / "databases" / "system").exists()

    def _set_initial_password(self, java: str, jars: Path, password: str) -> None:
        """`neo4j-admin dbms set-initial-password`, from the jars; the password goes through
        an argument file (0600), never the command line other users can read."""
        arguments = self.data_dir / "run" / "set-initial-password.args"
        write_private(arguments, password + "\n")
        command = [java, "-Xmx256m", "-cp", f"{jars}/*", ADMIN_TOOL,
                   "dbms", "set-initial-password", f"@{arguments}"]  # fmt: skip
        env = os.environ | {
            "NEO4J_HOME": str(self.data_dir),
            "NEO4J_CONF": str(self.data_dir / "conf"),
        }
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, umask=PRIVATE_UMASK,
                cwd=self.data_dir, timeout=self.config.start_timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise LocalNeo4jError(
                "Setting the managed Neo4j's initial password took longer than "
                f"{self.config.start_timeout:.0f} s (raise LINEAGE_NEO4J_START_TIMEOUT on slow "
                "machines)."
            ) from None
        finally:
            arguments.unlink(missing_ok=True)
        if done.returncode != 0:
            raise LocalNeo4jError(
                "Setting the managed Neo4j's initial password failed "
                f"(`neo4j-admin dbms set-initial-password`, exit code {done.returncode}):\n"
                + (done.stdout + done.stderr).strip()
            )

    def _launch(self, java: str, class_path: str, detach: bool) -> subprocess.Popen[bytes]:
        heap = self.config.heap
        command = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-cp", class_path,
                   ENTRY_POINT, f"--home-dir={self.data_dir}",
                   f"--config-dir={self.data_dir / 'conf'}"]  # fmt: skip
        with open_private_log(self.data_dir / "logs" / "console.log") as console:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
                umask=PRIVATE_UMASK,
                start_new_session=True,  # Ctrl-C reaches us; we stop Neo4j in order.
                preexec_fn=None if detach else _die_with_parent,
            )

    def _wait_until_ready(
        self, uri: str, password: str | None, cancelled: Callable[[], bool]
    ) -> None:
        deadline = time.monotonic() + self.config.start_timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise LocalNeo4jError(
                    f"Neo4j exited during start-up (exit code {self.process.returncode}).\n"
                    + self.log_tail()
                )
            if cancelled():
                raise LocalNeo4jError("The start of the managed Neo4j was cancelled.")
            with contextlib.suppress(ServiceUnavailable, SessionExpired, TransientError, OSError):
                # HTTP starts a moment after Bolt; tools are sent to it once both answer.
                if self._ours_answers(uri) and self._http_answers():
                    self._authenticate(uri, password)
                    return
            time.sleep(0.25)
        raise LocalNeo4jError(
            f"Neo4j did not answer on {uri} within {self.config.start_timeout:.0f} s "
            "(raise LINEAGE_NEO4J_START_TIMEOUT on slow machines).\n" + self.log_tail()
        )

    def _ours_answers(self, uri: str) -> bool:
        """Whether the child listens on the port yet; refuse when another process does."""
        _wait_for_bolt(uri)
        assert self.process is not None
        port = int(uri.rsplit(":", 1)[1])
        try:
            ours = port_owner.held_only_by(self.process.pid, port)
        except port_owner.PortOwnerUnknown as exc:
            raise LocalNeo4jError(str(exc)) from None
        if ours is False:
            others = sorted(port_owner.holders(port) - {self.process.pid})
            who = f"pid {', '.join(map(str, others))}" if others else "a process of another user"
            raise LocalNeo4jError(
                f"Another process ({who}) took 127.0.0.1:{port}, not the Neo4j started here "
                f"(pid {self.process.pid}); it was not used and no password was sent to it. "
                "Stop that process, or choose another port with LINEAGE_NEO4J_BOLT_PORT "
                "(0 picks a free one)."
            )
        return bool(ours)

    def _http_answers(self) -> bool:
        return not self.config.http_port or port_in_use(self.config.http_port)

    def _authenticate(self, uri: str, password: str | None) -> None:
        auth = ("neo4j", password) if password is not None else None
        try:
            with GraphDatabase.driver(uri, auth=auth) as driver:
                driver.verify_connectivity()
        except AuthError as exc:
            raise self._lost_password(f"it refused the one in {self.password_file}") from exc

    def _lost_password(self, why: str) -> LocalNeo4jError:
        return LocalNeo4jError(
            f"The managed Neo4j in {self.data_dir} cannot be opened without its password "
            f"({why}). The password is generated before its first start and kept only in "
            f"{self.password_file}. Restore the file, or delete {self.data_dir} to start over "
            "with an empty graph (or choose another LINEAGE_DATA_DIR)."
        )

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
        self.server_file.unlink(missing_ok=True)


def _refuse_busy_port(port: int) -> None:
    if not port_in_use(port):
        return
    pids: list[int] = []
    with contextlib.suppress(port_owner.PortOwnerUnknown):
        pids = sorted(port_owner.holders(port))
    held = f" (by pid {', '.join(map(str, pids))})" if pids else ""
    raise LocalNeo4jError(
        f"Port {port} on 127.0.0.1 is already in use{held}, so Neo4j cannot listen "
        "there. Stop whatever uses it, or choose another port with "
        "LINEAGE_NEO4J_BOLT_PORT (0 picks a free one)."
    )


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


def _load_prctl() -> Callable[[int, int], int] | None:
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    return None


# Loaded here, not in the forked child: between fork and exec only this call runs.
_PRCTL = _load_prctl()


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to the child when the thread that started it ends
    (PR_SET_PDEATHSIG)."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGTERM)


# --- private files -------------------------------------------------------------------------


def make_private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def write_private(path: Path, text: str) -> None:
    """Write `path` as the owner's only from its first byte: a 0600 temporary file, renamed."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def open_private_log(path: Path) -> BinaryIO:
    """Open a log for appending; created 0600 (and made so when an older version made it)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "ab")
