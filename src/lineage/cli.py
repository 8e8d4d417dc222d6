"""The `lineage` command: run the service, manage the local Neo4j, migrate the schema."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
import uvicorn

import lineage
from lineage import logs, neo4j_local
from lineage.api import tracing
from lineage.app import create_app
from lineage.config import Settings
from lineage.demo import load_demo
from lineage.domain.errors import LineageError
from lineage.files_gc import FileCheckReport, GcReport, check_files, collect_garbage
from lineage.graph import audits, files, migrations
from lineage.graph.database import Database, timed_out, unavailable
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jError
from lineage.neo4j_target import Neo4jTarget, local_config, neo4j_target
from lineage.services import access
from lineage.storage import make_store

T = TypeVar("T")

app = typer.Typer(help="Asset lineage service.", no_args_is_help=True, add_completion=False)
neo4j_app = typer.Typer(help="The managed local Neo4j (used when NEO4J_URI is not set).")
app.add_typer(neo4j_app, name="neo4j")


def say(message: str) -> None:
    typer.echo(message, err=True)


def fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


@app.command()
def version() -> None:
    """Print the service version and the pinned Neo4j version."""
    typer.echo(f"lineage {lineage.__version__} (managed Neo4j {neo4j_local.NEO4J_VERSION})")


@app.command()
def run() -> None:
    """Start Neo4j (managed, unless NEO4J_URI is set) and the API; Ctrl-C stops both."""
    settings = Settings()
    if neo4j_local.port_in_use(settings.port):
        raise fail(
            f"Port {settings.port} on {settings.host} is already in use (is `make run` already "
            "running?). Stop the other process or set LINEAGE_PORT."
        )
    logs.configure(settings.env, settings.log_level)
    tracing.configure()  # when OTEL_EXPORTER_OTLP_ENDPOINT is set
    tell = logging.getLogger("lineage.run").info  # progress, in the log's format
    try:
        with neo4j_target(settings, tell, supervise=True) as target:
            tell(f"Neo4j: {target.uri} ({target.description})")
            base = f"http://{settings.host}:{settings.port}"
            tell(f"API:     {base}/graphql  (GraphiQL in a browser)")
            tell(f"Health:  {base}/healthz  {base}/readyz" + _metrics(settings, base))
            tell("Press Ctrl-C to stop.")
            app = create_app(settings, target)
            # log_config=None: uvicorn logs through the handler set up above; the access
            # line is the service's own (lineage.access).
            uvicorn.run(
                app, host=settings.host, port=settings.port, log_config=None, access_log=False
            )
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    tell("Stopped.")


def _metrics(settings: Settings, base: str) -> str:
    return f"  Metrics: {base}/metrics" if settings.metrics else ""


@app.command()
def migrate() -> None:
    """Apply the schema migrations (idempotent) and print the schema version."""
    version_applied = _with_database(migrations.apply)
    typer.echo(f"schema version {version_applied}")


def _with_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work` against the configured Neo4j (starting the managed one if needed)."""
    settings = Settings()

    async def go(target: Neo4jTarget) -> T:
        db = Database.connect(target.uri, target.auth, target.database, settings.neo4j_timeouts)
        try:
            return await work(db)
        except Exception as exc:
            if unavailable(exc) or timed_out(exc):
                raise fail(_unreachable(target.uri, exc)) from None
            raise
        finally:
            await db.close()

    # The driver logs each retry; the one line above says what went wrong.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    try:
        with neo4j_target(settings, say) as target:
            return asyncio.run(go(target))
    except (LocalNeo4jError, LineageError) as exc:
        raise fail(str(exc)) from None


def _unreachable(uri: str, error: Exception) -> str:
    reason = " ".join(str(error).split())
    reason = reason if len(reason) <= 160 else reason[:157] + "..."
    return (
        f"Neo4j at {uri} could not answer ({reason}). Start it (`lineage neo4j start`) or "
        "check NEO4J_URI."
    )


@app.command()
def demo(
    owner: Annotated[
        str | None, typer.Option(help="User id to make OWNER of the demo space (API access).")
    ] = None,
) -> None:
    """Load Jennifer's lifecycle and one example of each lineage chain (idempotent)."""

    async def load(db: Database) -> dict[str, str]:
        loaded = await load_demo(db, say)
        if owner is not None:
            await access.set_member(db, loaded.ids["space"], owner, "OWNER")
            say(f"{owner} is OWNER of the demo space.")
        return loaded.ids

    typer.echo(json.dumps(_with_database(load), indent=2))


@app.command()
def audit(
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Run every graph audit (cypher/audits) read-only; exit 1 when any finds a violation."""
    results = _with_database(audits.run_audits)
    typer.echo(audits.to_json(results) if as_json else audits.format_table(results))
    if audits.has_violations(results):
        raise typer.Exit(code=1)


user_app = typer.Typer(help="Users of the API.")
token_app = typer.Typer(help="Bearer API tokens (stored hashed; shown once).")
member_app = typer.Typer(
    help="Space membership (owner, editor, viewer), set directly: the operator's path, with "
    "database access. API users invite with inviteMember / acceptInvitation."
)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(member_app, name="member")


@user_app.command("create")
def user_create(name: str) -> None:
    """Create a user and print its id."""
    user = _with_database(lambda db: access.create_user(db, name))
    typer.echo(user.id)


@token_app.command("create")
def token_create(user_id: str, label: str = "api") -> None:
    """Create an API token for a user and print it (it cannot be shown again)."""
    typer.echo(_with_database(lambda db: access.create_token(db, user_id, label)))


@member_app.command("set")
def member_set(space_id: str, user_id: str, role: str = "EDITOR") -> None:
    """Give a user a role (OWNER, EDITOR or VIEWER) in a space, without an invitation."""
    typer.echo(_with_database(lambda db: access.set_member(db, space_id, user_id, role)))


@member_app.command("remove")
def member_remove(space_id: str, user_id: str) -> None:
    """Take a member out of a space (refused for its last owner)."""
    _with_database(lambda db: access.remove_member(db, space_id, user_id, actor=None))
    typer.echo(f"{user_id} is no longer a member of {space_id}")


files_app = typer.Typer(help="Render files in the configured store (local folder or S3).")
app.add_typer(files_app, name="files")


@files_app.command("gc")
def files_gc(
    apply: Annotated[bool, typer.Option("--apply", help="Delete (default: dry run).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Find files no render refers to; with --apply, remove them."""
    store = make_store(Settings())

    async def collect(db: Database) -> GcReport:
        return await collect_garbage(store, lambda: files.referenced_file_keys(db), apply=apply)

    report = _with_database(collect)
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())


@files_app.command("check")
def files_check(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Find renders whose file is missing from the store; exit 1 when any is."""
    store = make_store(Settings())

    async def check(db: Database) -> FileCheckReport:
        return await check_files(store, lambda: files.file_references(db))

    report = _with_database(check)
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())
    if not report.ok:
        raise typer.Exit(1)


@neo4j_app.command("install")
def neo4j_install() -> None:
    """Fetch the Neo4j jars from Maven Central into the cache folder (once)."""
    settings = Settings()
    try:
        neo4j_local.find_java(settings.java)
        path = neo4j_local.install(settings.cache_dir, say)
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    typer.echo(str(path))


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the managed Neo4j in the background and print how to connect to it."""
    server = LocalNeo4j(local_config(Settings()), say)
    try:
        running = server.start(detach=True)
    except LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    typer.echo(json.dumps({"pid": running.pid, "uri": running.uri, "user": running.user}))
    say(f"Password: in {server.data_dir / 'password'}. Stop with `lineage neo4j stop`.")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the managed Neo4j started by `lineage neo4j start`."""
    server = LocalNeo4j(local_config(Settings()), say)
    if neo4j_local.read_server_file(server.data_dir) is None:
        say("No managed Neo4j is running on this data folder.")
    server.stop()


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the managed Neo4j is installed and running."""
    settings = Settings()
    installed = neo4j_local.is_installed(settings.cache_dir)
    running = neo4j_local.read_server_file(settings.neo4j_data_dir)
    typer.echo(
        json.dumps(
            {
                "version": neo4j_local.NEO4J_VERSION,
                "installed": installed,
                "jars": str(neo4j_local.jar_dir(settings.cache_dir)),
                "data_dir": str(settings.neo4j_data_dir),
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
