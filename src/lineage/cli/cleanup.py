"""`lineage cleanup plan`: unused clones, discarded renders and empty tasks, as an ordered
dry run; with --apply, deleted in that order (services/cleanup.py)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from lineage.cli.common import with_database
from lineage.graph.database import Database
from lineage.services import cleanup
from lineage.services.cleanup import CleanupPlan, CleanupResult

app = typer.Typer(help="Unused clones, discarded renders and empty tasks.")


@app.command("plan")
def cleanup_plan(
    space: Annotated[str | None, typer.Option("--space", help="Only this space's.")] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Delete (default: dry run).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """List what no render needs, leaves first, and what is kept and why; with --apply,
    delete it step by step (a step the graph no longer allows is reported and skipped)."""

    async def work(db: Database) -> tuple[CleanupPlan, CleanupResult | None]:
        planned = await cleanup.plan(db, space)
        return planned, (await cleanup.apply(db, planned) if apply else None)

    planned, result = with_database(work)
    if as_json:
        report = planned.to_dict()
        if result is not None:
            report |= {"deleted": result.deleted, "refused": result.refused}
        typer.echo(json.dumps(report, indent=2))
    else:
        typer.echo(_text(planned, result))
    if result is not None and result.refused:
        raise typer.Exit(code=1)


def _text(planned: CleanupPlan, result: CleanupResult | None) -> str:
    steps = [(a.id, a.name, a.reason) for a in planned.assets]
    steps += [(t.id, t.name, "EMPTY_TASK") for t in planned.tasks]
    dry = " (dry run; --apply deletes)" if result is None else ""
    lines = [f"{len(steps)} step(s), leaves first{dry}:"]
    lines += [f"{n:>4}. {id} {name!r}: {why}" for n, (id, name, why) in enumerate(steps, 1)]
    lines += [f"kept: {a.id} {a.name!r}, needed by {', '.join(by)}" for a, by in planned.kept]
    if result is not None:
        lines.append(f"deleted: {len(result.deleted)}")
        lines += [f"refused: {id}: {why}" for id, why in result.refused.items()]
    return "\n".join(lines)
