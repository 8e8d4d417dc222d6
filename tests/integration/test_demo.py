"""`lineage demo` loads Jennifer and every chain once; loading again changes nothing."""

from __future__ import annotations

import asyncio
import json
import secrets
import struct
import subprocess
import zlib
from pathlib import Path

import commands
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.config import Settings
from lineage.demo import load_demo
from lineage.domain.enums import Layer, Role
from lineage.graph import assets, files, locks
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import access
from lineage.storage import LocalFileStore, UrlSigner, rules_from

COUNTS = cypher.load("test/get_graph_counts")
LIST_ASSETS = cypher.load("test/list_space_assets")


async def counts(db: Database) -> tuple[int, int]:
    record = (await db.read(COUNTS))[0]
    return record["nodes"], record["edges"]


async def test_demo_loads_every_chain_once(graph: Database) -> None:
    first = await load_demo(graph, say=lambda _: None)
    assert first.created
    before = await counts(graph)
    second = await load_demo(graph, say=lambda _: None)
    assert not second.created and second.ids["space"] == first.ids["space"]
    assert await counts(graph) == before

    ids = first.ids

    async def work(tx: Tx) -> None:
        kept = await assets.get(tx, ids["kept_render_of_deleted_task"])
        assert kept.layer == Layer.PROJECT and kept.origin_task_id is not None
        flags = await locks.flags(tx, [ids["space_jennifer"], ids["task_working_clone"]])
        assert flags[ids["space_jennifer"]][0]  # imported and versioned: locked
        assert flags[ids["task_working_clone"]][0]  # a render uses it

    await graph.read_tx(work)


async def test_demo_command_makes_the_owner(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    user = await access.create_user(graph, "Newcomer")
    # The pictures go to the configured (local) file store: here, a folder of the test's.
    env = commands.environment(neo4j_target) | {"LINEAGE_DATA_DIR": str(tmp_path)}
    command = [*commands.LINEAGE, "demo"]
    done = await asyncio.to_thread(
        subprocess.run, [*command, "--owner", user.id], env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    space_id = json.loads(done.stdout)["space"]
    token = await access.create_token(graph, user.id)
    signed_in = await access.authenticate(graph, token)
    assert signed_in is not None and signed_in.user.roles == {space_id: Role.OWNER}
    stored = sorted((tmp_path / "files").rglob("*.png"))
    assert len(stored) >= 5 and all(png_size(p.read_bytes()) for p in stored), stored


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read as a decoder would: the signature, every chunk's
    CRC, and the inflated pixels (8-bit RGB rows, each led by a known filter type)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    at, chunks = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    assert [k for k, _ in chunks][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (depth, colour) == (8, 2)  # 8-bit RGB
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = 1 + width * 3
    assert len(pixels) == height * stride
    assert all(pixels[row * stride] <= 4 for row in range(height))
    return width, height


async def test_demo_renders_have_pictures_in_the_file_store(
    graph: Database, tmp_path: Path
) -> None:
    signer = UrlSigner(secrets.token_bytes(32))
    store = LocalFileStore(tmp_path, signer, rules_from(Settings()), "http://127.0.0.1")
    loaded = await load_demo(graph, say=lambda _: None, store=store)
    listed = await graph.read(LIST_ASSETS, space_id=loaded.ids["space"])
    render_ids = {r["id"] for r in listed if r["type"] == "RENDER"}
    assert len(render_ids) >= 5  # the portrait, three panels, the rain render and clones
    references = await files.file_references(graph)
    shown = {render for renders in references.values() for render in renders}
    assert render_ids <= shown, render_ids - shown
    pictures = set()
    for key in await files.referenced_file_keys(graph):
        data = store.path(key).read_bytes()
        assert png_size(data) == (160, 120), key
        pictures.add(data)
    # Each render's own picture, painted from its inputs: no two alike.
    assert len(pictures) == len(await files.referenced_file_keys(graph)) >= 5
