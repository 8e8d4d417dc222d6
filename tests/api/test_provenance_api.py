"""Query.provenance and Render.ingredients over HTTP: members get the documents, read back
with the `prov` package; anyone else gets NotFound."""

from __future__ import annotations

import json
from typing import Any

from prov_reading import read
from provenance_graph import Built, build, upstream

from lineage.graph.database import Database
from lineage.services import access, provenance

from .conftest import Caller
from .reads import another_caller

PROVENANCE = """
query($id: ID!, $format: ProvenanceFormat) {
  provenance(id: $id, format: $format) {
    __typename
    ... on ProvenanceDocument {
      format document entityCount activityCount agentCount usageCount derivationCount
      truncated
    }
    ... on NotFoundError { code kind id }
  }
}
"""

INGREDIENTS = """
query($id: ID!) {
  asset(id: $id) {
    ... on Render {
      ingredients {
        renderId title format document
        fileHash { alg value }
        contentHash { alg value }
        ingredients { title relationship hash { alg value } assetId assetType role }
      }
    }
  }
}
"""

RELATIONSHIPS = {"COMPONENT_OF": "componentOf", "PARENT_OF": "parentOf"}


async def member_graph(db: Database, caller: Caller) -> Built:
    built = await build(db)
    await access.set_member(db, built.space, caller.user_id, "VIEWER")
    return built


def provenance_of(caller: Caller, id: str, **args: Any) -> dict[str, Any]:
    answer: dict[str, Any] = caller.run(PROVENANCE, id=id, **args)["provenance"]
    return answer


async def test_a_member_gets_the_prov_document(graph: Database, caller: Caller) -> None:
    built = await member_graph(graph, caller)
    answer = provenance_of(caller, built.panel.id)
    assert answer["__typename"] == "ProvenanceDocument" and answer["format"] == "PROV_JSON"
    doc = read(answer["document"], "json")
    assert set(doc.entities) == set((await upstream(graph, built.panel.id)).assets)
    assert (answer["entityCount"], answer["activityCount"], answer["agentCount"]) == (
        len(doc.entities), len(doc.activities), len(doc.agents)
    )  # fmt: skip
    assert (answer["usageCount"], answer["derivationCount"]) == (
        len(doc.usages), len(doc.derivations)
    )  # fmt: skip
    assert not answer["truncated"]

    as_n = provenance_of(caller, built.project, format="PROV_N")
    assert as_n["format"] == "PROV_N"
    assert built.rain.id in read(as_n["document"], "provn").entities


async def test_anyone_else_gets_not_found(graph: Database, caller: Caller) -> None:
    built = await member_graph(graph, caller)
    stranger = await another_caller(graph, caller, "Eve")
    for id in (built.panel.id, built.project, built.space):
        answer = provenance_of(stranger, id)
        assert answer == {
            "__typename": "NotFoundError", "code": "NOT_FOUND", "kind": "asset or container",
            "id": id,
        }  # fmt: skip
    assert provenance_of(caller, "d_nothing")["__typename"] == "NotFoundError"
    assert stranger.run(INGREDIENTS, id=built.panel.id)["asset"] is None


async def test_a_render_lists_its_ingredients(graph: Database, caller: Caller) -> None:
    built = await member_graph(graph, caller)
    listed = caller.run(INGREDIENTS, id=built.panel.id)["asset"]["ingredients"]
    expected = (await provenance.c2pa_ingredients(graph, built.panel.id)).to_dict()
    assert json.loads(listed["document"]) == expected
    assert listed["fileHash"] == expected["file_hash"]
    assert listed["contentHash"] == expected["content_hash"]
    assert (listed["renderId"], listed["title"], listed["format"]) == (
        expected["id"], expected["title"], expected["format"]
    )  # fmt: skip
    assert [
        {"title": i["title"], "relationship": RELATIONSHIPS[i["relationship"]],
         "hash": i["hash"], "id": i["assetId"], "type": i["assetType"], "role": i["role"]}
        for i in listed["ingredients"]
    ] == expected["ingredients"]  # fmt: skip
    assert len(listed["ingredients"]) == 3

    variant = caller.run(INGREDIENTS, id=built.variant.id)["asset"]["ingredients"]
    assert [(i["relationship"], i["role"]) for i in variant["ingredients"]] == [("PARENT_OF", None)]
    assert variant["fileHash"] is None
