"""Who listens on a loopback port, read from the kernel's socket tables."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from lineage import port_owner
from lineage.neo4j_local import free_port


@pytest.mark.parametrize(
    ("hex_address", "reached"),
    [
        ("0100007F", True),  # 127.0.0.1
        ("00000000", True),  # 0.0.0.0
        ("0200007F", False),  # 127.0.0.2
        ("00000000000000000000000000000000", True),  # ::
        ("0000000000000000FFFF00000100007F", True),  # ::ffff:127.0.0.1
        ("00000000000000000000000001000000", False),  # ::1
    ],
)
def test_which_listening_addresses_take_connections_to_127_0_0_1(
    hex_address: str, reached: bool
) -> None:
    assert port_owner._reached(hex_address) is reached


@pytest.fixture
def listener() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_our_own_listener_is_ours(listener: int) -> None:
    assert port_owner.held_only_by(os.getpid(), listener) is True
    assert port_owner.holders(listener) == {os.getpid()}


def test_a_port_nobody_listens_on_has_no_holder() -> None:
    port = free_port()
    assert port_owner.held_only_by(os.getpid(), port) is None
    assert port_owner.holders(port) == set()


def test_another_process_listening_is_not_ours() -> None:
    port = free_port()
    script = (
        "import socket, time\n"
        f"s = socket.socket(); s.bind(('127.0.0.1', {port})); s.listen(); print(flush=True)\n"
        "time.sleep(30)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as other:
        try:
            assert other.stdout is not None and other.stdout.readline() == b"\n"
            deadline = time.monotonic() + 5
            while port_owner.held_only_by(other.pid, port) is not True:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert port_owner.held_only_by(os.getpid(), port) is False
            assert port_owner.holders(port) == {other.pid}
        finally:
            other.kill()
