"""The protections of /graphql (docs/domain.md §11), over real HTTP: depth, alias, token, page-size
and body-size limits, batched documents, the introspection and GraphiQL switches, and
masked unexpected errors with a request id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError, TransportServerError
from gql.transport.httpx import HTTPXTransport

from lineage.config import Settings
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access, containers

from .conftest import CLIENT_TIMEOUT_S, Answer, Caller, call_api, make_caller, serving

HTTP = httpx.Client(timeout=CLIENT_TIMEOUT_S)
DEFAULTS = Settings()  # what the shared app (api_url) runs with
STRICT = Settings(
    graphql_introspection=False,
    graphiql=False,
    graphql_max_depth=4,
    graphql_max_aliases=2,
    graphql_max_tokens=60,
    graphql_max_body_bytes=4096,
    graphql_max_page_size=5,
)


def deep(depth: int) -> str:
    """A query `depth` levels deep as strawberry counts them (the root field is level 0):
    asset > parent > ... > id."""
    parents = depth - 1
    return '{ asset(id: "x") { ' + "parent { " * parents + "id" + " }" * parents + " } }"


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(count)) + " }"


def tokens(count: int) -> str:
    """A document of exactly `count` tokens: 15 around a list of `count - 15` numbers (an
    argument the schema does not know, so validation, linear in size, refuses it)."""
    return '{ asset(id: "x", pad: [' + "0 " * (count - 15) + "]) { id } }"


def refused(answer: Answer, message: str) -> None:
    # The document was refused as a whole, before it ran: a request error, HTTP 400.
    assert answer.status == 400 and answer.data is None, answer
    assert answer.errors and message in answer.errors[0]["message"], answer.errors


@pytest.fixture(scope="module")
def strict_url(neo4j_target: Neo4jTarget) -> Iterator[str]:
    """An app built with small limits, introspection and GraphiQL off."""
    with serving(STRICT, neo4j_target) as url:
        yield url


@pytest.fixture
def strict(neo4j_target: Neo4jTarget, strict_url: str, caller: Caller) -> Caller:
    """A user of the strict app (made after `caller` emptied the graph)."""
    return make_caller(neo4j_target, strict_url, "Strict")


def test_depth_limit(caller: Caller, strict: Caller) -> None:
    for user, limit in ((caller, DEFAULTS.graphql_max_depth), (strict, STRICT.graphql_max_depth)):
        assert call_api(user.url, deep(limit), token=user.token).data == {"asset": None}
        refused(
            call_api(user.url, deep(limit + 1), token=user.token),
            f"exceeds maximum operation depth of {limit}",
        )


def test_alias_limit(caller: Caller, strict: Caller) -> None:
    for user, limit in (
        (caller, DEFAULTS.graphql_max_aliases),
        (strict, STRICT.graphql_max_aliases),
    ):
        answer = call_api(user.url, aliased(limit), token=user.token)
        assert answer.data and len(answer.data) == limit
        refused(
            call_api(user.url, aliased(limit + 1), token=user.token),
            f"{limit + 1} aliases found. Allowed: {limit}",
        )


def test_token_limit(caller: Caller, strict: Caller) -> None:
    for user, limit in ((caller, DEFAULTS.graphql_max_tokens), (strict, STRICT.graphql_max_tokens)):
        parsed = call_api(user.url, tokens(limit), token=user.token)
        assert parsed.errors and "Unknown argument 'pad'" in parsed.errors[0]["message"]
        refused(
            call_api(user.url, tokens(limit + 1), token=user.token),
            f"Document contains more than {limit} tokens. Parsing aborted.",
        )


def test_page_size_limit(caller: Caller, strict: Caller) -> None:
    for user, limit in (
        (caller, DEFAULTS.graphql_max_page_size),
        (strict, STRICT.graphql_max_page_size),
    ):
        space = user.run(
            'mutation { createSpace(name: "Paged") { ... on ContainerPayload {'
            " container { ... on ContainerNode { id } } } } }"
        )
        id = space["createSpace"]["container"]["id"]
        page = "query($id: ID!, $n: Int) { space(id: $id) { assets(first: $n) { pageInfo { hasNextPage } } } }"  # noqa: E501
        answer = call_api(user.url, page, token=user.token, id=id, n=limit)
        assert answer.data == {"space": {"assets": {"pageInfo": {"hasNextPage": False}}}}
        for wrong in (limit + 1, 0):
            answer = call_api(user.url, page, token=user.token, id=id, n=wrong)
            assert answer.codes == ["VALIDATION"], answer
            assert answer.errors and f"ask for 1 to {limit} items" in answer.errors[0]["message"]


def test_body_size_limit(caller: Caller, strict: Caller) -> None:
    for user, limit in (
        (caller, DEFAULTS.graphql_max_body_bytes),
        (strict, STRICT.graphql_max_body_bytes),
    ):
        # With a Content-Length, through the gql client (a large variable).
        answer = call_api(user.url, "{ viewer { id } }", token=user.token, padding="x" * limit)
        assert answer.status == 413, answer
        assert answer.codes == ["REQUEST_TOO_LARGE"]
        assert answer.errors and f"over {limit} bytes" in answer.errors[0]["message"]
        # Chunked, without a Content-Length: refused once the limit is passed.
        body = json.dumps({"query": "{ viewer { id } }", "variables": {"p": "x" * limit}})

        def chunks(text: str = body) -> Iterator[bytes]:
            for start in range(0, len(text), 1024):
                yield text[start : start + 1024].encode()

        response = HTTP.post(
            f"{user.url}/graphql",
            content=chunks(),
            headers={"Authorization": f"Bearer {user.token}", "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
        # Just under the limit is served.
        small = call_api(
            user.url, "{ viewer { id } }", token=user.token, padding="x" * (limit // 2)
        )
        assert small.status == 200 and small.data == {"viewer": {"id": user.user_id}}


def test_batched_documents_are_refused(caller: Caller) -> None:
    transport = HTTPXTransport(
        url=f"{caller.url}/graphql", headers={"Authorization": f"Bearer {caller.token}"}
    )
    with (
        Client(transport=transport) as session,
        pytest.raises((TransportQueryError, TransportServerError)),
    ):
        session.execute_batch([GraphQLRequest("{ viewer { id } }")] * 2)
    response = HTTP.post(
        f"{caller.url}/graphql",
        json=[{"query": "{ viewer { id } }"}, {"query": "{ serverInfo { version } }"}],
        headers={"Authorization": f"Bearer {caller.token}"},
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BATCH_NOT_SUPPORTED"
    assert "one operation per request" in error["message"]
    assert response.headers["x-request-id"] == error["extensions"]["requestId"]


INTROSPECTION = ["{ __schema { queryType { name } } }", '{ __type(name: "Query") { name } }']


@pytest.mark.parametrize("document", INTROSPECTION)
def test_introspection_follows_the_setting(caller: Caller, strict: Caller, document: str) -> None:
    assert DEFAULTS.introspection_enabled  # in development
    assert call_api(caller.url, document, token=caller.token).data
    refused(call_api(strict.url, document, token=strict.token), "introspection has been disabled")


def test_graphiql_follows_the_setting(
    caller: Caller, strict: Caller, neo4j_target: Neo4jTarget
) -> None:  # noqa: E501
    page = {"Accept": "text/html"}
    assert DEFAULTS.env == "development" and DEFAULTS.graphiql is None  # on in development
    shown = HTTP.get(f"{caller.url}/graphql", headers=page)
    assert shown.status_code == 200 and "graphiql" in shown.text.lower()
    assert HTTP.get(f"{strict.url}/graphql", headers=page).status_code == 404
    with serving(Settings(env="production"), neo4j_target) as production:
        assert HTTP.get(f"{production}/graphql", headers=page).status_code == 404
    # The page carries no data: a GET with a query still needs a token.
    asked = HTTP.get(f"{caller.url}/graphql", params={"query": "{ viewer { id } }"}, headers=page)
    assert asked.status_code == 401


def test_unexpected_errors_are_masked_and_logged_with_the_request_id(
    caller: Caller, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("connection string with secret s3cr3t")

    monkeypatch.setattr(containers, "create", broken)
    caplog.set_level(logging.ERROR, logger="lineage.api")
    document = 'mutation { createSpace(name: "Doomed") { __typename } }'
    answer = call_api(caller.url, document, token=caller.token)

    assert answer.status == 200 and answer.errors, answer
    (error,) = answer.errors
    assert error["message"] == "Unexpected error."
    request_id = answer.headers["x-request-id"]
    assert error["extensions"] == {"code": "INTERNAL", "requestId": request_id}
    assert "s3cr3t" not in json.dumps(answer.errors) and "Traceback" not in json.dumps(
        answer.errors
    )

    (logged,) = [r for r in caplog.records if r.name == "lineage.api" and r.exc_info]
    assert request_id in logged.getMessage()
    assert getattr(logged, "request_id", None) == request_id
    assert logged.exc_info and isinstance(logged.exc_info[1], RuntimeError)


def test_an_unexpected_error_before_graphql_is_masked_too(
    caller: Caller, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("token table unreadable s3cr3t")

    monkeypatch.setattr(access, "authenticate", broken)
    caplog.set_level(logging.ERROR, logger="lineage.api")
    answer = call_api(caller.url, "{ viewer { id } }", token=caller.token)

    request_id = answer.headers["x-request-id"]
    assert answer.status == 500 and answer.data is None, answer
    assert answer.errors == [
        {
            "message": "Unexpected error.",
            "extensions": {"code": "INTERNAL", "requestId": request_id},
        }
    ]
    (logged,) = [r for r in caplog.records if r.name == "lineage.api" and r.exc_info]
    assert request_id in logged.getMessage()


def test_a_client_request_id_is_kept_and_returned(caller: Caller) -> None:
    sent = {"x-request-id": "frontend-42.a"}
    answer = call_api(caller.url, "{ viewer { id } }", token=caller.token, headers=sent)
    assert answer.headers["x-request-id"] == "frontend-42.a"
    unsafe = call_api(
        caller.url, "{ viewer { id } }", token=caller.token, headers={"x-request-id": "a b"}
    )  # noqa: E501
    assert unsafe.headers["x-request-id"] not in ("a b", "")
    refused_anonymously = call_api(caller.url, "{ viewer { id } }", headers=sent)
    assert refused_anonymously.status == 401
    assert refused_anonymously.headers["x-request-id"] == "frontend-42.a"
    assert refused_anonymously.errors
    assert refused_anonymously.errors[0]["extensions"]["requestId"] == "frontend-42.a"
