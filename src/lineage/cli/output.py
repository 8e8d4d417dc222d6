"""Listings: a table for people (rich), or with `--json` plain JSON for programs."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lineage.services.access import moment

JsonOption = Annotated[bool, typer.Option("--json", help="Print the list as JSON.")]
# Wide enough that a piped table keeps each row on one line.
PIPED_WIDTH = 240


def show(
    rows: Sequence[dict[str, Any]], columns: dict[str, str], as_json: bool, empty: str
) -> None:
    """Print `rows` as JSON (every key; times in ISO 8601) or as a table of `columns`
    (key -> heading); an empty list says `empty` on stderr."""
    if as_json:
        typer.echo(json.dumps([_plain(row) for row in rows], indent=2))
        return
    if not rows:
        typer.echo(empty, err=True)
        return
    table = Table(*columns.values(), header_style="bold")
    for row in rows:
        table.add_row(*(Text(_cell(row.get(key))) for key in columns))  # no markup
    _console().print(table)


def _console() -> Console:
    # typer.echo and CliRunner write through sys.stdout; so does this.
    width = None if sys.stdout.isatty() else PIPED_WIDTH
    return Console(file=sys.stdout, width=width, highlight=False)


def echo_json(value: Any) -> None:
    """Print `value` as JSON for programs, times in ISO 8601 wherever they are."""
    typer.echo(json.dumps(value, indent=2, default=_iso))


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in row.items()}  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "-"
    return str(value)
