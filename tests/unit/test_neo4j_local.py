"""The managed Neo4j's pure parts: prerequisites, configuration, pid handling."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from lineage import neo4j_local
from lineage.neo4j_local import LocalNeo4j, LocalNeo4jConfig, LocalNeo4jError


def fake_java(tmp_path: Path, version_line: str) -> str:
    script = tmp_path / "java"
    script.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_old_java_is_refused_with_what_to_install(tmp_path: Path) -> None:
    java = fake_java(tmp_path, 'openjdk version "11.0.2" 2019-01-15')
    with pytest.raises(LocalNeo4jError, match="needs Java 17") as err:
        neo4j_local.find_java(java)
    assert "NEO4J_URI" in str(err.value) and "docker compose up" in str(err.value)


def test_java_8_style_version_is_read_as_8(tmp_path: Path) -> None:
    assert neo4j_local.java_major_version(fake_java(tmp_path, 'java version "1.8.0_202"')) == 8


def test_java_17_is_accepted(tmp_path: Path) -> None:
    java = fake_java(tmp_path, 'openjdk version "17.0.15" 2025-04-15')
    assert neo4j_local.find_java(java) == java


def test_missing_java_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(LocalNeo4jError, match="openjdk-17") as err:
        neo4j_local.find_java(None)
    assert "NEO4J_URI" in str(err.value)


def test_missing_maven_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LocalNeo4jError, match="apt-get install maven"):
        neo4j_local.find_maven()


def config(tmp_path: Path, **changes: object) -> LocalNeo4jConfig:
    values: dict[str, object] = {"cache_dir": tmp_path / "cache", "data_dir": tmp_path / "data"}
    return LocalNeo4jConfig(**(values | changes))  # type: ignore[arg-type]


def test_conf_listens_on_loopback_only_with_http_off(tmp_path: Path) -> None:
    conf = neo4j_local.render_conf(config(tmp_path, heap="768m", pagecache="128m"), 17001)
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.bolt.listen_address=127.0.0.1:17001" in conf
    assert "server.http.enabled=false" in conf
    assert "server.memory.heap.max_size=768m" in conf
    assert "server.memory.pagecache.size=128m" in conf
    assert f"server.directories.data={tmp_path / 'data' / 'data'}" in conf
    assert "0.0.0.0" not in conf


def test_conf_turns_http_on_when_asked(tmp_path: Path) -> None:
    conf = neo4j_local.render_conf(config(tmp_path, http_port=17474), 17001)
    assert "server.http.listen_address=127.0.0.1:17474" in conf


def test_conf_auth_switch(tmp_path: Path) -> None:
    assert "auth_enabled=false" in neo4j_local.render_conf(config(tmp_path, auth=False), 1)
    assert "auth_enabled=true" in neo4j_local.render_conf(config(tmp_path), 1)


def test_server_file_of_a_dead_process_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "server.json").write_text(
        '{"pid": 999999999, "uri": "bolt://127.0.0.1:1", "user": "neo4j", "password": null}'
    )
    assert neo4j_local.read_server_file(tmp_path) is None


def write_server_file(folder: Path, pid: int, port: int) -> None:
    (folder / "server.json").write_text(
        f'{{"pid": {pid}, "uri": "bolt://127.0.0.1:{port}", "user": "neo4j", "password": "p"}}'
    )


def test_server_file_of_a_live_process_listening_on_its_port_is_read(tmp_path: Path) -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        write_server_file(tmp_path, os.getpid(), listening.getsockname()[1])
        running = neo4j_local.read_server_file(tmp_path)
    assert running is not None and running.auth == ("neo4j", "p") and running.restarts == 0


def test_server_file_whose_port_another_process_holds_is_ignored(tmp_path: Path) -> None:
    """A recorded pid that is alive is not enough: it must be the one answering."""
    with subprocess.Popen(["sleep", "30"]) as other, socket.socket() as listening:
        try:
            listening.bind(("127.0.0.1", 0))
            listening.listen()
            write_server_file(tmp_path, other.pid, listening.getsockname()[1])
            assert neo4j_local.read_server_file(tmp_path) is None
            write_server_file(tmp_path, os.getpid(), neo4j_local.free_port())  # nobody listens
            assert neo4j_local.read_server_file(tmp_path) is None
        finally:
            other.kill()


def test_port_in_use_is_a_clear_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(neo4j_local, "install", lambda cache_dir, progress: tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = LocalNeo4j(config(tmp_path, bolt_port=port), progress=lambda _: None)
        with pytest.raises(LocalNeo4jError, match=f"Port {port} .* already in use") as busy_port:
            server.start()
    assert f"(by pid {os.getpid()})" in str(busy_port.value)
