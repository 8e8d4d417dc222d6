"""`lineage diff LEFT RIGHT`: two renders compared (docs/domain.md §12, Render diff), as a
table for people or with `--json` for programs. An operator command on the database: it
sees every space."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from lineage.cli.common import fail, with_database
from lineage.cli.output import show
from lineage.domain.diff import FieldChange
from lineage.domain.missing import MISSING
from lineage.domain.render_diff import InputChange, RenderDiff, UsedInput
from lineage.services.render_diff import compare

COLUMNS = {"change": "Change", "what": "What", "before": "Left", "after": "Right",
           "detail": "Detail"}  # fmt: skip


def diff(
    left: Annotated[str, typer.Argument(help="The id of the render to compare from.")],
    right: Annotated[str, typer.Argument(help="The id of the render to compare to.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON.")] = False,
) -> None:
    """Compare two renders: the inputs added, removed and changed (matched by their line
    and role), with versions and changed fields, then the prompt, model and parameters."""
    found = with_database(lambda db: compare(db, left, right))
    if found is None:
        raise fail(f"{left} and {right} must both be renders; see `lineage history ID`.")
    if as_json:
        typer.echo(json.dumps(to_json(found.diff), indent=2))
        return
    typer.echo(found.diff.summary)
    show(rows(found.diff), COLUMNS, False, "The renders used the same inputs alike.")


def rows(diff: RenderDiff) -> list[dict[str, Any]]:
    """One row per difference: each input changed, added or removed, then the prompt, the
    model and each parameter."""
    found = [_changed(c) for c in diff.changed]
    found += [{"change": "added", "what": i.role, "after": _label(i)} for i in diff.added]
    found += [{"change": "removed", "what": i.role, "before": _label(i)} for i in diff.removed]
    for name, value in (("prompt", diff.prompt), ("model", diff.model)):
        if value is not None:
            found.append({"change": "changed", "what": name, "before": value.before,
                          "after": value.after})  # fmt: skip
    found += [{"change": "changed", "what": f"parameters.{c.path}", "before": _shown(c.old),
               "after": _shown(c.new)} for c in diff.parameters]  # fmt: skip
    return found


def _changed(change: InputChange) -> dict[str, Any]:
    differences = ", ".join(str(d).lower() for d in change.differences)
    fields = ", ".join(c.path for c in change.fields)
    return {
        "change": "changed", "what": change.after.role, "before": _label(change.before),
        "after": _label(change.after),
        "detail": f"{differences}: {fields}" if fields else differences,
    }  # fmt: skip


def _label(used: UsedInput) -> str:
    return f"{used.label} ({used.asset_id})"


def _shown(value: Any) -> str:
    return "(none)" if value is MISSING else json.dumps(value)


def to_json(diff: RenderDiff) -> dict[str, Any]:
    return {
        "left": diff.left.id, "right": diff.right.id, "summary": diff.summary,
        "same": diff.same,
        "added": [_input(i) for i in diff.added],
        "removed": [_input(i) for i in diff.removed],
        "changed": [
            {"before": _input(c.before), "after": _input(c.after),
             "differences": [str(d) for d in c.differences], "fields": _fields(c.fields)}
            for c in diff.changed
        ],
        "unchanged": [_input(i) for i in diff.unchanged],
        "prompt": diff.prompt.__dict__ if diff.prompt else None,
        "model": diff.model.__dict__ if diff.model else None,
        "parameters": _fields(diff.parameters),
    }  # fmt: skip


def _input(used: UsedInput) -> dict[str, Any]:
    return {
        "asset_id": used.asset_id, "role": used.role, "line_id": used.line_id,
        "name": used.name, "version": used.version, "content_hash": used.content_hash,
    }  # fmt: skip


def _fields(changes: tuple[FieldChange, ...]) -> list[dict[str, Any]]:
    return [change.to_dict() for change in changes]
