"""`lineage export` / `lineage import` (docs/interchange.md, "Archive") run as a user runs
them, on the real Neo4j. The round trip clears the session's server and imports into it
empty (Neo4j Community holds one database; a second server would double the start-up)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import commands
import pytest

from lineage import cypher
from lineage.config import Settings
from lineage.demo import load_demo
from lineage.graph import audits, migrations
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access, renders
from lineage.storage import make_store

DELETE_ALL = cypher.load("test/delete_all")
COUNTS = cypher.load("test/get_graph_counts")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400  # three chunks


async def lineage(
    target: Neo4jTarget, data_dir: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = commands.environment(target) | {"LINEAGE_DATA_DIR": str(data_dir)}
    return await asyncio.to_thread(
        subprocess.run, [*commands.LINEAGE, *args], env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


async def export(
    target: Neo4jTarget, data_dir: Path, out: Path, *args: str
) -> list[dict[str, Any]]:
    done = await lineage(target, data_dir, "export", "-o", str(out), *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in out.read_text().splitlines()]


async def counts(db: Database) -> tuple[int, int]:
    record = (await db.read(COUNTS))[0]
    return record["nodes"], record["edges"]


async def demo_with_members(db: Database) -> dict[str, str]:
    ids = (await load_demo(db, say=lambda _: None)).ids
    owner = await access.create_user(db, "Alice")
    await access.set_member(db, ids["space"], owner.id, "OWNER")
    await access.create_token(db, owner.id)  # a secret the archive must not carry
    return ids | {"owner": owner.id}


def without_time(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in records[0].items() if k != "exported_at"}, *records[1:]]


async def test_round_trip_gives_the_same_archive(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    ids = await demo_with_members(graph)
    first = await export(neo4j_target, tmp_path, tmp_path / "first.jsonl")
    kinds = {record.get("kind") for record in first[1:]}
    assert kinds == {"user", "space", "project", "task", "asset", "member_of", "derives_from",
                     "uses", "has_view", "trailer"}  # fmt: skip
    assert first[0]["format"] == "lineage-archive" and first[0]["version"] == 1
    assert "token" not in (tmp_path / "first.jsonl").read_text().lower().replace("_tokens", "")
    await migrations.apply(graph)  # as the import does first (its lock node stays)
    before = await counts(graph)

    # Into the same server, unchanged: every record is already here and identical.
    done = await lineage(neo4j_target, tmp_path, "import", str(tmp_path / "first.jsonl"))
    assert done.returncode == 0, done.stderr
    assert "created 0 records" in done.stderr and await counts(graph) == before

    await graph.run_autocommit(DELETE_ALL)
    empty = await counts(graph)
    done = await lineage(
        neo4j_target, tmp_path, "import", "--dry-run", str(tmp_path / "first.jsonl")
    )
    assert done.returncode == 0, done.stderr
    assert "dry run: would create" in done.stderr and await counts(graph) == empty
    done = await lineage(neo4j_target, tmp_path, "import", str(tmp_path / "first.jsonl"))
    assert done.returncode == 0, done.stderr
    second = await export(neo4j_target, tmp_path, tmp_path / "second.jsonl")
    assert without_time(second) == without_time(first)
    first_lines = (tmp_path / "first.jsonl").read_text().splitlines()
    assert (tmp_path / "second.jsonl").read_text().splitlines()[1:] == first_lines[1:]
    assert not audits.has_violations(await audits.run_audits(graph))
    # Tokens stay behind: the owner is a member again but must sign in with a new token.
    signed_in = await access.authenticate(graph, await access.create_token(graph, ids["owner"]))
    assert signed_in is not None and ids["space"] in signed_in.user.roles


def rewrite(path: Path, change: Any) -> Path:
    lines = path.read_text().splitlines()
    changed = change(lines)
    out = path.with_name("changed.jsonl")
    out.write_text("\n".join(changed) + "\n")
    return out


def edit_first(kind: str, edit: Any) -> Any:
    def change(lines: list[str]) -> list[str]:
        for number, line in enumerate(lines):
            record = json.loads(line)
            if record.get("kind") == kind:
                edit(record)
                lines[number] = json.dumps(record, sort_keys=True, separators=(",", ":"))
                return lines
        raise AssertionError(kind)

    return change


def changed_hash(record: dict[str, Any]) -> None:
    record["props"]["content_hash"] = "0" * 64


def renamed(record: dict[str, Any]) -> None:
    record["props"]["name"] += " (edited)"


def newer(lines: list[str]) -> list[str]:
    header = json.loads(lines[0])
    return [json.dumps(header | {"version": 2}), *lines[1:]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (edit_first("asset", changed_hash), "but its content hashes to"),
        (edit_first("asset", renamed), "but its content hashes to"),
        (lambda lines: lines[: len(lines) // 2], "it is truncated"),
        (newer, "archive of version 2; this lineage reads version 1 only"),
        (edit_first("space", renamed), "digest"),
    ],
    ids=["content-hash", "name-without-hash", "truncated", "version", "name-of-a-space"],
)
async def test_a_tampered_archive_is_refused_and_nothing_written(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path, change: Any, message: str
) -> None:
    await demo_with_members(graph)
    await export(neo4j_target, tmp_path, tmp_path / "a.jsonl")
    tampered = rewrite(tmp_path / "a.jsonl", change)
    await graph.run_autocommit(DELETE_ALL)
    empty = await counts(graph)  # the schema's own nodes
    done = await lineage(neo4j_target, tmp_path, "import", str(tampered))
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert await counts(graph) == empty


async def test_a_conflicting_id_is_refused_and_nothing_written(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    ids = await demo_with_members(graph)
    await export(neo4j_target, tmp_path, tmp_path / "a.jsonl", "--space", ids["space"])
    await graph.run_autocommit(DELETE_ALL)
    await access.create_user(graph, "Alice")  # another Alice: a new id, no conflict
    kept = await access.create_user(graph, "Bob")
    archive = rewrite(tmp_path / "a.jsonl", lambda lines: lines)
    text = archive.read_text()
    # The archive's owner is given Bob's id, so the id exists here with another name.
    archive.write_text(text.replace(ids["owner"], kept.id))
    await migrations.apply(graph)
    before = await counts(graph)
    done = await lineage(neo4j_target, tmp_path, "import", str(archive))
    # The digest no longer matches: re-seal the trailer as an exporter would have.
    assert done.returncode == 2 and "digest" in done.stderr
    sealed = tmp_path / "sealed.jsonl"
    reseal(archive, sealed)
    done = await lineage(neo4j_target, tmp_path, "import", str(sealed))
    assert done.returncode == 2, done.stderr
    assert f"user {kept.id}: " in done.stderr
    assert 'name "Bob" here, "Alice" in the archive' in done.stderr
    assert "nothing was imported" in done.stderr
    assert await counts(graph) == before


def reseal(source: Path, out: Path) -> None:
    from lineage.archive import format

    lines = source.read_bytes().splitlines(keepends=True)
    digest = format.Digest(json.loads(lines[0]))
    for raw in lines[1:-1]:
        digest.update(raw)
    trailer = json.loads(lines[-1]) | {"digest": digest.value()}
    out.write_bytes(b"".join(lines[:-1]) + format.line(trailer))


async def test_files_round_trip(graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path) -> None:
    ids = await demo_with_members(graph)
    source, target = tmp_path / "source", tmp_path / "target"
    store = make_store(Settings(data_dir=source))
    key = f"renders/{ids['space']}/frame.png"
    checksum = hashlib.sha256(PNG).hexdigest()

    async def chunks():  # type: ignore[no-untyped-def]
        yield PNG

    await store.write_file(key, "image/png", len(PNG), checksum, chunks())
    file = {"key": key, "content_type": "image/png", "size": len(PNG), "checksum": checksum}
    await renders.register_render(graph, ids["space"], "Framed", file=file)
    records = await export(neo4j_target, source, tmp_path / "a.jsonl", "--files")
    assert [r["index"] for r in records if r.get("kind") == "file_chunk"] == [0, 1, 2]

    await graph.run_autocommit(DELETE_ALL)
    done = await lineage(neo4j_target, target, "import", str(tmp_path / "a.jsonl"))
    assert done.returncode == 0, done.stderr
    assert (target / "files" / key).read_bytes() == PNG
    again = await export(neo4j_target, target, tmp_path / "b.jsonl", "--files")
    assert without_time(again) == without_time(records)
    done = await lineage(neo4j_target, target, "files", "check")
    assert done.returncode == 0, done.stdout + done.stderr
