"""The service recovers by itself when a Neo4j it was given (NEO4J_URI) comes back: while
the server is gone every request is a quick 503, and the first requests after it answers
again succeed, with no restart of the service (docs/domain.md §10).

The outage is made with a TCP relay in front of the session's Neo4j: closing the relay
cuts every connection and refuses new ones, as a dead server would.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import httpx
import pytest

from lineage.config import Settings
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget

from .conftest import Caller, make_caller, serving

SPACES = "{ spaces { id } }"
RECOVERY_CEILING_S = 30.0


class Relay:
    """Forwards 127.0.0.1:`port` to the real server while open; closed, nothing answers."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port, self.target = port, target
        self.listener: socket.socket | None = None
        self.connections: list[socket.socket] = []

    def open(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self) -> None:
        if self.listener is not None:
            _shut(self.listener)  # wakes the thread blocked in accept()
            self.listener.close()
            self.listener = None
        for connection in self.connections:
            _shut(connection)
            connection.close()
        self.connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _shut(source)
        _shut(sink)


def _shut(end: socket.socket) -> None:
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def relay(neo4j_target: Neo4jTarget) -> Iterator[Relay]:
    address = urlparse(neo4j_target.uri)
    relay = Relay(free_port(), (address.hostname or "127.0.0.1", address.port or 7687))
    relay.open()
    yield relay
    relay.close()


def spaces(url: str, caller: Caller) -> httpx.Response:
    return httpx.post(
        f"{url}/graphql",
        json={"query": SPACES},
        headers={"authorization": f"Bearer {caller.token}"},
        timeout=RECOVERY_CEILING_S,
    )


def test_the_service_recovers_when_its_neo4j_answers_again(
    relay: Relay,
    neo4j_target: Neo4jTarget,
    tmp_path_factory: pytest.TempPathFactory,
    caller: Caller,
) -> None:
    through = Neo4jTarget(
        f"bolt://127.0.0.1:{relay.port}", neo4j_target.auth, neo4j_target.database, "relay"
    )
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("relay"), neo4j_retry_s=1.0, sign_in_cache_s=0
    )
    with serving(settings, through) as url:
        user = make_caller(neo4j_target, url, "Cy")
        assert spaces(url, user).status_code == 200

        relay.close()  # the server goes away, with the connections the pool holds
        down = spaces(url, user)
        assert down.status_code == 503, down.text
        assert down.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        assert httpx.get(f"{url}/readyz", timeout=RECOVERY_CEILING_S).status_code == 503

        relay.open()  # it is back: no restart of the service, no human
        deadline = time.monotonic() + RECOVERY_CEILING_S
        while (answer := spaces(url, user)).status_code != 200:
            assert answer.status_code == 503, answer.text
            assert time.monotonic() < deadline, "the service did not recover"
            time.sleep(0.2)
        assert answer.json()["data"] == {"spaces": []}
        assert httpx.get(f"{url}/readyz", timeout=RECOVERY_CEILING_S).status_code == 200
