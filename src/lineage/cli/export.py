"""`lineage export`: lineage out of the service in the formats other tools read. Each
format is a subcommand, registered here from its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Export lineage: provenance documents, OpenLineage events, archives.",
    no_args_is_help=True,
)

# Each format's module adds its subcommand to `app` when imported.
from lineage.cli import openlineage  # noqa: E402, F401
