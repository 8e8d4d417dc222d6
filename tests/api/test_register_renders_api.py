"""registerRenders over HTTP against the real Neo4j: each render of a batch is checked and
written on its own terms (a refused one writes nothing and gets registerRender's typed
error), the accepted ones land, and the request's size is capped."""

from __future__ import annotations

from typing import Any

import httpx

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.graph.database import Database
from lineage.services import cloning, containers, lifecycle, registration

from .conftest import Caller
from .reads import canonical, post

REGISTER_MANY = """
mutation($inputs: [RegisterRenderInput!]!) {
  registerRenders(inputs: $inputs) {
    __typename
    ... on RegisterRendersPayload {
      results {
        __typename
        ... on AssetPayload {
          asset { id name layer ... on Render { inputs { role asset { id origin } } } }
        }
        ... on Error { code message }
        ... on NotFoundError { kind id }
      }
    }
    ... on ValidationError { field problem }
  }
}
"""
RENDER = "query($id: ID!) { asset(id: $id) { id name } }"
LIST_ASSETS = cypher.load("test/list_space_assets")


def item(container: str, name: str, *inputs: str) -> dict[str, Any]:
    return {"containerId": container, "name": name, "inputs": [{"id": i} for i in inputs]}


async def test_a_batch_lands_its_good_renders_and_types_the_bad_ones(
    graph: Database, caller: Caller
) -> None:
    space = await containers.create(graph, Layer.SPACE, "Farm", actor=caller.user_id)
    film = await containers.create(graph, Layer.PROJECT, "Film", space.id)
    other = await containers.create(graph, Layer.PROJECT, "Other film", space.id)
    shot = await containers.create(graph, Layer.TASK, "Shot", film.id)
    hero = await canonical(graph, space.id, "CHARACTER", "Hero")
    draft = await canonical(graph, space.id, "SCENE", "Beach")
    await lifecycle.transition(graph, draft.id, "DEPRECATED")
    base = await cloning.import_to_project(graph, film.id, hero.id)
    elsewhere = await cloning.import_to_project(graph, other.id, hero.id)
    items = [
        item(shot.id, "Panel 1", base.id),  # takes the hero's base clone into the task
        item(shot.id, "Panel 2", elsewhere.id),  # another project's asset: out of reach
        item(shot.id, "Panel 3", base.id),  # reuses the task clone Panel 1 made
        item(space.id, "Sketch", hero.id, "d_missing"),
        item(space.id, "Old beach", draft.id),  # retired: not usable
        item(shot.id, "Twice", base.id, base.id),
        item("t_missing", "Nowhere", hero.id),
        item(space.id, "Test", hero.id),
    ]
    body = post(caller, REGISTER_MANY, inputs=items)
    results = body["data"]["registerRenders"]["results"]
    assert [r["__typename"] for r in results] == [
        "AssetPayload", "ScopeViolationError", "AssetPayload", "NotFoundError",
        "NotUsableError", "DuplicateInputError", "NotFoundError", "AssetPayload",
    ], results  # fmt: skip
    assert (results[3]["kind"], results[3]["id"]) == ("asset or container", "d_missing")
    assert (results[6]["kind"], results[6]["id"]) == ("container", "t_missing")
    # One task clone, made once, used by both task renders.
    first, third = (results[i]["asset"]["inputs"][0]["asset"] for i in (0, 2))
    assert first == third and first["origin"] == "BASE_CLONE" and first["id"] != base.id
    for index in (0, 2, 7):
        made = results[index]["asset"]
        assert post(caller, RENDER, id=made["id"])["data"]["asset"] == {
            "id": made["id"], "name": items[index]["name"],
        }  # fmt: skip
    # The refused ones wrote nothing: no render with their names, no stray clone.
    names = {r["name"] for r in await _assets(graph, space.id) if r["type"] == "RENDER"}
    assert names == {"Panel 1", "Panel 3", "Test"}
    task_clones = [r for r in await _assets(graph, space.id) if r["layer"] == "TASK"]
    assert [(r["id"], r["origin"]) for r in task_clones if r["type"] != "RENDER"] == [
        (first["id"], "BASE_CLONE")
    ]


async def test_another_tenants_input_answers_as_missing(graph: Database, caller: Caller) -> None:
    mine = await containers.create(graph, Layer.SPACE, "Mine", actor=caller.user_id)
    theirs = await containers.create(graph, Layer.SPACE, "Theirs")
    hero = await canonical(graph, mine.id, "CHARACTER", "Hero")
    foreign = await canonical(graph, theirs.id, "CHARACTER", "Villain")
    body = post(caller, REGISTER_MANY, inputs=[
        item(mine.id, "Mine", hero.id), item(mine.id, "Leak", hero.id, foreign.id),
        item(theirs.id, "Theirs", foreign.id),
    ])  # fmt: skip
    results = body["data"]["registerRenders"]["results"]
    assert [r["__typename"] for r in results] == ["AssetPayload", "NotFoundError", "NotFoundError"]
    assert (results[1]["kind"], results[1]["id"]) == ("asset or container", foreign.id)
    assert (results[2]["kind"], results[2]["id"]) == ("container", theirs.id)


async def test_a_batch_over_the_cap_is_refused_whole(graph: Database, caller: Caller) -> None:
    space = await containers.create(graph, Layer.SPACE, "Farm", actor=caller.user_id)
    hero = await canonical(graph, space.id, "CHARACTER", "Hero")
    many = [item(space.id, f"R{i}", hero.id) for i in range(registration.MAX_BATCH + 1)]
    answer = post(caller, REGISTER_MANY, inputs=many)["data"]["registerRenders"]
    assert answer["__typename"] == "ValidationError" and answer["field"] == "inputs", answer
    assert [r for r in await _assets(graph, space.id) if r["type"] == "RENDER"] == []


async def test_an_idempotency_key_covers_the_whole_batch(graph: Database, caller: Caller) -> None:
    space = await containers.create(graph, Layer.SPACE, "Farm", actor=caller.user_id)
    hero = await canonical(graph, space.id, "CHARACTER", "Hero")
    sent = {"query": REGISTER_MANY,
            "variables": {"inputs": [item(space.id, "A", hero.id), item(space.id, "B", hero.id),
                                     item(space.id, "Bad", "d_missing")]}}  # fmt: skip
    headers = {"Authorization": f"Bearer {caller.token}", "Idempotency-Key": "batch-1"}
    first = httpx.post(f"{caller.url}/graphql", json=sent, headers=headers, timeout=60)
    again = httpx.post(f"{caller.url}/graphql", json=sent, headers=headers, timeout=60)
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    made = [r["name"] for r in await _assets(graph, space.id) if r["type"] == "RENDER"]
    assert sorted(made) == ["A", "B"]


async def _assets(db: Database, space_id: str) -> list[dict[str, Any]]:
    return [r.data() for r in await db.read(LIST_ASSETS, space_id=space_id)]
