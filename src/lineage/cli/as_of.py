"""`lineage as-of ID TIME`: the lineage around an asset as it stood at an instant
(docs/domain.md §12), deleted assets included, as a table or with `--json`. An operator
command on the database: it sees every space."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

import typer

from lineage.cli.common import fail, with_database
from lineage.cli.output import JsonOption, echo_json, show
from lineage.graph.lineage import MAX_DEPTH, Direction
from lineage.services.as_of import PastLineage, PastNode, lineage_as_of

COLUMNS = {"depth": "Depth", "direction": "Way", "id": "Id", "type": "Type", "name": "Name",
           "version": "Version", "state": "State", "container_id": "Container",
           "then": "Since"}  # fmt: skip


def as_of(
    id: Annotated[str, typer.Argument(help="The asset's id (also one deleted since).")],
    at: Annotated[
        datetime,
        typer.Argument(
            parser=datetime.fromisoformat,
            metavar="TIME",
            help="The instant, ISO 8601 (2026-12-01T18:30:00Z; UTC if no zone).",
        ),
    ],
    direction: Annotated[
        Direction, typer.Option(case_sensitive=False, help="Which way to walk.")
    ] = Direction.BOTH,
    depth: Annotated[int, typer.Option(min=1, max=MAX_DEPTH, help="Lineage steps.")] = 1,
    max_nodes: Annotated[int, typer.Option(min=1, max=2000, help="Most assets.")] = 200,
    as_json: JsonOption = False,
) -> None:
    """Print the lineage around ID as it stood at AT: assets created later left out,
    assets deleted since put back with what they were, rebases and task deletes undone."""
    found = with_database(lambda db: lineage_as_of(db, id, at, direction, depth, max_nodes))
    if found is None:
        raise fail(f"{id} did not exist at {at.isoformat()}; see `lineage history {id}`.")
    if as_json:
        echo_json(_json(found))
        return
    show([_row(node) for node in found.nodes], COLUMNS, False, "")
    for warning in _warnings(found):
        typer.echo(warning, err=True)


def _row(node: PastNode) -> dict[str, Any]:
    past = node.asset
    return {
        "depth": node.depth, "direction": str(node.direction or "root").lower(), "id": past.id,
        "type": past.type, "name": past.name, "version": past.version, "state": past.state,
        "container_id": past.container_id, "then": "deleted since" if past.deleted else "",
    }  # fmt: skip


def _json(found: PastLineage) -> dict[str, Any]:
    return {
        "at": found.at, "truncated": found.truncated,
        "nodes": [asdict(n.asset) | {"depth": n.depth, "direction": n.direction}
                  for n in found.nodes],
        "edges": [{"from": e.edge.source, "to": e.edge.target, "type": str(e.edge.type),
                   "role": e.edge.role, "snapshot_hash": e.snapshot_hash} for e in found.edges],
        "deleted_without_edges": found.unknown_edges, "history_starts_at": found.history_starts,
    }  # fmt: skip


def _warnings(found: PastLineage) -> list[str]:
    said = []
    if found.truncated:
        said.append("The walk stopped at --max-nodes: more assets were within reach.")
    if found.unknown_edges:
        said.append("Deleted before the history recorded their edges: "
                    + ", ".join(found.unknown_edges))  # fmt: skip
    if found.history_starts and found.at < found.history_starts:
        said.append(f"The space's history begins at {found.history_starts.isoformat()}: "
                    "assets deleted before then are not shown.")  # fmt: skip
    return said
