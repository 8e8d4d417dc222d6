"""The read side over HTTP: containers, filtered and paged asset lists, the gallery,
versions and updates, members and the audit query."""

from __future__ import annotations

from typing import Any

from lineage import cypher
from lineage.graph import audits
from lineage.graph.database import Database, run
from lineage.services import access, lifecycle, renders, versions

from .conftest import Caller
from .reads import another_caller, build_sample, canonical, error_codes, post, render

ASSETS = """
query($id: ID!, $filter: AssetFilter, $first: Int, $after: String) {
  node: %s(id: $id) {
    assets(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name } }
      nodes { id }
    }
  }
}
"""


def names(caller: Caller, kind: str, id: str, **filter: Any) -> list[str]:
    page = caller.run(ASSETS % kind, id=id, filter=filter or None)["node"]["assets"]
    assert page["totalCount"] == len(page["nodes"]) and not page["pageInfo"]["hasNextPage"]
    return [edge["node"]["name"] for edge in page["edges"]]


async def test_containers_and_members(graph: Database, caller: Caller) -> None:
    sample = await build_sample(graph, caller.user_id)
    bea = await another_caller(graph, caller, "Bea")
    await access.set_member(graph, sample.space, bea.user_id, "VIEWER")
    found = caller.run(
        """query($id: ID!) { space(id: $id) {
             projects { name tasks { name project { id } } space { id } }
             members { userId name role }
             viewers: members(role: VIEWER) { name } } }""",
        id=sample.space,
    )["space"]
    assert [p["name"] for p in found["projects"]] == ["Another project", "Breakup Comic #1"]
    comic = found["projects"][1]
    assert [t["name"] for t in comic["tasks"]] == ["Page 1, Panel 1", "Page 1, Panel 2"]
    assert comic["space"]["id"] == sample.space
    assert comic["tasks"][0]["project"]["id"] == sample.project
    assert found["members"] == [
        {"userId": caller.user_id, "name": "Ada", "role": "OWNER"},
        {"userId": bea.user_id, "name": "Bea", "role": "VIEWER"},
    ]
    assert found["viewers"] == [{"name": "Bea"}]


async def test_asset_lists_by_container(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    assert names(caller, "space", s.space) == ["Bob", "Ink", "Jennifer", "Jennifer test", "Park"]
    # Project assets plus the renders generated in its tasks (project renders); the task's
    # base clone stays in the task.
    assert names(caller, "project", s.project) == [
        "Cover", "Jennifer", "Jennifer_sullen", "Panel 1", "Park", "Sketch",
    ]  # fmt: skip
    assert names(caller, "task", s.task) == ["Jennifer_sullen", "Panel 1", "Sketch"]


async def test_asset_list_filters(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    assert names(caller, "space", s.space, types=["CHARACTER"]) == ["Bob", "Jennifer"]
    assert names(caller, "space", s.space, states=["DRAFT"]) == ["Bob", "Jennifer test"]
    assert names(caller, "space", s.space, types=["SCENE", "STYLE"], states=["CANONICAL"]) == [
        "Ink", "Park",
    ]  # fmt: skip
    assert names(caller, "space", s.space, classifications=["CHARACTER"]) == ["Jennifer test"]
    assert names(caller, "project", s.project, origins=["BASE_CLONE"]) == ["Jennifer", "Park"]
    assert names(caller, "project", s.project, origins=["WORKING_CLONE"]) == ["Jennifer_sullen"]
    assert names(caller, "project", s.project, layers=["TASK"]) == ["Panel 1", "Sketch"]
    assert names(caller, "project", s.project, layers=["PROJECT"], types=["RENDER"]) == ["Cover"]
    assert names(caller, "project", s.project, classifications=["COMPILATION"]) == ["Cover"]
    assert names(caller, "project", s.project, taskId=s.task) == ["Panel 1", "Sketch"]
    assert names(caller, "project", s.project, taskId=s.task, states=["APPROVED"]) == ["Panel 1"]
    assert names(caller, "task", s.task, origins=["BASE_CLONE"]) == ["Jennifer_sullen"]
    # Name search (the text index): in any case, combined with the other filters.
    assert names(caller, "space", s.space, nameContains="Jen") == ["Jennifer", "Jennifer test"]
    assert names(caller, "space", s.space, nameContains="jEN") == ["Jennifer", "Jennifer test"]
    assert names(caller, "space", s.space, nameContains="TEST") == ["Jennifer test"]
    assert names(caller, "space", s.space, nameContains="Jen", types=["RENDER"]) == [
        "Jennifer test"
    ]
    assert names(caller, "project", s.project, nameContains="nnifer") == [
        "Jennifer", "Jennifer_sullen",
    ]  # fmt: skip
    assert names(caller, "project", s.project, nameContains="a", taskId=s.task) == ["Panel 1"]
    assert names(caller, "task", s.task, nameContains="Sk") == ["Sketch"]
    assert names(caller, "space", s.space, nameContains="  ") == names(caller, "space", s.space)


async def test_cursor_pagination_round_trip(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = caller.run(ASSETS % "space", id=s.space, first=2, after=after)["node"]["assets"]
        pages += 1
        assert page["totalCount"] == 5
        seen += [e["node"]["name"] for e in page["edges"]]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3 and seen == ["Bob", "Ink", "Jennifer", "Jennifer test", "Park"]
    # Any edge's cursor resumes right after it; first: 0 gives the count alone.
    page = caller.run(ASSETS % "space", id=s.space, first=5)["node"]["assets"]
    middle = page["edges"][2]["cursor"]
    rest = caller.run(ASSETS % "space", id=s.space, after=middle)["node"]["assets"]
    assert [e["node"]["name"] for e in rest["edges"]] == ["Jennifer test", "Park"]
    past_end = caller.run(ASSETS % "space", id=s.space, after=rest["pageInfo"]["endCursor"])
    assert past_end["node"]["assets"]["edges"] == []
    assert past_end["node"]["assets"]["pageInfo"] == {"hasNextPage": False, "endCursor": None}


async def test_page_size_cap_and_bad_cursors(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    too_many = post(caller, ASSETS % "space", id=s.space, first=101)
    assert error_codes(too_many) == ["VALIDATION"]
    assert "first" in too_many["errors"][0]["message"]
    assert "100" in too_many["errors"][0]["message"]
    assert error_codes(post(caller, ASSETS % "space", id=s.space, first=-1)) == ["VALIDATION"]
    garbage = post(caller, ASSETS % "space", id=s.space, after="not-a-cursor")
    assert error_codes(garbage) == ["VALIDATION"] and "cursor" in garbage["errors"][0]["message"]
    # A cursor of another list (here: the gallery's) is refused, not misread.
    gallery = caller.run(
        "query($id: ID!) { project(id: $id) { gallery { pageInfo { endCursor } } } }",
        id=s.project,
    )["project"]["gallery"]["pageInfo"]["endCursor"]
    other = post(caller, ASSETS % "project", id=s.project, after=gallery)
    assert error_codes(other) == ["VALIDATION"]


async def test_gallery_final_first_then_newest(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    late = await render(graph, s.project, "Late", s.jen_base.id)
    late = await lifecycle.transition(graph, late.id, "APPROVED")
    early_final = await renders.mark_final(graph, s.panel.id)
    gallery = """query($id: ID!, $first: Int, $after: String) { project(id: $id) {
        gallery(first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { name state ... on Render { final } } } } }"""
    found = caller.run(gallery, id=s.project)["project"]["gallery"]
    # Approved only (the DRAFT sketch is left out), task renders included; final ones first,
    # each group newest first.
    assert [(n["name"], n["final"]) for n in found["nodes"]] == [
        ("Cover", True), (early_final.name, True), ("Late", False),
    ]  # fmt: skip
    assert found["totalCount"] == 3 and {n["state"] for n in found["nodes"]} == {"APPROVED"}
    first = caller.run(gallery, id=s.project, first=2)["project"]["gallery"]
    assert first["pageInfo"]["hasNextPage"]
    rest = caller.run(gallery, id=s.project, after=first["pageInfo"]["endCursor"])
    assert [n["name"] for n in rest["project"]["gallery"]["nodes"]] == ["Late"]


async def test_versions_and_updates(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    v2 = await versions.create_version(
        graph, s.jennifer.id, "MINOR", {"fields": {"proportion_profile": "short"}}
    )
    v2 = await lifecycle.transition(graph, v2.id, "CANONICAL")
    v3 = await versions.create_version(graph, v2.id, "MAJOR")  # a DRAFT: not an update yet
    query = """query($id: ID!) { asset(id: $id) {
        versions { id version state }
        updates { behind source { id } newest { id ... on Definition { version } }
                  changes { path old new } } } }"""
    chain = [s.jennifer.id, v2.id, v3.id]
    for asset in (s.jennifer, v2, v3, s.jen_base, s.jen_sullen, s.task_clone):
        found = caller.run(query, id=asset.id)["asset"]
        assert [v["id"] for v in found["versions"]] == chain, asset.name
        assert [v["version"] for v in found["versions"]] == ["1.0.0", "1.1.0", "2.0.0"]
    for clone in (s.jen_base, s.jen_sullen):
        updates = caller.run(query, id=clone.id)["asset"]["updates"]
        assert updates == {
            "behind": 1,
            "source": {"id": s.jennifer.id},
            "newest": {"id": v2.id, "version": "1.1.0"},
            "changes": [{"path": "fields.proportion_profile", "old": "tall", "new": "short"}],
        }
        # The same answer as the service's check for updates.
        check = await versions.check_for_updates(graph, clone.id)
        assert (check.newest and check.newest.id, check.behind) == (v2.id, 1)
    # Up to date: no newest, nothing behind; not a project clone: null.
    park = caller.run(query, id=s.park_base.id)["asset"]
    assert park["updates"] == {
        "behind": 0, "source": {"id": s.park.id}, "newest": None, "changes": [],
    }  # fmt: skip
    assert [v["id"] for v in park["versions"]] == [s.park.id]
    for other in (s.jennifer, s.task_clone, s.cover, s.space_render):
        assert caller.run(query, id=other.id)["asset"]["updates"] is None
    assert caller.run(query, id=s.cover.id)["asset"]["versions"] == []


async def test_nested_lists_are_batched(graph: Database, caller: Caller) -> None:
    """Every space's projects, every project's tasks and assets: one query per level."""
    s = await build_sample(graph, caller.user_id)
    for index in range(3):
        other = await canonical(graph, s.space, "CHARACTER", f"Extra {index}")
        assert other.id
    body = post(
        caller,
        """{ spaces {
              projects {
                tasks { assets(first: 5) { totalCount nodes { id lock { locked } } } }
                assets(first: 5) { totalCount nodes { id lock { locked } } } }
              assets(first: 5) { totalCount nodes { id } } } }""",
    )
    assert "errors" not in body, body
    # The spaces, their projects, the projects' tasks, asset pages of spaces, projects and
    # tasks, locks of the project and the task level: one query each, none per object.
    assert body["extensions"]["queryCount"] <= 8


async def test_audit_is_for_owners(graph: Database, caller: Caller) -> None:
    s = await build_sample(graph, caller.user_id)
    query = "{ audit { name description ok violations } }"
    results = caller.run(query)["audit"]
    assert len(results) >= 10 and all(r["ok"] and r["violations"] == [] for r in results)
    assert all(r["description"] for r in results)
    picked = caller.run('{ audit(names: ["lineage_cycles"]) { name ok } }')["audit"]
    assert picked == [{"name": "lineage_cycles", "ok": True}]
    assert error_codes(post(caller, '{ audit(names: ["nope"]) { name } }')) == ["VALIDATION"]

    editor = await another_caller(graph, caller, "Eve")
    await access.set_member(graph, s.space, editor.user_id, "EDITOR")
    refused = post(editor, query)
    assert error_codes(refused) == ["FORBIDDEN"] and refused["data"] is None
    assert "owner" in refused["errors"][0]["message"].lower()
    stranger = await another_caller(graph, caller, "Sam")
    assert error_codes(post(stranger, query)) == ["FORBIDDEN"]


async def test_audit_shows_only_the_owners_spaces(graph: Database, caller: Caller) -> None:
    mine = await build_sample(graph, caller.user_id)
    stranger = await another_caller(graph, caller, "Mallory")
    theirs = await build_sample(graph, stranger.user_id)
    plant = cypher.load("test/set_asset_properties")
    for sample in (mine, theirs):
        await graph.write(
            lambda tx, s=sample: run(tx, plant, id=s.jennifer.id, props={"state": "BOGUS"})
        )
    await graph.write(lambda tx: run(tx, cypher.load("test/create_bare_asset"), id="orphan"))

    rows = caller.run('{ audit(names: ["asset_state"]) { violations } }')["audit"][0]
    assert [row["subject"] for row in rows["violations"]] == [mine.jennifer.id]
    whole_graph = await audits.run_audits(graph)
    seen = {row["subject"] for result in whole_graph for row in result.violations}
    assert {mine.jennifer.id, theirs.jennifer.id, "orphan"} <= seen
