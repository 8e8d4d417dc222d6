"""OpenLineage RunEvents posted to the running app at /api/v1/lineage: the real
openlineage-python client registers a COMPLETE event's render as registerRender would
(inputs, roles, container, file), once per run id; refusals carry registerRender's error
codes; other event types record nothing; malformed events and missing tokens are 4xx."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import DatasetFacet, InputDatasetFacet, RunFacet
from openlineage.client.serde import Serde
from openlineage.client.transport.http import (
    ApiKeyTokenProvider,
    HttpCompression,
    HttpConfig,
    HttpTransport,
)
from requests import HTTPError

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.graph.database import Database
from lineage.services import cloning, containers

from .conftest import Caller
from .reads import canonical, post
from .test_files_api import PNG, upload

LIST_ASSETS = cypher.load("test/list_space_assets")
PRODUCER = "https://example.com/comics-pipeline"
TASK_RENDERS = """query($id: ID!) { task(id: $id) { assets(filter: {types: [RENDER]}) { nodes {
  id name layer ... on Render { prompt parameters model renderType
    file { key size checksum }
    inputs { role asset { id origin } } } } } } }"""
REGISTER = """mutation($c: ID!, $i: [RenderInputSpec!]!) {
  registerRender(containerId: $c, name: "Via GraphQL", inputs: $i) {
    __typename ... on Error { code message } } }"""


def client_for(caller: Caller, compression: HttpCompression | None = None) -> OpenLineageClient:
    config = HttpConfig(
        url=caller.url,
        auth=ApiKeyTokenProvider({"api_key": caller.token}),
        compression=compression,
        retry={"total": 0},
        timeout=60,
    )
    return OpenLineageClient(transport=HttpTransport(config))


def event(
    container: str,
    name: str,
    inputs: list[tuple[str, str | None]],
    *,
    state: RunState = RunState.COMPLETE,
    run_id: str | None = None,
    **generation: Any,
) -> RunEvent:
    """A generation job's event: inputs (asset id, role or None), one output render."""
    datasets = [
        InputDataset(
            "lineage",
            asset_id,
            inputFacets={"lineage_role": InputDatasetFacet().with_additional_properties(role=role)}
            if role
            else {},
        )
        for asset_id, role in inputs
    ]
    container_facet = DatasetFacet().with_additional_properties(id=container)
    return RunEvent(
        eventType=state,
        eventTime=datetime.now(UTC).isoformat(),
        run=Run(
            runId=run_id or str(uuid.uuid4()),
            facets={"lineage_render": RunFacet().with_additional_properties(**generation)},
        ),
        job=Job(namespace="comics-pipeline", name="panel-generation"),
        producer=PRODUCER,
        inputs=[*datasets, InputDataset("s3://models", "sdxl-1.0.safetensors")],
        outputs=[OutputDataset("lineage", name, facets={"lineage_container": container_facet})],
    )


def raw_post(caller: Caller, body: bytes | dict[str, Any], **headers: str) -> httpx.Response:
    """One POST as the caller (another `authorization` header replaces the token)."""
    sent = {"content-type": "application/json", "authorization": f"Bearer {caller.token}"}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(
        f"{caller.url}/api/v1/lineage", content=content, headers=sent | headers, timeout=60
    )


def as_json(run_event: RunEvent) -> dict[str, Any]:
    """The event as the client sends it."""
    return Serde.to_dict(run_event)


async def film_with_task(graph: Database, owner: str) -> dict[str, Any]:
    space = await containers.create(graph, Layer.SPACE, "Comics", actor=owner)
    film = await containers.create(graph, Layer.PROJECT, "Film", space.id)
    other = await containers.create(graph, Layer.PROJECT, "Other film", space.id)
    shot = await containers.create(graph, Layer.TASK, "Shot", film.id)
    hero = await canonical(graph, space.id, "CHARACTER", "Hero")
    ink = await canonical(graph, space.id, "STYLE", "Ink")
    return {
        "space": space.id, "film": film.id, "shot": shot.id, "hero": hero.id,
        "hero_base": (await cloning.import_to_project(graph, film.id, hero.id)).id,
        "ink_base": (await cloning.import_to_project(graph, film.id, ink.id)).id,
        "elsewhere": (await cloning.import_to_project(graph, other.id, hero.id)).id,
    }  # fmt: skip


async def renders_named(graph: Database, space_id: str, name: str) -> list[dict[str, Any]]:
    rows = [r.data() for r in await graph.read(LIST_ASSETS, space_id=space_id)]
    return [r for r in rows if r["type"] == "RENDER" and r["name"] == name]


async def test_the_client_registers_a_complete_event_once(graph: Database, caller: Caller) -> None:
    ids = await film_with_task(graph, caller.user_id)
    sent = event(
        ids["shot"], "Panel 1", [(ids["hero_base"], None), (ids["ink_base"], "STYLE")],
        prompt="Hero at dawn, ink", parameters={"seed": 42, "steps": 30}, model="sdxl-1.0",
        renderType="PANEL",
    )  # fmt: skip
    client = client_for(caller)
    client.emit(sent)
    client.emit(sent)  # a retry of the same event
    [made] = post(caller, TASK_RENDERS, id=ids["shot"])["data"]["task"]["assets"]["nodes"]
    assert (made["name"], made["layer"], made["prompt"], made["model"]) == (
        "Panel 1", "TASK", "Hero at dawn, ink", "sdxl-1.0",
    )  # fmt: skip
    assert made["parameters"] == {"seed": 42, "steps": 30} and made["renderType"] == "PANEL"
    roles = {i["role"]: i["asset"] for i in made["inputs"]}
    assert set(roles) == {"CHARACTER", "STYLE"}
    # Project inputs are taken into the task through base clones, as registerRender does.
    assert all(a["origin"] == "BASE_CLONE" for a in roles.values())
    assert roles["CHARACTER"]["id"] not in (ids["hero_base"], ids["ink_base"])
    assert len(await renders_named(graph, ids["space"], "Panel 1")) == 1


async def test_the_answer_names_the_render_and_a_replay_is_marked(
    graph: Database, caller: Caller
) -> None:
    ids = await film_with_task(graph, caller.user_id)
    body = as_json(event(ids["film"], "Cover", [(ids["hero_base"], "CHARACTER")]))
    first = raw_post(caller, body)
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["recorded"] is True and answer["runId"] == body["run"]["runId"]
    assert answer["render"]["name"] == "Cover" and answer["render"]["containerId"] == ids["film"]
    assert answer["ignoredDatasets"] == [
        {"namespace": "s3://models", "name": "sdxl-1.0.safetensors"}
    ]
    # The same run sent later, with another event time: still the same registration.
    again = raw_post(caller, {**body, "eventTime": datetime.now(UTC).isoformat()})
    assert again.status_code == 200 and again.headers.get("idempotent-replayed") == "true"
    assert again.json() == answer
    assert len(await renders_named(graph, ids["space"], "Cover")) == 1
    # The same run id asking for another render is refused, and registers nothing.
    other = as_json(event(ids["film"], "Back cover", [(ids["hero_base"], None)]))
    other["run"]["runId"] = body["run"]["runId"]
    reused = raw_post(caller, other)
    assert reused.status_code == 422
    assert reused.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert "runId" in reused.json()["errors"][0]["message"]
    assert await renders_named(graph, ids["space"], "Back cover") == []


async def test_gzip_and_a_file_uploaded_first(graph: Database, caller: Caller) -> None:
    ids = await film_with_task(graph, caller.user_id)
    ticket = upload(caller, ids["shot"], PNG)
    file = {"key": ticket["key"], "contentType": "image/png", "size": len(PNG),
            "checksum": hashlib.sha256(PNG).hexdigest()}  # fmt: skip
    sent = event(ids["shot"], "With file", [(ids["hero_base"], None)], file=file)
    client_for(caller, HttpCompression.GZIP).emit(sent)
    [made] = post(caller, TASK_RENDERS, id=ids["shot"])["data"]["task"]["assets"]["nodes"]
    assert made["file"] == {"key": file["key"], "size": len(PNG), "checksum": file["checksum"]}


@pytest.mark.parametrize("case", ["out of reach", "missing", "wrong role"])
async def test_a_broken_rule_is_refused_with_register_renders_code(
    graph: Database, caller: Caller, case: str
) -> None:
    ids = await film_with_task(graph, caller.user_id)
    container, inputs = {
        "out of reach": (ids["shot"], [(ids["elsewhere"], None)]),
        "missing": (ids["shot"], [(ids["hero_base"], None), ("d_missing", None)]),
        "wrong role": (ids["film"], [(ids["hero_base"], "SCENE")]),
    }[case]
    expected = post(caller, REGISTER, c=container, i=[{"id": i, "role": r} for i, r in inputs])
    refused = raw_post(caller, as_json(event(container, "Bad", inputs)))
    error = refused.json()["errors"][0]
    graphql_error = expected["data"]["registerRender"]
    assert error["extensions"]["code"] == graphql_error["code"], (error, graphql_error)
    assert error["message"] == graphql_error["message"]
    assert refused.status_code == {"out of reach": 422, "missing": 404, "wrong role": 422}[case]
    if case == "missing":
        assert (error["extensions"]["kind"], error["extensions"]["id"]) == (
            "asset or container", "d_missing",
        )  # fmt: skip
    assert await renders_named(graph, ids["space"], "Bad") == []
    # The client sees the refusal as an HTTP error.
    with pytest.raises(HTTPError):
        client_for(caller).emit(event(container, "Bad", inputs))


async def test_other_event_types_record_nothing(graph: Database, caller: Caller) -> None:
    ids = await film_with_task(graph, caller.user_id)
    for state in (RunState.START, RunState.RUNNING, RunState.FAIL, RunState.ABORT):
        answered = raw_post(
            caller, as_json(event(ids["shot"], "Started", [(ids["hero_base"], None)], state=state))
        )
        assert answered.status_code == 200
        assert answered.json()["recorded"] is False and state.value in answered.json()["reason"]
    client_for(caller).emit(
        event(ids["shot"], "Started", [(ids["hero_base"], None)], state=RunState.START)
    )
    assert await renders_named(graph, ids["space"], "Started") == []


async def test_malformed_events_are_400_with_what_is_wrong(graph: Database, caller: Caller) -> None:
    ids = await film_with_task(graph, caller.user_id)
    not_json = raw_post(caller, b'{"eventType": "COMPLETE",')
    assert not_json.status_code == 400
    assert not_json.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "not JSON" in not_json.json()["errors"][0]["message"]
    body = as_json(event(ids["shot"], "Panel", [(ids["hero_base"], None)]))
    no_run_id = {**body, "run": {"facets": {}}}
    answered = raw_post(caller, no_run_id)
    assert answered.status_code == 400 and "`run.runId`" in answered.json()["errors"][0]["message"]
    bad_uuid = {**body, "run": {"runId": "not-a-uuid"}}
    assert "`run.runId`" in raw_post(caller, bad_uuid).json()["errors"][0]["message"]
    no_container = json.loads(json.dumps(body))
    no_container["outputs"][0]["facets"] = {}
    answered = raw_post(caller, no_container)
    assert answered.status_code == 400 and "lineage_container" in answered.text
    no_output = {**body, "outputs": []}
    answered = raw_post(caller, no_output)
    assert answered.status_code == 400 and "exactly one output" in answered.text
    not_gzip = raw_post(caller, b"plain", **{"content-encoding": "gzip"})
    assert not_gzip.status_code == 400 and "gzip" in not_gzip.text
    too_big = raw_post(caller, gzip.compress(b" " * (2 << 20)), **{"content-encoding": "gzip"})
    assert too_big.status_code == 413
    assert await renders_named(graph, ids["space"], "Panel") == []


async def test_no_or_a_bad_token_is_401(graph: Database, caller: Caller) -> None:
    ids = await film_with_task(graph, caller.user_id)
    body = as_json(event(ids["shot"], "Panel", [(ids["hero_base"], None)]))
    anonymous = httpx.post(f"{caller.url}/api/v1/lineage", json=body, timeout=60)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    wrong = raw_post(caller, body, authorization="Bearer lin_not_a_token")
    assert wrong.status_code == 401
    assert await renders_named(graph, ids["space"], "Panel") == []


def documented_worker() -> str:
    """The Python worker example of docs/interchange.md (its OpenLineage section)."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "interchange.md").read_text()
    section = doc.split("## OpenLineage", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


async def test_the_documented_worker_registers_its_render(graph: Database, caller: Caller) -> None:
    ids = await film_with_task(graph, caller.user_id)
    code = documented_worker()
    assert len(code.strip().splitlines()) <= 20, "the example stays short"
    code = code.replace("http://127.0.0.1:8000", caller.url).replace("lin_...", caller.token)
    names = {"jennifer_id": ids["hero_base"], "ink_id": ids["ink_base"], "task_id": ids["shot"]}
    await asyncio.to_thread(exec, code, names)
    [made] = post(caller, TASK_RENDERS, id=ids["shot"])["data"]["task"]["assets"]["nodes"]
    assert (made["name"], made["model"]) == ("Page 1, Panel 1", "sdxl-1.0")
    assert sorted(i["role"] for i in made["inputs"]) == ["CHARACTER", "STYLE"]
