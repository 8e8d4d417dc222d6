"""Render files through the API: request an upload, PUT the bytes to the signed URL,
register the render with the key, download through render.file.url, delete the file
after the render goes; refusals change nothing."""

from __future__ import annotations

import hashlib

import httpx

from lineage.config import Settings
from lineage.graph.database import Database
from lineage.services import trash
from lineage.storage import make_store

from .conftest import Caller
from .reads import build_sample

PNG = b"\x89PNG\r\n\x1a\n" + b"lineage render bytes" * 50

UPLOAD = """mutation($c: ID!, $t: String!, $s: Int!, $h: String!) {
  requestUpload(containerId: $c, contentType: $t, size: $s, checksum: $h) {
    __typename ... on UploadPayload { key url method headers }
    ... on Error { code message } } }"""

REGISTER = """mutation($c: ID!, $i: ID!, $f: FileSpec!) {
  registerRender(containerId: $c, name: "With file", inputs: [{id: $i}], file: $f) {
    __typename ... on AssetPayload { asset { id ... on Render {
      file { key contentType size checksum url } } } }
    ... on FileRejectedError { reason problem key } ... on Error { code message } } }"""


def upload(caller: Caller, container: str, body: bytes, declared: bytes | None = None) -> dict:  # type: ignore[type-arg]
    claimed = declared if declared is not None else body
    ticket = caller.run(
        UPLOAD, c=container, t="image/png", s=len(claimed),
        h=hashlib.sha256(claimed).hexdigest(),
    )["requestUpload"]  # fmt: skip
    assert ticket["__typename"] == "UploadPayload", ticket
    httpx.request(ticket["method"], ticket["url"], content=body, headers=ticket["headers"])
    return ticket  # type: ignore[no-any-return]


def spec(key: str, body: bytes) -> dict[str, object]:
    checksum = hashlib.sha256(body).hexdigest()
    return {"key": key, "contentType": "image/png", "size": len(body), "checksum": checksum}


async def test_upload_register_download_delete(
    graph: Database, caller: Caller, api_settings: Settings
) -> None:
    sample = await build_sample(graph, caller.user_id)
    ticket = upload(caller, sample.project, PNG)
    made = caller.run(REGISTER, c=sample.project, i=sample.jen_base.id, f=spec(ticket["key"], PNG))
    render = made["registerRender"]
    assert render["__typename"] == "AssetPayload", render
    file = render["asset"]["file"]
    assert (file["key"], file["size"], file["contentType"]) == (
        ticket["key"],
        len(PNG),
        "image/png",
    )
    downloaded = httpx.get(file["url"])
    assert downloaded.status_code == 200 and downloaded.content == PNG

    deleted = caller.run(
        "mutation($id: ID!) { deleteAsset(id: $id) {"
        " __typename ... on DeleteReport { deleted { id } } } }",
        id=render["asset"]["id"],
    )["deleteAsset"]
    assert render["asset"]["id"] in [a["id"] for a in deleted["deleted"]]
    # The trash keeps the file for a restore; it goes when the item is purged.
    assert httpx.get(file["url"]).status_code == 200
    purged = await trash.purge(graph, make_store(api_settings), all=True)
    assert purged.removed_files == (ticket["key"],)
    assert httpx.get(file["url"]).status_code == 404


COUNT = "query($p: ID!) { project(id: $p) { assets(filter: {types: [RENDER]}) { totalCount } } }"


async def test_refusals_change_nothing(graph: Database, caller: Caller) -> None:
    sample = await build_sample(graph, caller.user_id)
    before = caller.run(COUNT, p=sample.project)["project"]["assets"]["totalCount"]
    never = caller.run(
        REGISTER, c=sample.project, i=sample.jen_base.id,
        f=spec(f"renders/{sample.project}/never-uploaded.png", PNG),
    )["registerRender"]  # fmt: skip
    assert never["__typename"] == "FileRejectedError" and never["reason"] == "NOT_UPLOADED"

    ticket = upload(caller, sample.project, PNG)
    wrong = caller.run(
        REGISTER, c=sample.project, i=sample.jen_base.id, f=spec(ticket["key"], PNG + b"x")
    )["registerRender"]
    assert wrong["__typename"] == "FileRejectedError", wrong

    other = caller.run(REGISTER, c=sample.task, i=sample.jen_base.id, f=spec(ticket["key"], PNG))[
        "registerRender"
    ]
    assert other["__typename"] == "FileRejectedError" and other["reason"] == "WRONG_CONTAINER"

    assert caller.run(COUNT, p=sample.project)["project"]["assets"]["totalCount"] == before


NOT_FOUND = """mutation($c: ID!, $t: String!, $s: Int!, $h: String!) {
  requestUpload(containerId: $c, contentType: $t, size: $s, checksum: $h) {
    __typename ... on NotFoundError { code kind id } } }"""


async def test_an_upload_goes_into_a_container_never_an_asset(
    graph: Database, caller: Caller
) -> None:
    sample = await build_sample(graph, caller.user_id)
    checksum = hashlib.sha256(PNG).hexdigest()
    answers = {
        given: caller.run(NOT_FOUND, c=given, t="image/png", s=len(PNG), h=checksum)[
            "requestUpload"
        ]
        for given in (sample.jen_base.id, "no-such-container")
    }
    for given, answer in answers.items():
        assert answer == {
            "__typename": "NotFoundError", "code": "NOT_FOUND", "kind": "container", "id": given,
        }  # fmt: skip


REGISTER_AGAIN = """mutation($c: ID!, $i: ID!, $f: FileSpec!) {
  registerRender(containerId: $c, name: "Same file", inputs: [{id: $i}], file: $f) {
    __typename ... on AssetPayload { asset { id } }
    ... on FileAlreadyRegisteredError { code message key renderId } } }"""

DELETE = """mutation($id: ID!) { deleteAsset(id: $id) {
  __typename ... on DeleteReport { deleted { id } } ... on Error { code message } } }"""


async def test_a_file_is_registered_by_one_render(graph: Database, caller: Caller) -> None:
    sample = await build_sample(graph, caller.user_id)
    ticket = upload(caller, sample.project, PNG)
    file = spec(ticket["key"], PNG)
    first = caller.run(REGISTER, c=sample.project, i=sample.jen_base.id, f=file)
    first_render = first["registerRender"]["asset"]
    before = caller.run(COUNT, p=sample.project)["project"]["assets"]["totalCount"]
    again = caller.run(REGISTER_AGAIN, c=sample.project, i=sample.jen_base.id, f=file)
    refusal = again["registerRender"]
    assert refusal["__typename"] == "FileAlreadyRegisteredError", refusal
    assert (refusal["key"], refusal["renderId"]) == (ticket["key"], first_render["id"])
    assert first_render["id"] in refusal["message"]
    assert caller.run(COUNT, p=sample.project)["project"]["assets"]["totalCount"] == before
    # The one render that has it still serves it.
    assert httpx.get(first_render["file"]["url"]).status_code == 200


DUPLICATE = """mutation($c: ID!, $a: ID!, $b: ID!) {
  registerRender(containerId: $c, name: "Twice", inputs: [{id: $a}, {id: $b}]) {
    __typename ... on DuplicateInputError { code message assetId layer inputIds why } } }"""


async def test_two_inputs_resolving_to_one_asset_are_refused(
    graph: Database, caller: Caller
) -> None:
    sample = await build_sample(graph, caller.user_id)
    task_clone = sample.task_clone.id
    refusal = caller.run(DUPLICATE, c=sample.task, a=sample.jen_sullen.id, b=task_clone)[
        "registerRender"
    ]
    assert refusal["__typename"] == "DuplicateInputError", refusal
    assert (refusal["assetId"], refusal["layer"], refusal["inputIds"]) == (
        task_clone, "TASK", [sample.jen_sullen.id, task_clone],
    )  # fmt: skip
    assert refusal["why"] == f"{task_clone} is this task's clone of {sample.jen_sullen.id}"
    assert "list it once" in refusal["message"]


INPUTS = """query($id: ID!) { asset(id: $id) { ... on Render {
  classification inputs { asset { id } role contentHash repointedFrom } } } }"""

DELETE_TASK = """mutation($id: ID!) { deleteTask(id: $id, mode: KEEP_RENDERS) {
  __typename ... on DeleteReport { moved { id } } ... on Error { code message } } }"""

DERIVE = """mutation($s: ID!) { deriveWorkingClone(sourceId: $s) {
  __typename ... on AssetPayload { asset { id } } ... on Error { code message } } }"""

REGISTER_TWO = """mutation($c: ID!, $a: ID!, $b: ID!) {
  registerRender(containerId: $c, name: "Both", inputs: [{id: $a}, {id: $b}]) {
    __typename ... on AssetPayload { asset { id } } ... on Error { code message } } }"""


async def test_a_kept_render_lists_both_inputs_that_landed_on_one_asset(
    graph: Database, caller: Caller
) -> None:
    sample = await build_sample(graph, caller.user_id)
    task_clone = sample.task_clone.id
    derived = caller.run(DERIVE, s=task_clone)["deriveWorkingClone"]
    working = derived["asset"]["id"]
    made = caller.run(REGISTER_TWO, c=sample.task, a=task_clone, b=working)["registerRender"]
    render_id = made["asset"]["id"]
    before = caller.run(INPUTS, id=render_id)["asset"]
    assert caller.run(DELETE_TASK, id=sample.task)["deleteTask"]["__typename"] == "DeleteReport"
    after = caller.run(INPUTS, id=render_id)["asset"]
    assert after["classification"] == before["classification"] == "COMPILATION"
    hashes = {i["asset"]["id"]: i["contentHash"] for i in before["inputs"]}
    assert sorted(
        (i["asset"]["id"], i["repointedFrom"], i["contentHash"]) for i in after["inputs"]
    ) == sorted((sample.jen_sullen.id, clone, hashes[clone]) for clone in (task_clone, working))

    # The render's dependencies page through both edges, one at a time.
    seen, after = [], None
    for _ in range(4):
        page = caller.run(DEPENDENCIES, id=render_id, after=after)["asset"]["dependencies"]
        seen += [(e["node"]["id"], e["role"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert page["totalCount"] == 2
    assert seen == [(sample.jen_sullen.id, "CHARACTER")] * 2


DEPENDENCIES = """query($id: ID!, $after: String) { asset(id: $id) {
  dependencies(first: 1, after: $after) { totalCount edges { node { id } role }
    pageInfo { hasNextPage endCursor } } } }"""
