"""A setting that cannot be used stops every command that reads the settings, and the
`uvicorn --factory` app, with exit code 2 and one line naming the variable, the value and
what is accepted: no traceback, nothing started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LINEAGE = str(Path(sys.executable).with_name("lineage"))
UVICORN = str(Path(sys.executable).with_name("uvicorn"))

CASES = [
    (["run"], "LINEAGE_PORT", "abc", "use an integer 1-65535"),
    (["run"], "LINEAGE_ENV", "prod", "use one of: development, production"),
    (["migrate"], "LINEAGE_NEO4J_HEAP", "lots", "use a size such as 512m or 2g"),
    (["user", "list"], "LINEAGE_NEO4J_TX_TIMEOUT_S", "-5", "use a number greater than 0"),
    (["token", "create", "user_x"], "LINEAGE_GRAPHIQL", "maybe", "use true, false, 1 or 0"),
    (["member", "list", "space_x"], "LINEAGE_NEO4J_BOLT_PORT", "99999", "use an integer 0-65535"),
    (["neo4j", "status"], "LINEAGE_NEO4J_START_TIMEOUT", "never", "use a number greater than 0"),
    (["files", "gc"], "LINEAGE_FILE_MAX_BYTES", "0", "use an integer of at least 1"),
]


def environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINEAGE_", "NEO4J_"))}
    keep = {k: v for k, v in os.environ.items() if k == "LINEAGE_CYPHER_DIR"}
    return env | keep | {"LINEAGE_DATA_DIR": str(tmp_path / "data")} | changes


def one_line_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert all(word in lines[0] for word in words), lines[0]


@pytest.mark.parametrize(("command", "variable", "value", "accepted"), CASES)
def test_a_command_refuses_an_unusable_setting_in_one_line(
    tmp_path: Path, command: list[str], variable: str, value: str, accepted: str
) -> None:
    env = environment(tmp_path, **{variable: value})
    done = subprocess.run(
        [LINEAGE, *command], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    one_line_refusal(done, f"{variable}='{value}'", accepted)
    assert done.stdout == ""
    assert not (tmp_path / "data" / "neo4j").exists(), "nothing was started"


def test_the_app_factory_refuses_an_unusable_setting_in_one_line(tmp_path: Path) -> None:
    env = environment(tmp_path, NEO4J_URI="bolt://127.0.0.1:1", LINEAGE_GRAPHQL_MAX_DEPTH="x")
    command = [UVICORN, "--factory", "lineage.app:create_app_from_env", "--port", "0"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert "LINEAGE_GRAPHQL_MAX_DEPTH='x' is not accepted (use an integer of at least 1)" in (
        done.stderr
    )


def test_a_storage_setting_that_cannot_be_used_stops_run_in_one_line(tmp_path: Path) -> None:
    env = environment(tmp_path, LINEAGE_CLOUDFRONT_DOMAIN="d.example.net")
    done = subprocess.run(
        [LINEAGE, "run"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    one_line_refusal(done, "LINEAGE_CLOUDFRONT_KEY_PAIR_ID")
