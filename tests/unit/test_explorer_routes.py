"""The explorer's routes: `/` and `/explorer` lead to `/explorer/`, which serves the build or,
without one, a 404 page saying how to make it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from starlette.applications import Starlette

from lineage.explorer import explorer_routes


def get(dist: Path | Starlette, path: str) -> httpx.Response:
    app = dist if isinstance(dist, Starlette) else Starlette(routes=explorer_routes(dist))

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    return asyncio.run(ask())


def test_root_and_bare_path_redirect_to_the_explorer(tmp_path: Path) -> None:
    for path in ("/", "/explorer"):
        answer = get(tmp_path, path)
        assert answer.status_code == 307
        assert answer.headers["location"] == "/explorer/"
    answer = get(tmp_path, "/explorer?asset=a1&depth=2")
    assert answer.headers["location"] == "/explorer/?asset=a1&depth=2"


def test_missing_build_is_a_404_page_telling_to_run_make(tmp_path: Path) -> None:
    answer = get(tmp_path / "dist", "/explorer/")
    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"]
    assert "make run" in answer.text and "npm run build" in answer.text


def test_serves_the_build_with_its_assets(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Lineage explorer</title>")
    (tmp_path / "assets" / "app.js").write_text("console.log('hi')")
    page = get(tmp_path, "/explorer/?asset=a1")
    assert page.status_code == 200 and "Lineage explorer" in page.text
    script = get(tmp_path, "/explorer/assets/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert get(tmp_path, "/explorer/assets/missing.js").status_code == 404


def test_a_build_made_after_start_is_picked_up(tmp_path: Path) -> None:
    app = Starlette(routes=explorer_routes(tmp_path))
    assert get(app, "/explorer/").status_code == 404
    (tmp_path / "index.html").write_text("<!doctype html><title>built later</title>")
    assert get(app, "/explorer/").status_code == 200
