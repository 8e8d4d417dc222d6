"""Run the `lineage` command as a user would, against the tests' Neo4j."""

from __future__ import annotations

import os
import sys

from lineage.neo4j_target import Neo4jTarget

LINEAGE = [sys.executable, "-c", "from lineage.cli import app; app()"]


def environment(target: Neo4jTarget | None) -> dict[str, str]:
    """This process's environment, its NEO4J_* settings replaced by `target`'s (none: the
    command looks for a managed server)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if target is not None:
        env |= {"NEO4J_URI": target.uri, "NEO4J_DATABASE": target.database}
        if target.auth is not None:
            env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    return env
