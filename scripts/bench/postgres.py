"""PostgreSQL 15 as the relational peer for the lineage walks, on the same generated data.

The benchmark starts its own cluster (initdb, pg_ctl) in a temporary folder on a free port
of 127.0.0.1 and stops it afterwards. As root, the server runs as the `postgres` user
(PostgreSQL refuses to run as root). Schema: `assets` (id primary key, type, layer, name,
space_id) and `edges` (src -> dst, as the lineage edges point: child -> parent, render ->
input) with an index in each direction. A walk is a recursive CTE with UNION (a node is
expanded once per depth it is reached at), bounded in depth, returning the reached assets
with their smallest depth and the edges the walk expanded, as the GraphQL lineage field does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from bench.generate import SpaceGraph
from lineage.neo4j_local import free_port

BIN = Path(os.environ.get("PG_BIN", "/usr/local/bin"))
SETTINGS = (
    "-c shared_buffers=256MB -c work_mem=16MB -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
)
SCHEMA = """
CREATE TABLE assets (id text PRIMARY KEY, type text NOT NULL, layer text NOT NULL,
                     name text NOT NULL, space_id text NOT NULL);
CREATE TABLE edges (src text NOT NULL, dst text NOT NULL, type text NOT NULL, role text);
"""
INDEXES = """
CREATE INDEX edges_src ON edges (src, dst);
CREATE INDEX edges_dst ON edges (dst, src);
ANALYZE assets;
ANALYZE edges;
"""
# Parameters: id (the root), depth. Upstream follows src -> dst, downstream dst -> src.
WALK = """
WITH RECURSIVE walk(id, depth) AS (
  SELECT %(id)s::text, 0
  UNION
  SELECT {next}, w.depth + 1
  FROM walk w JOIN edges e ON {join} = w.id
  WHERE w.depth < %(depth)s
),
reached AS (SELECT id, min(depth) AS depth FROM walk GROUP BY id)
SELECT
  (SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'depth', r.depth))
     FROM reached r JOIN assets a ON a.id = r.id) AS nodes,
  (SELECT json_agg(json_build_object('from', e.src, 'to', e.dst, 'type', e.type,
                                     'role', e.role))
     FROM edges e JOIN reached s ON s.id = e.src JOIN reached d ON d.id = e.dst
     WHERE {expanded}.depth < %(depth)s) AS edges
"""
# The edges listed are those a level expanded: leaving (upstream) or reaching (downstream)
# an asset found before the last level, as graph.lineage.walk lists them.
UPSTREAM = WALK.format(next="e.dst", join="e.src", expanded="s")
DOWNSTREAM = WALK.format(next="e.src", join="e.dst", expanded="d")


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def cluster() -> Iterator[str]:
    """A running PostgreSQL in a new temporary folder; yields its connection string."""
    with tempfile.TemporaryDirectory(prefix="lineage-bench-pg-") as tmp:
        folder = Path(tmp)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        with _running(folder) as dsn:
            yield dsn


@contextmanager
def _running(folder: Path) -> Iterator[str]:
    data = folder / "pgdata"
    port = free_port()
    subprocess.run(
        _as_postgres([str(BIN / "initdb"), "-D", str(data), "-U", "bench", "-A", "trust"]),
        check=True, capture_output=True,
    )  # fmt: skip
    log = folder / "postgres.log"
    start = [str(BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "120",
             "-o", f"-p {port} {SETTINGS}", "start"]  # fmt: skip
    subprocess.run(_as_postgres(start), check=True, capture_output=True)
    try:
        yield f"host=127.0.0.1 port={port} user=bench dbname=postgres"
    finally:
        stop = [str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_postgres(stop), check=False, capture_output=True)


class Peer:
    """The tables and the two walks."""

    def __init__(self, dsn: str) -> None:
        self.connection = psycopg.connect(dsn, autocommit=True)
        self.connection.execute(SCHEMA)
        self.indexed = False

    def add(self, graph: SpaceGraph) -> None:
        """Copy one space's assets and lineage edges in (indexes built once, after the
        first copy, then kept up to date)."""
        with self.connection.cursor() as cursor:
            with cursor.copy("COPY assets (id, type, layer, name, space_id) FROM STDIN") as copy:
                for a in graph.assets:
                    copy.write_row((a.id, str(a.type), str(a.layer), a.name, a.space_id))
            with cursor.copy("COPY edges (src, dst, type, role) FROM STDIN") as copy:
                for d in graph.derives:
                    copy.write_row((d["child_id"], d["parent_id"], "DERIVES_FROM", d["kind"]))
                for u in graph.uses:
                    copy.write_row((u["render_id"], u["id"], "USES", u["role"]))
        if not self.indexed:
            self.connection.execute(INDEXES)
            self.indexed = True
        else:
            self.connection.execute("ANALYZE assets; ANALYZE edges;")

    def walk(self, root: str, depth: int, upstream: bool) -> dict[str, Any]:
        query = UPSTREAM if upstream else DOWNSTREAM
        row = self.connection.execute(query, {"id": root, "depth": depth}).fetchone()
        assert row is not None
        return {"nodes": row[0] or [], "edges": row[1] or []}

    def close(self) -> None:
        self.connection.close()
