"""Asset.lineage (directions, depth, truncation, edge-type, type, layer and origin filters) and the
per-node dependents / dependencies connections, over HTTP."""

from __future__ import annotations

from typing import Any

from lineage.domain.enums import DeriveKind
from lineage.graph import assets
from lineage.graph.database import Database

from .conftest import Caller
from .reads import Sample, build_sample, error_codes, post

LINEAGE = """
query($id: ID!, $direction: LineageDirection, $depth: Int, $edgeTypes: [EdgeType!],
      $types: [AssetType!], $layers: [Layer!], $origins: [Origin!], $maxNodes: Int) {
  asset(id: $id) {
    lineage(direction: $direction, depth: $depth, edgeTypes: $edgeTypes, types: $types,
            layers: $layers, origins: $origins, maxNodes: $maxNodes) {
      nodes { asset { id } depth direction }
      edges { from to type role }
      truncated
    }
  }
}
"""


def lineage(caller: Caller, id: str, **args: Any) -> dict[str, Any]:
    answer: dict[str, Any] = caller.run(LINEAGE, id=id, **args)["asset"]["lineage"]
    return answer


def depths(answer: dict[str, Any]) -> dict[str, int]:
    return {n["asset"]["id"]: n["depth"] for n in answer["nodes"]}


def edges(answer: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {(e["from"], e["to"], e["type"], e["role"]) for e in answer["edges"]}


async def test_downstream_by_depth(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    one = lineage(caller, s.jennifer.id, direction="DOWNSTREAM")
    assert depths(one) == {s.jennifer.id: 0, s.space_render.id: 1, s.jen_base.id: 1}
    assert edges(one) == {
        (s.space_render.id, s.jennifer.id, "USES", "CHARACTER"),
        (s.jen_base.id, s.jennifer.id, "DERIVES_FROM", "CLONE"),
    }
    assert not one["truncated"]
    assert one["nodes"][0] == {"asset": {"id": s.jennifer.id}, "depth": 0, "direction": None}
    assert {n["direction"] for n in one["nodes"][1:]} == {"DOWNSTREAM"}

    three = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=3)
    assert depths(three) == {
        s.jennifer.id: 0, s.space_render.id: 1, s.jen_base.id: 1,
        s.jen_sullen.id: 2, s.cover.id: 2, s.task_clone.id: 3,
    }  # fmt: skip
    five = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5)
    assert depths(five)[s.panel.id] == depths(five)[s.sketch.id] == 4
    assert len(five["nodes"]) == 8 and len(five["edges"]) == 7


async def test_upstream_and_both(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    up = lineage(caller, s.panel.id, direction="UPSTREAM", depth=10)
    assert depths(up) == {
        s.panel.id: 0, s.task_clone.id: 1, s.jen_sullen.id: 2, s.jen_base.id: 3, s.jennifer.id: 4,
    }  # fmt: skip
    assert {n["direction"] for n in up["nodes"][1:]} == {"UPSTREAM"}
    assert (s.panel.id, s.task_clone.id, "USES", "CHARACTER") in edges(up)

    both = lineage(caller, s.jen_base.id, depth=1)  # BOTH is the default
    by_id = {n["asset"]["id"]: n for n in both["nodes"]}
    assert by_id[s.jennifer.id]["direction"] == "UPSTREAM"
    assert by_id[s.jen_sullen.id]["direction"] == by_id[s.cover.id]["direction"] == "DOWNSTREAM"
    # Siblings (other dependents of the parent) are not lineage of this asset.
    assert s.space_render.id not in by_id and set(by_id) == {
        s.jen_base.id, s.jennifer.id, s.jen_sullen.id, s.cover.id,
    }  # fmt: skip


async def test_edge_type_and_type_filters(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    uses = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, edgeTypes=["USES"])
    assert depths(uses) == {s.jennifer.id: 0, s.space_render.id: 1}
    clones = lineage(
        caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, edgeTypes=["DERIVES_FROM"]
    )
    assert set(depths(clones)) == {s.jennifer.id, s.jen_base.id, s.jen_sullen.id, s.task_clone.id}
    assert {e[2] for e in edges(clones)} == {"DERIVES_FROM"}

    # `types` picks the returned nodes; the walk goes on through the others, so renders two
    # or four clone steps away are found. Only edges between returned nodes are listed.
    renders = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, types=["RENDER"])
    assert depths(renders) == {
        s.jennifer.id: 0, s.space_render.id: 1, s.cover.id: 2, s.panel.id: 4, s.sketch.id: 4,
    }  # fmt: skip
    assert edges(renders) == {(s.space_render.id, s.jennifer.id, "USES", "CHARACTER")}
    nothing = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, edgeTypes=[])
    assert depths(nothing) == {s.jennifer.id: 0} and nothing["edges"] == []

    # `layers` and `origins` pick the same way, and every filter given must match.
    tasks = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, layers=["TASK"])
    assert set(depths(tasks)) == {s.jennifer.id, s.task_clone.id, s.panel.id, s.sketch.id}
    bases = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, origins=["BASE_CLONE"])
    assert set(depths(bases)) == {s.jennifer.id, s.jen_base.id, s.task_clone.id}
    task_bases = lineage(
        caller, s.jennifer.id, direction="DOWNSTREAM", depth=5,
        layers=["TASK"], origins=["BASE_CLONE"], types=["CHARACTER"],
    )  # fmt: skip
    assert set(depths(task_bases)) == {s.jennifer.id, s.task_clone.id}


async def test_truncation_at_max_nodes(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    capped = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, maxNodes=4)
    assert capped["truncated"] and len(capped["nodes"]) == 4
    kept = set(depths(capped))
    assert all(e["from"] in kept and e["to"] in kept for e in capped["edges"])
    exact = lineage(caller, s.jennifer.id, direction="DOWNSTREAM", depth=5, maxNodes=8)
    assert not exact["truncated"] and len(exact["nodes"]) == 8
    root_only = lineage(caller, s.jennifer.id, maxNodes=1)
    assert root_only["truncated"] and depths(root_only) == {s.jennifer.id: 0}


async def test_bounds_are_validated(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    for args, argument in [
        ({"depth": 0}, "depth"),
        ({"depth": 11}, "depth"),
        ({"maxNodes": 0}, "maxNodes"),
        ({"maxNodes": 2001}, "maxNodes"),
    ]:
        body = post(caller, LINEAGE, id=s.jennifer.id, **args)
        assert error_codes(body) == ["VALIDATION"], args
        assert argument in body["errors"][0]["message"]
        assert body["errors"][0]["extensions"]["details"]["field"] == argument
    ok = post(caller, LINEAGE, id=s.jennifer.id, depth=10, maxNodes=2000)
    assert "errors" not in ok


async def test_cycles_end(graph: Database, caller: Caller) -> None:
    """A cycle (which the audits would report) neither loops the walk nor the paging."""
    s = await build_sample(graph, caller.user_id)

    async def close_cycle(tx: Any) -> None:
        await assets.derive(tx, s.jennifer.id, s.jen_sullen.id, DeriveKind.CLONE)

    await graph.write(close_cycle)
    answer = lineage(caller, s.jennifer.id, depth=10, maxNodes=2000)
    assert not answer["truncated"]
    assert len(answer["nodes"]) == len(set(depths(answer)))
    assert depths(answer)[s.jen_sullen.id] in (1, 2)
    page = caller.run(DEPENDENCIES, id=s.jennifer.id)["asset"]["dependencies"]
    assert [e["node"]["id"] for e in page["edges"]] == [s.jen_sullen.id]


DEPENDENTS = """
query($id: ID!, $first: Int, $after: String) {
  asset(id: $id) {
    dependents(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor type role node { id } }
    }
  }
}
"""
DEPENDENCIES = DEPENDENTS.replace("dependents(", "dependencies(")


def collect(caller: Caller, document: str, id: str, first: int) -> list[tuple[str, str, str]]:
    seen: list[tuple[str, str, str]] = []
    after = None
    while True:
        page = next(iter(caller.run(document, id=id, first=first, after=after)["asset"].values()))
        seen += [(e["node"]["id"], e["type"], e["role"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


async def test_dependents_and_dependencies_paging(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    expected = sorted(
        [(s.space_render.id, "USES", "CHARACTER"), (s.jen_base.id, "DERIVES_FROM", "CLONE")]
    )
    assert collect(caller, DEPENDENTS, s.jennifer.id, first=1) == expected
    first = caller.run(DEPENDENTS, id=s.jennifer.id, first=1)["asset"]["dependents"]
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"]
    inputs = sorted([(s.jen_base.id, "USES", "CHARACTER"), (s.park_base.id, "USES", "SCENE")])
    assert collect(caller, DEPENDENCIES, s.cover.id, first=1) == inputs
    assert collect(caller, DEPENDENCIES, s.jen_sullen.id, first=5) == [
        (s.jen_base.id, "DERIVES_FROM", "CLONE")
    ]
    leaf = caller.run(DEPENDENTS, id=s.cover.id)["asset"]["dependents"]
    assert leaf == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None},
                    "edges": []}  # fmt: skip
    assert error_codes(post(caller, DEPENDENTS, id=s.cover.id, first=1000)) == ["VALIDATION"]


async def test_counts_on_a_lineage_are_batched(graph: Database, caller: Caller) -> None:
    """A tree explorer's first screen: the lineage with each node's counts and first page of
    dependents: one query per distinct (first, after), not per node."""
    s: Sample = await build_sample(graph, caller.user_id)
    body = post(
        caller,
        """query($id: ID!) { asset(id: $id) { lineage(direction: DOWNSTREAM, depth: 5) {
             nodes { asset { id
               dependents(first: 2) { totalCount edges { node { id } } }
               dependencies(first: 1) { totalCount }
               more: dependents(first: 1) { totalCount } } } } } }""",
        id=s.jennifer.id,
    )
    assert "errors" not in body, body
    counts = {
        n["asset"]["id"]: n["asset"]["dependents"]["totalCount"]
        for n in body["data"]["asset"]["lineage"]["nodes"]
    }
    assert counts[s.jennifer.id] == counts[s.jen_base.id] == counts[s.task_clone.id] == 2
    assert counts[s.jen_sullen.id] == 1 and counts[s.panel.id] == 0
    # asset, walk levels (5), dependents with first 2, with first 1, dependencies: 9 at most.
    assert body["extensions"]["queryCount"] <= 9


PARTIAL = """query($id: ID!) { asset(id: $id) { lineage(direction: BOTH, depth: 5) {
  nodes { depth asset { __typename id type layer origin state name spaceId projectId taskId
                        allowedTransitions container { __typename } } }
  edges { from to type role } } } }"""
FULL = PARTIAL.replace("container {", "contentHash description container {")


async def test_a_walk_reads_only_what_is_selected(graph: Database, caller: Caller) -> None:
    # The first selection is answered from partial records; the second asks fields those
    # do not hold, so the walk reads every property. Both must agree on what they share.
    s = await build_sample(graph, caller.user_id)
    partial = caller.run(PARTIAL, id=s.jen_base.id)["asset"]["lineage"]
    full = caller.run(FULL, id=s.jen_base.id)["asset"]["lineage"]
    assert len(partial["nodes"]) > 5 and partial["edges"] == full["edges"]
    for shown, whole in zip(partial["nodes"], full["nodes"], strict=True):
        assert {**whole["asset"], "contentHash": None, "description": None} == {
            **shown["asset"],
            "contentHash": None,
            "description": None,
        }
        id = whole["asset"]["id"]
        stored = await graph.read_tx(lambda tx, id=id: assets.get(tx, id))
        assert whole["asset"]["contentHash"] == stored.content_hash != ""
