"""`lineage files ...`: render files in the configured store (local folder or S3)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from lineage.cli.common import file_store, settings, with_database
from lineage.files_gc import FileCheckReport, GcReport, check_files, collect_garbage
from lineage.graph import files
from lineage.graph.database import Database

app = typer.Typer(help="Render files in the configured store (local folder or S3).")


@app.command("gc")
def files_gc(
    apply: Annotated[bool, typer.Option("--apply", help="Delete (default: dry run).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Find files no render refers to; with --apply, remove them."""
    store = file_store(settings())

    async def collect(db: Database) -> GcReport:
        return await collect_garbage(store, lambda: files.referenced_file_keys(db), apply=apply)

    report = with_database(collect)
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())


@app.command("check")
def files_check(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Find renders whose file is missing from the store; exit 1 when any is."""
    store = file_store(settings())

    async def check(db: Database) -> FileCheckReport:
        return await check_files(store, lambda: files.file_references(db))

    report = with_database(check)
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.summary())
    if not report.ok:
        raise typer.Exit(1)
