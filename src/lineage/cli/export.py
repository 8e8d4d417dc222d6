"""`lineage export`: lineage out of the service in the formats other tools read. Without a
subcommand it writes the archive (backup, restore, move: docs/interchange.md); each other
format is a subcommand, registered here from its own module."""

from __future__ import annotations

import typer

from lineage.cli import openlineage, provenance
from lineage.cli.archive import FilesOption, OutputOption, SpaceOption, export_archive

app = typer.Typer(
    help="Export lineage: archives (no subcommand), provenance documents, OpenLineage events.",
    invoke_without_command=True,
)


@app.callback()
def archive(
    ctx: typer.Context,
    space: SpaceOption = None,
    files: FilesOption = False,
    output: OutputOption = "-",
) -> None:
    """Without a subcommand: write a space (or every space) as a JSON-lines archive, for
    `lineage import` (docs/interchange.md, "Archive")."""
    if ctx.invoked_subcommand is None:
        export_archive(space, files, output)


app.command("prov")(provenance.prov)
app.command("c2pa")(provenance.c2pa)
app.command("openlineage")(openlineage.export_openlineage)
