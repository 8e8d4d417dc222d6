"""Graph audits (cypher/audits): each finds its violations and nothing on a sound graph.

Every test builds its graph from data with the fixture query `test/audit_create_graph`:
one sound base graph (a space, a project and a task with definitions, clones, renders and
their edges, near misses included), and for each audit a few small changes that break
exactly its invariant. The `lineage audit` command is run as a subprocess at the end.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from lineage import cypher
from lineage.graph import audits
from lineage.graph.audits import AUDITS, Audit, AuditResult
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget

CREATE_GRAPH = cypher.load("test/audit_create_graph")
AUDITS_BY_NAME = {audit.name: audit for audit in AUDITS}

LABELS = {
    "CHARACTER": ["Asset", "Definition", "Character"],
    "SCENE": ["Asset", "Definition", "Scene"],
    "STYLE": ["Asset", "Definition", "Style"],
    "RENDER": ["Asset", "Render"],
}
# Where an asset of each layer lives by default: (space, project, task).
CHAIN = {"SPACE": ("s1", None, None), "PROJECT": ("s1", "p1", None), "TASK": ("s1", "p1", "t1")}


@dataclass
class GraphData:
    """Nodes by reference (a node's id, or any name for a node without one) and edges."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)

    def node(self, ref: str, labels: list[str], **props: Any) -> GraphData:
        assert ref not in self.nodes, ref
        self.nodes[ref] = {"labels": labels, "props": props}
        return self

    def edge(self, source: str, rel: str, target: str, **props: Any) -> GraphData:
        assert source in self.nodes and target in self.nodes, (source, target)
        self.edges.append({"from": source, "type": rel, "to": target, "props": props})
        return self

    def set(self, ref: str, **props: Any) -> GraphData:
        self.nodes[ref]["props"].update(props)
        return self

    def unset(self, ref: str, *names: str) -> GraphData:
        for name in names:
            del self.nodes[ref]["props"][name]
        return self

    def relabel(self, ref: str, labels: list[str]) -> GraphData:
        self.nodes[ref]["labels"] = labels
        return self

    def set_edge(self, source: str, rel: str, target: str, **props: Any) -> GraphData:
        found = [e for e in self._edges(source, rel) if e["to"] == target]
        assert len(found) == 1, (source, rel, target)
        found[0]["props"].update(props)
        return self

    def drop_edges(self, source: str, rel: str) -> GraphData:
        doomed = self._edges(source, rel)
        assert doomed, (source, rel)
        self.edges = [e for e in self.edges if not any(e is d for d in doomed)]
        return self

    def _edges(self, source: str, rel: str) -> list[dict[str, Any]]:
        return [e for e in self.edges if e["from"] == source and e["type"] == rel]

    def hash_of(self, ref: str) -> Any:
        return self.nodes[ref]["props"].get("content_hash")

    # Domain-shaped helpers ---------------------------------------------------------------

    def space(self, id: str) -> GraphData:
        return self.node(id, ["Space"], id=id, name=id)

    def project(self, id: str, space: str) -> GraphData:
        return self.node(id, ["Project"], id=id, name=id, space_id=space).edge(id, "IN", space)

    def task(self, id: str, project: str, space: str) -> GraphData:
        self.node(id, ["Task"], id=id, name=id, project_id=project, space_id=space)
        return self.edge(id, "IN", project)

    def asset(
        self,
        id: str,
        type: str,
        layer: str,
        origin: str,
        state: str,
        *,
        clone_of: str | None = None,
        where: tuple[str, str | None, str | None] | None = None,
        **props: Any,
    ) -> GraphData:
        """An asset IN the container of its layer (or `where`); a base clone copies its
        parent's hash, and `clone_of` adds the DERIVES_FROM {kind: CLONE} edge."""
        space, project, task = where or CHAIN[layer]
        content_hash = f"h-{id}"
        if clone_of is not None and origin == "BASE_CLONE":
            content_hash = self.hash_of(clone_of)
        values = {
            "id": id, "type": type, "layer": layer, "origin": origin, "state": state,
            "name": id, "space_id": space, "project_id": project, "task_id": task,
            "content_hash": content_hash, "neutral": False,
        }  # fmt: skip
        self.node(id, LABELS[type], **(values | props))
        self.edge(id, "IN", task or project or space)
        if clone_of is not None:
            self.edge(id, "DERIVES_FROM", clone_of, kind="CLONE")
        return self

    def uses(self, render: str, input: str, role: str, **props: Any) -> GraphData:
        """A USES edge holding the input's current hash unless `content_hash` is given."""
        values = {"role": role, "snapshot": "{}", "content_hash": self.hash_of(input)}
        return self.edge(render, "USES", input, **(values | props))

    def entry(self, id: str, space: str | None, operation: str) -> GraphData:
        """A history entry (docs/domain.md §12) of a write in `space`."""
        return self.node(id, ["HistoryEntry"], id=id, space_id=space, operation=operation,
                         changes="[]")  # fmt: skip

    def mention(self, entry: str, subject: str, action: str) -> GraphData:
        ref = f"{entry}/{subject}"
        return self.node(ref, ["HistoryMention"], entry_id=entry, subject_id=subject,
                         subject="ASSET", action=action)  # fmt: skip

    async def create(self, db: Database) -> None:
        nodes = [{"ref": ref, **spec} for ref, spec in self.nodes.items()]
        await db.driver.execute_query(
            CREATE_GRAPH, {"nodes": nodes, "edges": self.edges}, database_=db.database
        )


def base_graph() -> GraphData:
    """A sound graph: every audit finds nothing. Near misses included: a base view back to
    the render of a definition (no lineage cycle), a space DRAFT render using a changed
    input (not binding), a kept render whose USES edge was re-pointed by a task delete
    (its hash is the deleted clone's), a task render using project and space assets."""
    g = GraphData()
    g.space("s1").project("p1", "s1").task("t1", "p1", "s1")
    g.node("u1", ["User"], id="u1", name="u1").edge("u1", "MEMBER_OF", "s1", role="OWNER")
    # Space definitions and renders.
    g.asset("char", "CHARACTER", "SPACE", "ORIGINAL", "CANONICAL", version="1.0.0")
    g.asset("char-v2", "CHARACTER", "SPACE", "ORIGINAL", "DRAFT", version="2.0.0")
    g.edge("char-v2", "DERIVES_FROM", "char", kind="VERSION")
    g.asset("scene", "SCENE", "SPACE", "ORIGINAL", "CANONICAL", version="1.0.0")
    g.asset("backdrop", "SCENE", "SPACE", "ORIGINAL", "CANONICAL", neutral=True)
    g.asset("style", "STYLE", "SPACE", "ORIGINAL", "CANONICAL", neutral=True)
    g.asset("sketch", "STYLE", "SPACE", "ORIGINAL", "EXPERIMENTAL")
    g.asset("portrait", "RENDER", "SPACE", "ORIGINAL", "APPROVED", classification="CHARACTER")
    g.uses("portrait", "char", "CHARACTER").uses("portrait", "style", "STYLE")
    g.uses("portrait", "backdrop", "SCENE")
    g.edge("char", "HAS_VIEW", "portrait", view="portrait")
    g.asset("draft-shot", "RENDER", "SPACE", "ORIGINAL", "DRAFT", classification="SCENE")
    g.uses("draft-shot", "scene", "SCENE", content_hash="h-scene-before-edit")
    # Project: imports, a working clone, renders.
    g.asset("char-p", "CHARACTER", "PROJECT", "BASE_CLONE", "CANONICAL", clone_of="char")
    g.asset("char-pw", "CHARACTER", "PROJECT", "WORKING_CLONE", "DRAFT", clone_of="char-p")
    g.asset("scene-p", "SCENE", "PROJECT", "BASE_CLONE", "CANONICAL", clone_of="scene")
    g.asset(
        "portrait-p", "RENDER", "PROJECT", "BASE_CLONE", "APPROVED",
        clone_of="portrait", classification="CHARACTER",
    )  # fmt: skip
    g.asset("panel", "RENDER", "PROJECT", "ORIGINAL", "APPROVED", classification="SCENE")
    g.uses("panel", "scene-p", "SCENE").uses("panel", "backdrop", "SCENE")
    g.asset(
        "kept", "RENDER", "PROJECT", "ORIGINAL", "APPROVED",
        classification="CHARACTER", origin_task_id="t-gone",
    )  # fmt: skip
    g.uses("kept", "char-pw", "CHARACTER", content_hash="h-gone", repointed_from="char-gone")
    # Task: clones, a variant, a render.
    g.asset("char-t", "CHARACTER", "TASK", "BASE_CLONE", "DRAFT", clone_of="char-pw")
    g.asset("char-tw", "CHARACTER", "TASK", "WORKING_CLONE", "DRAFT", clone_of="char-t")
    g.asset(
        "portrait-t", "RENDER", "TASK", "BASE_CLONE", "APPROVED",
        clone_of="portrait-p", classification="CHARACTER",
    )  # fmt: skip
    g.asset(
        "portrait-tv", "RENDER", "TASK", "WORKING_CLONE", "DRAFT",
        clone_of="portrait-t", classification="CHARACTER",
    )  # fmt: skip
    g.asset("page", "RENDER", "TASK", "ORIGINAL", "DRAFT", classification="COMPILATION")
    g.uses("page", "char-tw", "CHARACTER").uses("page", "scene-p", "SCENE")
    g.uses("page", "style", "STYLE").uses("page", "portrait-tv", "REFERENCE")
    # History: entries of the living space and of a deleted one; a deleted asset.
    g.entry("h-made", "s1", "CREATE_DEFINITION").mention("h-made", "char", "CREATED")
    g.entry("h-gone-made", "s1", "CREATE_DEFINITION").mention("h-gone-made", "gone", "CREATED")
    g.entry("h-gone", "s1", "DELETE_ASSET").mention("h-gone", "gone", "DELETED")
    g.entry("h-old-space", "s-old", "CREATE_SPACE").entry("h-old-end", "s-old", "DELETE_SPACE")
    return g


Mutation = Callable[[GraphData], object]


@dataclass(frozen=True)
class Case:
    audit: str
    label: str
    mutate: Mutation
    subject: str
    detail: str | None = None  # a part of the violation's detail, when the subject is vague

    @property
    def id(self) -> str:
        return f"{self.audit}: {self.label}"


def _repoint_clone(child: str, parent: str) -> Mutation:
    return lambda g: g.drop_edges(child, "DERIVES_FROM").edge(
        child, "DERIVES_FROM", parent, kind="CLONE"
    )


def _move(ref: str, container: str) -> Mutation:
    return lambda g: g.drop_edges(ref, "IN").edge(ref, "IN", container)


def _alien_style(g: GraphData) -> None:
    g.space("s2").asset(
        "alien", "STYLE", "SPACE", "ORIGINAL", "CANONICAL", where=("s2", None, None)
    )
    g.uses("page", "alien", "STYLE")


def _sibling_task_clone(g: GraphData) -> None:
    g.task("t2", "p1", "s1")
    g.asset(
        "char-t2", "CHARACTER", "TASK", "BASE_CLONE", "DRAFT",
        clone_of="char-pw", where=("s1", "p1", "t2"),
    )  # fmt: skip
    g.uses("page", "char-t2", "CHARACTER")


def _file(key: str) -> str:
    """A render's stored `file`, as the service stores it (JSON text)."""
    return json.dumps(
        {"key": key, "content_type": "image/png", "size": 3, "checksum": "ab" * 32}, sort_keys=True
    )


def _other_project(g: GraphData) -> None:
    g.project("p2", "s1").set("panel", project_id="p2")


CASES = [
    Case("history_space", "entry of a vanished space", lambda g: g.entry(
        "h-lost", "s-lost", "CREATE_SPACE"), "h-lost", "s-lost"),
    Case("history_space", "entry without a space", lambda g: g.entry(
        "h-nowhere", None, "CREATE_SPACE"), "h-nowhere", "names no space"),
    Case("history_subjects", "asset gone without its delete", lambda g: g.mention(
        "h-made", "vanished", "CREATED"), "vanished"),
    Case("history_subjects", "mention of no entry", lambda g: g.mention(
        "h-missing", "char", "UPDATED"), "char", "h-missing"),
    Case("trash_ids_live", "a trashed asset is live again", lambda g: g.node(
        "trash-1", ["TrashItem"], id="trash-1", node_ids=["gone", "char"]), "char", "trash-1"),
    Case("lineage_cycles", "a version loop", lambda g: g.edge(
        "char", "DERIVES_FROM", "char-v2", kind="VERSION"), "char"),
    Case("lineage_cycles", "a five-hop clone loop", lambda g: g.edge(
        "char", "DERIVES_FROM", "char-tw", kind="CLONE"), "char-tw"),
    Case("lineage_edge_outside_reach", "input from another space", _alien_style, "page",
         "space s2"),
    Case("lineage_edge_outside_reach", "input from a sibling task", _sibling_task_clone,
         "page", "task t2"),
    Case("lineage_edge_outside_reach", "project render using a task clone", lambda g: g.uses(
        "panel", "char-tw", "CHARACTER"), "panel", "task t1"),
    Case("clone_parent_count", "clone without parent", lambda g: g.drop_edges(
        "char-pw", "DERIVES_FROM"), "char-pw", "no DERIVES_FROM"),
    Case("clone_parent_count", "clone with two parents", lambda g: g.edge(
        "char-t", "DERIVES_FROM", "char-p", kind="CLONE"), "char-t", "2 CLONE parents"),
    Case("clone_parent_count", "original with a clone parent", lambda g: g.edge(
        "sketch", "DERIVES_FROM", "style", kind="CLONE"), "sketch"),
    Case("clone_parent_placement", "task working clone of a project clone",
         _repoint_clone("char-tw", "char-pw"), "char-tw", "TASK BASE_CLONE"),
    Case("clone_parent_placement", "clone of another type", _repoint_clone("scene-p", "char"),
         "scene-p", "type"),
    Case("clone_parent_placement", "variant of a compilation", lambda g: g.set(
        "portrait-t", classification="COMPILATION"), "portrait-tv", "reference-only"),
    Case("derives_from_kind", "unknown kind", lambda g: g.set_edge(
        "char-v2", "DERIVES_FROM", "char", kind="COPY"), "char-v2", "COPY"),
    Case("derives_from_kind", "no kind", lambda g: g.set_edge(
        "char-v2", "DERIVES_FROM", "char", kind=None), "char-v2"),
    Case("derives_from_kind", "version of a project clone", lambda g: g.edge(
        "char-pw", "DERIVES_FROM", "char-p", kind="VERSION"), "char-pw"),
    Case("derives_from_kind", "version across types", lambda g: g.edge(
        "sketch", "DERIVES_FROM", "scene", kind="VERSION"), "sketch"),
    Case("asset_container", "no container", lambda g: g.drop_edges("char-p", "IN"), "char-p",
         "no IN edge"),
    Case("asset_container", "two containers", lambda g: g.edge("page", "IN", "p1"), "page"),
    Case("asset_container", "task asset in the project", _move("char-tw", "p1"), "char-tw"),
    Case("asset_container", "project id of another project", _other_project, "panel"),
    Case("asset_container", "space asset with a project id", lambda g: g.set(
        "style", project_id="p1"), "style"),
    Case("container_chain", "task without container", lambda g: g.drop_edges("t1", "IN"),
         "t1"),
    Case("container_chain", "task in a space", _move("t1", "s1"), "t1"),
    Case("container_chain", "project naming another space", lambda g: g.space("s2").set(
        "p1", space_id="s2"), "p1"),
    Case("base_clone_hash", "diverged base clone", lambda g: g.set(
        "scene-p", content_hash="h-edited"), "scene-p"),
    Case("base_clone_hash", "base clone without hash", lambda g: g.unset(
        "portrait-t", "content_hash"), "portrait-t"),
    Case("binding_uses_hash", "task input edited after use", lambda g: g.set(
        "char-tw", content_hash="h-edited"), "page", "char-tw"),
    Case("binding_uses_hash", "approved space render's input changed", lambda g: g.set(
        "char", content_hash="h-char-2"), "portrait", "h-char-2"),
    Case("binding_uses_hash", "draft approved over a changed input", lambda g: g.set(
        "draft-shot", state="APPROVED"), "draft-shot"),
    Case("render_classification", "stored differs", lambda g: g.set(
        "panel", classification="CHARACTER"), "panel", "SCENE"),
    Case("render_classification", "input no longer neutral", lambda g: g.set(
        "backdrop", neutral=False), "panel", "COMPILATION"),
    Case("render_classification", "clone differs from its parent", lambda g: g.set(
        "portrait-tv", classification="SCENE"), "portrait-tv"),
    Case("render_classification", "no classification", lambda g: g.unset(
        "kept", "classification"), "kept"),
    Case("render_classification", "two inputs on one asset counted as one", lambda g: g.asset(
        "twice", "RENDER", "PROJECT", "ORIGINAL", "APPROVED", classification="CHARACTER").uses(
        "twice", "char-pw", "CHARACTER", repointed_from="char-t-gone").uses(
        "twice", "char-pw", "CHARACTER", repointed_from="char-tw-gone"), "twice",
         "2 character"),
    Case("render_file_key_shared", "two renders registered one file", lambda g: g.set(
        "panel", file=_file("renders/one.png")).set("kept", file=_file("renders/one.png")),
         "renders/one.png", "2 renders (kept, panel)"),
    Case("layer_origin", "definition created in a task", lambda g: g.asset(
        "new-in-task", "CHARACTER", "TASK", "ORIGINAL", "DRAFT"), "new-in-task"),
    Case("layer_origin", "project render variant", lambda g: g.set(
        "portrait-p", origin="WORKING_CLONE"), "portrait-p"),
    Case("layer_origin", "clone in a space", lambda g: g.set("char", origin="BASE_CLONE"),
         "char"),
    Case("asset_state", "experimental project clone", lambda g: g.set(
        "char-pw", state="EXPERIMENTAL"), "char-pw", "EXPERIMENTAL"),
    Case("asset_state", "canonical render", lambda g: g.set("page", state="CANONICAL"),
         "page"),
    Case("asset_state", "approved definition", lambda g: g.set("scene", state="APPROVED"),
         "scene"),
    Case("asset_labels", "scene labelled character", lambda g: g.relabel(
        "scene", LABELS["CHARACTER"]), "scene"),
    Case("asset_labels", "render labelled definition", lambda g: g.relabel(
        "page", [*LABELS["RENDER"], "Definition"]), "page"),
    Case("asset_labels", "render that is no asset", lambda g: g.relabel(
        "panel", ["Render"]), "panel", "not :Asset"),
    Case("uses_role", "unknown role", lambda g: g.set_edge(
        "page", "USES", "style", role="MOOD"), "page", "MOOD"),
    Case("uses_role", "no role", lambda g: g.set_edge(
        "panel", "USES", "backdrop", role=None), "panel"),
    Case("uses_role", "role of another type", lambda g: g.set_edge(
        "page", "USES", "scene-p", role="CHARACTER"), "page", "must be SCENE"),
    Case("uses_role", "definition using an input", lambda g: g.uses(
        "char-pw", "style", "STYLE"), "char-pw", "not a render"),
    Case("dangling_edges", "input without id", lambda g: g.node(
        "ghost", LABELS["SCENE"], name="ghost").edge("page", "USES", "ghost", role="SCENE"),
         "page", "no id"),
    Case("dangling_edges", "dependent without id", lambda g: g.node(
        "phantom", LABELS["RENDER"], name="phantom").edge("phantom", "DERIVES_FROM", "char",
                                                          kind="CLONE"), "char", "no id"),
    Case("dangling_edges", "lineage edge to a project", lambda g: g.edge(
        "panel", "USES", "p1", role="REFERENCE"), "panel", "not an asset"),
    Case("asset_required_properties", "asset without id", lambda g: g.node(
        "nameless", LABELS["STYLE"], name="nameless", type="STYLE", layer="SPACE",
        origin="ORIGINAL", state="DRAFT", space_id="s1"), "<no id>", "(name nameless) lacks id"),
    Case("asset_required_properties", "no state", lambda g: g.unset("char-tw", "state"),
         "char-tw", "lacks state"),
    Case("asset_required_properties", "no space id", lambda g: g.unset("style", "space_id"),
         "style", "space_id"),
    Case("asset_required_properties", "unknown layer", lambda g: g.set("scene", layer="GALAXY"),
         "scene", "layer GALAXY"),
    Case("asset_unknown_container_ids", "deleted task's id kept", lambda g: g.set(
        "kept", task_id="t-gone"), "kept", "task t-gone"),
    Case("asset_unknown_container_ids", "unknown project", lambda g: g.set(
        "panel", project_id="p9"), "panel", "project p9"),
    Case("asset_unknown_container_ids", "unknown space", lambda g: g.set(
        "sketch", space_id="s9"), "sketch", "space s9"),
]  # fmt: skip

# Changes that look close to a violation but are sound: the audit must stay silent.
NEAR_MISSES = [
    Case("trash_ids_live", "a trash item of what is gone", lambda g: g.node(
        "trash-2", ["TrashItem"], id="trash-2", node_ids=["gone-asset", "gone-task"]), ""),
    Case("binding_uses_hash", "discarded space render", lambda g: g.set(
        "draft-shot", state="DISCARDED"), ""),
    Case("render_classification", "neutral scenes alone make a scene", lambda g: g.asset(
        "mood", "RENDER", "SPACE", "ORIGINAL", "DRAFT", classification="SCENE").uses(
        "mood", "backdrop", "SCENE"), ""),
    Case("render_classification", "no definitions make a compilation", lambda g: g.asset(
        "collage", "RENDER", "SPACE", "ORIGINAL", "DRAFT", classification="COMPILATION").uses(
        "collage", "portrait", "REFERENCE").uses("collage", "style", "STYLE"), ""),
    Case("render_classification", "two recorded inputs on one asset count twice", lambda g: g.asset(
        "twice", "RENDER", "PROJECT", "ORIGINAL", "APPROVED", classification="COMPILATION").uses(
        "twice", "char-pw", "CHARACTER", repointed_from="char-t-gone").uses(
        "twice", "char-pw", "CHARACTER", repointed_from="char-tw-gone"), ""),
    Case("render_classification", "the neutral flag recorded on the edge counts", lambda g: g.asset(
        "moody", "RENDER", "PROJECT", "ORIGINAL", "APPROVED", classification="CHARACTER").uses(
        "moody", "char-pw", "CHARACTER").uses("moody", "scene-p", "SCENE", neutral=True), ""),
    Case("render_file_key_shared", "clones show their source's file", lambda g: g.set(
        "portrait", file=_file("renders/portrait.png")).set(
        "portrait-p", file=_file("renders/portrait.png")).set(
        "portrait-t", file=_file("renders/portrait.png")), ""),
    Case("lineage_cycles", "a diamond is no cycle", lambda g: g.uses(
        "page", "char-t", "CHARACTER"), ""),
    Case("layer_origin", "project working clone of a style", lambda g: g.asset(
        "style-p", "STYLE", "PROJECT", "BASE_CLONE", "CANONICAL", clone_of="style").asset(
        "style-pw", "STYLE", "PROJECT", "WORKING_CLONE", "DRAFT", clone_of="style-p"), ""),
]  # fmt: skip

REQUIRED_AUDITS = {
    "lineage_cycles",
    "lineage_edge_outside_reach",
    "clone_parent_count",
    "asset_container",
    "base_clone_hash",
    "binding_uses_hash",
    "render_classification",
    "layer_origin",
    "dangling_edges",
    "asset_required_properties",
    "asset_unknown_container_ids",
}


async def _run(db: Database, audit: Audit) -> tuple[list[str], list[dict[str, Any]]]:
    """Run an audit exactly as a person would: its text, no parameters at all."""
    result = await db.driver.execute_query(audit.query, database_=db.database)
    return list(result.keys), [dict(record) for record in result.records]


def _audit(name: str) -> Audit:
    return AUDITS_BY_NAME[name]


# Discovery and shape ----------------------------------------------------------------------


def test_audits_are_discovered_with_descriptions() -> None:
    assert set(AUDITS_BY_NAME) >= REQUIRED_AUDITS
    assert [a.name for a in AUDITS] == sorted(a.name for a in AUDITS)
    for audit in AUDITS:
        assert audit.description and not audit.description.startswith("/"), audit.name
        assert audit.query.name == f"audits/{audit.name}"


def test_every_audit_has_violation_cases() -> None:
    assert {case.audit for case in CASES} == set(AUDITS_BY_NAME)


@pytest.mark.parametrize("audit", AUDITS, ids=lambda a: a.name)
async def test_audit_is_read_only_and_needs_no_parameters(db: Database, audit: Audit) -> None:
    header = [line for line in audit.query.splitlines() if line.startswith("//")]
    assert any("Parameters: none" in line for line in header), audit.name
    assert "$" not in audit.query, f"{audit.name} must run as it is, without parameters"
    async with db.driver.session(database=db.database) as session:
        result = await session.run("EXPLAIN " + audit.query)  # type: ignore[arg-type]
        summary = await result.consume()
    assert summary.query_type == "r", f"{audit.name} is not read-only"


# Sound graph, near misses, violations -----------------------------------------------------


@pytest.mark.parametrize("audit", AUDITS, ids=lambda a: a.name)
async def test_sound_graph_passes(graph: Database, audit: Audit) -> None:
    await base_graph().create(graph)
    keys, rows = await _run(graph, audit)
    assert keys[:2] == ["subject", "detail"], audit.name
    assert rows == []


@pytest.mark.parametrize("case", NEAR_MISSES, ids=lambda c: c.id)
async def test_near_miss_passes(graph: Database, case: Case) -> None:
    data = base_graph()
    case.mutate(data)
    await data.create(graph)
    _, rows = await _run(graph, _audit(case.audit))
    assert rows == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_violation_is_found(graph: Database, case: Case) -> None:
    data = base_graph()
    case.mutate(data)
    await data.create(graph)
    result = await audits.run_audit(graph, _audit(case.audit))
    assert result.violations, f"{case.id}: no violation found"
    named = [v for v in result.violations if v["subject"] == case.subject]
    assert named, f"{case.id}: no row for {case.subject!r} in {result.violations}"
    if case.detail is not None:
        assert any(case.detail in v["detail"] for v in named), named
    for violation in result.violations:
        assert isinstance(violation["detail"], str) and violation["detail"], violation


async def test_run_audits_runs_every_audit_in_order(graph: Database) -> None:
    data = base_graph()
    await data.create(graph)
    results = await audits.run_audits(graph)
    assert [r.name for r in results] == [a.name for a in AUDITS]
    assert not audits.has_violations(results)
    assert all(r.ok for r in results)

    broken = copy.deepcopy(data)
    broken.set("scene-p", content_hash="h-edited")
    await graph.run_autocommit(cypher.load("test/delete_all"))
    await broken.create(graph)
    results = await audits.run_audits(graph)
    assert audits.has_violations(results)
    by_name = {r.name: r for r in results}
    assert [v["subject"] for v in by_name["base_clone_hash"].violations] == ["scene-p"]


def test_report_formats() -> None:
    results = [
        AuditResult("clean_one", "Nothing wrong.", []),
        AuditResult(
            "broken_one",
            "Something wrong.",
            [{"subject": "a1", "detail": "a1 is broken", "parent": "p1", "extra": None}],
        ),
    ]
    table = audits.format_table(results)
    lines = table.splitlines()
    assert lines[0].split() == ["audit", "violations"]
    assert lines[1].split() == ["clean_one", "0"]
    assert lines[2].split() == ["broken_one", "1"]
    assert lines[3] == '    a1: a1 is broken  [parent="p1"]'
    assert lines[-1] == "2 audits, 1 violations"
    assert json.loads(audits.to_json(results))[1]["violations"][0]["subject"] == "a1"
    assert audits.has_violations(results) and not audits.has_violations(results[:1])


# The command ------------------------------------------------------------------------------


def _lineage_command() -> list[str]:
    script = Path(sys.executable).with_name("lineage")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from lineage.cli import app; app()"]


async def _audit_command(target: Neo4jTarget) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env |= {"NEO4J_URI": target.uri, "NEO4J_DATABASE": target.database}
    if target.auth is not None:
        env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    command = [*_lineage_command(), "audit", "--json"]
    return await asyncio.to_thread(
        subprocess.run, command, env=env, capture_output=True, text=True, timeout=120
    )


async def test_cli_exits_0_on_a_sound_graph(graph: Database, neo4j_target: Neo4jTarget) -> None:
    await base_graph().create(graph)
    done = await _audit_command(neo4j_target)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [r["name"] for r in report] == [a.name for a in AUDITS]
    assert all(r["violations"] == [] for r in report)


async def test_cli_exits_1_on_a_violation(graph: Database, neo4j_target: Neo4jTarget) -> None:
    data = base_graph()
    data.set("panel", classification="CHARACTER")
    await data.create(graph)
    done = await _audit_command(neo4j_target)
    assert done.returncode == 1, done.stderr
    report = {r["name"]: r["violations"] for r in json.loads(done.stdout)}
    assert [v["subject"] for v in report["render_classification"]] == ["panel"]
    assert sum(len(v) for v in report.values()) == 1
