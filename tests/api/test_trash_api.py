"""The trash over the API (docs/domain.md §13): Space.trash for members, restoreFromTrash
with the role the delete needed, a refusal as a typed error that changes nothing."""

from __future__ import annotations

from typing import Any

from lineage.graph.database import Database
from lineage.services import access

from .conftest import Caller
from .reads import another_caller, build_sample

DELETE = """mutation($id: ID!) { deleteAsset(id: $id) {
  __typename ... on DeleteReport { trashItemId deleted { id } } ... on Error { code } } }"""
DELETE_SPACE = """mutation($id: ID!) { deleteSpace(id: $id) {
  __typename ... on DeleteReport { trashItemId } ... on Error { code } } }"""
RESTORE = """mutation($id: ID!) { restoreFromTrash(id: $id) {
  __typename
  ... on RestorePayload { item { id kind rootId } assetIds containerIds movedBack }
  ... on RestoreRefusedError { code message problems { reason subjectId detail trashItemId } }
  ... on Error { code message } } }"""
TRASH = """query($s: ID!, $after: String) { space(id: $s) { trash(first: 1, after: $after) {
  edges { cursor node { id kind rootId rootName assetType deletedAt deletedBy expiresAt
                        assetCount } }
  pageInfo { hasNextPage endCursor } } } }"""
ASSET = "query($id: ID!) { asset(id: $id) { id name } }"
INPUTS = "query($id: ID!) { asset(id: $id) { ... on Render { inputs { asset { id } } } } }"


def trash_pages(caller: Caller, space: str) -> list[dict[str, Any]]:
    """Every trash item of the space, a page of one at a time."""
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(10):
        found = caller.run(TRASH, s=space, after=after)["space"]["trash"]
        seen += [edge["node"] for edge in found["edges"]]
        if not found["pageInfo"]["hasNextPage"]:
            return seen
        after = found["pageInfo"]["endCursor"]
    raise AssertionError("the trash pages never end")


async def test_trash_lists_newest_first_and_restore_brings_back(
    graph: Database, caller: Caller
) -> None:
    sample = await build_sample(graph, caller.user_id)
    first = caller.run(DELETE, id=sample.space_render.id)["deleteAsset"]
    second = caller.run(DELETE, id=sample.bob.id)["deleteAsset"]
    assert first["__typename"] == second["__typename"] == "DeleteReport"
    assert caller.run(ASSET, id=sample.bob.id)["asset"] is None

    items = trash_pages(caller, sample.space)
    assert [i["id"] for i in items] == [second["trashItemId"], first["trashItemId"]]
    newest = items[0]
    assert (newest["kind"], newest["rootId"], newest["rootName"], newest["assetType"]) == (
        "ASSET", sample.bob.id, sample.bob.name, "CHARACTER",
    )  # fmt: skip
    assert newest["deletedBy"] == caller.user_id and newest["assetCount"] == 1
    assert newest["expiresAt"] > newest["deletedAt"]

    restored = caller.run(RESTORE, id=second["trashItemId"])["restoreFromTrash"]
    assert restored["__typename"] == "RestorePayload", restored
    assert restored["assetIds"] == [sample.bob.id]
    assert caller.run(ASSET, id=sample.bob.id)["asset"]["name"] == sample.bob.name
    assert [i["id"] for i in trash_pages(caller, sample.space)] == [first["trashItemId"]]
    again = caller.run(RESTORE, id=second["trashItemId"])["restoreFromTrash"]
    assert again["__typename"] == "NotFoundError"


async def test_restore_needs_the_role_the_delete_needed(graph: Database, caller: Caller) -> None:
    sample = await build_sample(graph, caller.user_id)
    item = caller.run(DELETE, id=sample.bob.id)["deleteAsset"]["trashItemId"]
    viewer = await another_caller(graph, caller, "Vic")
    stranger = await another_caller(graph, caller, "Stan")
    await access.set_member(graph, sample.space, viewer.user_id, "VIEWER")

    assert stranger.run(TRASH, s=sample.space)["space"] is None
    assert [i["id"] for i in trash_pages(viewer, sample.space)] == [item]
    assert stranger.run(RESTORE, id=item)["restoreFromTrash"]["__typename"] == "NotFoundError"
    refused = viewer.run(RESTORE, id=item)["restoreFromTrash"]
    assert refused["__typename"] == "ForbiddenError", refused
    assert viewer.run(ASSET, id=sample.bob.id)["asset"] is None  # nothing changed

    # A deleted space has no members: its owners, as the trash item kept them, restore it.
    await access.set_member(graph, sample.space, viewer.user_id, "EDITOR")
    space_item = caller.run(DELETE_SPACE, id=sample.space)["deleteSpace"]["trashItemId"]
    assert viewer.run(RESTORE, id=space_item)["restoreFromTrash"]["__typename"] == (
        "ForbiddenError"
    )
    assert stranger.run(RESTORE, id=space_item)["restoreFromTrash"]["__typename"] == (
        "NotFoundError"
    )
    done = caller.run(RESTORE, id=space_item)["restoreFromTrash"]
    assert done["__typename"] == "RestorePayload" and sample.space in done["containerIds"]
    assert [i["id"] for i in trash_pages(viewer, sample.space)] == [item]


DELETE_TASK = """mutation($id: ID!) { deleteTask(id: $id, mode: KEEP_RENDERS) {
  __typename ... on DeleteReport { trashItemId } ... on Error { code } } }"""


async def test_a_refused_restore_says_why_and_changes_nothing(
    graph: Database, caller: Caller
) -> None:
    sample = await build_sample(graph, caller.user_id)
    sketch = caller.run(DELETE, id=sample.sketch.id)["deleteAsset"]["trashItemId"]
    used = caller.run(INPUTS, id=sample.panel.id)["asset"]["inputs"]
    sample_input = used[0]["asset"]["id"]
    task = caller.run(DELETE_TASK, id=sample.task)["deleteTask"]["trashItemId"]

    refused = caller.run(RESTORE, id=sketch)["restoreFromTrash"]
    assert refused["__typename"] == "RestoreRefusedError", refused
    assert refused["code"] == "RESTORE_REFUSED"
    # Its task is gone, and so is the task's clone it used (a project input is taken into
    # the task first): both are in the task's trash item.
    problems = {(p["reason"], p["subjectId"], p["trashItemId"]) for p in refused["problems"]}
    assert problems == {
        ("CONTAINER_GONE", sample.task, task),
        ("ENDPOINT_GONE", sample_input, task),
    }
    assert "restore" in refused["message"]
    assert caller.run(ASSET, id=sample.sketch.id)["asset"] is None
    listed = trash_pages(caller, sample.space)
    # A container's item has its kind and no asset type.
    assert [(i["kind"], i["assetType"]) for i in listed] == [("TASK", None), ("ASSET", "RENDER")]

    # Once its task is back (with the kept render moved back), the render comes back too.
    back = caller.run(RESTORE, id=task)["restoreFromTrash"]
    assert back["__typename"] == "RestorePayload" and back["movedBack"] == [sample.panel.id]
    assert caller.run(RESTORE, id=sketch)["restoreFromTrash"]["__typename"] == "RestorePayload"
    assert trash_pages(caller, sample.space) == []
