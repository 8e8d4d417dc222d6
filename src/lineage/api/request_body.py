"""What a GraphQL request must look like before GraphQL sees it: a UTF-8 JSON object with a
string `query`, object `variables`, no value nested deeper than `MAX_NESTING` and no text
that is not Unicode. Everything else is the client's mistake: a 400 that says which."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.types import Receive

from lineage.domain.text import is_unicode

# Deeper than any input of the schema needs (metadata objects included), far below the
# interpreter's recursion limit that the JSON decoder and GraphQL coercion would hit.
MAX_NESTING = 32
EXAMPLE = '{"query": "{ serverInfo { version } }", "variables": {}}'


class BadRequest(Exception):
    """The request cannot be a GraphQL request; `message` says why and what to send."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GraphQLRequest:
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None


def parse_body(body: bytes) -> GraphQLRequest:
    """The POST body as a GraphQL request, or BadRequest."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"The request body is not UTF-8 (byte {exc.start}).") from exc
    payload = _loads(text, "The request body")
    if not isinstance(payload, dict):
        raise BadRequest(
            f"The request body is a JSON {_kind(payload)}; send an object, e.g. {EXAMPLE}."
        )
    return _request(payload.get("query"), payload.get("variables"), payload.get("operationName"))


def parse_json_object(body: bytes, example: str) -> dict[str, Any]:
    """A POST body that must be a JSON object of storable values (not nested too deep, no
    lone surrogates), or BadRequest; `example` shows what to send instead."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"The request body is not UTF-8 (byte {exc.start}).") from exc
    payload = _loads(text, "The request body", example)
    if not isinstance(payload, dict):
        raise BadRequest(
            f"The request body is a JSON {_kind(payload)}; send an object, e.g. {example}."
        )
    for name, value in payload.items():
        _check_value(value, name, 0)
    return payload


def parse_query_params(query: str | None, variables: str | None) -> GraphQLRequest:
    """A GET request's `query` and `variables` parameters, or BadRequest."""
    decoded = _loads(variables, "`variables`") if variables else None
    return _request(query, decoded, None)


def _loads(text: str, what: str, example: str = EXAMPLE) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise BadRequest(f"{what} nests deeper than {MAX_NESTING} levels.") from exc
    except ValueError as exc:
        raise BadRequest(f"{what} is not JSON ({exc}); send e.g. {example}.") from exc


def _request(query: Any, variables: Any, operation_name: Any) -> GraphQLRequest:
    if query is not None and not isinstance(query, str):
        raise BadRequest(f"`query` is a JSON {_kind(query)}; send the document as a string.")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest(f"`variables` is a JSON {_kind(variables)}; send an object or null.")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest(f"`operationName` is a JSON {_kind(operation_name)}; send a string.")
    checked = {"query": query, "variables": variables, "operationName": operation_name}
    for name, value in checked.items():
        _check_value(value, name, 0)
    return GraphQLRequest(query, variables, operation_name)


def _check_value(value: Any, path: str, depth: int) -> None:
    """Refuse values nested too deep and text that cannot be stored (lone surrogates)."""
    if depth > MAX_NESTING:
        raise BadRequest(f"`{path}` nests deeper than {MAX_NESTING} levels.")
    if isinstance(value, str):
        if not is_unicode(value):
            raise BadRequest(
                f"`{path}` holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not "
                "Unicode text; encode the character as a surrogate pair or drop it."
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_value(key, path, depth + 1)
            _check_value(item, f"{path}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, f"{path}[{index}]", depth + 1)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body (chunked or not), or None as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
