"""The audit cookbook (docs/cypher.md): each query of cypher/cookbook/ run on the demo
graph gives the answer the cookbook shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lineage import cypher
from lineage.demo import load_demo
from lineage.graph.database import Database
from lineage.services import cloning, definitions, lifecycle, renders
from lineage.services.renders import RenderInput

FRAMES = ["Page 1, Panel 1 frame", "Page 1, Panel 4 frame", "Page 2 layout (deleted) frame"]


async def ask(db: Database, name: str, **params: Any) -> list[dict[str, Any]]:
    return [record.data() for record in await db.read(cypher.load(f"cookbook/{name}"), **params)]


async def test_what_is_made_from_jennifer_per_project(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    rows = await ask(graph, "uses_across_projects", id=ids["space_jennifer"])
    # Clones: the project base, three moods, their three task clones and the rainy
    # working clone; renders: the portrait's project, task and variant clones, the three
    # frames (the deleted task's one kept in the project) and the rain render.
    assert rows == [{
        "project": "Breakup Comic #1", "project_id": ids["project"],
        "definitions": 8, "renders": 7,
    }]  # fmt: skip


async def test_renders_still_on_a_deprecated_version(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    rows = await ask(graph, "renders_on_deprecated")
    # Jennifer 1.0.0 was deprecated when 2.0.0 was published; everything generated from
    # her first design still uses it, through clones, except render clones (no USES).
    assert {(r["render"], r["deprecated_id"], r["version"]) for r in rows} == {
        (name, ids["space_jennifer"], "1.0.0")
        for name in ["Jennifer portrait (neutral)", "Jennifer in the rain", *FRAMES]
    }
    assert len(rows) == 5


async def test_biggest_fan_out(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    rows = await ask(graph, "biggest_fan_out", limit=3)
    # Jennifer 1.0.0: the portrait, the project clone and version 2.0.0; the project's
    # Jennifer: its three moods; the morning living room: two task clones and the kept
    # frame of the deleted task.
    assert [(r["asset"], r["asset_id"], r["dependents"]) for r in rows] == sorted(
        [
            ("Jennifer", ids["space_jennifer"], 3),
            ("Jennifer", ids["project_jennifer"], 3),
            ("LivingRoom_scene_morning", ids["project_morning"], 3),
        ]
    )


async def test_drifted_inputs(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    assert await ask(graph, "drifted_inputs") == []  # nothing changed after use
    # A draft space render does not lock its inputs: edit one after the render.
    sketch = await definitions.create_definition(graph, ids["space"], "SCENE", "Rooftop")
    test = await renders.register_render(
        graph, ids["space"], "Rooftop test", [RenderInput(sketch.id)]
    )
    await definitions.update_asset(graph, sketch.id, {"description": "At night"})
    assert await ask(graph, "drifted_inputs") == [{
        "render": "Rooftop test", "render_id": test.id, "input": "Rooftop",
        "input_id": sketch.id, "role": "SCENE",
    }]  # fmt: skip


async def test_assets_locked_only_by_draft_work(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    panel_4, rain = "Page 1, Panel 4 frame", "Jennifer in the rain"
    # All in tasks: the draft panel 4 frame alone locks its task's sullen mood and
    # morning room; the draft rain render, the variant and the rainy working clone; the
    # variant, the task's portrait clone; the working clone, the determined mood's clone.
    drafts_only = [
        ("Jennifer portrait (neutral)", "APPROVED", ["Jennifer portrait (neutral)"]),
        ("Jennifer portrait (neutral)", "DRAFT", [rain]),
        ("Jennifer_determined", "CANONICAL", ["Jennifer_determined_rain"]),
        ("Jennifer_determined_rain", "DRAFT", [rain]),
        ("Jennifer_sullen", "CANONICAL", [panel_4]),
        ("LivingRoom_scene_morning", "CANONICAL", [panel_4]),
    ]
    rows = await ask(graph, "locked_by_drafts")
    assert [(r["asset"], r["state"], r["drafts"]) for r in rows] == drafts_only
    assert {r["layer"] for r in rows} == {"TASK"}
    by_name = {(r["asset"], r["state"]): r["asset_id"] for r in rows}
    assert by_name[("Jennifer portrait (neutral)", "DRAFT")] == ids["task_variant"]
    assert by_name[("Jennifer_determined_rain", "DRAFT")] == ids["task_working_clone"]
    # Once the frame is approved, its inputs are held by settled work.
    await lifecycle.transition(graph, ids["task_render_panel4"], "APPROVED")
    rows = await ask(graph, "locked_by_drafts")
    assert [(r["asset"], r["state"], r["drafts"]) for r in rows] == drafts_only[:4]


async def test_clones_left_behind(graph: Database) -> None:
    ids = (await load_demo(graph, say=lambda _: None)).ids
    # Jennifer 1.0.0 is deprecated, but every clone of her leads to a render.
    assert await ask(graph, "orphaned_clones") == []
    sketch = await definitions.create_definition(graph, ids["space"], "SCENE", "Rooftop")
    await lifecycle.transition(graph, sketch.id, "CANONICAL")
    imported = await cloning.import_to_project(graph, ids["project"], sketch.id)
    assert await ask(graph, "orphaned_clones") == []  # its source is current
    await lifecycle.transition(graph, sketch.id, "DEPRECATED")
    assert await ask(graph, "orphaned_clones") == [{
        "clone": "Rooftop", "clone_id": imported.id, "container_id": ids["project"],
        "source": "Rooftop", "source_id": sketch.id, "source_state": "DEPRECATED",
    }]  # fmt: skip
    # Something made from it takes it off the list (and puts the new clone on it).
    child = await cloning.derive_working_clone(graph, imported.id, {"name": "Rooftop_night"})
    assert [(r["clone"], r["clone_id"]) for r in await ask(graph, "orphaned_clones")] == [
        ("Rooftop_night", child.id)
    ]


def test_every_cookbook_query_is_in_the_cookbook() -> None:
    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "cypher.md").read_text()
    names = sorted(p.name for p in (root / "cypher" / "cookbook").glob("*.cypher"))
    assert len(names) == 6
    assert [n for n in names if f"cookbook/{n}" not in doc] == []
