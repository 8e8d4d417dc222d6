"""Neo4j Browser served by the managed Neo4j (LINEAGE_NEO4J_BROWSER): a person opens it in
Chromium, signs in with the server's credentials and runs a query, with the internet out of
reach (the page's fonts and its vendor's scripts are refused)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Request, Route, expect

from lineage.config import Settings
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig, LocalNeo4jError, free_port

from .conftest import screenshot


def managed(data_dir: Path, **changes: object) -> LocalNeo4jConfig:
    values: dict[str, object] = {
        "cache_dir": Settings().cache_dir, "data_dir": data_dir, "bolt_port": 0,
        "heap": "512m", "pagecache": "64m", "browser": True,
    }  # fmt: skip
    return LocalNeo4jConfig(**(values | changes))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    started = LocalNeo4j(managed(tmp_path_factory.mktemp("browser-neo4j"), http_port=free_port()))
    started.start()
    try:
        yield started
    finally:
        started.stop()


def test_neo4j_browser_signs_in_and_runs_a_query(browser: Browser, server: LocalNeo4j) -> None:
    url, running = server.config.browser_url, server.running
    assert url is not None and running is not None and running.password is not None
    # Served as soon as the start returns: the start waits for HTTP too.
    assert "<title>Neo4j Browser</title>" in httpx.get(url, timeout=10).text
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    outside: list[str] = []

    def only_the_server(route: Route, request: Request) -> None:
        if request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", only_the_server)
    page = context.new_page()
    try:
        page.goto(url)
        # The connect form comes filled with the Bolt address the server really listens on.
        expect(page.get_by_text("Connect to Neo4j")).to_be_visible()
        page.get_by_test_id("username").fill("neo4j")
        page.get_by_test_id("password").fill(running.password)
        page.get_by_test_id("connect").click()
        expect(page.get_by_text("You are connected as user")).to_be_visible()
        expect(page.get_by_text(f"127.0.0.1:{running.bolt_port}").first).to_be_visible()
        page.locator(".monaco-editor textarea").first.focus()
        page.keyboard.type("RETURN 40 + 2 AS answer")
        page.keyboard.press("Control+Enter")
        expect(page.get_by_text("Started streaming 1 records")).to_be_visible()
        expect(page.get_by_role("cell", name="42", exact=True)).to_be_visible()
        screenshot(page, "neo4j-browser")
    finally:
        context.close()
    # Nothing it fetched from outside was needed (fonts and vendor scripts, refused here).
    assert all(not u.startswith("http://") for u in outside), outside


def test_neo4j_browser_needs_the_http_port(tmp_path: Path) -> None:
    server = LocalNeo4j(managed(tmp_path / "neo4j"), lambda _: None)
    with pytest.raises(LocalNeo4jError, match="LINEAGE_NEO4J_HTTP_PORT"):
        server.start()
    assert server.process is None
