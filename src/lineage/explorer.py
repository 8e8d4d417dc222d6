"""The lineage explorer (the web app in web/): its built files served at /explorer, and `/`
sent there; GraphiQL, built with it, is the page GET /graphql shows. Without a build, both
answer a page saying how to make one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

EXPLORER_PATH = "/explorer"
# The repository's web/dist (the package is installed in place by `make`).
DEFAULT_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Explorer not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>The lineage explorer is not built</h1>
<p>There is no <code>{dist}/index.html</code>. Build it with <code>make run</code> (or
<code>make web</code>), which runs <code>npm ci</code> and <code>npm run build</code> in
<code>web/</code>, then reload this page.</p>
<p>The GraphQL API is at <a href="/graphql">/graphql</a>.</p>
</body></html>
"""


GRAPHIQL_NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>GraphiQL is not built</h1>
<p>GraphiQL is built with the explorer, and there is no <code>{page}</code>. Build it with
<code>make run</code> (or <code>make web</code>), then reload this page.</p>
<p>The API answers POST requests here all the same, e.g.
<code>curl -d '{{"query": "{{ serverInfo {{ version }} }}"}}' -H 'content-type:
application/json' {url}</code>.</p>
</body></html>
"""


def graphiql_page(dist: Path | None = None) -> Callable[[Request], Response]:
    """The GraphiQL page of the build (read on each request, so a later build is seen)."""
    page = (dist or DEFAULT_DIST) / "graphiql.html"

    def render(request: Request) -> Response:
        if page.is_file():
            return HTMLResponse(page.read_text())
        url = str(request.url.replace(query=""))
        return HTMLResponse(GRAPHIQL_NOT_BUILT.format(page=page, url=url), status_code=404)

    return render


class ExplorerFiles:
    """web/dist as static files, checked on each request so a later build is picked up."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self.files = StaticFiles(directory=dist, html=True, check_dir=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (self.dist / "index.html").is_file():
            page = NOT_BUILT.format(dist=self.dist)
            await HTMLResponse(page, status_code=404)(scope, receive, send)
            return
        await self.files(scope, receive, send)


async def _to_explorer(request: Request) -> Response:
    query = request.url.query
    return RedirectResponse(f"{EXPLORER_PATH}/" + (f"?{query}" if query else ""))


def explorer_routes(dist: Path | None = None) -> list[BaseRoute]:
    """`/` and `/explorer` redirect to `/explorer/`, which serves the built app."""
    return [
        Route("/", _to_explorer),
        Route(EXPLORER_PATH, _to_explorer),
        Mount(EXPLORER_PATH, app=ExplorerFiles(dist or DEFAULT_DIST), name="explorer"),
    ]
