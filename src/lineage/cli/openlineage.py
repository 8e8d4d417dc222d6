"""`lineage export openlineage`: the lineage as OpenLineage RunEvents, as JSON lines to a
file or standard output, or POSTed one by one to an OpenLineage endpoint (Marquez, ...)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from lineage.cli.common import fail, say, with_database
from lineage.graph.database import Database
from lineage.services import openlineage
from lineage.services.openlineage import Event

ENDPOINT = "api/v1/lineage"  # the OpenLineage HTTP API's path below the server's URL
POST_TIMEOUT_S = 30.0


def export_openlineage(
    space: Annotated[str | None, typer.Option("--space", help="Only this space.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="Only this project.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).")
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="POST each event to this OpenLineage server (e.g. http://localhost:5000 for "
            "Marquez), at /api/v1/lineage.",
        ),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option("--api-key", envvar="OPENLINEAGE_API_KEY", help="Bearer token for --url."),
    ] = None,
) -> None:
    """One COMPLETE RunEvent per generated render and per clone or version derivation
    (every space unless --space or --project), as JSON lines."""
    if space is not None and project is not None:
        raise fail("Give --space or --project, not both.")

    async def read(db: Database) -> list[Event]:
        return await openlineage.export_events(db, space, project)

    events = with_database(read)
    if url is not None:
        _post_all(events, url, api_key)
    if output is not None:
        with output.open("w", encoding="utf-8") as file:
            for line in openlineage.as_lines(events):
                file.write(line + "\n")
        say(f"{len(events)} events written to {output}.")
    elif url is None:
        for line in openlineage.as_lines(events):
            typer.echo(line)


def _post_all(events: Sequence[Event], url: str, api_key: str | None) -> None:
    """POST every event in order; stop at the first the server refuses, saying which."""
    target = url.rstrip("/") + "/" + ENDPOINT
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    for number, event in enumerate(events, 1):
        body = json.dumps(event, sort_keys=True).encode("utf-8")
        request = urllib.request.Request(target, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=POST_TIMEOUT_S):
                pass
        except urllib.error.HTTPError as refused:
            answer = refused.read().decode("utf-8", "replace")[:500]
            raise fail(
                f"{target} refused event {number} of {len(events)} (run "
                f"{event['run']['runId']}, job {event['job']['name']}): HTTP {refused.code} "
                f"{answer}; the {number - 1} before it were sent."
            ) from None
        except (urllib.error.URLError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise fail(
                f"{target} could not be reached ({reason}); {number - 1} of "
                f"{len(events)} events were sent."
            ) from None
        if number % 100 == 0 or number == len(events):
            say(f"{number}/{len(events)} events sent to {target}.")
