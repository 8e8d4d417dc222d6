"""Malformed requests to /graphql, over real HTTP as a signed-in user: each is refused as
the client's mistake (HTTP 400, or for a mutation with a result union a typed error in
`data`), never as a server failure, and leaves no traceback in the log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from .conftest import CLIENT_TIMEOUT_S, Caller
from .logs import error_records

CREATE_SPACE = (
    "mutation($name: String!) { r: createSpace(name: $name) {"
    " __typename ... on Error { code message } } }"
)
CREATE_DEFINITION = (
    "mutation($space: ID!, $metadata: JSON) { r: createDefinition(spaceId: $space, type: CHARACTER,"  # noqa: E501
    ' name: "Jo", metadata: $metadata) { __typename ... on Error { code message } } }'
)
REQUEST_UPLOAD = (
    "mutation($space: ID!, $size: Int!) { r: requestUpload(containerId: $space,"
    ' contentType: "image/png", size: $size, checksum: "00") { __typename } }'
)
VIEWER = "{ viewer { id } }"
DEPTH = 5_000


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def inline_definition(metadata_literal: str) -> str:
    return (
        f"mutation($space: ID!) {{ r: createDefinition(spaceId: $space, type: CHARACTER,"
        f' name: "Jo", metadata: {metadata_literal}) {{ __typename ... on Error {{ code }} }} }}'
    )


@dataclass(frozen=True)
class Bad:
    """One malformed request: how it is sent, and what else than 400 is acceptable."""

    name: str
    body: bytes | None = None
    content_type: str | None = "application/json"
    method: str = "POST"
    params: dict[str, str] = field(default_factory=dict)
    # Statuses besides 400 that say "your request" precisely (415, 405).
    also: frozenset[int] = frozenset()
    # A mutation whose result union may carry the refusal as a typed error instead.
    typed: bool = False


def body(query: str, variables: object = None, *, raw_variables: str | None = None) -> bytes:
    """A JSON request body; `raw_variables` is spliced in as text (NaN, deep nesting)."""
    if raw_variables is None:
        return json.dumps({"query": query, "variables": variables}).encode()
    return f'{{"query": {json.dumps(query)}, "variables": {raw_variables}}}'.encode()


SPACE = "$SPACE"  # replaced by the caller's space id in the request text

CASES = [
    Bad("body is a JSON string", b'"{ viewer { id } }"'),
    Bad("body is a number", b"42"),
    Bad("body is null", b"null"),
    Bad("body is true", b"true"),
    Bad("empty body", b""),
    Bad("invalid UTF-8", b'{"query": "{ viewer { id } }", "x": "\xff\xfe"}'),
    Bad("invalid UTF-8 in the query", b'{"query": "{ viewer { id \xc3\x28 } }"}'),
    Bad("invalid JSON", b'{"query": "{ viewer { id } }"'),
    Bad("query is not a string", b'{"query": 7}'),
    Bad("variables are a list", body(VIEWER, [1, 2])),
    Bad("variables are a string", body(VIEWER, "x")),
    Bad("variables are a number", body(VIEWER, 3)),
    Bad(
        "variables nested 5000 deep",
        body(
            CREATE_DEFINITION,
            raw_variables=f'{{"space": "{SPACE}", "metadata": {nested_list(DEPTH)}}}',
        ),  # noqa: E501
        typed=True,
    ),
    Bad(
        "query nested 5000 deep",
        body('{ asset(id: "x") { ' + "parent { " * DEPTH + "id" + " }" * DEPTH + " } }"),
    ),
    Bad(
        "inline JSON literal nested 5000 deep",
        body(inline_definition(nested_list(DEPTH)), {"space": SPACE}),
        typed=True,
    ),
    Bad(
        "lone surrogate in a name (variables)",
        body(CREATE_SPACE, raw_variables='{"name": "Jo\\ud800"}'),
        typed=True,
    ),
    Bad(
        "lone surrogate in metadata (variables)",
        body(
            CREATE_DEFINITION,
            raw_variables=f'{{"space": "{SPACE}", "metadata": {{"k": "\\ud800"}}}}',
        ),  # noqa: E501
        typed=True,
    ),
    Bad(
        "lone surrogate in a name (inline literal)",
        body('mutation { r: createSpace(name: "Jo\\ud800") { __typename ... on Error { code } } }'),
        typed=True,
    ),
    Bad(
        "lone surrogate in metadata (inline literal)",
        body(inline_definition('{k: "\\ud800"}'), {"space": SPACE}),
        typed=True,
    ),
    Bad(
        "huge integer for an Int",
        body(REQUEST_UPLOAD, raw_variables=f'{{"space": "{SPACE}", "size": {10**40}}}'),
        typed=True,
    ),
    Bad(
        "huge integer in metadata (variables)",
        body(
            CREATE_DEFINITION,
            raw_variables=f'{{"space": "{SPACE}", "metadata": {{"n": {10**40}}}}}',
        ),  # noqa: E501
        typed=True,
    ),
    Bad(
        "huge integer in metadata (inline literal)",
        body(inline_definition(f"{{n: {10**40}}}"), {"space": SPACE}),
        typed=True,
    ),
    Bad(
        "NaN in metadata",
        body(CREATE_DEFINITION, raw_variables=f'{{"space": "{SPACE}", "metadata": {{"n": NaN}}}}'),
        typed=True,
    ),
    Bad(
        "Infinity in metadata",
        body(
            CREATE_DEFINITION,
            raw_variables=f'{{"space": "{SPACE}", "metadata": {{"n": Infinity}}}}',
        ),  # noqa: E501
        typed=True,
    ),
    Bad("wrong content type", body(VIEWER), content_type="text/plain", also=frozenset({415})),
    Bad(
        "GET with a mutation",
        None,
        content_type=None,
        method="GET",
        params={"query": 'mutation { createSpace(name: "Via GET") { __typename } }'},
        also=frozenset({405}),
    ),
]


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=CLIENT_TIMEOUT_S) as client:
        yield client


def create_space(caller: Caller) -> str:
    r = caller.run(
        'mutation { r: createSpace(name: "Target") { ... on ContainerPayload'
        " { container { ... on ContainerNode { id } } } } }"
    )["r"]
    return str(r["container"]["id"])


def send(http: httpx.Client, caller: Caller, bad: Bad, space: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {caller.token}", "Accept": "application/json"}
    if bad.content_type:
        headers["Content-Type"] = bad.content_type
    content = bad.body.replace(SPACE.encode(), space.encode()) if bad.body else bad.body
    params = {k: v.replace(SPACE, space) for k, v in bad.params.items()}
    return http.request(
        bad.method, f"{caller.url}/graphql", content=content, params=params, headers=headers
    )


def typed_refusal(answer: object) -> bool:
    """`data.r` is a typed error of the result union (not a payload, not null)."""
    if not isinstance(answer, dict) or answer.get("errors"):
        return False
    result = (answer.get("data") or {}).get("r") or {}
    return bool(result.get("code")) and result.get("__typename", "").endswith("Error")


@pytest.mark.parametrize("bad", CASES, ids=[case.name for case in CASES])
def test_malformed_request_is_refused(bad: Bad, caller: Caller, http: httpx.Client) -> None:
    space = create_space(caller)
    with error_records() as logged:
        response = send(http, caller, bad, space)
    try:
        answer = response.json()
    except ValueError:
        answer = response.text[:300]
    refused = response.status_code == 400 or response.status_code in bad.also
    if bad.typed and response.status_code == 200:
        refused = typed_refusal(answer)
    assert refused, (response.status_code, answer)
    assert isinstance(answer, dict) and "errors" in answer or typed_refusal(answer), answer
    codes = [(e.get("extensions") or {}).get("code") for e in answer.get("errors") or []]
    assert "INTERNAL" not in codes, answer
    assert not logged.with_traceback(), logged.with_traceback()
