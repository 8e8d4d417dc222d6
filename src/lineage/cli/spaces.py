"""`lineage space ...`: spaces made and listed by the operator."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lineage.cli.common import with_database
from lineage.cli.output import JsonOption, show
from lineage.domain.enums import Layer, Role
from lineage.domain.model import Container
from lineage.graph.access import Member
from lineage.services import containers

app = typer.Typer(help="Spaces (each has at least one owner).")

COLUMNS = {"id": "ID", "name": "Name", "created_at": "Created", "owners": "Owners",
           "members": "Members"}  # fmt: skip


@app.command("create")
def space_create(
    name: str,
    owner: Annotated[str, typer.Option(help="User id of the space's first OWNER.")],
    description: str = "",
) -> None:
    """Create a space owned by a user and print its id."""
    space = with_database(
        lambda db: containers.create(db, Layer.SPACE, name, None, description, actor=owner)
    )
    typer.echo(space.id)


@app.command("list")
def space_list(as_json: JsonOption = False) -> None:
    """List every space with its owners and how many members it has."""
    found = with_database(containers.spaces_with_members)
    show([_row(space, members, as_json) for space, members in found], COLUMNS, as_json,
         "No spaces yet.")  # fmt: skip


def _row(space: Container, members: list[Member], as_json: bool) -> dict[str, Any]:
    owners = [m for m in members if m.role == Role.OWNER]
    return {
        "id": space.id, "name": space.name, "description": space.description,
        "created_at": space.created_at, "members": len(members),
        "owners": [m.user_id if as_json else f"{m.name} ({m.user_id})" for m in owners],
    }  # fmt: skip
