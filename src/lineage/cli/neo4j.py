"""`lineage neo4j ...`: the managed local Neo4j (used when NEO4J_URI is not set)."""

from __future__ import annotations

import json
import sys

import typer

from lineage import neo4j_local
from lineage.cli.common import fail, say, settings
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jError
from lineage.neo4j_target import local_config

app = typer.Typer(help="The managed local Neo4j (used when NEO4J_URI is not set).")


@app.command("install")
def neo4j_install() -> None:
    """Fetch the Neo4j jars (and Neo4j Browser's, with LINEAGE_NEO4J_BROWSER) from Maven
    Central into the cache folder (once)."""
    chosen = settings()
    try:
        neo4j_local.find_java(chosen.java)
        path = neo4j_local.install(chosen.cache_dir, say)
        if chosen.neo4j_browser:
            neo4j_local.install_browser(chosen.cache_dir, say)
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    typer.echo(str(path))


@app.command("start")
def neo4j_start() -> None:
    """Start the managed Neo4j in the background and print how to connect to it."""
    server = LocalNeo4j(local_config(settings()), say)
    try:
        running = server.start(detach=True)
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    typer.echo(json.dumps({"pid": running.pid, "uri": running.uri, "user": running.user}))
    say(f"Password: in {server.data_dir / 'password'}. Stop with `lineage neo4j stop`.")
    if server.config.browser_url:
        say(f"Neo4j Browser: {server.config.browser_url}")


@app.command("stop")
def neo4j_stop() -> None:
    """Stop the managed Neo4j started by `lineage neo4j start`."""
    server = LocalNeo4j(local_config(settings()), say)
    if neo4j_local.read_server_file(server.data_dir) is None:
        say("No managed Neo4j is running on this data folder.")
    server.stop()


@app.command("status")
def neo4j_status() -> None:
    """Say whether the managed Neo4j is installed and running."""
    chosen = settings()
    installed = neo4j_local.is_installed(chosen.cache_dir)
    running = neo4j_local.read_server_file(chosen.neo4j_data_dir)
    typer.echo(
        json.dumps(
            {
                "version": neo4j_local.NEO4J_VERSION,
                "installed": installed,
                "jars": str(neo4j_local.jar_dir(chosen.cache_dir)),
                "data_dir": str(chosen.neo4j_data_dir),
                "running": running is not None,
                "pid": running.pid if running else None,
                "uri": running.uri if running else None,
                "restarts": running.restarts if running else None,
            },
            indent=2,
        )
    )
    if running is None:
        sys.exit(3)
