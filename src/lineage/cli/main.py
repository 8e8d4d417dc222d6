"""The `lineage` command: run the service, migrate the schema, load the demo, run the
audits; the command groups (neo4j, user, token, space, member, files, trash) are registered here."""

from __future__ import annotations

import json
import logging
from typing import Annotated

import typer

import lineage
from lineage import logs, neo4j_local, serving
from lineage.api import tracing
from lineage.cli import (
    archive,
    as_of,
    cleanup,
    common,
    cypher,
    diff,
    export,
    files,
    history,
    members,
    neo4j,
    spaces,
    tokens,
    trash,
    users,
)
from lineage.cli.common import fail, say, with_database
from lineage.config import Settings
from lineage.demo import load_demo
from lineage.graph import audits, migrations
from lineage.graph.database import Database
from lineage.neo4j_local import LocalNeo4jError
from lineage.neo4j_target import local_config, neo4j_target
from lineage.services import access

app = typer.Typer(help="Asset lineage service.", no_args_is_help=True, add_completion=False)
app.add_typer(neo4j.app, name="neo4j")
app.add_typer(users.app, name="user")
app.add_typer(tokens.app, name="token")
app.add_typer(spaces.app, name="space")
app.add_typer(members.app, name="member")
app.add_typer(files.app, name="files")
app.add_typer(cleanup.app, name="cleanup")
app.add_typer(export.app, name="export")
app.add_typer(trash.app, name="trash")
app.command("cypher")(cypher.cypher)
app.command("import")(archive.import_command)
app.command("history")(history.history)
app.command("diff")(diff.diff)
app.command("as-of")(as_of.as_of)


@app.command()
def version() -> None:
    """Print the service version and the pinned Neo4j version."""
    typer.echo(f"lineage {lineage.__version__} (managed Neo4j {neo4j_local.NEO4J_VERSION})")


@app.command()
def run(
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="API processes on the one port (default LINEAGE_WORKERS)."
        ),
    ] = None,
) -> None:
    """Start Neo4j (managed, unless NEO4J_URI is set) and the API; Ctrl-C stops both."""
    settings = common.settings()
    common.file_store(settings)  # a storage setting that cannot be used stops here, in one line
    if neo4j_local.port_in_use(settings.port):
        raise fail(
            f"Port {settings.port} on {settings.host} is already in use (is `make run` already "
            "running?). Stop the other process or set LINEAGE_PORT."
        )
    logs.configure(settings.env, settings.log_level)
    tracing.configure()  # when OTEL_EXPORTER_OTLP_ENDPOINT is set
    tell = logging.getLogger("lineage.run").info  # progress, in the log's format
    processes = workers or settings.workers
    try:
        with neo4j_target(settings, tell, supervise=True) as target:
            tell(f"Neo4j: {target.uri} ({target.description})")
            if settings.uses_managed_neo4j and settings.neo4j_browser:
                tell(f"Neo4j Browser: {local_config(settings).browser_url}")
            base = f"http://{settings.host}:{settings.port}"
            ide = "  (GraphiQL in a browser)" if settings.graphiql_enabled else ""
            tell(f"API:     {base}/graphql{ide}")
            tell(f"Health:  {base}/healthz  {base}/readyz" + _metrics(settings, base))
            if processes > 1:
                tell(f"Workers: {processes} API processes")
            tell("Press Ctrl-C to stop.")
            serving.serve(settings, target, processes)
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    tell("Stopped.")


def _metrics(settings: Settings, base: str) -> str:
    return f"  Metrics: {base}/metrics" if settings.metrics else ""


@app.command()
def migrate() -> None:
    """Apply the schema migrations (idempotent) and print the schema version."""
    version_applied = with_database(migrations.apply)
    typer.echo(f"schema version {version_applied}")


@app.command()
def demo(
    owner: Annotated[
        str | None, typer.Option(help="User id to make OWNER of the demo space (API access).")
    ] = None,
) -> None:
    """Load Jennifer's lifecycle and one example of each lineage chain (idempotent); each
    render gets a small picture in the configured file store."""
    store = common.file_store(common.settings())

    async def load(db: Database) -> dict[str, str]:
        loaded = await load_demo(db, say, store)
        if owner is not None:
            await access.set_member(db, loaded.ids["space"], owner, "OWNER")
            say(f"{owner} is OWNER of the demo space.")
        return loaded.ids

    typer.echo(json.dumps(with_database(load), indent=2))


@app.command()
def audit(
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Run every graph audit (cypher/audits) read-only; exit 1 when any finds a violation."""
    results = with_database(audits.run_audits)
    typer.echo(audits.to_json(results) if as_json else audits.format_table(results))
    if audits.has_violations(results):
        raise typer.Exit(code=1)
