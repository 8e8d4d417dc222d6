"""`lineage cypher` runs cypher-shell (fetched once into the cache) on the configured Neo4j
with its credentials: a cookbook query with a parameter and an audit, from their files."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import commands

from lineage.demo import load_demo
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [*commands.LINEAGE, "cypher"]


def environment(target: Neo4jTarget | None, data_dir: Path | None = None) -> dict[str, str]:
    env = commands.environment(target)
    if data_dir is not None:
        env["LINEAGE_DATA_DIR"] = str(data_dir)
    return env


async def shell(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        subprocess.run, [*COMMAND, *args], env=env, capture_output=True, text=True,
        timeout=600, cwd=ROOT,
    )  # fmt: skip


async def test_a_cookbook_query_and_an_audit_through_cypher_shell(
    graph: Database, neo4j_target: Neo4jTarget
) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    env = environment(neo4j_target)
    query = "cypher/cookbook/biggest_fan_out.cypher"
    done = await shell(env, "--format", "plain", "-f", query, "-P", "limit => 3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "asset, asset_id, type, layer, dependents"
    assert lines[1:] == sorted(
        [
            f'"Jennifer", "{ids["space_jennifer"]}", "CHARACTER", "SPACE", 3',
            f'"Jennifer", "{ids["project_jennifer"]}", "CHARACTER", "PROJECT", 3',
            f'"LivingRoom_scene_morning", "{ids["project_morning"]}", "SCENE", "PROJECT", 3',
        ]
    )
    audit = await shell(env, "--format", "plain", "-f", "cypher/audits/dangling_edges.cypher")
    assert audit.returncode == 0, audit.stderr
    assert len(audit.stdout.strip().splitlines()) <= 1  # at most the header: no violation


async def test_without_a_server_it_says_how_to_get_one(tmp_path: Path) -> None:
    done = await shell(environment(None, tmp_path))
    assert done.returncode == 2
    assert "no Neo4j to connect to" in done.stderr and "lineage neo4j start" in done.stderr
