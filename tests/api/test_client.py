"""lineage.client against the running app on the real Neo4j: a render registered with its
file in one call (sync and async), a corrupted upload refused, idempotent retries (a call
repeated with its key, an answer lost after the server applied the request), typed
refusals, configuration from the environment and the README's example worker."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import threading
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

import httpx
import pytest

from lineage.client import (
    AsyncLineageClient,
    ConfigurationError,
    ContainerRef,
    EdgeType,
    FileRejectedError,
    IdempotencyKeyReusedError,
    Layer,
    LineageClient,
    LineageDirection,
    NotFoundError,
    RequestError,
    RetryPolicy,
    ScopeViolationError,
    State,
    TransportError,
    UnauthenticatedError,
)
from lineage.config import Settings
from lineage.domain.enums import Layer as DomainLayer
from lineage.graph.database import Database
from lineage.neo4j_local import free_port
from lineage.neo4j_target import Neo4jTarget
from lineage.services import cloning, containers

from .conftest import Caller, serving
from .reads import Sample, build_sample, post
from .test_recovery import Relay

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "render_worker.py"
FAST = RetryPolicy(attempts=3, base_delay_s=0.05, max_delay_s=0.2)
IMAGE = b"\x89PNG\r\n\x1a\n" + b"a generated panel" * 40
RENDERS = """query($id: ID!) { task(id: $id) { assets(filter: {types: [RENDER]}) {
  totalCount nodes { id name } } } }"""
STORED_FILE = "query($id: ID!) { asset(id: $id) { ... on Render { file { url checksum } } } }"


def image(tmp_path: Path, name: str = "panel-1.png", content: bytes = IMAGE) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def task_renders(caller: Caller, task: str) -> list[str]:
    found = post(caller, RENDERS, id=task)["data"]["task"]["assets"]
    assert found["totalCount"] == len(found["nodes"])
    return sorted(node["id"] for node in found["nodes"])


def stored_bytes(caller: Caller, render_id: str) -> tuple[bytes, str]:
    file = post(caller, STORED_FILE, id=render_id)["data"]["asset"]["file"]
    return httpx.get(file["url"], timeout=60).content, file["checksum"]


class CorruptingUploads(httpx.HTTPTransport):
    """Flips one byte of every PUT on its way out: the store sees other bytes than declared."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            body = bytearray(request.read())
            body[-1] ^= 0xFF
            request = httpx.Request(
                "PUT", request.url, headers=request.headers, content=bytes(body)
            )
        return super().handle_request(request)


class Recording(httpx.HTTPTransport):
    """Notes the HTTP status of every answer."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.statuses.append(response.status_code)
        return response


class LosingFirstAnswer(httpx.HTTPTransport):
    """Lets the server apply the first registerRender, then drops its answer (a connection
    lost on the way back), as a network failing at the worst moment would."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.lost == 0 and b"registerRender" in request.read():
            response.read()  # the server answered: the render is registered
            response.close()
            self.lost += 1
            raise httpx.ReadError("connection reset before the answer arrived", request=request)
        return response


async def test_a_render_is_registered_with_its_file_in_one_call(
    graph: Database, caller: Caller, tmp_path: Path
) -> None:
    sample = await build_sample(graph, caller.user_id)
    before = task_renders(caller, sample.task)
    with LineageClient(caller.url, caller.token, retry=FAST) as client:
        render = client.register_render(
            sample.task, [sample.jen_sullen.id], file=image(tmp_path),
            prompt="Jennifer, sullen, in the rain", parameters={"seed": 7, "steps": 30},
        )  # fmt: skip
        assert client.asset(render.id).name == "panel-1"
    assert (render.name, render.layer, render.state) == ("panel-1", Layer.TASK, State.DRAFT)
    assert render.container == ContainerRef("Task", sample.task, "Page 1, Panel 1")
    assert (render.prompt, render.parameters) == ("Jennifer, sullen, in the rain",
                                                  {"seed": 7, "steps": 30})  # fmt: skip
    [used] = render.inputs
    assert used.asset.id == sample.task_clone.id and used.role == "CHARACTER"
    checksum = hashlib.sha256(IMAGE).hexdigest()
    assert render.file is not None
    assert (render.file.size, render.file.content_type, render.file.checksum) == (
        len(IMAGE), "image/png", checksum,
    )  # fmt: skip
    assert stored_bytes(caller, render.id) == (IMAGE, checksum)
    assert task_renders(caller, sample.task) == sorted([*before, render.id])
    assert not render.replayed


async def test_the_async_client_registers_and_reads(
    graph: Database, caller: Caller, tmp_path: Path
) -> None:
    sample = await build_sample(graph, caller.user_id)
    async with AsyncLineageClient(caller.url, caller.token, retry=FAST) as client:
        render = await client.register_render(
            sample.project, [sample.jen_base.id, sample.park_base.id], name="Spread",
            file=image(tmp_path, "spread.webp", b"RIFF0000WEBP" + IMAGE),
        )  # fmt: skip
        lineage = await client.lineage(render.id, direction=LineageDirection.UPSTREAM)
        locked = await client.why_locked(sample.jen_base.id)
        found = await client.asset(render.id)
    assert render.container == ContainerRef("Project", sample.project, "Breakup Comic #1")
    assert render.file is not None and render.file.content_type == "image/webp"
    assert stored_bytes(caller, render.id)[0] == b"RIFF0000WEBP" + IMAGE
    assert found.id == render.id and found.project_id == sample.project
    assert {(e.source, e.target, e.type) for e in lineage.edges} == {
        (render.id, sample.jen_base.id, EdgeType.USES),
        (render.id, sample.park_base.id, EdgeType.USES),
    }
    assert {n.asset.id: n.depth for n in lineage.nodes} == {
        render.id: 0, sample.jen_base.id: 1, sample.park_base.id: 1,
    }  # fmt: skip
    assert locked.locked and locked.count >= 1  # a base clone, and renders use it
    assert "BASE_CLONE" in {reason.kind for reason in locked.reasons}, locked


async def test_a_corrupted_upload_is_refused_and_nothing_is_registered(
    graph: Database, caller: Caller, tmp_path: Path
) -> None:
    sample = await build_sample(graph, caller.user_id)
    before = task_renders(caller, sample.task)
    client = LineageClient(caller.url, caller.token, retry=FAST, transport=CorruptingUploads())
    with client, pytest.raises(FileRejectedError) as refused:
        client.register_render(sample.task, [sample.jen_sullen.id], file=image(tmp_path))
    assert refused.value.reason == "CHECKSUM_MISMATCH"
    assert refused.value.code == "FILE_REJECTED" and refused.value.key is not None
    checksum = hashlib.sha256(IMAGE).hexdigest()
    assert refused.value.problem.endswith(f"not the declared {checksum}"), refused.value
    assert task_renders(caller, sample.task) == before


async def test_a_call_repeated_with_its_key_registers_once(
    graph: Database, caller: Caller, tmp_path: Path
) -> None:
    sample = await build_sample(graph, caller.user_id)
    before = task_renders(caller, sample.task)
    path = image(tmp_path)
    with LineageClient(caller.url, caller.token, retry=FAST) as client:
        first = client.register_render(
            sample.task, [sample.jen_sullen.id], file=path, idempotency_key="job-41"
        )
        again = client.register_render(
            sample.task, [sample.jen_sullen.id], file=path, idempotency_key="job-41"
        )
    assert (again.id, again.replayed, first.replayed) == (first.id, True, False)
    # Another process has no record of the upload: without a file the call is the same
    # request and replays; with one it uploads anew, which the key refuses clearly.
    one = LineageClient(caller.url, caller.token, retry=FAST)
    two = LineageClient(caller.url, caller.token, retry=FAST)
    with one, two:
        sketch = one.register_render(sample.task, [sample.jen_sullen.id], name="Sketch",
                                     idempotency_key="job-42")  # fmt: skip
        replayed = two.register_render(sample.task, [sample.jen_sullen.id], name="Sketch",
                                       idempotency_key="job-42")  # fmt: skip
    assert (replayed.id, replayed.replayed) == (sketch.id, True)
    fresh = LineageClient(caller.url, caller.token, retry=FAST)
    with fresh, pytest.raises(IdempotencyKeyReusedError) as reused:
        fresh.register_render(
            sample.task, [sample.jen_sullen.id], file=path, idempotency_key="job-41"
        )
    assert reused.value.status == 422 and "different request" in reused.value.message
    assert task_renders(caller, sample.task) == sorted([*before, first.id, sketch.id])


async def test_a_lost_answer_is_retried_with_the_same_key_and_registers_once(
    graph: Database, caller: Caller, tmp_path: Path
) -> None:
    sample = await build_sample(graph, caller.user_id)
    before = task_renders(caller, sample.task)
    losing = LosingFirstAnswer()
    with LineageClient(caller.url, caller.token, retry=FAST, transport=losing) as client:
        render = client.register_render(sample.task, [sample.jen_sullen.id], file=image(tmp_path))
    assert losing.lost == 1 and render.replayed  # the retry got the first answer back
    assert task_renders(caller, sample.task) == sorted([*before, render.id])
    assert stored_bytes(caller, render.id)[0] == IMAGE


async def test_an_outage_of_neo4j_is_waited_out(
    graph: Database,
    caller: Caller,
    neo4j_target: Neo4jTarget,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> None:
    """The app's Neo4j goes away (a closed relay) and comes back 2 s later: the client gets
    503 DATABASE_UNAVAILABLE, waits and retries, and the render is registered once."""
    sample = await build_sample(graph, caller.user_id)
    before = task_renders(caller, sample.task)
    address = urlparse(neo4j_target.uri)
    relay = Relay(free_port(), (address.hostname or "127.0.0.1", address.port or 7687))
    through = Neo4jTarget(
        f"bolt://127.0.0.1:{relay.port}", neo4j_target.auth, neo4j_target.database, "relay"
    )
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("client-relay"), neo4j_retry_s=1.0, sign_in_cache_s=0
    )
    recording = Recording()
    patient = RetryPolicy(attempts=120, base_delay_s=0.25, max_delay_s=0.5)
    relay.open()
    try:
        with (
            serving(settings, through) as url,
            LineageClient(url, caller.token, retry=patient, transport=recording) as client,
        ):
            assert client.asset(sample.jen_base.id).id == sample.jen_base.id
            relay.close()
            threading.Timer(2.0, relay.open).start()
            render = client.register_render(
                sample.task, [sample.jen_sullen.id], file=image(tmp_path)
            )
            # This app keeps its files in its own data folder.
            stored = stored_bytes(Caller(caller.user_id, caller.token, url), render.id)
    finally:
        relay.close()
    assert 503 in recording.statuses and recording.statuses[-1] == 200
    assert task_renders(caller, sample.task) == sorted([*before, render.id])
    assert stored == (IMAGE, hashlib.sha256(IMAGE).hexdigest())


async def test_refusals_raise_their_typed_exceptions(graph: Database, caller: Caller) -> None:
    sample = await build_sample(graph, caller.user_id)
    other = await containers.create(graph, DomainLayer.PROJECT, "Other", sample.space)
    elsewhere = await cloning.import_to_project(graph, other.id, sample.jennifer.id)
    before = task_renders(caller, sample.task)
    with LineageClient(caller.url, caller.token, retry=FAST) as client:
        with pytest.raises(ScopeViolationError) as out_of_reach:
            client.register_render(sample.task, [elsewhere.id], name="Out of reach")
        with pytest.raises(NotFoundError) as missing:
            client.register_render(sample.task, [sample.jen_sullen.id, "d_missing"], name="M")
        with pytest.raises(NotFoundError) as no_asset:
            client.why_locked("d_nowhere")
        with pytest.raises(RequestError) as too_deep:
            client.lineage(sample.jen_base.id, depth=11)
    assert out_of_reach.value.code == "SCOPE_VIOLATION"
    assert out_of_reach.value.description and out_of_reach.value.remedy
    assert (missing.value.kind, missing.value.id) == ("asset or container", "d_missing")
    assert (no_asset.value.kind, no_asset.value.id) == ("asset", "d_nowhere")
    assert too_deep.value.code == "VALIDATION" and "depth" in too_deep.value.message
    assert task_renders(caller, sample.task) == before


async def test_settings_come_from_the_environment(
    graph: Database, caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = await build_sample(graph, caller.user_id)
    monkeypatch.setenv("LINEAGE_URL", caller.url + "/")
    monkeypatch.setenv("LINEAGE_TOKEN", caller.token)
    with LineageClient(retry=FAST) as client:
        assert client.asset(sample.jen_base.id).id == sample.jen_base.id
    monkeypatch.setenv("LINEAGE_TOKEN", "lin_not-a-token")
    with LineageClient(retry=FAST) as client, pytest.raises(UnauthenticatedError) as refused:
        client.asset(sample.jen_base.id)
    assert refused.value.status == 401 and "Bearer" in refused.value.message
    with LineageClient(token=caller.token, retry=FAST) as client:  # an argument wins
        assert client.asset(sample.jen_base.id).layer == Layer.PROJECT

    monkeypatch.delenv("LINEAGE_URL")
    with pytest.raises(ConfigurationError, match="LINEAGE_URL"):
        LineageClient()
    monkeypatch.setenv("LINEAGE_URL", caller.url)
    monkeypatch.delenv("LINEAGE_TOKEN")
    with pytest.raises(ConfigurationError, match="LINEAGE_TOKEN"):
        AsyncLineageClient()
    with pytest.raises(ConfigurationError, match="not an http"):
        LineageClient("127.0.0.1:8000", caller.token)


def test_an_unreachable_service_is_retried_then_reported() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    client = LineageClient(url, "lin_token", retry=FAST)
    with client, pytest.raises(TransportError) as failed:
        client.asset("d_any")
    assert failed.value.attempts == 3 and failed.value.url == f"{url}/graphql"
    assert "No answer" in str(failed.value)


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_worker", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_readme_example_worker_runs(
    graph: Database,
    caller: Caller,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert EXAMPLE.read_text() in blocks, "README's worker differs from docs/examples"
    sample: Sample = await build_sample(graph, caller.user_id)
    jobs = []
    for job_id, inputs in (("job-1", [sample.jen_sullen.id]), ("job-2", ["d_missing"])):
        job = {"id": job_id, "task_id": sample.task, "inputs": inputs, "prompt": "rain",
               "parameters": {"seed": 1}, "output": str(tmp_path / f"{job_id}.png")}  # fmt: skip
        jobs.append(tmp_path / f"{job_id}.json")
        jobs[-1].write_text(json.dumps(job))
    monkeypatch.setenv("LINEAGE_URL", caller.url)
    monkeypatch.setenv("LINEAGE_TOKEN", caller.token)
    load_example().main([str(jobs[0]), str(jobs[1]), str(jobs[0])])
    lines = capsys.readouterr().out.splitlines()
    made = re.fullmatch(r"job job-1: render (\S+) \(DRAFT\), 1 inputs", lines[0])
    assert made is not None, lines
    assert lines[1].startswith("job job-2 refused: asset or container 'd_missing' does not")
    assert lines[2] == lines[0]  # the repeated job got its first render back
    assert task_renders(caller, sample.task).count(made.group(1)) == 1
    assert stored_bytes(caller, made.group(1))[0] == (tmp_path / "job-1.png").read_bytes()
