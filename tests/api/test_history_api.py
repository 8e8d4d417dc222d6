"""The change history over real HTTP (docs/domain.md §12): every mutation of the schema
appends an entry in its own transaction (the list comes from the schema, so a new mutation
without a scenario here fails), with the right before and after; reading it is paged,
filtered and kept to the members of the space."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from lineage import cypher
from lineage.graph.database import Database, run

from .conftest import Caller
from .documents import SDL, Enum, call
from .reads import another_caller

MUTATION_FIELDS = sorted(SDL.mutation_type.fields) if SDL.mutation_type else []
# Mutations that change nothing in the graph, so record nothing: an upload ticket is a
# signed URL for the file store only.
NO_GRAPH_WRITE = {"requestUpload"}
# The operation each mutation records where the name does not say it.
OPERATION_OF = {"registerRenders": "REGISTER_RENDER"}
COUNTS = cypher.load("test/get_history_counts")
ENTRIES = cypher.load("test/list_history_entries")
RESULT = "{ __typename ... on Error { message } }"
ASSET = "{ __typename ... on AssetPayload { asset { id } } ... on Error { message } }"
CONTAINER = """{ __typename ... on ContainerPayload { container { ... on ContainerNode { id } } }
  ... on Error { message } }"""
ENTRY = """id at userId operation spaceId projectId assetIds containerIds summary
  changes { subject action id name assetType version containerId previousContainerId sourceId
            stateBefore stateAfter contentHashBefore contentHashAfter
            fields { path before after } }"""


def operation_of(field: str) -> str:
    snake = "".join(f"_{c}" if c.isupper() else c for c in field)
    return OPERATION_OF.get(field, snake.upper())


async def db_rows(db: Database, query: cypher.Query) -> list[dict[str, Any]]:
    return [dict(r) for r in await db.read_tx(lambda tx: run(tx, query))]


@dataclass
class World:
    """A space with a project and a task, owned by `owner`; `guest` is a second user."""

    owner: Caller
    guest: Caller
    space: str = ""
    project: str = ""
    task: str = ""

    def made(self, field: str, arguments: dict[str, Any], by: Caller | None = None) -> str:
        containers = {"createSpace", "createProject", "createTask"}
        selection = CONTAINER if field in containers else ASSET
        answer = (by or self.owner).run(f"mutation {{ r: {call(field, arguments)} {selection} }}")
        result = answer["r"]
        assert result["__typename"] in ("AssetPayload", "ContainerPayload"), result
        return str((result.get("asset") or result.get("container"))["id"])

    def definition(self, state: str = "DRAFT", name: str = "Jennifer") -> str:
        made = self.made("createDefinition", {"spaceId": self.space, "type": "CHARACTER",
                                              "name": name})  # fmt: skip
        if state != "DRAFT":
            self.made("transitionState", {"id": made, "to": state})
        return made

    def base_clone(self) -> str:
        return self.made("importToProject", {"projectId": self.project,
                                             "sourceId": self.definition("CANONICAL")})  # fmt: skip

    def render(self, container: str, *inputs: str) -> str:
        arguments = {"containerId": container, "name": "Frame",
                     "inputs": [{"id": i} for i in inputs]}  # fmt: skip
        return self.made("registerRender", arguments)

    def invitation(self) -> dict[str, Any]:
        invite = call("inviteMember", {"spaceId": self.space, "role": Enum("EDITOR")})
        selection = "{ ... on InvitationPayload { code invitation { id } } }"
        return self.owner.run(f"mutation {{ r: {invite} {selection} }}")["r"]  # type: ignore[no-any-return]

    def guest_joins(self) -> None:
        accept = call("acceptInvitation", {"code": self.invitation()["code"]})
        self.guest.run(f"mutation {{ r: {accept} {{ __typename }} }}")

    def rebasable(self) -> str:
        source = self.definition("CANONICAL")
        base = self.made("importToProject", {"projectId": self.project, "sourceId": source})
        working = self.made("deriveWorkingClone", {"sourceId": base})
        newer = self.made("createVersion", {"id": source})
        self.made("transitionState", {"id": newer, "to": "CANONICAL"})
        return working

    def trashed(self) -> str:
        """A definition deleted into the trash: the trash item's id."""
        delete = call("deleteAsset", {"id": self.definition()})
        answer = self.owner.run(
            f"mutation {{ r: {delete} {{ ... on DeleteReport {{ trashItemId }} }} }}"
        )
        return str(answer["r"]["trashItemId"])

    def approved_project_render(self) -> str:
        made = self.render(self.project, self.base_clone())
        self.made("transitionState", {"id": made, "to": "APPROVED"})
        return made


Scenario = Callable[[World], tuple[dict[str, Any], str]]  # -> (arguments, who runs it)
SCENARIOS: dict[str, Scenario] = {
    "createSpace": lambda w: ({"name": "Another"}, "owner"),
    "createProject": lambda w: ({"spaceId": w.space, "name": "P2"}, "owner"),
    "createTask": lambda w: ({"projectId": w.project, "name": "T2"}, "owner"),
    "updateContainer": lambda w: ({"id": w.project, "name": "Renamed"}, "owner"),
    "createDefinition": lambda w: (
        {"spaceId": w.space, "type": "SCENE", "name": "Park"}, "owner"),
    "updateAsset": lambda w: ({"id": w.definition(), "changes": {"name": "Jen"}}, "owner"),
    "importToProject": lambda w: (
        {"projectId": w.project, "sourceId": w.definition("CANONICAL")}, "owner"),
    "deriveWorkingClone": lambda w: ({"sourceId": w.base_clone()}, "owner"),
    "useInTask": lambda w: ({"taskId": w.task, "sourceId": w.base_clone()}, "owner"),
    "registerRender": lambda w: (
        {"containerId": w.space, "name": "Test", "inputs": [{"id": w.definition()}]}, "owner"),
    "registerRenders": lambda w: ({"inputs": [
        {"containerId": w.space, "name": "Test", "inputs": [{"id": w.definition()}]}]}, "owner"),
    "requestUpload": lambda w: ({"containerId": w.space, "contentType": "image/png",
                                 "size": 3, "checksum": "ab" * 32}, "owner"),
    "transitionState": lambda w: ({"id": w.definition(), "to": "CANONICAL"}, "owner"),
    "createVersion": lambda w: ({"id": w.definition("CANONICAL")}, "owner"),
    "rebase": lambda w: ({"id": w.rebasable()}, "owner"),
    "attachBaseView": lambda w: ({"definitionId": w.definition(), "view": "portrait",
                                  "renderId": w.render(w.space, w.definition())}, "owner"),
    "markFinal": lambda w: ({"id": w.approved_project_render()}, "owner"),
    "deleteAsset": lambda w: ({"id": w.definition()}, "owner"),
    "deleteTask": lambda w: (
        {"id": w.made("createTask", {"projectId": w.project, "name": "Doomed"})}, "owner"),
    "deleteProject": lambda w: (
        {"id": w.made("createProject", {"spaceId": w.space, "name": "Doomed"})}, "owner"),
    "deleteSpace": lambda w: ({"id": w.made("createSpace", {"name": "Doomed"})}, "owner"),
    "restoreFromTrash": lambda w: ({"id": w.trashed()}, "owner"),
    "inviteMember": lambda w: ({"spaceId": w.space, "role": Enum("VIEWER")}, "owner"),
    "acceptInvitation": lambda w: ({"code": w.invitation()["code"]}, "guest"),
    "revokeInvitation": lambda w: (
        {"spaceId": w.space, "invitationId": w.invitation()["invitation"]["id"]}, "owner"),
    "setMemberRole": lambda w: (
        w.guest_joins() or {"spaceId": w.space, "userId": w.guest.user_id,
                            "role": Enum("VIEWER")}, "owner"),
    "removeMember": lambda w: (
        w.guest_joins() or {"spaceId": w.space, "userId": w.guest.user_id}, "owner"),
}  # fmt: skip


@pytest_asyncio.fixture(loop_scope="session")
async def world(caller: Caller, graph: Database) -> World:
    w = World(caller, await another_caller(graph, caller, "Bea"))
    w.space = w.made("createSpace", {"name": "Comics"})
    w.project = w.made("createProject", {"spaceId": w.space, "name": "Breakup Comic #1"})
    w.task = w.made("createTask", {"projectId": w.project, "name": "Panel 1"})
    return w


async def counts(db: Database) -> dict[str, int]:
    return {r["operation"]: r["entries"] for r in await db_rows(db, COUNTS)}


def test_every_mutation_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(MUTATION_FIELDS), (
        "a mutation without a history scenario: add one here, and make it record its entry"
    )


@pytest.mark.parametrize("field", MUTATION_FIELDS)
async def test_every_mutation_appends_an_entry(world: World, graph: Database, field: str) -> None:
    arguments, who = SCENARIOS[field](world)
    before = await counts(graph)
    runner = world.owner if who == "owner" else world.guest
    answer = runner.run(f"mutation {{ r: {call(field, arguments)} {RESULT} }}")["r"]
    assert not answer["__typename"].endswith("Error"), answer
    after = await counts(graph)
    if field in NO_GRAPH_WRITE:
        assert after == before
        return
    operation = operation_of(field)
    assert after.get(operation, 0) == before.get(operation, 0) + 1, (operation, before, after)
    newest = (await db_rows(graph, ENTRIES))[0]["e"]
    assert newest["operation"] == operation
    assert newest["user_id"] == runner.user_id


def entries(connection: dict[str, Any] | None) -> list[dict[str, Any]]:
    assert connection is not None
    return [edge["node"] for edge in connection["edges"]]


async def test_members_read_the_history_and_others_see_nothing(world: World) -> None:
    jen = world.definition()
    world.made("updateAsset", {"id": jen, "changes": {"name": "Jen"}})
    document = f"""{{
      asset(id: "{jen}") {{ history {{ edges {{ node {{ {ENTRY} }} }} }} }}
      space(id: "{world.space}") {{ activity(first: 2) {{ edges {{ cursor node {{ id operation }} }}
                                                pageInfo {{ hasNextPage endCursor }} }} }}
      project(id: "{world.project}") {{ activity {{ nodes {{ operation }} }} }}
      history(assetId: "{jen}") {{ nodes {{ id }} }}
    }}"""
    seen = world.owner.run(document)
    [edited, made] = entries(seen["asset"]["history"])
    assert (edited["operation"], made["operation"]) == ("UPDATE_ASSET", "CREATE_DEFINITION")
    [change] = edited["changes"]
    assert change["fields"] == [{"path": "name", "before": "Jennifer", "after": "Jen"}]
    assert (change["stateBefore"], change["stateAfter"]) == ("DRAFT", "DRAFT")
    assert change["contentHashBefore"] != change["contentHashAfter"]
    assert edited["userId"] == world.owner.user_id and edited["spaceId"] == world.space
    activity = seen["space"]["activity"]
    assert [n["node"]["operation"] for n in activity["edges"]] == [
        "UPDATE_ASSET", "CREATE_DEFINITION"]  # fmt: skip
    assert activity["pageInfo"]["hasNextPage"] is True
    rest = world.owner.run(
        f"""{{ space(id: "{world.space}") {{ activity(after: "{activity["pageInfo"]["endCursor"]}")
               {{ nodes {{ operation }} }} }} }}"""
    )["space"]["activity"]["nodes"]
    assert [n["operation"] for n in rest] == ["CREATE_TASK", "CREATE_PROJECT", "CREATE_SPACE"]
    assert [n["operation"] for n in seen["project"]["activity"]["nodes"]] == [
        "CREATE_TASK", "CREATE_PROJECT"]  # fmt: skip
    assert [n["id"] for n in seen["history"]["nodes"]] == [edited["id"], made["id"]]
    # Someone who is not a member of the space gets nothing, as for the asset itself.
    outsider = world.guest.run(document)
    assert outsider == {"asset": None, "space": None, "project": None, "history": None}


async def test_a_deleted_asset_keeps_its_history(world: World) -> None:
    jen = world.definition()
    world.guest_joins()
    deleted = world.guest.run(f"mutation {{ r: {call('deleteAsset', {'id': jen})} {RESULT} }}")
    assert deleted["r"]["__typename"] == "DeleteReport", deleted
    document = f"""{{ history(assetId: "{jen}") {{ nodes {{ {ENTRY} }} }}
      space(id: "{world.space}") {{
        activity(assetId: "{jen}", filter: {{operations: [DELETE_ASSET]}}) {{
          nodes {{ id userId userName }} }}
        byGuest: activity(filter: {{userId: "{world.guest.user_id}"}}) {{
          nodes {{ operation }} }}
        later: activity(filter: {{since: "2999-01-01T00:00:00Z"}}) {{ nodes {{ id }} }} }} }}"""
    seen = world.owner.run(document)
    [deleted, made] = seen["history"]["nodes"]
    assert deleted["operation"] == "DELETE_ASSET" and made["operation"] == "CREATE_DEFINITION"
    [change] = deleted["changes"]
    assert (change["action"], change["name"], change["assetType"], change["containerId"]) == (
        "DELETED", "Jennifer", "CHARACTER", world.space)  # fmt: skip
    assert (change["stateBefore"], change["stateAfter"]) == ("DRAFT", None)
    assert change["contentHashBefore"] and change["contentHashAfter"] is None
    guest_name = world.guest.run("{ viewer { name } }")["viewer"]["name"]
    assert seen["space"]["activity"]["nodes"] == [
        {"id": deleted["id"], "userId": world.guest.user_id, "userName": guest_name}]  # fmt: skip
    assert [n["operation"] for n in seen["space"]["byGuest"]["nodes"]] == [
        "DELETE_ASSET", "ACCEPT_INVITATION"]  # fmt: skip
    assert seen["space"]["later"]["nodes"] == []
