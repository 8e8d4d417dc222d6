"""The request path under misuse and failure, over real HTTP (docs/domain.md §11):
bookmarks never hold a request for long nor before sign-in, Neo4j being unreachable is a
quick 503 with Retry-After, production hides the schema, idempotency keys apply a
mutation once."""

from __future__ import annotations

import base64
import concurrent.futures
import json
import time

import httpx
import pytest

from lineage.config import Settings
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget

from .conftest import Caller, call_api, make_caller, serving

HEADER = "x-lineage-bookmarks"
# Far below the 120 s a future bookmark used to hold a request; far above the 3 s wait.
QUICK_S = 20.0
CREATE = """mutation($name: String!) { createSpace(name: $name) {
  ... on ContainerPayload { container { ... on ContainerNode { id name } } } } }"""
SPACES = "{ spaces { id name } }"
PROBE = "{ serverInfo { schemaVersion } }"


def post(url: str, document: str, headers: dict[str, str] | None = None, **variables: object):
    body = {"query": document, "variables": variables or None}
    return httpx.post(f"{url}/graphql", json=body, headers=headers or {}, timeout=QUICK_S)


def bookmark_of(caller: Caller) -> str:
    answer = call_api(caller.url, CREATE, token=caller.token, name="Marks")
    return str((answer.extensions or {})["bookmarks"][0])


def future(bookmark: str) -> str:
    """The same database's bookmark for a transaction far in its future. A bookmark is
    PackStream: a list of [16 bytes of database id, transaction id, ...]; the id is
    replaced by the INT_32 10^9."""
    prefix, _, encoded = bookmark.partition(":")
    raw = base64.b64decode(encoded)
    start = 19  # tiny list marker, BYTES_8 marker and length 16, the 16 bytes
    width = {0xC8: 2, 0xC9: 3, 0xCA: 5, 0xCB: 9}.get(raw[start], 1)
    later = raw[:start] + b"\xca" + (10**9).to_bytes(4, "big") + raw[start + width :]
    return f"{prefix}:{base64.b64encode(later).decode()}"


def test_a_future_bookmark_with_an_unknown_token_is_refused_at_once(caller: Caller) -> None:
    ahead = future(bookmark_of(caller))
    answer = post(caller.url, SPACES, {HEADER: ahead, "authorization": "Bearer lin_not-a-token"})
    assert answer.status_code == 401, answer.text
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_future_bookmark_is_a_typed_error_after_a_short_wait(caller: Caller) -> None:
    ahead = future(bookmark_of(caller))
    auth = {"authorization": f"Bearer {caller.token}"}
    answer = post(caller.url, SPACES, {HEADER: ahead, **auth})
    assert answer.status_code == 400, answer.text
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "BOOKMARK_NOT_REACHED", (ahead, answer.text)
    assert HEADER in error["message"]
    # The public probe reads nothing a bookmark covers: it ignores the header.
    probe = post(caller.url, PROBE, {HEADER: ahead})
    assert probe.status_code == 200 and "errors" not in probe.json(), probe.text


def test_stalling_clients_do_not_hold_up_a_member(caller: Caller) -> None:
    """Many requests with future bookmarks and made-up tokens at once: a real member's
    query is answered while they are refused."""
    ahead = future(bookmark_of(caller))
    bogus = {HEADER: ahead, "authorization": "Bearer lin_made-up"}
    with concurrent.futures.ThreadPoolExecutor(max_workers=24) as pool:
        stalls = [pool.submit(post, caller.url, SPACES, bogus) for _ in range(48)]
        mine = post(caller.url, SPACES, {"authorization": f"Bearer {caller.token}"})
        statuses = {future.result().status_code for future in stalls}
    assert mine.status_code == 200 and mine.json()["data"]["spaces"], mine.text
    assert statuses == {401}


@pytest.mark.parametrize(
    "header",
    [",".join(["FB:kcwQR3FPTt+iTKqORS3qGoQZSQWQ"] * 17), "FB:" + "A" * 600, "not a bookmark!"],
    ids=["too-many", "too-long", "bad-characters"],
)
def test_a_malformed_bookmark_header_is_refused_before_sign_in(caller: Caller, header: str) -> None:
    answer = post(caller.url, SPACES, {HEADER: header, "authorization": "Bearer lin_whatever"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["extensions"]["code"] == "INVALID_BOOKMARK"


# --- Neo4j unreachable ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def unreachable_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The API pointed at a port where nothing listens (Neo4j down)."""
    dead = Neo4jTarget(f"bolt://127.0.0.1:{free_port()}", ("neo4j", "x"), "neo4j", "nothing")
    settings = Settings(data_dir=tmp_path_factory.mktemp("dead"), neo4j_retry_s=1.0)
    with serving(settings, dead) as url:
        yield url


@pytest.mark.parametrize(
    ("document", "headers"),
    [
        (SPACES, {"authorization": "Bearer lin_someone"}),
        (PROBE, {}),
        (CREATE, {"authorization": "Bearer lin_someone", "idempotency-key": "k-1"}),
    ],
    ids=["signed-in", "public-probe", "mutation"],
)
def test_neo4j_down_is_a_quick_503_to_retry(
    unreachable_url: str, document: str, headers: dict[str, str]
) -> None:
    started = time.monotonic()
    answer = post(unreachable_url, document, headers, name="x")
    took = time.monotonic() - started
    assert answer.status_code == 503, answer.text
    assert int(answer.headers["retry-after"]) > 0
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE", error
    assert "retry" in error["message"].lower()
    assert took < QUICK_S, took  # not the driver's 30 s of retries per call
    ready = httpx.get(f"{unreachable_url}/readyz", timeout=QUICK_S)
    assert ready.status_code == 503 and "not reachable" in ready.json()["reason"]


# --- production mode -----------------------------------------------------------------------


def test_production_hides_the_schema(
    neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory, caller: Caller
) -> None:
    settings = Settings(data_dir=tmp_path_factory.mktemp("prod"), env="production")
    with serving(settings, neo4j_target) as url:
        auth = {"authorization": f"Bearer {caller.token}"}
        introspect = post(url, "{ __schema { types { name } } }", auth)
        assert introspect.status_code == 400, introspect.text
        assert "introspection has been disabled" in introspect.json()["errors"][0]["message"]
        misspelt = post(url, "{ spacez { id } }", auth)
        message = misspelt.json()["errors"][0]["message"]
        assert "spacez" in message and "Did you mean" not in message, message
    # Development keeps both, for people exploring the API.
    misspelt = post(caller.url, "{ spacez { id } }", {"authorization": f"Bearer {caller.token}"})
    assert "Did you mean" in misspelt.json()["errors"][0]["message"]


# --- idempotency keys ----------------------------------------------------------------------


def spaces_named(caller: Caller, name: str) -> list[str]:
    spaces = caller.run(SPACES)["spaces"]
    return [space["id"] for space in spaces if space["name"] == name]


def keyed(caller: Caller, key: str, name: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {caller.token}", "idempotency-key": key}
    return post(caller.url, CREATE, headers, name=name)


def test_a_retried_mutation_is_applied_once(caller: Caller) -> None:
    first = keyed(caller, "retry-1", "Once")
    again = keyed(caller, "retry-1", "Once")
    assert first.status_code == again.status_code == 200
    assert again.json()["data"] == first.json()["data"]
    assert again.headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in first.headers
    assert len(spaces_named(caller, "Once")) == 1


def test_concurrent_retries_apply_once(caller: Caller) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: keyed(caller, "race-1", "Raced"), range(6)))
    ok = [a for a in answers if a.status_code == 200]
    assert ok, [a.text for a in answers]
    assert {json.dumps(a.json()["data"]) for a in ok} == {json.dumps(ok[0].json()["data"])}
    # A request still running when another arrives may be told to retry, never to repeat.
    assert {a.status_code for a in answers} <= {200, 409}
    assert len(spaces_named(caller, "Raced")) == 1


def test_a_key_reused_for_another_request_is_refused(caller: Caller) -> None:
    assert keyed(caller, "reuse-1", "First").status_code == 200
    reused = keyed(caller, "reuse-1", "Second")
    assert reused.status_code == 422, reused.text
    assert reused.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert spaces_named(caller, "Second") == []


def test_keys_belong_to_their_caller(caller: Caller, neo4j_target: Neo4jTarget) -> None:
    other = make_caller(neo4j_target, caller.url, "Bea")
    assert keyed(caller, "shared-1", "Ada's").status_code == 200
    theirs = keyed(other, "shared-1", "Ada's")
    assert theirs.status_code == 200 and "idempotent-replayed" not in theirs.headers
    assert len(spaces_named(other, "Ada's")) == 1 and len(spaces_named(caller, "Ada's")) == 1


def test_a_refused_mutation_is_not_remembered(caller: Caller) -> None:
    """Nothing was written, so nothing is replayed: the retry is applied afresh."""
    bad = keyed(caller, "bad-1", "")
    assert bad.status_code == 200 and "idempotent-replayed" not in bad.headers
    assert "idempotent-replayed" not in keyed(caller, "bad-1", "").headers


def test_a_malformed_key_is_refused(caller: Caller) -> None:
    answer = keyed(caller, "has spaces in it", "Nope")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "INVALID_IDEMPOTENCY_KEY"
    assert spaces_named(caller, "Nope") == []
