"""`lineage trash ...`: list, restore and purge what deletes put in the trash
(docs/domain.md §13), as an operator with database access."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lineage.cli.common import file_store, settings, with_database
from lineage.cli.output import JsonOption, show
from lineage.domain.trash import TrashItem
from lineage.services import trash

app = typer.Typer(help="What deletes put in the trash: list, restore, purge.")

COLUMNS = {
    "id": "Trash item", "kind": "Kind", "root_type": "Type", "root_name": "Name",
    "space_id": "Space", "deleted_at": "Deleted", "deleted_by": "By",
    "expires_at": "Expires", "asset_count": "Assets",
}  # fmt: skip
OPERATOR = "operator"  # deleted without a user: with database access


@app.command("list")
def list_items(
    space: Annotated[str | None, typer.Option(help="Only the items of this space id.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the trash items, newest first."""
    found = with_database(lambda db: trash.list_items(db, space))
    show([_row(item, as_json) for item in found], COLUMNS, as_json, "The trash is empty.")


@app.command("restore")
def restore(id: Annotated[str, typer.Argument(help="The trash item's id.")]) -> None:
    """Restore a trash item as it was when deleted, or say why it cannot be."""
    done = with_database(lambda db: trash.restore(db, id))
    typer.echo(
        f"Restored {done.item.kind.lower()} {done.item.root_name!r} ({done.item.root_id}): "
        f"{len(done.asset_ids)} assets, {len(done.container_ids)} containers"
        + (f", {len(done.moved_back)} renders moved back" if done.moved_back else "")
    )


@app.command("purge")
def purge(
    all: Annotated[bool, typer.Option("--all", help="Every item, expired or not.")] = False,
    id: Annotated[str | None, typer.Option("--id", help="Only this item, expired or not.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only say what would be purged.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete for good the trash items that expired, then the files only they held."""
    store = file_store(settings())
    ids = [id] if id is not None else None
    report = with_database(lambda db: trash.purge(db, store, ids, all, dry_run))
    if id is not None and not report.items:
        typer.secho(f"error: there is no trash item {id!r}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    verb = "Would purge" if report.dry_run else "Purged"
    show([_row(item, as_json) for item in report.items], COLUMNS, as_json,
         "Nothing to purge." if not report.dry_run else "Nothing would be purged.")  # fmt: skip
    if not as_json:
        typer.echo(
            f"{verb} {len(report.items)} trash items; removed {len(report.removed_files)} "
            f"files" + (f", {len(report.failed_files)} could not be removed (`lineage files "
                        "gc` retries)" if report.failed_files else ""),
            err=True,
        )  # fmt: skip


def _row(item: TrashItem, full: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": item.id, "kind": str(item.kind), "root_id": item.root_id,
        "root_type": item.root_type, "root_name": item.root_name, "space_id": item.space_id,
        "project_id": item.project_id, "deleted_at": item.deleted_at,
        "deleted_by": item.deleted_by if full else item.deleted_by or OPERATOR,
        "expires_at": item.expires_at, "asset_count": item.asset_count,
    }  # fmt: skip
    if full:
        row["file_keys"] = list(item.file_keys)
    return row
