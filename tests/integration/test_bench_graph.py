"""The benchmark's graph generator (scripts/bench) writes a graph that passes every audit
and that the services accept as their own."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.domain.model import Container
from lineage.graph import audits
from lineage.graph.database import Database
from lineage.services import access, renders
from lineage.services.renders import RenderInput

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from bench.generate import Shape, build_space  # noqa: E402
from bench.load import add_space  # noqa: E402

GRAPH_COUNTS = cypher.load("test/get_graph_counts")


async def audited(db: Database) -> list[audits.AuditResult]:
    """Every audit, one after the other (all at once may outlast the transaction timeout
    on a busy machine)."""
    return [await audits.run_audit(db, audit) for audit in audits.AUDITS]


async def test_generated_graph_passes_every_audit(graph: Database) -> None:
    owner = await access.create_user(graph, "Bench")
    before = (await graph.read(GRAPH_COUNTS))[0]
    made = [await add_space(graph, index, 7, owner.id, Shape.small()) for index in range(2)]

    results = await audited(graph)

    assert [r.name for r in results if r.violations] == [], audits.format_table(results)
    records = await graph.read(GRAPH_COUNTS)

    # Each space's nodes (the history the generator's writes append aside); edges: IN for
    # each asset and container, the owner's membership of each space, the lineage edges.
    def graph_nodes(counts: Any) -> int:
        return int(counts["nodes"] - counts["history"])

    assert graph_nodes(records[0]) - graph_nodes(before) == sum(s.node_count for s in made)
    edges = sum(space.node_count + len(space.derives) + len(space.uses) for space in made)
    assert records[0]["edges"] - before["edges"] == edges
    assert all(space.hero_task_renders for space in made)


async def test_services_register_renders_on_the_generated_graph(graph: Database) -> None:
    owner = await access.create_user(graph, "Bench")
    space = await add_space(graph, 0, 7, owner.id, Shape.small())
    task_id, inputs = next(iter(space.task_inputs.items()))

    render = await renders.register_render(
        graph, task_id, "One more panel", [RenderInput(i) for i in inputs[:3]]
    )

    assert render.task_id == task_id
    results = await audited(graph)
    assert not audits.has_violations(results), audits.format_table(results)


def test_generator_is_deterministic() -> None:
    space = Container(Layer.SPACE, "space_1", "S", space_id="space_1")
    first = build_space(space, 3, "user_1", Shape.small())
    again = build_space(space, 3, "user_1", Shape.small())
    assert first.assets == again.assets and first.uses == again.uses
