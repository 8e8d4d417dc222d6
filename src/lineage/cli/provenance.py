"""`lineage export prov ID` and `lineage export c2pa RENDER_ID`: a W3C PROV document of an
asset or container and what it was made from, and a render's C2PA-style ingredient list
(services/provenance.py). Operator commands on the database: they see every space."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lineage.cli.common import fail, say, with_database
from lineage.graph.database import Database
from lineage.graph.provenance import MAX_ASSETS, MAX_STEPS
from lineage.services import provenance
from lineage.services.c2pa import IngredientList, to_json
from lineage.services.prov_document import ProvenanceFormat
from lineage.services.provenance import ProvenanceExport

FORMAT_NAMES = {
    ProvenanceFormat.PROV_JSON: "PROV-JSON",
    ProvenanceFormat.PROV_N: "PROV-N",
    ProvenanceFormat.PROV_O: "PROV-O (Turtle)",
}

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
]


def prov(
    id: Annotated[str, typer.Argument(help="An asset, task, project or space id.")],
    format: Annotated[
        ProvenanceFormat,
        typer.Option(
            "--format",
            help="json (PROV-JSON), provn (PROV-N) or provo (PROV-O, RDF in Turtle).",
        ),
    ] = ProvenanceFormat.PROV_JSON,
    output: OutputOption = None,
) -> None:
    """Print the W3C PROV document of an asset, or of every asset of a task, project or
    space, with everything upstream of it: assets as entities, render generations as
    activities, clones and versions as derivations, creators as agents."""

    async def work(db: Database) -> ProvenanceExport:
        return await provenance.export_prov(db, id, format)

    exported = with_database(work)
    _write(exported.document, output)
    c = exported.counts
    say(
        f"{FORMAT_NAMES[exported.format]} of {exported.kind.lower()} {id}: {c.entities} "
        f"entities, {c.activities} activities, {c.agents} agents, {c.usages} usages, "
        f"{c.derivations} derivations" + (f", written to {output}" if output else "")
    )
    if exported.truncated:
        say(
            f"warning: the closure was cut at {MAX_ASSETS} assets or {MAX_STEPS} lineage "
            "steps; the document leaves out what lies beyond (export a single asset for less)"
        )


def c2pa(
    render_id: Annotated[str, typer.Argument(help="The render's id.")],
    output: OutputOption = None,
) -> None:
    """Print a render's C2PA-style ingredient list as JSON, for a signing tool: each input
    it used (componentOf) with the content hash recorded when it was used, and the render
    it was cloned from, if any (parentOf)."""

    async def work(db: Database) -> IngredientList:
        return await provenance.c2pa_ingredients(db, render_id)

    found = with_database(work)
    _write(to_json(found), output)
    if output is not None:
        say(f"{len(found.ingredients)} ingredient(s) of render {render_id} written to {output}")


def _write(text: str, output: Path | None) -> None:
    """To the file (only once the export succeeded, so a failed one leaves it alone) or
    to standard output."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}; choose another file") from None
