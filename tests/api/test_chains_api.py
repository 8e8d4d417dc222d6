"""The lineage chains of v4 section 6 through the GraphQL API, with the lock state and its
reasons at every step; and every typed error of api/errors.py produced over HTTP with its
data filled in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import httpx

from lineage.api.errors import ERROR_TYPES
from lineage.neo4j_target import Neo4jTarget

from .conftest import Caller, make_caller
from .documents import Enum, all_fields, call

ASSET = """fragment A on Asset {
  id type layer origin state name description contentHash projectId taskId
  lock { locked immutable reasons { kind dependentId path } }
  deletability { deletable blockers { dependentId edge binding } }
  upstreamSpaceAssets { id }
  parent { id }
  ... on Render { classification prompt parameters inputs { asset { id } role contentHash } }
}"""
BASE, RENDER = ("BASE_CLONE", None), ("RENDER", None)


def derived(child: str) -> tuple[str, str]:
    return ("DERIVED", child)


def used(render: str) -> tuple[str, str]:
    return ("USED", render)


@dataclass
class Api:
    """One user's calls, each checked for the success it should be."""

    caller: Caller

    def container(self, field: str, **arguments: Any) -> str:
        selection = "{ __typename ... on ContainerPayload { container { ... on ContainerNode { id } } } ... on Error { message } }"  # noqa: E501
        result = self.caller.run(f"mutation {{ r: {call(field, arguments)} {selection} }}")["r"]
        assert result["__typename"] == "ContainerPayload", result
        return str(result["container"]["id"])

    def op(self, field: str, **arguments: Any) -> dict[str, Any]:
        """A mutation answering with an asset; the asset as the fragment above reads it."""
        selection = (
            "{ __typename ... on AssetPayload { asset { ...A } } ... on Error { code message } }"  # noqa: E501
        )
        document = f"{ASSET}\nmutation {{ r: {call(field, arguments)} {selection} }}"
        result = self.caller.run(document)["r"]
        assert result["__typename"] == "AssetPayload", (field, result)
        return result["asset"]  # type: ignore[no-any-return]

    def asset(self, id: str) -> dict[str, Any]:
        found = self.caller.run(f'{ASSET}\n{{ asset(id: "{id}") {{ ...A }} }}')["asset"]
        assert found is not None, id
        return found  # type: ignore[no-any-return]

    def error(self, field: str, expected: str, **arguments: Any) -> dict[str, Any]:
        """A mutation that must fail with the typed error `expected`: every field of it."""
        selection = f"{{ __typename ... on {expected} {{ {all_fields(expected)} }} ... on Error {{ code message }} }}"  # noqa: E501
        result = self.caller.run(f"mutation {{ r: {call(field, arguments)} {selection} }}")["r"]
        assert result["__typename"] == expected, (field, result)
        return result  # type: ignore[no-any-return]

    def expect_lock(
        self,
        id: str,
        *,
        locked: bool,
        immutable: bool,
        deletable: bool,
        why: list[tuple[str, str | None]] | None = None,
        blocked_by: list[tuple[str, str, bool]] | None = None,
    ) -> dict[str, Any]:
        found = self.asset(id)
        lock, deletability = found["lock"], found["deletability"]
        assert (lock["locked"], lock["immutable"], deletability["deletable"]) == (
            locked,
            immutable,
            deletable,
        ), found
        reasons = sorted(((r["kind"], r["dependentId"]) for r in lock["reasons"]), key=str)
        assert reasons == sorted(why or [], key=str), found
        for reason in lock["reasons"]:
            if reason["dependentId"]:
                assert reason["path"] == [id, reason["dependentId"]]
        if blocked_by is not None:
            blockers = sorted(
                (b["dependentId"], b["edge"], b["binding"]) for b in deletability["blockers"]
            )  # noqa: E501
            assert blockers == sorted(blocked_by)
        return found


def setup(caller: Caller) -> tuple[Api, str, str, str, dict[str, Any]]:
    """A space, project and task, and a canonical space character, Jennifer."""
    api = Api(caller)
    space = api.container("createSpace", name="Comics")
    project = api.container("createProject", spaceId=space, name="Breakup Comic #1")
    task = api.container("createTask", projectId=project, name="Page 1, Panel 1")
    jennifer = api.op("createDefinition", spaceId=space, type="CHARACTER", name="Jennifer")
    jennifer = api.op("transitionState", id=jennifer["id"], to="CANONICAL")
    return api, space, project, task, jennifer


def test_definition_chain(caller: Caller) -> None:
    api, space, project, task, jennifer = setup(caller)
    j = jennifer["id"]
    api.expect_lock(j, locked=False, immutable=False, deletable=True)

    # Space canonical definition -> (import) project immutable base clone.
    base = api.op("importToProject", projectId=project, sourceId=j)
    assert (base["layer"], base["origin"], base["projectId"]) == ("PROJECT", "BASE_CLONE", project)
    assert base["contentHash"] == jennifer["contentHash"] and base["parent"] == {"id": j}
    assert api.op("importToProject", projectId=project, sourceId=j)["id"] == base["id"]
    api.expect_lock(
        j, locked=True, immutable=True, deletable=False,
        why=[derived(base["id"])], blocked_by=[(base["id"], "DERIVES_FROM", True)],
    )  # fmt: skip
    api.expect_lock(base["id"], locked=False, immutable=True, deletable=True, why=[BASE])

    # -> (derive) project working clone, already changed.
    working = api.op("deriveWorkingClone", sourceId=base["id"], changes={"name": "Jennifer_sullen"})
    assert (working["layer"], working["origin"], working["state"], working["name"]) == (
        "PROJECT", "WORKING_CLONE", "DRAFT", "Jennifer_sullen",
    )  # fmt: skip
    api.expect_lock(
        base["id"], locked=True, immutable=True, deletable=False,
        why=[BASE, derived(working["id"])],
    )  # fmt: skip
    api.expect_lock(working["id"], locked=False, immutable=False, deletable=True)

    # -> (used in task) task base clone; the same one when asked again.
    task_base = api.op("useInTask", taskId=task, sourceId=working["id"])
    assert (task_base["layer"], task_base["origin"], task_base["taskId"]) == (
        "TASK", "BASE_CLONE", task,
    )  # fmt: skip
    assert task_base["contentHash"] == working["contentHash"]
    assert api.op("useInTask", taskId=task, sourceId=working["id"])["id"] == task_base["id"]
    api.expect_lock(
        working["id"], locked=True, immutable=True, deletable=False,
        why=[derived(task_base["id"])],
    )  # fmt: skip

    # -> (derive) task working clone, still editable.
    task_working = api.op(
        "deriveWorkingClone", sourceId=task_base["id"], changes={"description": "crying"}
    )
    assert (task_working["layer"], task_working["origin"]) == ("TASK", "WORKING_CLONE")
    api.expect_lock(
        task_base["id"], locked=True, immutable=True, deletable=False,
        why=[BASE, derived(task_working["id"])],
    )  # fmt: skip
    task_working = api.op("updateAsset", id=task_working["id"], changes={"description": "sobbing"})
    assert task_working["description"] == "sobbing"

    # -> (generate) task render: a project render with task_id.
    frame = api.op(
        "registerRender", containerId=task, name="Panel 1",
        inputs=[{"id": task_working["id"]}], prompt="Jennifer sobbing",
    )  # fmt: skip
    assert (frame["layer"], frame["origin"], frame["state"], frame["type"]) == (
        "TASK", "ORIGINAL", "DRAFT", "RENDER",
    )  # fmt: skip
    assert (frame["projectId"], frame["taskId"], frame["classification"]) == (
        project, task, "CHARACTER",
    )  # fmt: skip
    assert frame["upstreamSpaceAssets"] == [{"id": j}]
    assert frame["inputs"] == [
        {"asset": {"id": task_working["id"]}, "role": "CHARACTER",
         "contentHash": task_working["contentHash"]},
    ]  # fmt: skip
    api.expect_lock(
        task_working["id"], locked=True, immutable=True, deletable=False,
        why=[used(frame["id"])], blocked_by=[(frame["id"], "USES", True)],
    )  # fmt: skip
    api.expect_lock(frame["id"], locked=False, immutable=True, deletable=True, why=[RENDER])
    refused = api.error(
        "updateAsset", "ImmutableError", id=task_working["id"], changes={"description": "x"}
    )
    assert [r["dependentId"] for r in refused["reasons"]] == [frame["id"]]

    # Each earlier link keeps its lock, and the space definition is as it was.
    still = api.expect_lock(
        j, locked=True, immutable=True, deletable=False, why=[derived(base["id"])]
    )
    assert still["contentHash"] == jennifer["contentHash"]


def test_render_chain(caller: Caller) -> None:
    api, space, project, task, jennifer = setup(caller)
    j = jennifer["id"]

    # Space render: a draft does not bind its input; approving it does.
    portrait = api.op("registerRender", containerId=space, name="Portrait", inputs=[{"id": j}])
    assert (portrait["layer"], portrait["classification"]) == ("SPACE", "CHARACTER")
    api.expect_lock(
        j, locked=False, immutable=False, deletable=False,
        blocked_by=[(portrait["id"], "USES", False)],
    )  # fmt: skip
    portrait = api.op("transitionState", id=portrait["id"], to="APPROVED")
    api.expect_lock(
        j, locked=True, immutable=True, deletable=False,
        why=[used(portrait["id"])], blocked_by=[(portrait["id"], "USES", True)],
    )  # fmt: skip
    api.expect_lock(portrait["id"], locked=False, immutable=True, deletable=True, why=[RENDER])

    # -> (import) project base render clone.
    base = api.op("importToProject", projectId=project, sourceId=portrait["id"])
    assert (base["type"], base["layer"], base["origin"], base["classification"]) == (
        "RENDER", "PROJECT", "BASE_CLONE", "CHARACTER",
    )  # fmt: skip
    assert base["contentHash"] == portrait["contentHash"]
    api.expect_lock(
        portrait["id"], locked=True, immutable=True, deletable=False,
        why=[RENDER, derived(base["id"])],
    )  # fmt: skip
    api.expect_lock(base["id"], locked=False, immutable=True, deletable=True, why=[BASE, RENDER])

    # -> (used in task) task base render clone.
    task_base = api.op("useInTask", taskId=task, sourceId=base["id"])
    assert (task_base["layer"], task_base["origin"]) == ("TASK", "BASE_CLONE")
    api.expect_lock(
        base["id"], locked=True, immutable=True, deletable=False,
        why=[BASE, RENDER, derived(task_base["id"])],
    )  # fmt: skip

    # -> (derive) task variant render clone: the one render that may still change.
    variant = api.op(
        "deriveWorkingClone", sourceId=task_base["id"], changes={"prompt": "nighttime variant"}
    )
    assert (variant["layer"], variant["origin"], variant["prompt"]) == (
        "TASK", "WORKING_CLONE", "nighttime variant",
    )  # fmt: skip
    api.expect_lock(
        task_base["id"], locked=True, immutable=True, deletable=False,
        why=[BASE, RENDER, derived(variant["id"])],
    )  # fmt: skip
    api.expect_lock(variant["id"], locked=False, immutable=False, deletable=True)
    variant = api.op("updateAsset", id=variant["id"], changes={"parameters": {"night": True}})
    assert variant["parameters"] == {"night": True}

    # -> (generate) new project render with task_id.
    panel = api.op(
        "registerRender", containerId=task, name="Panel 3", inputs=[{"id": variant["id"]}]
    )
    assert (panel["projectId"], panel["taskId"], panel["layer"]) == (project, task, "TASK")
    assert panel["classification"] == "COMPILATION"  # a reference only: no definitions
    assert panel["inputs"][0]["role"] == "REFERENCE"
    assert sorted(a["id"] for a in panel["upstreamSpaceAssets"]) == sorted([portrait["id"], j])
    api.expect_lock(
        variant["id"], locked=True, immutable=True, deletable=False, why=[used(panel["id"])]
    )
    api.expect_lock(panel["id"], locked=False, immutable=True, deletable=True, why=[RENDER])
    api.error("updateAsset", "ImmutableError", id=variant["id"], changes={"prompt": "day"})


def filled(value: Any, where: str) -> None:
    """Every field of a typed error carries data: no nulls, no empty lists or texts."""
    if isinstance(value, dict):
        for key, inner in value.items():
            filled(inner, f"{where}.{key}")
    elif isinstance(value, list):
        assert value, f"{where} is empty"
        for index, inner in enumerate(value):
            filled(inner, f"{where}[{index}]")
    else:
        assert value is not None and value != "", f"{where} is not filled"


def test_every_typed_error_over_http(caller: Caller, neo4j_target: Neo4jTarget) -> None:
    api, space, project, task, jennifer = setup(caller)
    j = jennifer["id"]
    produced: dict[str, dict[str, Any]] = {}

    def expect(expected: str, field: str, **arguments: Any) -> dict[str, Any]:
        produced[expected] = api.error(field, expected, **arguments)
        return produced[expected]

    base = api.op("importToProject", projectId=project, sourceId=j)
    draft = api.op("createDefinition", spaceId=space, type="SCENE", name="Beach")

    found = expect("NotFoundError", "updateAsset", id="d_nowhere", changes={"name": "x"})
    assert (found["kind"], found["id"]) == ("asset or container", "d_nowhere")

    immutable = expect("ImmutableError", "updateAsset", id=j, changes={"description": "x"})
    assert immutable["assetId"] == j and immutable["reasons"][0]["dependentId"] == base["id"]
    assert immutable["reasons"][0]["path"] == [j, base["id"]]

    blocked = expect("NotDeletableError", "deleteAsset", id=j)
    assert blocked["blockers"] == [
        {"dependentId": base["id"], "dependentType": "CHARACTER", "edge": "DERIVES_FROM",
         "binding": True},
    ]  # fmt: skip

    invalid = expect("InvalidTransitionError", "transitionState", id=draft["id"], to="DEPRECATED")
    assert (invalid["fromState"], invalid["toState"], invalid["needsForce"]) == (
        "DRAFT", "DEPRECATED", False,
    )  # fmt: skip
    assert invalid["allowed"] == ["ARCHIVED", "CANONICAL", "EXPERIMENTAL"]

    archived = api.op("createDefinition", spaceId=space, type="SCENE", name="Old beach")
    api.op("transitionState", id=archived["id"], to="ARCHIVED")
    unusable = expect(
        "NotUsableError", "registerRender", containerId=space, name="X",
        inputs=[{"id": archived["id"]}],
    )  # fmt: skip
    assert (unusable["assetId"], unusable["state"]) == (archived["id"], "ARCHIVED")

    scope = expect("ScopeViolationError", "deriveWorkingClone", sourceId=j)
    assert "space asset" in scope["description"] and "import" in scope["remedy"]

    not_importable = expect(
        "NotImportableError", "importToProject", projectId=project, sourceId=draft["id"]
    )  # noqa: E501
    assert not_importable["assetId"] == draft["id"] and "DRAFT" in not_importable["why"]

    # A working clone and a newer version change the same field: a three-way conflict.
    calm = api.op(
        "createDefinition", spaceId=space, type="CHARACTER", name="Sam", description="calm"
    )  # noqa: E501
    api.op("transitionState", id=calm["id"], to="CANONICAL")
    calm_base = api.op("importToProject", projectId=project, sourceId=calm["id"])
    mine = api.op("deriveWorkingClone", sourceId=calm_base["id"], changes={"description": "sullen"})
    newer = api.op("createVersion", id=calm["id"], changes={"description": "angry"})
    api.op("transitionState", id=newer["id"], to="CANONICAL")
    conflict = expect("MergeConflictError", "rebase", id=mine["id"])
    assert conflict["conflicts"] == [
        {"path": "description", "base": "calm", "theirs": "angry", "ours": "sullen"}
    ]

    # (An unknown type is refused by the schema itself: `type` is a DefinitionType.)
    invalid_input = expect(
        "ValidationError", "createDefinition", spaceId=space, type="CHARACTER", name="  "
    )  # noqa: E501
    assert invalid_input["field"] == "name" and "not be empty" in invalid_input["problem"]

    # A draft space render of a draft definition, which then changes: approval refused.
    model = api.op("createDefinition", spaceId=space, type="CHARACTER", name="Model")
    sketch = api.op(
        "registerRender", containerId=space, name="Sketch", inputs=[{"id": model["id"]}]
    )  # noqa: E501
    changed = api.op("updateAsset", id=model["id"], changes={"description": "taller"})
    drift = expect("DriftedInputsError", "transitionState", id=sketch["id"], to="APPROVED")
    assert drift["renderId"] == sketch["id"]
    assert drift["drifted"] == [
        {"inputId": model["id"], "role": "CHARACTER",
         "snapshotHash": model["contentHash"], "currentHash": changed["contentHash"]},
    ]  # fmt: skip

    next_version = api.op("createVersion", id=j, bump="MINOR")
    clash = expect("ConflictError", "createVersion", id=j)
    assert next_version["id"] in clash["problem"] and clash["remedy"]

    viewer = make_caller(neo4j_target, caller.url, "Vera")
    invite = call("inviteMember", {"spaceId": space, "role": Enum("VIEWER")})
    code = caller.run(f"mutation {{ r: {invite} {{ ... on InvitationPayload {{ code }} }} }}")
    accept = call("acceptInvitation", {"code": code["r"]["code"]})
    joined = viewer.run(f"mutation {{ r: {accept} {{ __typename }} }}")
    assert joined["r"]["__typename"] == "MemberPayload"
    last = expect("LastOwnerError", "removeMember", spaceId=space, userId=caller.user_id)
    assert (last["spaceId"], last["userId"]) == (space, caller.user_id)
    forbidden = Api(viewer).error("createProject", "ForbiddenError", spaceId=space, name="No")
    assert (forbidden["spaceId"], forbidden["role"], forbidden["required"]) == (
        space, "VIEWER", "EDITOR",
    )  # fmt: skip
    produced["ForbiddenError"] = forbidden

    missing_file = {"key": f"renders/{space}/never.png", "contentType": "image/png",
                    "size": 10, "checksum": "0" * 64}  # fmt: skip
    rejected = expect(
        "FileRejectedError", "registerRender", containerId=space, name="No bytes",
        inputs=[{"id": j}], file=missing_file,
    )  # fmt: skip
    assert rejected["reason"] == "NOT_UPLOADED" and rejected["key"] == missing_file["key"]

    # One uploaded file, registered twice: the second render is refused.
    png = b"\x89PNG\r\n\x1a\n" + b"chains" * 8
    checksum = hashlib.sha256(png).hexdigest()
    upload = call("requestUpload", {"containerId": space, "contentType": "image/png",
                                    "size": len(png), "checksum": checksum})  # fmt: skip
    ticket = caller.run(
        f"mutation {{ r: {upload} {{ ... on UploadPayload {{ key url method headers }} }} }}"
    )["r"]
    httpx.request(ticket["method"], ticket["url"], content=png, headers=ticket["headers"])
    stored = {"key": ticket["key"], "contentType": "image/png", "size": len(png),
              "checksum": checksum}  # fmt: skip
    filed = api.op("registerRender", containerId=space, name="Filed", inputs=[{"id": j}],
                   file=stored)  # fmt: skip
    again = expect(
        "FileAlreadyRegisteredError", "registerRender", containerId=space, name="Again",
        inputs=[{"id": j}], file=stored,
    )  # fmt: skip
    assert (again["key"], again["renderId"]) == (ticket["key"], filed["id"])

    # A project asset and the task's clone of it are one input: listed twice, refused.
    task_clone = api.op("useInTask", taskId=task, sourceId=base["id"])
    twice = expect(
        "DuplicateInputError", "registerRender", containerId=task, name="Twice",
        inputs=[{"id": base["id"]}, {"id": task_clone["id"]}],
    )  # fmt: skip
    assert (twice["assetId"], twice["layer"], twice["inputIds"]) == (
        task_clone["id"], "TASK", [base["id"], task_clone["id"]],
    )  # fmt: skip

    # A clone deleted, then its task: the clone cannot come back while its task is trashed.
    scratch = caller.run(f"""mutation {{ r: {call("createTask", {"projectId": project,
        "name": "Scratch"})} {{ ... on ContainerPayload {{ container {{
        ... on ContainerNode {{ id }} }} }} }} }}""")["r"]["container"]["id"]  # fmt: skip
    scratch_clone = api.op("useInTask", taskId=scratch, sourceId=base["id"])
    trashed = caller.run(f"""mutation {{ r: {call("deleteAsset", {"id": scratch_clone["id"]})}
        {{ ... on DeleteReport {{ trashItemId }} }} }}""")["r"]["trashItemId"]  # fmt: skip
    caller.run(f"mutation {{ r: {call('deleteTask', {'id': scratch})} {{ __typename }} }}")
    refused = expect("RestoreRefusedError", "restoreFromTrash", id=trashed)
    assert refused["itemId"] == trashed
    assert [p["reason"] for p in refused["problems"]] == ["CONTAINER_GONE"]

    expected = {graphql_type.__name__ for graphql_type in ERROR_TYPES.values()}
    assert set(produced) == expected, f"no case here produces {expected - set(produced)}"
    for name, error in produced.items():
        filled(error, name)
        assert error["code"] and error["message"]
