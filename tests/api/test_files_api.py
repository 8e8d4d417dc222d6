"""Render files through the API: request an upload, PUT the bytes to the signed URL,
register the render with the key, download through render.file.url, delete the file
after the render goes; refusals change nothing."""

from __future__ import annotations

import hashlib

import httpx

from lineage.graph.database import Database

from .conftest import Caller
from .reads import build_sample

PNG = b"\x89PNG\r\n\x1a\n" + b"lineage render bytes" * 50

UPLOAD = """mutation($c: String!, $t: String!, $s: Int!, $h: String!) {
  requestUpload(containerId: $c, contentType: $t, size: $s, checksum: $h) {
    __typename ... on UploadPayload { key url method headers }
    ... on Error { code message } } }"""

REGISTER = """mutation($c: String!, $i: String!, $f: FileSpec!) {
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


async def test_upload_register_download_delete(graph: Database, caller: Caller) -> None:
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
        "mutation($id: String!) { deleteAsset(id: $id) {"
        " __typename ... on DeleteReport { deleted } } }",
        id=render["asset"]["id"],
    )["deleteAsset"]
    assert render["asset"]["id"] in deleted["deleted"]
    assert httpx.get(file["url"]).status_code == 404  # the file went after the commit


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
