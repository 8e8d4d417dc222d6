"""Measure a first `make run` from a clean clone: seconds until /readyz answers 200, and the
disk taken by what it installed (.venv, the Neo4j jars cache, Maven's repository, ...).

    python3 scripts/first_run.py [--keep]

The clone of this checkout's HEAD gets a fresh HOME, so pip's, npm's and Maven's caches start
empty and everything is downloaded; the API and the managed Neo4j listen on free ports.
Prints the figures (JSON), then stops `make run` and removes the folder unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CEILING_S = 1800.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=3) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def mib(path: Path) -> float | None:
    if not path.exists():
        return None
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return round(int(out.stdout.split()[0]) / 1024, 1)


def first_run(work: Path) -> dict[str, object]:
    clone, home = work / "lineage", work / "home"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    home.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "LINEAGE_"))}
    env.update(
        HOME=str(home),
        # Java takes the home folder from the password database, not HOME.
        MAVEN_OPTS=f"-Dmaven.repo.local={home / '.m2' / 'repository'}",
        LINEAGE_PORT=str(port),
        LINEAGE_NEO4J_BOLT_PORT="0",
    )
    log = (work / "make-run.log").open("wb")
    started = time.monotonic()
    make = subprocess.Popen(
        ["make", "run"], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        while not ready(port):
            if make.poll() is not None or time.monotonic() - started > CEILING_S:
                tail = (work / "make-run.log").read_text(errors="replace")[-3000:]
                raise SystemExit(f"make run did not get ready:\n{tail}")
            time.sleep(1)
        seconds = round(time.monotonic() - started, 1)
    finally:
        os.killpg(make.pid, signal.SIGINT)
        try:
            make.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
    installed = subprocess.run(
        [str(clone / ".venv/bin/pip"), "list", "--format=freeze"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {
        "seconds_to_ready": seconds,
        "mib": {
            ".venv": mib(clone / ".venv"),
            "neo4j_jars_cache": mib(home / ".cache" / "lineage"),
            "maven_repository": mib(home / ".m2" / "repository"),
            "web_node_modules": mib(clone / "web" / "node_modules"),
            "pip_cache": mib(home / ".cache" / "pip"),
            "npm_cache": mib(home / ".npm"),
            "data_dir": mib(home / ".local" / "share" / "lineage"),
        },
        "python_packages": len(installed.splitlines()),
        "dev_tools_installed": [
            line for line in installed.splitlines() if line.split("==")[0] in {"pytest", "mypy"}
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the clone and its HOME")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lineage-first-run-"))
    try:
        print(json.dumps(first_run(work), indent=2))
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
