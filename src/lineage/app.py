"""The Starlette application: lifespan (driver, migrations), health probes, /graphql and
the OpenLineage endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp

from lineage import logs
from lineage.api import tracing
from lineage.api.http import GraphQLGate, LineageGraphQL
from lineage.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from lineage.api.openlineage import PATH as OPENLINEAGE_PATH
from lineage.api.openlineage import OpenLineageEndpoint
from lineage.api.prometheus import ServiceCollector, metrics_endpoint
from lineage.api.refusals import BOOKMARK_HEADER
from lineage.api.request_log import RequestLog
from lineage.api.schema import Limits, build_schema
from lineage.api.tracing import Traced
from lineage.config import ConfigError, Settings, load_settings
from lineage.explorer import explorer_routes, graphiql_page
from lineage.graph import migrations
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget, configured_target
from lineage.services.activity import ActivityHub
from lineage.startup import Migrator
from lineage.storage import StorageConfigError, make_store, routes_for
from lineage.storage.signing import SigningKeyError
from lineage.trash_purger import TrashPurger

log = logging.getLogger("lineage.app")
PROBE_TIMEOUT_S = 3.0
# How long start-up waits for the migrations before serving (another starter may hold them).
MIGRATION_WAIT_S = 30.0
# What a browser on another origin may send: the GraphQL body, the token, an idempotency
# key, bookmarks (read-your-writes across requests).
CORS_REQUEST_HEADERS = ["authorization", "content-type", IDEMPOTENCY_HEADER, BOOKMARK_HEADER]


class Readiness:
    """Reports whether Neo4j answers and the schema is applied (start-up applies it)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def check(self) -> str | None:
        """None when ready, else the reason it is not; answers within seconds either way."""
        try:
            # Fails at once when nothing listens (the query below retries for a while).
            await asyncio.wait_for(self.db.driver.verify_connectivity(), PROBE_TIMEOUT_S)
            version = await asyncio.wait_for(migrations.current_version(self.db), PROBE_TIMEOUT_S)
        except Exception as exc:  # any driver failure means "not ready", with its reason
            detail = str(exc) or "no answer in time"
            return f"Neo4j is not reachable at {self.db.uri}: {type(exc).__name__}: {detail}"
        if version < migrations.latest_version():
            return (
                f"schema version {version} is behind {migrations.latest_version()} "
                "(start-up applies the migrations and retries until they are)"
            )
        return None


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    reason = await request.app.state.readiness.check()
    if reason is None:
        return JSONResponse({"status": "ready"})
    return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)


class LineageApp(Starlette):
    """Starlette with RequestLog outermost: the request id and the access line cover every
    route and every answer, Starlette's own 500 included."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestLog(Traced(super().build_middleware_stack()))


def create_app(settings: Settings, target: Neo4jTarget) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = Database.connect(target.uri, target.auth, target.database, settings.neo4j_timeouts)
        app.state.db = db
        app.state.readiness = Readiness(db)
        app.state.migrator = Migrator(db)
        app.state.activity = ActivityHub(db, settings.activity_poll_s, activity_window_s(settings))
        await app.state.migrator.start(MIGRATION_WAIT_S)
        app.state.purger = TrashPurger(db, files, settings.trash_purge_interval_s)
        app.state.purger.start()
        yield
        await app.state.activity.close()
        await app.state.purger.stop()
        await app.state.migrator.stop()
        await db.close()

    graphql = graphql_endpoint(settings)
    files = make_store(settings)
    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),  # subscriptions (graphql-transport-ws)
        Route(OPENLINEAGE_PATH, openlineage_endpoint(settings), methods=["POST"]),
        *routes_for(files),  # the local file store's signed upload/download URLs
        *explorer_routes(settings.explorer_dir),  # the web explorer at /explorer, `/` to it
    ]
    if settings.metrics:
        routes.insert(2, metrics_route(lambda: app, target))
    app = LineageApp(routes=routes, lifespan=lifespan, middleware=cors(settings.cors_origins))
    app.state.files = files
    return app


def cors(origins: tuple[str, ...]) -> list[Middleware]:
    """Browser calls from the configured origins (none: same origin only). Preflights are
    answered here, before sign-in: a browser sends them without the bearer token."""
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=list(origins),
            allow_methods=["GET", "POST"],
            allow_headers=CORS_REQUEST_HEADERS,
            expose_headers=["X-Request-Id", "Retry-After"],
            max_age=600,
        )
    ]


def metrics_route(app: Callable[[], Starlette], target: Neo4jTarget) -> Route:
    """/metrics, with the app's driver pool and the managed Neo4j's restarts."""

    def driver() -> object | None:
        db = getattr(app().state, "db", None)
        return db.driver if db is not None else None

    supervisor = target.supervisor
    collector = ServiceCollector(
        driver, lambda: supervisor.restarts if supervisor is not None else None
    )
    return Route("/metrics", metrics_endpoint(collector))


def graphql_endpoint(settings: Settings) -> GraphQLGate:
    limits = Limits(
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_tokens=settings.graphql_max_tokens,
        introspection=settings.introspection_enabled,
    )
    graphql = LineageGraphQL(
        build_schema(limits, query_count=settings.query_count_enabled),
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
    )
    graphql.ide_page = graphiql_page(settings.explorer_dir)
    graphql.max_page_size = settings.graphql_max_page_size
    graphql.trash_retention_days = settings.trash_retention_days
    graphql.suggestions = settings.suggestions_enabled
    gate = GraphQLGate(
        graphql,
        settings.graphql_max_body_bytes,
        bookmark_wait_s=settings.bookmark_wait_s,
        idempotency_ttl_s=settings.idempotency_ttl_s,
        sign_in_cache_s=settings.sign_in_cache_s,
        max_tokens=settings.graphql_max_tokens,
    )
    graphql.sign_ins = gate.sign_ins  # WebSocket sign-ins share the gate's cache
    return gate


def activity_window_s(settings: Settings) -> float:
    """How far back each activity poll reads: an entry's time is set before its
    transaction commits, at most the transaction bound earlier (plus a second's margin)."""
    return settings.neo4j_tx_timeout_s + 1.0


def openlineage_endpoint(settings: Settings) -> OpenLineageEndpoint:
    """OpenLineage RunEvents in, under the same limits and sign-in as /graphql."""
    return OpenLineageEndpoint(
        settings.graphql_max_body_bytes,
        idempotency_ttl_s=settings.idempotency_ttl_s,
        sign_in_cache_s=settings.sign_in_cache_s,
    )


def create_app_from_env() -> Starlette:
    """Factory for `uvicorn --factory lineage.app:create_app_from_env` (NEO4J_URI required).
    A setting that cannot be used ends the process with one line and exit code 2."""
    try:
        settings = load_settings()
        logs.configure(settings.env, settings.log_level)
        tracing.configure()
        target = configured_target(settings)
        if target is None:
            raise SystemExit(
                "No Neo4j configured: set NEO4J_URI, or start the service with `lineage run` "
                "(which starts the managed local Neo4j)."
            )
        return create_app(settings, target)
    except (ConfigError, StorageConfigError, SigningKeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
