"""LineageClient (blocking) and AsyncLineageClient (asyncio): the same operations, carried
out by the sync or the async transport. Every method only builds the operation's steps."""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self

import httpx

from lineage.client._operations import Operations, RenderRequest
from lineage.client._protocol import RetryPolicy
from lineage.client._settings import endpoint
from lineage.client._transport import run_async, run_sync
from lineage.client.types import (
    Asset,
    Input,
    Lineage,
    LineageDirection,
    LockInfo,
    RegisteredRender,
)

DEFAULT_TIMEOUT_S = 30.0
PathLike = str | os.PathLike[str]


class LineageClient:
    """The lineage service for a blocking worker. `url` and `token` default to
    LINEAGE_URL and LINEAGE_TOKEN; `transport` is passed to httpx (tests, proxies)."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._operations = Operations(endpoint(url, token), retry or RetryPolicy())
        self._http = httpx.Client(timeout=timeout, transport=transport)

    def register_render(
        self,
        container_id: str,
        inputs: Sequence[str | Input],
        *,
        name: str | None = None,
        file: PathLike | None = None,
        content_type: str | None = None,
        prompt: str | None = None,
        parameters: Any = None,
        model: str | None = None,
        render_type: str | None = None,
        description: str = "",
        metadata: Any = None,
        idempotency_key: str | None = None,
    ) -> RegisteredRender:
        """Record a generated render with its inputs, uploading `file` first (its SHA-256
        is declared and checked by the store). `name` defaults to the file's name without
        its extension, `content_type` is guessed from it. One idempotency key (a new UUID
        unless given) covers the call's retries; give your own to repeat a call safely."""
        request = RenderRequest(
            container_id, inputs, name, file, content_type, prompt, parameters, model,
            render_type, description, metadata, idempotency_key,
        )  # fmt: skip
        return run_sync(self._operations.register_render(request), self._http)

    def asset(self, id: str) -> Asset:
        """The asset; NotFoundError when it does not exist or is not visible to you."""
        return run_sync(self._operations.asset(id), self._http)

    def lineage(
        self,
        id: str,
        *,
        direction: LineageDirection = LineageDirection.BOTH,
        depth: int = 1,
        max_nodes: int = 200,
    ) -> Lineage:
        """The assets within `depth` lineage steps (1 to 10) and the edges between them."""
        return run_sync(self._operations.lineage(id, direction, depth, max_nodes), self._http)

    def why_locked(self, id: str) -> LockInfo:
        """Whether the asset is locked or immutable, and the dependents that say why."""
        return run_sync(self._operations.why_locked(id), self._http)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncLineageClient:
    """The lineage service for an asyncio worker; as LineageClient, awaited."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._operations = Operations(endpoint(url, token), retry or RetryPolicy())
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def register_render(
        self,
        container_id: str,
        inputs: Sequence[str | Input],
        *,
        name: str | None = None,
        file: PathLike | None = None,
        content_type: str | None = None,
        prompt: str | None = None,
        parameters: Any = None,
        model: str | None = None,
        render_type: str | None = None,
        description: str = "",
        metadata: Any = None,
        idempotency_key: str | None = None,
    ) -> RegisteredRender:
        """See LineageClient.register_render."""
        request = RenderRequest(
            container_id, inputs, name, file, content_type, prompt, parameters, model,
            render_type, description, metadata, idempotency_key,
        )  # fmt: skip
        return await run_async(self._operations.register_render(request), self._http)

    async def asset(self, id: str) -> Asset:
        return await run_async(self._operations.asset(id), self._http)

    async def lineage(
        self,
        id: str,
        *,
        direction: LineageDirection = LineageDirection.BOTH,
        depth: int = 1,
        max_nodes: int = 200,
    ) -> Lineage:
        steps = self._operations.lineage(id, direction, depth, max_nodes)
        return await run_async(steps, self._http)

    async def why_locked(self, id: str) -> LockInfo:
        return await run_async(self._operations.why_locked(id), self._http)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
