"""Cross-origin calls (LINEAGE_CORS_ORIGINS): none by default; a configured origin may call
the API from a browser, preflight included; an origin not listed gets no CORS grant."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from lineage.app import create_app
from lineage.config import Settings
from lineage.neo4j_target import Neo4jTarget

FRONTEND = "http://localhost:5173"
TARGET = Neo4jTarget("bolt://127.0.0.1:1", None, "neo4j", "not started: no query is made")


def ask(tmp_path: Path, method: str, headers: dict[str, str], **settings: object) -> httpx.Response:
    app = create_app(Settings(data_dir=tmp_path, **settings), TARGET)  # type: ignore[arg-type]

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, "/healthz", headers=headers)

    return asyncio.run(send())


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
    }


def test_no_origin_is_granted_by_default(tmp_path: Path) -> None:
    answer = ask(tmp_path, "GET", {"Origin": FRONTEND})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers


def test_a_configured_origin_may_call_and_preflight(tmp_path: Path) -> None:
    origins = f"{FRONTEND},https://app.example.com/"
    answer = ask(tmp_path, "OPTIONS", preflight(FRONTEND), cors_origins=origins)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == FRONTEND
    allowed = answer.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "idempotency-key"} <= set(allowed.split(", "))
    answer = ask(tmp_path, "GET", {"Origin": "https://app.example.com"}, cors_origins=origins)
    assert answer.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()


def test_another_origin_gets_no_grant(tmp_path: Path) -> None:
    answer = ask(tmp_path, "OPTIONS", preflight("https://evil.example"), cors_origins=FRONTEND)
    assert answer.status_code == 400
    assert "access-control-allow-origin" not in answer.headers
    answer = ask(tmp_path, "GET", {"Origin": "https://evil.example"}, cors_origins=FRONTEND)
    assert "access-control-allow-origin" not in answer.headers


@pytest.mark.parametrize("bad", ["localhost:5173", "https://app.example.com/path", "ftp://x"])
def test_a_malformed_origin_is_refused_with_an_example(bad: str) -> None:
    with pytest.raises(ValidationError, match="scheme://host"):
        Settings(cors_origins=bad)  # type: ignore[arg-type]
