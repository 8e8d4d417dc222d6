"""`lineage export` (the archive, the export group's own command) and `lineage import`:
backup, restore and move of spaces as a JSON-lines archive (docs/interchange.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import lineage
from lineage.archive import format
from lineage.archive.format import ArchiveRefused
from lineage.archive.loader import Imported, import_archive
from lineage.archive.reader import Seen
from lineage.archive.writer import Written, write_archive
from lineage.cli.common import fail, file_store, say, settings, with_database
from lineage.graph import archive as graph
from lineage.graph import migrations
from lineage.graph.archive import Scope
from lineage.graph.database import Database

SpaceOption = Annotated[
    str | None, typer.Option("--space", help="Export this space only (default: every space).")
]
FilesOption = Annotated[
    bool, typer.Option("--files", help="Carry the render files (base64) in the archive.")
]
OutputOption = Annotated[
    str, typer.Option("-o", "--output", help="Archive file to write; `-` is stdout.")
]


def export_archive(space: str | None, files: bool, output: str) -> None:
    """Write the archive of one space (or every space) to `output`."""
    store = file_store(settings()) if files else None
    scope = Scope((space,) if space else ())
    to_stdout = output == "-"

    async def work(db: Database) -> Written:
        if space and not await graph.node_page(db, "space", scope, "", 1):
            raise ArchiveRefused(f"there is no space {space}; `lineage space list` lists them")
        head = format.header(
            {"space": space} if space else {"all": True}, files,
            await migrations.current_version(db), f"lineage {lineage.__version__}",
            datetime.now(UTC).isoformat(timespec="seconds"),
        )  # fmt: skip
        total = sum((await graph.record_counts(db, scope)).values())
        with _progress(show=not to_stdout or sys.stderr.isatty()) as bar:
            task = bar.add_task("exporting", total=total)
            with _target(output) as out:
                return await write_archive(
                    db, out, head, scope, store,
                    lambda kind, n: bar.update(task, advance=n, description=kind),
                )  # fmt: skip

    try:
        written = with_database(work)
    except ArchiveRefused as exc:
        raise fail(str(exc)) from None
    where = "stdout" if to_stdout else output
    say(f"Exported {written.total} records to {where}.")


@contextmanager
def _target(output: str) -> Iterator[BinaryIO]:
    """stdout, or the file: written beside it first and renamed once complete, so a
    failed export never leaves a file that looks like an archive."""
    if output == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as handle:
            yield handle
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def import_command(
    archive: Annotated[Path, typer.Argument(help="The archive file (from `lineage export`).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and compare only; write nothing.")
    ] = False,
) -> None:
    """Load an archive: check it whole, refuse conflicts, then create what is missing."""
    store = file_store(settings())
    size = archive.stat().st_size if archive.is_file() else 0

    async def work(db: Database) -> Imported:
        with _progress(show=sys.stderr.isatty()) as bar:

            def phase(name: str) -> Seen:
                task = bar.add_task(name, total=size)
                return lambda n: bar.update(task, advance=n)

            return await import_archive(db, store, archive, dry_run=dry_run, phase=phase)

    try:
        report = with_database(work)
    except ArchiveRefused as exc:
        raise fail(str(exc)) from None
    say(report.summary())


@contextmanager
def _progress(show: bool) -> Iterator[Progress]:
    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), disable=not show) as bar:
        yield bar
