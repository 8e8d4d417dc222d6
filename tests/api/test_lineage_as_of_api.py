"""`lineageAsOf` over real HTTP (docs/domain.md §12): the lineage as it stood at an instant,
with what was deleted since put back, for members of the space only."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from lineage.graph.database import Database

from .conftest import Caller
from .reads import another_caller, error_codes, post

PAST = """query($id: ID!, $at: DateTime!, $depth: Int! = 3) {
  lineageAsOf(assetId: $id, at: $at, direction: DOWNSTREAM, depth: $depth) {
    asOf nodes { id name state layer containerId deletedSince depth asset { id }
          container { __typename ... on ContainerNode { name } } }
    edges { from to type role snapshotHash } truncated deletedWithoutEdges historyStartsAt
  }
}"""

CONTAINER = "{ ... on ContainerPayload { container { ... on ContainerNode { id } } } }"
ASSET = "{ ... on AssetPayload { asset { id } } }"


def instant() -> str:
    time.sleep(0.02)
    now = datetime.now(UTC).isoformat()
    time.sleep(0.02)
    return now


def made(caller: Caller, document: str, **variables: Any) -> str:
    answer = caller.run(document, **variables)
    [result] = answer.values()
    assert "asset" in result or "container" in result, answer
    found = result.get("asset") or result["container"]
    return str(found["id"])


async def test_a_deleted_clone_is_back_for_an_earlier_instant(
    caller: Caller, graph: Database
) -> None:
    space = made(caller, f'mutation {{ r: createSpace(name: "Comics") {CONTAINER} }}')
    project = made(caller, f'mutation($s: ID!) {{ r: createProject(spaceId: $s, name: "Issue 1") '
                   f"{CONTAINER} }}", s=space)  # fmt: skip
    jen = made(caller, "mutation($s: ID!) { r: createDefinition(spaceId: $s, type: CHARACTER, "
               f'name: "Jennifer") {ASSET} }}', s=space)  # fmt: skip
    caller.run("mutation($id: ID!) { transitionState(id: $id, to: CANONICAL) { __typename } }",
               id=jen)  # fmt: skip
    base = made(caller, "mutation($p: ID!, $s: ID!) { r: importToProject(projectId: $p, "
                f"sourceId: $s) {ASSET} }}", p=project, s=jen)  # fmt: skip
    before_delete = instant()
    deleted = caller.run("mutation($id: ID!) { deleteAsset(id: $id) { __typename } }", id=base)[
        "deleteAsset"
    ]
    assert deleted["__typename"] == "DeleteReport"

    then = caller.run(PAST, id=jen, at=before_delete)["lineageAsOf"]
    assert [(n["name"], n["deletedSince"], n["depth"]) for n in then["nodes"]] == [
        ("Jennifer", False, 0), ("Jennifer", True, 1)]  # fmt: skip
    clone = then["nodes"][1]
    assert (clone["id"], clone["asset"], clone["layer"], clone["containerId"]) == (
        base, None, "PROJECT", project)  # fmt: skip
    # The project it was in, named as it is today.
    assert clone["container"] == {"__typename": "Project", "name": "Issue 1"}
    assert then["nodes"][0]["container"] == {"__typename": "Space", "name": "Comics"}
    assert then["nodes"][0]["asset"] == {"id": jen}
    assert then["edges"] == [{"from": base, "to": jen, "type": "DERIVES_FROM", "role": "CLONE",
                              "snapshotHash": None}]  # fmt: skip
    assert then["deletedWithoutEdges"] == [] and then["truncated"] is False
    starts = datetime.fromisoformat(then["historyStartsAt"])
    assert starts <= datetime.fromisoformat(before_delete)
    now = caller.run(PAST, id=jen, at=instant())["lineageAsOf"]
    assert [n["id"] for n in now["nodes"]] == [jen]
    # The deleted clone itself, asked about at an instant it existed.
    assert caller.run(PAST, id=base, at=before_delete)["lineageAsOf"]["nodes"][0]["id"] == base

    # Someone outside the space, and an instant before the asset existed, get nothing.
    outsider = await another_caller(graph, caller, "Otto")
    assert outsider.run(PAST, id=jen, at=before_delete) == {"lineageAsOf": None}
    assert caller.run(PAST, id=jen, at="2000-01-01T00:00:00Z") == {"lineageAsOf": None}


def test_an_out_of_range_depth_is_refused_by_name(caller: Caller) -> None:
    body = post(caller, PAST, id="d_x", at="2026-01-01T00:00:00Z", depth=11)
    assert error_codes(body) == ["VALIDATION"]
    assert "depth" in body["errors"][0]["message"]
