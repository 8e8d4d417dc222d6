"""PROV documents and C2PA-style ingredient lists, read back with the `prov` package and
checked against what the lineage walk and the render inputs (other readers) say."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import commands
import pytest
from neo4j import AsyncManagedTransaction as Tx
from prov_reading import ReadBack, read
from provenance_graph import Upstream, build, edges_of, project_asset_ids, upstream

from lineage.domain.access import Viewer
from lineage.domain.enums import DeriveKind, Edge, Origin, Role
from lineage.domain.errors import NotFound, ScopeViolation
from lineage.graph import provenance as closures
from lineage.graph import renders as render_graph
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import definitions, provenance
from lineage.services.prov_document import ProvenanceFormat
from lineage.services.versions import create_version


async def exported(db: Database, id: str) -> ReadBack:
    answer = await provenance.export_prov(db, id, ProvenanceFormat.PROV_JSON)
    assert not answer.truncated
    return read(answer.document, "json")


def generation(render_id: str) -> str:
    return f"{render_id}.generation"


async def recorded_hashes(db: Database, render_ids: list[str]) -> set[tuple[str, str, str, str]]:
    """(render, input, role, hash) of every USES edge, as the render inputs read them."""

    async def work(tx: Tx) -> set[tuple[str, str, str, str]]:
        rows = await render_graph.inputs_of(tx, render_ids)
        return {(r["render_id"], r["input"]["id"], r["role"], r["snapshot_hash"]) for r in rows}

    return await db.read_tx(work)


async def check_structure(db: Database, doc: ReadBack, walked: Upstream) -> None:
    """The document holds exactly what the walk reached, with the records of each."""
    assert set(doc.entities) == set(walked.assets)
    generated = {
        a.id for a in walked.assets.values() if a.is_render and a.origin == Origin.ORIGINAL
    }
    assert set(doc.activities) == {generation(r) for r in generated}
    # One `used` per USES edge, with the role and the hash the edge recorded.
    hashes = await recorded_hashes(db, sorted(generated))
    assert sorted(doc.usages) == sorted(
        (generation(render), input, role, hash) for render, input, role, hash in hashes
    )
    assert {(r, i, role) for r, i, role, _ in hashes} == edges_of(walked, Edge.USES)
    # One derivation per DERIVES_FROM edge; a new version is a revision.
    kinds = {DeriveKind.CLONE: None, DeriveKind.VERSION: "prov:Revision"}
    assert sorted(doc.derivations) == sorted(
        (child, parent, kind, kinds[DeriveKind(kind)])
        for child, parent, kind in edges_of(walked, Edge.DERIVES_FROM)
    )
    # Times and creators from each asset's record.
    for id, asset in walked.assets.items():
        entity = doc.entities[id]
        assert (entity["label"], entity["contentHash"]) == (asset.name, asset.content_hash)
        assert entity["type"] == f"lineage:{asset.type.title()}"
        by = generation(id) if id in generated else None
        assert (id, by, asset.created_at) in doc.generations
        if id in generated:
            assert doc.activities[by or ""][:2] == (None, asset.created_at)
    assert len(doc.generations) == len(walked.assets)
    creators = {(id, a.created_by) for id, a in walked.assets.items() if a.created_by}
    assert doc.attributions == creators
    assert set(doc.agents) == {user for _, user in creators}
    assert doc.associations == {
        (generation(id), walked.assets[id].created_by or "") for id in generated
    }


async def test_a_render_export_describes_its_whole_upstream(graph: Database) -> None:
    built = await build(graph)
    doc = await exported(graph, built.panel.id)
    walked = await upstream(graph, built.panel.id)
    await check_structure(graph, doc, walked)
    # The closure reaches back to the version Jennifer v2 was made from.
    assert built.jennifer_v1.id in doc.entities
    assert (built.jennifer_v2.id, built.jennifer_v1.id, "VERSION", "prov:Revision") in (
        doc.derivations
    )
    # The render's generation used the two task clones and the reference, one role each.
    assert sorted(u[2] for u in doc.usages if u[0] == generation(built.panel.id)) == [
        "CHARACTER", "REFERENCE", "STYLE",
    ]  # fmt: skip
    panel = doc.entities[built.panel.id]
    assert panel["fileChecksum"] == built.panel.file["checksum"]  # type: ignore[index]
    assert doc.activities[generation(built.panel.id)][2]["prompt"] == "sullen, ink"
    assert doc.agents[built.alice]["label"] == "Alice"
    assert doc.agents[built.bob]["type"] == "prov:Person"
    assert doc.entities[built.jennifer_v2.id]["version"] == "2.0.0"


async def test_a_definition_export_follows_clones_and_versions(graph: Database) -> None:
    built = await build(graph)
    doc = await exported(graph, built.sullen.id)
    walked = await upstream(graph, built.sullen.id)
    await check_structure(graph, doc, walked)
    assert doc.activities == {} and doc.usages == []  # no render upstream of a definition
    assert len(doc.entities) == 4  # Jennifer_sullen, its project base, v2, v1


async def test_a_project_export_covers_its_tasks_and_their_upstream(graph: Database) -> None:
    built = await build(graph)
    seeds = await project_asset_ids(graph, built.project)
    assert built.rain.id in seeds and built.portrait.id not in seeds
    doc = await exported(graph, built.project)
    await check_structure(graph, doc, await upstream(graph, *seeds))
    assert built.portrait.id in doc.entities  # a space render, upstream of the project


async def test_prov_n_and_prov_o_say_what_prov_json_says(graph: Database) -> None:
    built = await build(graph)
    as_json = await provenance.export_prov(graph, built.rain.id, ProvenanceFormat.PROV_JSON)
    as_n = await provenance.export_prov(graph, built.rain.id, ProvenanceFormat.PROV_N)
    as_o = await provenance.export_prov(graph, built.rain.id, ProvenanceFormat.PROV_O)
    assert as_n.document.startswith("document")
    assert read(as_n.document, "provn").document == read(as_json.document, "json").document
    assert "@prefix prov: <http://www.w3.org/ns/prov#>" in as_o.document
    from_o = read(as_o.document, "rdf", rdf_format="turtle")
    assert from_o.document == read(as_json.document, "json").document
    assert as_n.counts == as_o.counts == as_json.counts
    assert as_json.counts.entities == len(read(as_json.document).entities)


async def test_only_members_see_a_closure(graph: Database) -> None:
    built = await build(graph)
    stranger = Viewer({})
    with pytest.raises(NotFound, match="asset or container"):
        await provenance.export_prov(graph, built.panel.id, viewer=stranger)
    with pytest.raises(NotFound):
        await provenance.export_prov(graph, "d_nothing")
    member = Viewer({built.space: Role.VIEWER})
    answer = await provenance.export_prov(graph, built.task, viewer=member)
    assert answer.kind == "TASK" and answer.counts.entities > 0


async def test_a_cut_closure_says_so_and_keeps_no_dangling_edge(graph: Database) -> None:
    built = await build(graph)

    async def cut(tx: Tx) -> closures.Closure | None:
        return await closures.closure(tx, built.panel.id, limit=3)

    found = await graph.read_tx(cut)
    assert found is not None and found.truncated
    assert len(found.assets) == 3 and built.panel.id in found.assets  # the root comes first
    kept = set(found.assets)
    assert all({d.child, d.parent} <= kept for d in found.derivations)
    assert all({u.render, u.input} <= kept for u in found.usages)


async def test_the_closure_stops_at_its_step_bound(graph: Database) -> None:
    built = await build(graph)
    newest = built.ink
    for _ in range(closures.MAX_STEPS + 1):  # a version chain one step longer than the bound
        newest = await create_version(graph, newest.id, "PATCH")
    answer = await provenance.export_prov(graph, newest.id)
    assert answer.truncated
    doc = read(answer.document)
    assert len(doc.entities) == closures.MAX_STEPS + 1 and built.ink.id not in doc.entities
    assert len(doc.derivations) == closures.MAX_STEPS


async def test_the_ingredients_of_a_render(graph: Database) -> None:
    built = await build(graph)
    listed = (await provenance.c2pa_ingredients(graph, built.panel.id)).to_dict()
    hashes = await recorded_hashes(graph, [built.panel.id])
    assert {(i["id"], i["role"], i["hash"]["value"]) for i in listed["ingredients"]} == {
        (input, role, hash) for _, input, role, hash in hashes
    }
    assert {i["relationship"] for i in listed["ingredients"]} == {"componentOf"}
    assert {i["hash"]["alg"] for i in listed["ingredients"]} == {"sha256"}
    titles = {i["role"]: i["title"] for i in listed["ingredients"]}
    assert titles == {
        "CHARACTER": "Jennifer_sullen v2.0.0", "STYLE": "Ink v1.0.0", "REFERENCE": "Portrait"
    }  # fmt: skip
    assert listed["file_hash"] == {"alg": "sha256", "value": built.panel.file["checksum"]}  # type: ignore[index]
    assert listed["format"] == "image/png" and listed["title"] == "Panel"
    assert listed["content_hash"]["value"] == built.panel.content_hash


async def test_a_render_variant_names_its_parent(graph: Database) -> None:
    built = await build(graph)
    listed = (await provenance.c2pa_ingredients(graph, built.variant.id)).to_dict()
    [parent] = listed["ingredients"]  # a clone of a render uses nothing itself
    assert parent["relationship"] == "parentOf" and parent["role"] is None
    assert parent["type"] == "RENDER" and parent["title"] == "Portrait"
    assert listed["file_hash"] is None


async def test_ingredients_are_for_renders_and_members(graph: Database) -> None:
    built = await build(graph)
    with pytest.raises(ScopeViolation, match="is a character, not a render"):
        await provenance.c2pa_ingredients(graph, built.sullen.id)
    with pytest.raises(NotFound, match="asset or container"):
        await provenance.c2pa_ingredients(graph, built.panel.id, viewer=Viewer({}))
    with pytest.raises(NotFound, match="render 'r_nothing'"):
        await provenance.c2pa_ingredients(graph, "r_nothing")


def lineage_command(target: Neo4jTarget, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*commands.LINEAGE, "export", *args], env=commands.environment(target),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


async def test_the_commands_write_prov_and_ingredients(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    built = await build(graph)
    target = tmp_path / "panel.provn"
    wrote = await asyncio.to_thread(
        lineage_command, neo4j_target, "prov", built.panel.id, "--format", "provn", "-o",
        str(target),
    )  # fmt: skip
    assert wrote.returncode == 0, wrote.stderr
    doc = read(target.read_text(encoding="utf-8"), "provn")
    assert set(doc.entities) == set((await upstream(graph, built.panel.id)).assets)
    assert f"PROV-N of asset {built.panel.id}: {len(doc.entities)} entities" in wrote.stderr

    printed = await asyncio.to_thread(lineage_command, neo4j_target, "prov", built.project)
    assert printed.returncode == 0, printed.stderr
    assert built.rain.id in read(printed.stdout, "json").entities

    listed = await asyncio.to_thread(lineage_command, neo4j_target, "c2pa", built.panel.id)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["ingredients"]) == 3

    missing = await asyncio.to_thread(lineage_command, neo4j_target, "prov", "d_nothing")
    assert missing.returncode == 2 and "'d_nothing' does not exist" in missing.stderr
    unknown = await asyncio.to_thread(
        lineage_command, neo4j_target, "prov", built.panel.id, "--format", "xml"
    )
    assert unknown.returncode == 2 and "'xml' is not one of 'json'" in unknown.stderr
    definition = await definitions.create_definition(graph, built.space, "SCENE", "Park")
    refused = await asyncio.to_thread(lineage_command, neo4j_target, "c2pa", definition.id)
    assert refused.returncode == 2 and "not a render" in refused.stderr
