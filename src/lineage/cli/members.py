"""`lineage member ...`: space membership set directly, the operator's path (with
database access); API users invite with inviteMember / acceptInvitation."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from lineage.cli.common import with_database
from lineage.cli.output import JsonOption, show
from lineage.domain.enums import Role
from lineage.services import access

app = typer.Typer(
    help="Space membership (owner, editor, viewer), set directly: the operator's path, with "
    "database access. API users invite with inviteMember / acceptInvitation."
)

COLUMNS = {"user_id": "User", "name": "Name", "role": "Role"}
RoleOption = Annotated[
    Role, typer.Option(case_sensitive=False, help="OWNER, EDITOR or VIEWER (any case).")
]


@app.command("list")
def member_list(space_id: str, as_json: JsonOption = False) -> None:
    """List the members of a space with their roles."""
    found = with_database(lambda db: access.list_members(db, space_id))
    rows = [{**asdict(member), "role": str(member.role)} for member in found]
    show(rows, COLUMNS, as_json, f"{space_id} has no members.")


@app.command("set")
def member_set(space_id: str, user_id: str, role: RoleOption = Role.EDITOR) -> None:
    """Give a user a role in a space, without an invitation (keeps a last owner)."""
    typer.echo(with_database(lambda db: access.set_member(db, space_id, user_id, role)))


@app.command("remove")
def member_remove(space_id: str, user_id: str) -> None:
    """Take a member out of a space (refused for its last owner)."""
    with_database(lambda db: access.remove_member(db, space_id, user_id, actor=None))
    typer.echo(f"{user_id} is no longer a member of {space_id}")
