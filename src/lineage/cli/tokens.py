"""`lineage token ...`: bearer API tokens (stored hashed, shown once), with an optional
expiry; sign-in notes when each was last used."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer

from lineage.cli.common import fail, say, with_database
from lineage.cli.output import JsonOption, show
from lineage.domain.access import token_expired
from lineage.services import access

app = typer.Typer(help="Bearer API tokens (stored hashed; shown once).")

COLUMNS = {"id": "ID", "user_id": "User", "user_name": "Name", "label": "Label",
           "created_at": "Created", "expires": "Expires", "last_used_at": "Last used"}  # fmt: skip
UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
         "w": timedelta(weeks=1)}  # fmt: skip
DURATION = re.compile(r"([0-9]{1,6})([mhdw])")


def parse_duration(text: str) -> timedelta:
    """`90m`, `12h`, `30d`, `2w`."""
    found = DURATION.fullmatch(text.strip().lower())
    if found is None or int(found[1]) == 0:
        raise ValueError(
            f"--expires-in {text!r} is not a duration; use a number and m, h, d or w, e.g. 30d"
        )
    return int(found[1]) * UNITS[found[2]]


def parse_moment(text: str) -> datetime:
    """`2027-01-31` (its start, UTC) or an ISO 8601 time (UTC unless it names a zone)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--expires {text!r} is not a date; use e.g. 2027-01-31 or 2027-01-31T18:00Z"
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def expiry(expires_in: str | None, expires: str | None, now: datetime) -> datetime | None:
    if expires_in is not None and expires is not None:
        raise ValueError("give --expires-in or --expires, not both")
    if expires_in is not None:
        return now + parse_duration(expires_in)
    return parse_moment(expires) if expires is not None else None


@app.command("create")
def token_create(
    user_id: str,
    label: str = "api",
    expires_in: Annotated[
        str | None, typer.Option(help="Valid for this long: 90m, 12h, 30d, 2w.")
    ] = None,
    expires: Annotated[
        str | None, typer.Option(help="Valid until then: 2027-01-31 or 2027-01-31T18:00Z (UTC).")
    ] = None,
) -> None:
    """Create an API token for a user and print it (it cannot be shown again); without
    --expires-in or --expires it is valid until revoked."""
    try:
        until = expiry(expires_in, expires, datetime.now(UTC))
    except ValueError as exc:
        raise fail(str(exc)) from None
    typer.echo(with_database(lambda db: access.create_token(db, user_id, label, until)))
    say(f"Expires {access.moment(until)}." if until else "Valid until revoked.")


@app.command("list")
def token_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the tokens (never their secrets), with expiry and last use."""
    found = with_database(lambda db: access.list_tokens(db, user))
    now = datetime.now(UTC)
    rows = [{**asdict(token), "expired": token_expired(token.expires_at, now)} for token in found]
    if not as_json:
        rows = [{**row, "expires": _expires(row)} for row in rows]
    show(rows, COLUMNS, as_json, "No tokens.")


@app.command("revoke")
def token_revoke(token_id: str) -> None:
    """Delete a token: it signs no one in from the next few seconds on (sign-in cache)."""
    with_database(lambda db: access.revoke_token(db, token_id))
    typer.echo(f"{token_id} is revoked")


def _expires(row: dict[str, Any]) -> str:
    shown = access.moment(row["expires_at"]) if row["expires_at"] else "never"
    return f"{shown} (expired)" if row["expired"] else shown
