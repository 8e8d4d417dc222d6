"""`lineage export`: lineage out of the service in the formats other tools read. Each
format is a subcommand, registered here from its own module."""

from __future__ import annotations

import typer

from lineage.cli import openlineage, provenance

app = typer.Typer(
    help="Export lineage: provenance documents, OpenLineage events, archives.",
    no_args_is_help=True,
)

app.command("prov")(provenance.prov)
app.command("c2pa")(provenance.c2pa)
app.command("openlineage")(openlineage.export_openlineage)
