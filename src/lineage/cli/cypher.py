"""`lineage cypher`: cypher-shell, connected to the Neo4j the service uses, for ad hoc
Cypher (docs/cypher.md). The shell is fetched once into the cache, as the server's jars are."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Annotated

import typer

from lineage import neo4j_local
from lineage.cli.common import fail, say, settings
from lineage.neo4j_local import LocalNeo4jError
from lineage.neo4j_target import configured_target

MAIN_CLASS = "org.neo4j.shell.Main"


def cypher(
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", exists=True, dir_okay=False, help="Run this file's queries."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-P", help="A query parameter, as cypher-shell takes it: 'name => value'."
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--format", help="auto, verbose or plain (cypher-shell's formats).")
    ] = "auto",
) -> None:
    """Open cypher-shell on the configured Neo4j (NEO4J_URI, else the running managed
    server), signed in with its credentials; with --file, run that file and exit."""
    chosen = settings()
    target = configured_target(chosen)
    if target is None:
        raise fail(
            f"no Neo4j to connect to: NEO4J_URI is not set and no managed Neo4j runs on "
            f"{chosen.neo4j_data_dir}; start one with `lineage run` or `lineage neo4j start`"
        )
    try:
        java = neo4j_local.find_java(chosen.java)
        jars = neo4j_local.install_cypher_shell(chosen.cache_dir, say)
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    user, password = target.auth or ("neo4j", "")  # any credentials pass without auth
    # Credentials go in the environment, where cypher-shell reads them, not in the
    # process list; the service's own NEO4J_* settings are replaced (cypher-shell refuses
    # NEO4J_URI beside NEO4J_ADDRESS).
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | {
        "NEO4J_ADDRESS": target.uri, "NEO4J_USERNAME": user, "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": target.database,
    }  # fmt: skip
    command = [java, "-cp", f"{jars}/*", MAIN_CLASS, "--format", output]
    for value in param or []:
        command += ["--param", value]
    if file is not None:
        command += ["--file", str(file)]
    raise typer.Exit(code=subprocess.run(command, env=env, check=False).returncode)
