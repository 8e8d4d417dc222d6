"""`spaceActivity` over a real WebSocket (graphql-transport-ws) against the served app on the
real Neo4j (docs/domain.md §12, Live activity): a member receives the entries another
member's writes append, also when another API process serves those writes; non-members
and callers who are not signed in are refused; the poll stops when the client goes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from serving import serve
from websockets.sync.client import ClientConnection, connect

from lineage.app import create_app
from lineage.config import Settings
from lineage.graph.database import Database
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget
from lineage.services.activity import ActivityHub

from .conftest import Caller
from .reads import another_caller

SUBSCRIBE = """subscription ($space: ID!, $after: String) {
  spaceActivity(spaceId: $space, after: $after) { id at userId operation spaceId summary }
}"""
WAIT_S = 30.0  # the longest a message may take on a loaded machine


@pytest.fixture
def served(
    neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory, graph: Database
) -> Iterator[tuple[str, ActivityHub]]:
    """The app on a free port, polling every 0.2 s, and its activity hub."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("activity"), activity_poll_s=0.2)
    app = create_app(settings, neo4j_target)
    with serve(app, free_port()) as url:
        yield url, app.state.activity


def open_socket(url: str, payload: dict[str, Any] | None) -> ClientConnection:
    socket = connect(url.replace("http://", "ws://") + "/graphql",
                     subprotocols=["graphql-transport-ws"], open_timeout=WAIT_S)  # type: ignore[list-item]  # fmt: skip
    socket.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
    assert receive(socket)["type"] == "connection_ack"
    return socket


def receive(socket: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(socket.recv(timeout=WAIT_S))
    return message


def subscribe(socket: ClientConnection, space: str, after: str | None = None) -> None:
    payload = {"query": SUBSCRIBE, "variables": {"space": space, "after": after}}
    socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))


def entries(socket: ClientConnection, until: str) -> list[dict[str, Any]]:
    """The entries sent until one with the operation `until`."""
    found = []
    while not found or found[-1]["operation"] != until:
        message = receive(socket)
        assert message["type"] == "next", message
        found.append(message["payload"]["data"]["spaceActivity"])
    return found


def refusal(socket: ClientConnection) -> dict[str, Any]:
    """The one error a refused subscription answers, after which it is complete."""
    message = receive(socket)
    assert message["type"] == "next" and message["payload"]["data"] is None, message
    (error,) = message["payload"]["errors"]
    assert receive(socket) == {"id": "1", "type": "complete"}
    return error  # type: ignore[no-any-return]


def made_space(caller: Caller) -> tuple[str, str]:
    """A space of the caller's, and the cursor of its first history entry."""
    answer = caller.run(
        'mutation { r: createSpace(name: "Comics") '
        "{ ... on ContainerPayload { container { ... on Space { id } } } } }"
    )
    space = answer["r"]["container"]["id"]
    listed = caller.run("query ($id: ID!) { space(id: $id) { activity { edges { cursor } } } }",
                        id=space)  # fmt: skip
    return space, listed["space"]["activity"]["edges"][0]["cursor"]


def join(owner: Caller, guest: Caller, space: str) -> None:
    invite = owner.run("mutation ($s: ID!) { r: inviteMember(spaceId: $s, role: EDITOR) "
                       "{ ... on InvitationPayload { code } } }", s=space)  # fmt: skip
    guest.run("mutation ($c: String!) { r: acceptInvitation(code: $c) { __typename } }",
              c=invite["r"]["code"])  # fmt: skip


def create_definition(caller: Caller, space: str, name: str) -> None:
    answer = caller.run("mutation ($s: ID!, $n: String!) { r: createDefinition(spaceId: $s, "
                        "type: CHARACTER, name: $n) { __typename } }", s=space, n=name)  # fmt: skip
    assert answer["r"]["__typename"] == "AssetPayload", answer


async def test_a_member_receives_the_entries_of_another_members_writes(
    served: tuple[str, ActivityHub], other_process_url: str, graph: Database,
    caller: Caller,
) -> None:  # fmt: skip
    url, hub = served
    owner = Caller(caller.user_id, caller.token, url)
    guest = await another_caller(graph, owner, "Grace")
    space, first = made_space(owner)
    socket = open_socket(url, {"Authorization": f"Bearer {owner.token}"})
    subscribe(socket, space, after=first)
    join(owner, guest, space)
    # The guest writes through another API process: nothing is published in-process.
    create_definition(Caller(guest.user_id, guest.token, other_process_url), space, "Bob")

    found = entries(socket, until="CREATE_DEFINITION")
    assert [e["operation"] for e in found] == [
        "INVITE_MEMBER", "ACCEPT_INVITATION", "CREATE_DEFINITION",
    ]  # fmt: skip
    assert found[-1]["userId"] == guest.user_id and found[-1]["spaceId"] == space
    assert "Bob" in found[-1]["summary"]

    # Written after the replay: it arrives through the poll, once.
    create_definition(Caller(guest.user_id, guest.token, other_process_url), space, "Carol")
    (carol,) = entries(socket, until="CREATE_DEFINITION")
    assert "Carol" in carol["summary"] and carol["id"] not in {e["id"] for e in found}
    assert set(hub.feeds) == {space}

    socket.close()
    deadline = time.monotonic() + WAIT_S
    while hub.feeds and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hub.feeds == {}, "the poll goes on after the client left"
    reads = hub.reads
    time.sleep(0.6)  # three poll intervals
    assert hub.reads == reads


async def test_a_non_member_is_refused(
    served: tuple[str, ActivityHub], graph: Database, caller: Caller
) -> None:
    url, _ = served
    owner = Caller(caller.user_id, caller.token, url)
    space, _ = made_space(owner)
    stranger = await another_caller(graph, owner, "Eve")
    socket = open_socket(url, {"Authorization": f"Bearer {stranger.token}"})
    subscribe(socket, space)
    error = refusal(socket)
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "only its members may follow its activity" in error["message"]
    socket.close()


@pytest.mark.parametrize("payload", [None, {"Authorization": "Bearer lin_not_a_token"}])
def test_a_caller_who_is_not_signed_in_is_refused(
    served: tuple[str, ActivityHub], caller: Caller, payload: dict[str, Any] | None
) -> None:
    url, hub = served
    space, _ = made_space(Caller(caller.user_id, caller.token, url))
    socket = open_socket(url, payload)
    subscribe(socket, space)
    error = refusal(socket)
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "connection_init payload" in error["message"]
    assert hub.feeds == {}  # refused before anything is polled
    socket.close()


def test_the_token_may_come_in_the_upgrade_header(
    served: tuple[str, ActivityHub], caller: Caller
) -> None:
    url, _ = served
    owner = Caller(caller.user_id, caller.token, url)
    space, first = made_space(owner)
    socket = connect(url.replace("http://", "ws://") + "/graphql",
                     subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                     additional_headers={"Authorization": f"Bearer {owner.token}"},
                     open_timeout=WAIT_S)  # fmt: skip
    socket.send(json.dumps({"type": "connection_init", "payload": {}}))
    assert receive(socket)["type"] == "connection_ack"
    subscribe(socket, space, after=first)
    create_definition(owner, space, "Bob")
    (entry,) = entries(socket, until="CREATE_DEFINITION")
    assert entry["userId"] == owner.user_id
    socket.close()
