"""`lineage user ...`: the users of the API."""

from __future__ import annotations

from dataclasses import asdict

import typer

from lineage.cli.common import with_database
from lineage.cli.output import JsonOption, show
from lineage.services import access

app = typer.Typer(help="Users of the API.")

COLUMNS = {"id": "ID", "name": "Name", "created_at": "Created", "tokens": "Tokens",
           "spaces": "Spaces"}  # fmt: skip


@app.command("create")
def user_create(name: str) -> None:
    """Create a user and print its id."""
    user = with_database(lambda db: access.create_user(db, name))
    typer.echo(user.id)


@app.command("list")
def user_list(as_json: JsonOption = False) -> None:
    """List every user with how many tokens and spaces each has."""
    found = with_database(access.list_users)
    show([asdict(user) for user in found], COLUMNS, as_json, "No users yet.")
