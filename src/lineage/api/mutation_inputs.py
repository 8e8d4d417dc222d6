"""The input types and the common arguments of the mutations, each described."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from lineage.api.enums import InputRole, MergeSide

DryRun = Annotated[
    bool,
    strawberry.argument(
        description="True: report what the delete would do and change nothing (a dry run)."
    ),
]
Name = Annotated[str, strawberry.argument(description="The name people see (not blank).")]
Text = Annotated[str, strawberry.argument(description="A longer description; may be empty.")]
AssetId = Annotated[strawberry.ID, strawberry.argument(description="The asset's id.")]
SpaceId = Annotated[strawberry.ID, strawberry.argument(description="The space's id.")]
ProjectId = Annotated[strawberry.ID, strawberry.argument(description="The project's id.")]
TaskId = Annotated[strawberry.ID, strawberry.argument(description="The task's id.")]
UserId = Annotated[strawberry.ID, strawberry.argument(description="The member's user id.")]
SourceId = Annotated[strawberry.ID, strawberry.argument(description="The asset to clone from.")]
ContainerId = Annotated[
    strawberry.ID,
    strawberry.argument(description="The space, project or task the render belongs to."),
]
Fields = Annotated[
    JSON | None,
    strawberry.argument(
        description="Type-specific content fields (docs/domain.md, content), e.g. a "
        "character's canonical_tags."
    ),
]
Metadata = Annotated[
    JSON | None, strawberry.argument(description="Free-form data kept with the asset.")
]


@strawberry.input(description="One input of a render: an asset it was generated from.")
class RenderInputSpec:
    id: strawberry.ID = strawberry.field(
        description="The input asset: one in the render's container or an enclosing one "
        "(a space asset is cloned in as a base clone)."
    )
    role: InputRole | None = strawberry.field(
        default=None,
        description="The role it plays; null: the one its type plays (a style is STYLE...).",
    )


@strawberry.input(description="A file uploaded through requestUpload.")
class FileSpec:
    key: str = strawberry.field(description="The key requestUpload gave.")
    content_type: str = strawberry.field(description="The file's media type (image/png...).")
    size: int = strawberry.field(description="Its size in bytes.")
    checksum: str = strawberry.field(description="Hex SHA-256 of the bytes.")


@strawberry.input(description="One render of registerRenders: registerRender's arguments.")
class RegisterRenderInput:
    container_id: strawberry.ID = strawberry.field(
        description="The space, project or task the render belongs to."
    )
    name: str = strawberry.field(description="The render's name.")
    inputs: list[RenderInputSpec] = strawberry.field(
        description="What it was generated from (at most 100; each asset once)."
    )
    prompt: str | None = strawberry.field(default=None, description="The generation prompt.")
    parameters: JSON | None = strawberry.field(
        default=None, description="The generator's parameters (seed, steps...)."
    )
    model: str | None = strawberry.field(default=None, description="The model that drew it.")
    render_type: str | None = strawberry.field(
        default=None, description="What kind of image: panel, portrait, sketch..."
    )
    description: str = strawberry.field(default="", description="A longer description.")
    metadata: JSON | None = strawberry.field(default=None, description="Free-form data.")
    file: FileSpec | None = strawberry.field(
        default=None, description="The image, uploaded first through requestUpload."
    )


@strawberry.input(
    description="Content to change; a field left null stays as it is. Definitions take "
    "name, description, fields, metadata and neutral; renders name, description, prompt, "
    "parameters, model, renderType and metadata."
)
class ContentChanges:
    name: str | None = strawberry.field(default=None, description="A new name.")
    description: str | None = strawberry.field(default=None, description="A new description.")
    fields: JSON | None = strawberry.field(
        default=None, description="New type-specific fields (replaces them all)."
    )
    metadata: JSON | None = strawberry.field(default=None, description="New metadata.")
    neutral: bool | None = strawberry.field(
        default=None,
        description="Scenes and styles: true for a backdrop that does not count as a scene "
        "when a render is classified (docs/domain.md, classification).",
    )
    prompt: str | None = strawberry.field(default=None, description="A render's new prompt.")
    parameters: JSON | None = strawberry.field(
        default=None, description="A render's new parameters."
    )
    model: str | None = strawberry.field(default=None, description="A render's new model.")
    render_type: str | None = strawberry.field(
        default=None, description="A render's new kind of image."
    )

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@strawberry.input(description="How to settle one conflicting field of a rebase.")
class ConflictResolution:
    path: str = strawberry.field(
        description="The conflicting field, as MergeConflictItem.path gives it (fields.hair)."
    )
    keep: MergeSide = strawberry.field(description="Whose value the field keeps.")
