"""`lineage history ID`: what the writes did to a space, project, asset or container,
newest first, deleted ones included (docs/domain.md §12)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from lineage.cli.common import with_database
from lineage.cli.output import JsonOption, show
from lineage.domain.history import Entry, HistoryFilter, Operation
from lineage.services.history import history_of

COLUMNS = {"at": "When", "user_id": "Who", "operation": "Operation", "summary": "Summary"}
OPERATOR = "operator"  # an entry without a user: written with database access


def history(
    id: Annotated[str, typer.Argument(help="The id of a space, project, task or asset.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many entries.")] = 50,
    user: Annotated[str | None, typer.Option(help="Only the writes of this user id.")] = None,
    operation: Annotated[
        list[Operation] | None,
        typer.Option(case_sensitive=False, help="Only this operation (repeat for more)."),
    ] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only entries at or after this time (UTC if no zone).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(help="Only entries before this time (UTC if no zone).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Print the history of ID, newest first: when, who, which operation and what changed
    (with --json, every change with its before and after)."""
    wanted = HistoryFilter(
        user_id=user, operations=tuple(operation) if operation else None, since=since,
        until=until,
    )  # fmt: skip
    found = with_database(lambda db: history_of(db, id, wanted, limit))
    rows = [_row(entry, as_json) for entry in found]
    show(rows, COLUMNS, as_json, f"Nothing is recorded about {id}.")


def _row(entry: Entry, full: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": entry.id, "at": entry.at, "user_id": entry.user_id or OPERATOR,
        "operation": str(entry.operation), "summary": entry.summary,
    }  # fmt: skip
    if full:
        row |= {
            "user_id": entry.user_id, "space_id": entry.space_id,
            "project_id": entry.project_id, "asset_ids": entry.asset_ids,
            "container_ids": entry.container_ids,
            "changes": [change.to_dict() for change in entry.changes],
        }  # fmt: skip
    return row
