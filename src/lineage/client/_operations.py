"""The client's operations as steps (`_protocol.Steps`), shared by the sync and the async
client: registering a render with its file in one call, and the reads a worker needs."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lineage.client._decode import decode
from lineage.client._protocol import ReadFile, RetryPolicy, Steps, graphql, result, upload
from lineage.client._settings import Endpoint
from lineage.client.errors import NotFoundError
from lineage.client.types import (
    Asset,
    Input,
    Lineage,
    LineageDirection,
    LockInfo,
    RegisteredRender,
)

# Uploads kept per idempotency key, so that a call repeated with its key (after the first
# one raised) registers the very same upload and gets the first answer back.
UPLOADS_KEPT = 256


@dataclass(frozen=True)
class RenderRequest:
    """registerRender's arguments as the caller gave them (a file by its path)."""

    container_id: str
    inputs: Sequence[str | Input]
    name: str | None = None
    file: str | os.PathLike[str] | None = None
    content_type: str | None = None
    prompt: str | None = None
    parameters: Any = None
    model: str | None = None
    render_type: str | None = None
    description: str = ""
    metadata: Any = None
    idempotency_key: str | None = None


class Operations:
    """Builds each operation's steps for one service endpoint and retry policy."""

    def __init__(self, endpoint: Endpoint, policy: RetryPolicy) -> None:
        self.endpoint, self.policy = endpoint, policy
        self._uploads: OrderedDict[tuple[str, ...], dict[str, Any]] = OrderedDict()

    def register_render(self, request: RenderRequest) -> Steps[RegisteredRender]:
        """Upload the file (if any), then register the render, under ONE idempotency key:
        every retry of the registration sends the same request, so it lands once."""
        if isinstance(request.inputs, str):  # a lone id would be read letter by letter
            raise TypeError("inputs is a list of asset ids (or Input), not one id: [id].")
        key = request.idempotency_key or str(uuid.uuid4())
        name = request.name or _name_from(request.file)
        file = None
        if request.file is not None:
            path = Path(request.file)
            content_type = request.content_type or _content_type(path)
            file = yield from self._uploaded(request.container_id, path, content_type, key)
        variables = {
            "containerId": request.container_id,
            "name": name,
            "inputs": [_input(given) for given in request.inputs],
            "prompt": request.prompt,
            "parameters": request.parameters,
            "model": request.model,
            "renderType": request.render_type,
            "description": request.description,
            "metadata": request.metadata,
            "file": file,
        }
        answer = yield from graphql(
            self.endpoint, self.policy, "register_render", variables, idempotency_key=key
        )
        render = result(answer, "registerRender", "AssetPayload")["asset"]
        return decode(RegisteredRender, render, replayed=answer.replayed)

    def asset(self, id: str) -> Steps[Asset]:
        found = yield from self._asset("asset", {"id": id})
        return decode(Asset, found)

    def lineage(
        self, id: str, direction: LineageDirection, depth: int, max_nodes: int
    ) -> Steps[Lineage]:
        variables = {"id": id, "direction": str(direction), "depth": depth, "maxNodes": max_nodes}
        found = yield from self._asset("lineage", variables)
        return decode(Lineage, found["lineage"])

    def why_locked(self, id: str) -> Steps[LockInfo]:
        found = yield from self._asset("why_locked", {"id": id})
        return decode(LockInfo, found["lock"])

    def _asset(self, operation: str, variables: dict[str, Any]) -> Steps[dict[str, Any]]:
        """The `asset` of a read; NotFoundError (as the mutations answer) when it is null."""
        answer = yield from graphql(self.endpoint, self.policy, operation, variables)
        found: dict[str, Any] | None = answer.data["asset"]
        if found is None:
            id = variables["id"]
            raise NotFoundError(
                code="NOT_FOUND",
                message=f"asset {id!r} does not exist or is not visible to you; check the id "
                "and that you are a member of its space",
                kind="asset",
                id=id,
            )
        return found

    def _uploaded(
        self, container_id: str, path: Path, content_type: str, key: str
    ) -> Steps[dict[str, Any]]:
        """The file's `FileSpec`: uploaded now, or earlier under the same key."""
        content = yield ReadFile(path)
        assert isinstance(content, bytes)
        kept = (key, container_id, content_type, hashlib.sha256(content).hexdigest())
        if kept in self._uploads:
            return self._uploads[kept]
        spec = yield from upload(self.endpoint, self.policy, container_id, content, content_type)
        self._uploads[kept] = spec
        while len(self._uploads) > UPLOADS_KEPT:
            self._uploads.popitem(last=False)
        return spec


def _input(given: str | Input) -> dict[str, str | None]:
    found = Input(given) if isinstance(given, str) else given
    return {"id": found.id, "role": found.role}


def _name_from(file: str | os.PathLike[str] | None) -> str:
    if file is None:
        raise ValueError("Give the render a name=... (or a file=..., whose name is used).")
    return Path(file).stem


def _content_type(path: Path) -> str:
    guessed, _ = mimetypes.guess_type(path.name)
    if guessed is None:
        raise ValueError(
            f"Cannot tell the content type of {path.name!r} from its name: pass "
            "content_type=... (e.g. 'image/png')."
        )
    return guessed
