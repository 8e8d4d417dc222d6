"""`renderDiff`: two renders compared (docs/domain.md §12, Render diff): inputs matched by
their line and role, added, removed and changed, and the prompt, model and parameters."""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from lineage.api.context import Info
from lineage.api.enums import InputDifference, InputRole
from lineage.api.types import Asset, FieldChange, Render, from_domain
from lineage.domain import render_diff as rules
from lineage.domain.diff import FieldChange as FieldChangeRecord
from lineage.domain.missing import MISSING
from lineage.services import render_diff as service
from lineage.services.render_diff import Comparison

RenderId = Annotated[strawberry.ID, strawberry.argument(description="A render's id.")]


@strawberry.type(description="An input one of the compared renders used, as it used it.")
class RenderDiffInput:
    asset: Asset = strawberry.field(description="The input as it is now.")
    role: InputRole = strawberry.field(description="The part the input played.")
    line_id: strawberry.ID = strawberry.field(
        description="The id of the input's line, what inputs are matched by: the asset at "
        "the root of its lineage (its space original's first version, or for a render the "
        "render it was cloned from)."
    )
    version: str | None = strawberry.field(
        description="Its version (a clone's: the version it was cloned from); null for a render."
    )
    snapshot: JSON = strawberry.field(description="The input's content when the render used it.")
    content_hash: str = strawberry.field(description="The SHA-256 (hex) of that snapshot.")


@strawberry.type(description="An input both renders used (the same line and role), changed.")
class RenderDiffInputChange:
    before: RenderDiffInput = strawberry.field(description="The input in the left render.")
    after: RenderDiffInput = strawberry.field(description="The input in the right render.")
    differences: list[InputDifference] = strawberry.field(
        description="How it differs: version, asset, content."
    )
    fields: list[FieldChange] = strawberry.field(
        description="Field by field, from the left render's snapshot to the right's."
    )


@strawberry.type(description="A text value (prompt, model) that differs between the renders.")
class TextChange:
    before: str | None = strawberry.field(description="In the left render; null: none.")
    after: str | None = strawberry.field(description="In the right render; null: none.")


@strawberry.type(
    description="Two renders compared: what the right one used and was made with that the "
    "left one did not (docs/domain.md §12, Render diff)."
)
class RenderDiff:
    left: Render = strawberry.field(description="The render compared from.")
    right: Render = strawberry.field(description="The render compared to.")
    summary: str = strawberry.field(
        description='One line for people ("Frame 41 vs Frame 42: Noir 1.0.0 to 2.0.0, seed '
        'changed").'
    )
    same: bool = strawberry.field(description="True when nothing below differs.")
    added: list[RenderDiffInput] = strawberry.field(
        description="Inputs of the right render whose line and role the left did not use."
    )
    removed: list[RenderDiffInput] = strawberry.field(
        description="Inputs of the left render whose line and role the right did not use."
    )
    changed: list[RenderDiffInputChange] = strawberry.field(
        description="Inputs both used that differ in version, asset or content."
    )
    unchanged: list[RenderDiffInput] = strawberry.field(
        description="Inputs both used exactly alike (the same asset and snapshot)."
    )
    prompt: TextChange | None = strawberry.field(
        description="The prompts, when they differ; null when they are the same."
    )
    model: TextChange | None = strawberry.field(
        description="The models, when they differ; null when they are the same."
    )
    parameters: list[FieldChange] = strawberry.field(
        description="The generation parameters that differ, key by key (nested objects by "
        "dotted path); null old: added, null new: removed."
    )


async def resolve_render_diff(info: Info, left: RenderId, right: RenderId) -> RenderDiff | None:
    found = await service.compare(info.context.db, str(left), str(right), info.context.can_see)
    return None if found is None else _answer(found)


def _answer(found: Comparison) -> RenderDiff:
    diff = found.diff

    def used(input: rules.UsedInput) -> RenderDiffInput:
        return RenderDiffInput(
            asset=from_domain(found.inputs[input.asset_id]), role=InputRole(input.role),
            line_id=strawberry.ID(input.line_id), version=input.version,
            snapshot=dict(input.snapshot), content_hash=input.content_hash,
        )  # fmt: skip

    def changed(change: rules.InputChange) -> RenderDiffInputChange:
        return RenderDiffInputChange(
            before=used(change.before), after=used(change.after),
            differences=list(change.differences), fields=_fields(change.fields),
        )  # fmt: skip

    return RenderDiff(
        left=cast(Render, from_domain(found.renders[diff.left.id])),
        right=cast(Render, from_domain(found.renders[diff.right.id])),
        summary=diff.summary, same=diff.same,
        added=[used(i) for i in diff.added], removed=[used(i) for i in diff.removed],
        changed=[changed(c) for c in diff.changed],
        unchanged=[used(i) for i in diff.unchanged],
        prompt=_text(diff.prompt), model=_text(diff.model), parameters=_fields(diff.parameters),
    )  # fmt: skip


def _fields(changes: tuple[FieldChangeRecord, ...]) -> list[FieldChange]:
    return [FieldChange(path=c.path, old=_plain(c.old), new=_plain(c.new)) for c in changes]


def _text(change: rules.ValueChange | None) -> TextChange | None:
    return None if change is None else TextChange(before=change.before, after=change.after)


def _plain(value: Any) -> Any:
    return None if value is MISSING else value
