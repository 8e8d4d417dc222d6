"""`lineage export openlineage` on the sample graph: one COMPLETE RunEvent per generated
render and per derivation, in the spec's shape, with the inputs, roles and content
hashes the renders used, the same run ids on every export; a space or a project; events
POSTed with --url reach an OpenLineage server, and an exported render event re-targeted
at a fresh task registers a render there through the endpoint."""

from __future__ import annotations

import asyncio
import json
import subprocess
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import commands
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState

from lineage.api.openlineage_events import parse_event
from lineage.domain.enums import Layer
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import containers

from .conftest import Caller
from .reads import Sample, build_sample, post
from .test_openlineage_api import raw_post, renders_named

RENDER_INPUTS = """query($id: ID!) { asset(id: $id) { ... on Render {
  inputs { role contentHash asset { id } } } } }"""


def export(target: Neo4jTarget, *args: str) -> subprocess.CompletedProcess[str]:
    line = [*commands.LINEAGE, "export", "openlineage", *args]
    env = commands.environment(target)
    return subprocess.run(line, env=env, capture_output=True, text=True, timeout=300)


async def exported(target: Neo4jTarget, *args: str) -> list[dict[str, Any]]:
    done = await asyncio.to_thread(export, target, *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def by_job(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["job"]["name"]: e for e in events}


def check_shape(event: dict[str, Any]) -> None:
    """The spec's required fields, read by the endpoint's model and by the client's own
    classes (which check the run id, times and URIs)."""
    parsed = parse_event(event)
    assert parsed.event_type == "COMPLETE" and event["schemaURL"].endswith("#/$defs/RunEvent")
    RunEvent(
        eventType=RunState(event["eventType"]), eventTime=event["eventTime"],
        run=Run(runId=event["run"]["runId"]), producer=event["producer"],
        job=Job(namespace=event["job"]["namespace"], name=event["job"]["name"]),
        inputs=[InputDataset(d["namespace"], d["name"]) for d in event["inputs"]],
        outputs=[OutputDataset(d["namespace"], d["name"]) for d in event["outputs"]],
    )  # fmt: skip


def _role(dataset: dict[str, Any]) -> str:
    return str(dataset["inputFacets"]["lineage_role"]["role"])


def _hash(dataset: dict[str, Any]) -> str:
    """The content hash an exported dataset carries (the spec's version facet)."""
    return str(dataset["facets"]["version"]["datasetVersion"])


def expected_jobs(sample: Sample, *, space: bool) -> set[str]:
    renders = [sample.panel, sample.sketch, sample.cover] + ([sample.space_render] * space)
    clones = [sample.jen_base, sample.park_base, sample.jen_sullen, sample.task_clone]
    return {f"generate/{r.id}" for r in renders} | {f"clone/{c.id}" for c in clones}


async def test_a_space_exports_its_renders_and_derivations(
    graph: Database, caller: Caller, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    sample = await build_sample(graph, caller.user_id)
    first = await exported(neo4j_target, "--space", sample.space)
    again_file = tmp_path / "again.jsonl"
    await exported(neo4j_target, "--space", sample.space, "-o", str(again_file))
    assert [json.loads(line) for line in again_file.read_text().splitlines()] == first
    events = by_job(first)
    assert set(events) == expected_jobs(sample, space=True)
    for event in first:
        check_shape(event)
    run_ids = [uuid.UUID(e["run"]["runId"]) for e in first]
    assert len(set(run_ids)) == len(first)
    # A generation: its inputs are the USES edges, with role and the hash used.
    used = post(caller, RENDER_INPUTS, id=sample.cover.id)["data"]["asset"]["inputs"]
    cover = events[f"generate/{sample.cover.id}"]
    sent = [
        (d["name"], d["inputFacets"]["lineage_role"]["role"], _hash(d)) for d in cover["inputs"]
    ]
    assert sorted(sent) == sorted((u["asset"]["id"], u["role"], u["contentHash"]) for u in used)
    [output] = cover["outputs"]
    assert (output["namespace"], output["name"]) == ("lineage", sample.cover.id)
    assert output["facets"]["lineage_container"]["id"] == sample.project
    assert output["facets"]["lineage_asset"]["name"] == "Cover"
    # A derivation: the parent in, the clone out; a later run links through the clone's id.
    clone = events[f"clone/{sample.jen_base.id}"]
    assert [d["name"] for d in clone["inputs"]] == [sample.jennifer.id]
    assert [d["name"] for d in clone["outputs"]] == [sample.jen_base.id]
    assert sample.jen_base.id in [d["name"] for d in cover["inputs"]]
    # Time order: a consumer meets every asset's origin before its uses.
    assert [e["eventTime"] for e in first] == sorted(e["eventTime"] for e in first)


async def test_a_project_or_every_space(
    graph: Database, caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    sample = await build_sample(graph, caller.user_id)
    events = await exported(neo4j_target, "--project", sample.project)
    assert set(by_job(events)) == expected_jobs(sample, space=False)
    # Without either, every space: here the sample's one.
    everything = await exported(neo4j_target)
    assert set(by_job(everything)) == expected_jobs(sample, space=True)
    both = await asyncio.to_thread(export, neo4j_target, "--space", "a", "--project", "b")
    assert both.returncode == 2 and "not both" in both.stderr
    refused = await asyncio.to_thread(export, neo4j_target, "--project", sample.space)
    assert refused.returncode == 2 and "is a space, not a project" in refused.stderr
    missing = await asyncio.to_thread(export, neo4j_target, "--space", "space_missing")
    assert missing.returncode == 2 and "space_missing" in missing.stderr


async def test_url_posts_the_events_and_a_render_event_registers_again(
    graph: Database, caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    sample = await build_sample(graph, caller.user_id)
    events = by_job(await exported(neo4j_target, "--project", sample.project))
    # Re-targeted at a fresh task, the cover's generation registers a render there.
    fresh = await containers.create(graph, Layer.TASK, "Redo", sample.project)
    cover = events[f"generate/{sample.cover.id}"]
    output = cover["outputs"][0]
    output["name"] = output["facets"]["lineage_asset"]["name"]
    output["facets"]["lineage_container"]["id"] = fresh.id
    answered = raw_post(caller, cover)
    assert answered.status_code == 200, answered.text
    [made] = [
        r for r in await renders_named(graph, sample.space, "Cover") if r["id"] != sample.cover.id
    ]
    assert made["layer"] == "TASK"
    inputs = post(caller, RENDER_INPUTS, id=made["id"])["data"]["asset"]["inputs"]
    assert sorted(i["role"] for i in inputs) == ["CHARACTER", "SCENE"]
    # Posted as exported, a derivation is refused: only renders come in this way.
    clone = events[f"clone/{sample.jen_base.id}"]
    refused = raw_post(caller, clone)
    assert refused.status_code == 400 and "only renders" in refused.text
    # --url stops at the first event the server refuses, saying which and how many went.
    done = await asyncio.to_thread(
        export, neo4j_target, "--project", sample.project, "--url", caller.url,
        "--api-key", caller.token,
    )  # fmt: skip
    assert done.returncode == 2 and "refused event" in done.stderr and "HTTP 400" in done.stderr


class Receiver(BaseHTTPRequestHandler):
    """An OpenLineage server's HTTP API as the transport sees it: 201 for every event."""

    received: list[tuple[str, str | None, dict[str, Any]]] = []

    def do_POST(self) -> None:  # noqa: N802 (the handler's naming)
        body = self.rfile.read(int(self.headers["content-length"]))
        self.received.append((self.path, self.headers["authorization"], json.loads(body)))
        self.send_response(201)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


async def test_url_sends_every_event_in_order(
    graph: Database, caller: Caller, neo4j_target: Neo4jTarget
) -> None:
    sample = await build_sample(graph, caller.user_id)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Receiver.received = []
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        done = await asyncio.to_thread(
            export, neo4j_target, "--space", sample.space, "--url", url, "--api-key", "key_1"
        )
    finally:
        server.shutdown()
        thread.join()
    assert done.returncode == 0, done.stderr
    assert "8/8 events sent" in done.stderr and done.stdout == ""
    expected = await exported(neo4j_target, "--space", sample.space)
    assert Receiver.received == [("/api/v1/lineage", "Bearer key_1", e) for e in expected]
