"""Jennifer's lifecycle (v1 section 8) entirely through the GraphQL API, with typed errors."""

from __future__ import annotations

from .conftest import Caller

ASSET = """
fragment A on Asset {
  id name state layer origin
  lock { locked immutable count reasons { kind dependentId path } }
  deletability { deletable blockers { dependentId edge } }
}
"""


def create_container(caller: Caller, mutation: str, **args: str) -> str:
    params = ", ".join(f"{k}: ${k}" for k in args)
    decl = ", ".join(f"${k}: {'ID' if k.endswith('Id') else 'String'}!" for k in args)
    doc = f"""mutation({decl}) {{ {mutation}({params}) {{
        __typename ... on ContainerPayload {{ container {{ ... on ContainerNode {{ id }} }} }}
        ... on Error {{ message }} }} }}"""
    result = caller.run(doc, **args)[mutation]
    assert result["__typename"] == "ContainerPayload", result
    return str(result["container"]["id"])


def asset_op(caller: Caller, call: str, **variables: object) -> dict:  # type: ignore[type-arg]
    doc = ASSET + "mutation" + call
    payload = next(iter(caller.run(doc, **variables).values()))
    assert payload["__typename"] == "AssetPayload", payload
    return payload["asset"]  # type: ignore[no-any-return]


SELECT = "{ __typename ... on AssetPayload { asset { ...A } } ... on Error { code message } }"


def test_jennifer_through_the_api(caller: Caller) -> None:
    space = create_container(caller, "createSpace", name="Comics")
    project = create_container(caller, "createProject", spaceId=space, name="Breakup Comic #1")
    task = create_container(caller, "createTask", projectId=project, name="Page 1, Panel 1")

    jennifer = asset_op(
        caller,
        "($s: ID!) { createDefinition(spaceId: $s, type: CHARACTER, name: \"Jennifer\") "
        + SELECT + "}",
        s=space,
    )  # fmt: skip
    assert jennifer["state"] == "DRAFT" and not jennifer["lock"]["locked"]
    jennifer = asset_op(
        caller, "($id: ID!) { transitionState(id: $id, to: CANONICAL) " + SELECT + "}",
        id=jennifer["id"],
    )  # fmt: skip
    base = asset_op(
        caller,
        "($p: ID!, $s: ID!) { importToProject(projectId: $p, sourceId: $s) "
        + SELECT + "}",
        p=project, s=jennifer["id"],
    )  # fmt: skip
    assert (base["layer"], base["origin"]) == ("PROJECT", "BASE_CLONE")

    read = caller.run(ASSET + "query($id: ID!) { asset(id: $id) { ...A } }", id=jennifer["id"])
    lock = read["asset"]["lock"]
    assert lock["locked"] and lock["reasons"][0]["dependentId"] == base["id"]
    assert lock["reasons"][0]["path"] == [jennifer["id"], base["id"]]

    refused = caller.run(
        """mutation($id: ID!) { updateAsset(id: $id, changes: {description: "x"}) {
             __typename ... on ImmutableError { code assetId reasons { dependentId }
             alternative } } }""",
        id=jennifer["id"],
    )["updateAsset"]
    assert refused["__typename"] == "ImmutableError"
    assert refused["reasons"][0]["dependentId"] == base["id"]

    sullen = asset_op(
        caller,
        "($id: ID!) { deriveWorkingClone(sourceId: $id, changes: {name: \"Jennifer_sullen\"}) "
        + SELECT + "}",
        id=base["id"],
    )  # fmt: skip
    frame = asset_op(
        caller,
        "($t: ID!, $i: ID!) { registerRender(containerId: $t, name: \"Panel 1\", "
        "inputs: [{id: $i}]) " + SELECT + "}",
        t=task, i=sullen["id"],
    )  # fmt: skip
    assert frame["layer"] == "TASK"
    bad = caller.run(
        """mutation($id: ID!) { transitionState(id: $id, to: CANONICAL) {
             __typename ... on InvalidTransitionError { allowed fromState } } }""",
        id=frame["id"],
    )["transitionState"]
    assert bad == {"__typename": "InvalidTransitionError", "allowed": ["APPROVED", "DISCARDED"],
                   "fromState": "DRAFT"}  # fmt: skip
    dry = caller.run(
        """mutation($id: ID!) { deleteTask(id: $id, dryRun: true) {
             __typename ... on DeleteReport { dryRun deleted { id } deletedContainers { id name }
               moved { id name container { id } } unlocked { id } } } }""",
        id=task,
    )["deleteTask"]
    assert dry["dryRun"] and [a["id"] for a in dry["moved"]] == [frame["id"]]
    # The report names what it lists: the task by name, the moved frame with the task it
    # leaves (the project once moved).
    assert [c["id"] for c in dry["deletedContainers"]] == [task]
    assert dry["deletedContainers"][0]["name"] and dry["moved"][0]["container"]["id"] == task
    assert task not in [a["id"] for a in dry["deleted"]]

    # The frame was generated in the task; once the task is deleted it says so, by name.
    generated = """query($id: ID!) { asset(id: $id) {
        taskId ... on Render { generatedInTask { id name deleted } } } }"""
    before = caller.run(generated, id=frame["id"])["asset"]
    assert before == {"taskId": task, "generatedInTask": {
        "id": task, "name": "Page 1, Panel 1", "deleted": False}}  # fmt: skip
    kept = caller.run(
        """mutation($id: ID!) { deleteTask(id: $id, mode: KEEP_RENDERS) {
             __typename ... on DeleteReport { moved { id } } } }""",
        id=task,
    )["deleteTask"]
    assert kept["moved"] == [{"id": frame["id"]}]
    after = caller.run(generated, id=frame["id"])["asset"]
    assert after == {"taskId": None, "generatedInTask": {
        "id": task, "name": "Page 1, Panel 1", "deleted": True}}  # fmt: skip
