"""The explorer in headless Chromium (Debian's, driven by Playwright) against the app served
by uvicorn on a free port, on the session's Neo4j loaded with `lineage demo`.

Screenshots of the main views go to test-artifacts/. The page may reach only the app: any
other request fails the test (everything the explorer needs is bundled)."""

from __future__ import annotations

import asyncio
import os
import shutil
import struct
import zlib
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect, sync_playwright
from serving import serve

from lineage import cypher
from lineage.app import create_app
from lineage.config import Settings
from lineage.demo import load_demo
from lineage.graph import migrations
from lineage.graph.database import Database
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access
from lineage.storage import FileStore, make_store

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "web" / "dist"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("LINEAGE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# A cold Neo4j compiles each query on first use: first answers can take seconds.
expect.set_options(timeout=20_000)
DELETE_ALL = cypher.load("test/delete_all")
T = TypeVar("T")


def run_async(work: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to the end from sync code, in a thread of its own: Playwright's sync
    API keeps an event loop running in the test's thread."""

    async def main() -> T:
        return await work()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


@dataclass
class Served:
    url: str
    token: str
    user_id: str
    ids: dict[str, str] = field(default_factory=dict)
    target: Neo4jTarget | None = None


def serve_in_thread(settings: Settings, target: Neo4jTarget, port: int) -> Iterator[str]:
    with serve(create_app(settings, target), port) as url:
        yield url


async def _load_demo_with_owner(
    target: Neo4jTarget, store: FileStore
) -> tuple[dict[str, str], str, str]:
    db = Database.connect(target.uri, target.auth, target.database)
    try:
        await migrations.apply(db)
        await db.run_autocommit(DELETE_ALL)
        loaded = await load_demo(db, say=lambda _message: None, store=store)
        user = await access.create_user(db, "Explorer tester")
        await access.set_member(db, loaded.ids["space"], user.id, "OWNER")
        token = await access.create_token(db, user.id, "explorer tests")
        return loaded.ids, user.id, token
    finally:
        await db.close()


@pytest.fixture(scope="module")
def demo(neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app on a graph holding only the demo (its render pictures in a file store of
    the module's), and the token of an owner of its space."""
    if not (DIST / "index.html").is_file():
        pytest.fail("web/dist is not built: run `make web` (make test builds it)")
    port = free_port()
    # Signed file URLs must point at this server, not at the default port.
    settings = Settings(
        explorer_dir=DIST,
        public_url=f"http://127.0.0.1:{port}",
        data_dir=tmp_path_factory.mktemp("explorer-data"),
    )
    store = make_store(settings)
    ids, user_id, token = run_async(lambda: _load_demo_with_owner(neo4j_target, store))
    for url in serve_in_thread(settings, neo4j_target, port):
        yield Served(url, token, user_id, ids, neo4j_target)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module: Playwright's sync API keeps an event loop running in
    the main thread while it is open, which later asyncio tests could not share."""
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: `apt-get install chromium` (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class PageProblems:
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser, demo: Served) -> Iterator[Page]:
    """A 1280x800 page that may only reach the app; page errors fail the test."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    problems = PageProblems()

    def only_the_app(route: Route, request: Request) -> None:
        if request.url.startswith((demo.url, "data:", "blob:")):
            route.continue_()
        else:
            problems.outside.append(request.url)
            route.abort()

    context.route("**/*", only_the_app)
    opened = context.new_page()
    opened.on("pageerror", lambda error: problems.errors.append(str(error)))

    def console(message: Any) -> None:
        # A refused token is an answer the page handles (it asks to sign in again).
        if message.type == "error" and "status of 401" not in message.text:
            problems.errors.append(message.text)

    opened.on("console", console)
    try:
        yield opened
    finally:
        context.close()
    assert not problems.outside, f"the page reached outside the app: {problems.outside}"
    assert not problems.errors, f"errors in the page: {problems.errors}"


def signed_in(page: Page, demo: Served) -> Page:
    """Keep the token where the sign-in form would (for tests that are not about sign-in)."""
    page.add_init_script(f"localStorage.setItem('lineage.token', {demo.token!r})")
    return page


def graphql(
    page: Page, demo: Served, query: str, token: str | None = None, **variables: Any
) -> dict[str, Any]:
    """A GraphQL request from the page's context, as the demo's owner unless `token` says
    another user; its data."""
    answer = page.request.post(
        f"{demo.url}/graphql",
        headers={"Authorization": f"Bearer {token or demo.token}"},
        data={"query": query, "variables": variables},
    ).json()
    assert "errors" not in answer, answer
    return dict(answer["data"])


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def keep_as_doc(path: Path, name: str) -> None:
    """Copy a screenshot into docs/ (the README shows it)."""
    shutil.copyfile(path, ROOT / "docs" / name)


def drawn(page: Page, at_least: int = 1) -> None:
    """Wait until the drawing has been laid out and rendered `at_least` times."""
    page.wait_for_function(
        "n => (window.lineageExplorer && window.lineageExplorer.drawn >= n)", arg=at_least
    )


def draw_count(page: Page) -> int:
    return int(page.evaluate("() => window.lineageExplorer ? window.lineageExplorer.drawn : 0"))


def node_item(page: Page, asset_id: str) -> Any:
    return page.locator(f'[data-testid="node-list"] [data-node-id="{asset_id}"]')


def click_node(page: Page, asset_id: str, double: bool = False) -> None:
    """Click a node on the canvas where it is drawn (scrolled into view first). The node
    list can show a node a moment before the canvas has laid it out, so wait for it."""
    page.wait_for_function(
        "id => window.lineageExplorer"
        " && !window.lineageExplorer.canvas.cy.getElementById(id).empty()",
        arg=asset_id,
    )
    page.evaluate(
        "id => { const c = window.lineageExplorer.canvas; const n = c.cy.getElementById(id);"
        " c.cy.center(n); }",
        asset_id,
    )
    at = page.evaluate("id => window.lineageExplorer.canvas.pagePosition(id)", asset_id)
    assert at is not None, f"{asset_id} is not drawn"
    if double:
        page.mouse.dblclick(at["x"], at["y"])
    else:
        page.mouse.click(at["x"], at["y"])


def png(width: int = 96, height: int = 96) -> bytes:
    """A small PNG (a warm gradient with a dark disc), made here: no image library needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            inside = (x - width / 2) ** 2 + (y - height / 2.4) ** 2 < (width / 5) ** 2
            r, g, b = (60, 40, 70) if inside else (230 - y, 150 + x // 2, 90 + y // 2)
            rows.extend((r % 256, g % 256, b % 256))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )
