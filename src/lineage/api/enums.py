"""The GraphQL enums: the domain's closed vocabularies, each value described in domain
words (docs/domain.md)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from lineage.domain import enums
from lineage.domain.file_errors import FileProblem as FileProblemName
from lineage.domain.reasons import LockKind as LockKindName
from lineage.graph import lineage as walks
from lineage.services import c2pa


def described(
    domain: type[StrEnum], values: Mapping[str, str], description: str, name: str | None = None
) -> Any:
    """`domain` as a GraphQL enum whose every value carries its description."""
    wrapped = strawberry.enum(domain, name=name, description=description)
    definition: StrawberryEnumDefinition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]  # noqa: E501
    missing = [value.name for value in definition.values if value.name not in values]
    if missing:
        raise ValueError(f"{definition.name} values without a description: {missing}")
    for value in definition.values:
        value.description = values[value.name]
    return wrapped


AssetType = described(
    enums.AssetType,
    {
        "CHARACTER": "A character definition (a person or creature that appears in panels).",
        "SCENE": "A scene definition (a place or setting).",
        "STYLE": "A style definition (the look renders are drawn in).",
        "RENDER": "A generated image, recorded with the inputs it was made from.",
    },
    "What an asset is.",
)
DefinitionType = described(
    enums.DefinitionType,
    {
        "CHARACTER": "A character: a person or creature that appears in panels.",
        "SCENE": "A scene: a place or setting.",
        "STYLE": "A style: the look renders are drawn in.",
    },
    "The asset types a space defines; renders are registered, never defined.",
)
Layer = described(
    enums.Layer,
    {
        "SPACE": "A space: where definitions are made and shared by its members.",
        "PROJECT": "A project in a space: imports space assets as base clones.",
        "TASK": "A task in a project: takes project assets in and generates renders.",
    },
    "The kind of container: space, project or task.",
)
Origin = described(
    enums.Origin,
    {
        "ORIGINAL": "Made here: a space definition or a render.",
        "BASE_CLONE": "An unchanged copy of an upstream asset, brought into a project or "
        "task; it cannot be edited (derive a working clone to change it).",
        "WORKING_CLONE": "An editable copy derived from a base clone (or a render variant).",
    },
    "How an asset came to be in its container.",
)
State = described(
    enums.State,
    {
        "DRAFT": "Being worked on; where every original and working clone starts.",
        "CANONICAL": "A definition approved for use: projects import it and build on it.",
        "EXPERIMENTAL": "A space definition being tried out, not for import.",
        "DEPRECATED": "Replaced by a newer version: still readable, not for new work.",
        "ARCHIVED": "Kept for the record only: not for new work.",
        "APPROVED": "A render accepted: it can be imported, made a final panel or a base view.",
        "DISCARDED": "A render rejected: not for new work.",
    },
    "An asset's lifecycle state; which moves are allowed depends on its kind "
    "(docs/domain.md, lifecycle).",
)
Classification = described(
    enums.Classification,
    {
        "CHARACTER": "It depicts a character on its own.",
        "SCENE": "It depicts a scene without characters.",
        "COMPILATION": "It puts characters into a scene.",
    },
    "What a render depicts, derived from its inputs (never set by hand).",
)
Role = described(
    enums.Role,
    {
        "OWNER": "Manages members and may delete the space, besides editing.",
        "EDITOR": "Creates and changes assets, projects and tasks.",
        "VIEWER": "Reads everything in the space, changes nothing.",
    },
    "A member's role in a space.",
)
EdgeType = described(
    enums.Edge,
    {
        "DERIVES_FROM": "A clone or a new version derives from its source.",
        "USES": "A render uses one of its inputs.",
    },
    "A lineage edge.",
    name="EdgeType",
)
LineageDirection = described(
    walks.Direction,
    {
        "UPSTREAM": "Towards what the asset was made from.",
        "DOWNSTREAM": "Towards what was made from the asset.",
        "BOTH": "Both ways.",
    },
    "Which way a lineage walk goes from its root.",
    name="LineageDirection",
)
InputRole = described(
    enums.InputRole,
    {
        "CHARACTER": "A character the render depicts.",
        "SCENE": "The scene the render is set in.",
        "STYLE": "The style the render is drawn in.",
        "REFERENCE": "Another render used as a reference image.",
    },
    "The role an input plays in a render.",
    name="InputRole",
)
C2paRelationship = described(
    c2pa.Relationship,
    {
        "PARENT_OF": "The render is a variant of this ingredient (parentOf).",
        "COMPONENT_OF": "The ingredient is one of the render's inputs (componentOf).",
    },
    "How an ingredient went into a render, in C2PA's terms (its JSON spells them "
    "parentOf and componentOf).",
    name="C2paRelationship",
)
VersionBump = described(
    enums.VersionBump,
    {
        "MAJOR": "1.2.3 becomes 2.0.0: a change dependents must look at.",
        "MINOR": "1.2.3 becomes 1.3.0: an addition.",
        "PATCH": "1.2.3 becomes 1.2.4: a correction.",
    },
    "Which part of the semantic version a new version raises.",
)
TaskDeleteMode = described(
    enums.TaskDeleteMode,
    {
        "KEEP_RENDERS": "The task's renders move up into its project; the rest goes.",
        "DELETE_RENDERS": "The renders go with the task (refused while something outside "
        "the task depends on one).",
    },
    "What deleting a task does with its renders.",
)
LockKind = described(
    LockKindName,
    {
        "BASE_CLONE": "It is a base clone: it mirrors its upstream asset.",
        "RENDER": "It is a render: an outcome, changed only through variant clones.",
        "DERIVED": "A clone or a newer version derives from it.",
        "USED": "A render that binds it uses it as an input.",
    },
    "Why an asset's content cannot change.",
)
FileProblem = described(
    FileProblemName,
    {
        "INVALID_KEY": "The key is not one this service gives out.",
        "WRONG_CONTAINER": "The key was issued for another container.",
        "INVALID_CHECKSUM": "The checksum is not 64 hex digits of SHA-256.",
        "INVALID_SIZE": "The size is not a positive number of bytes.",
        "TYPE_NOT_ALLOWED": "The content type is not an accepted image type.",
        "TOO_LARGE": "The file is larger than the configured maximum.",
        "NOT_UPLOADED": "Nothing was uploaded under the key.",
        "SIZE_MISMATCH": "The stored bytes are not the size given.",
        "TYPE_MISMATCH": "The stored file has another content type than the one given.",
        "CHECKSUM_MISMATCH": "The stored bytes do not have the checksum given.",
        "URL_EXPIRED": "The upload or download URL has expired; ask for a new one.",
        "URL_INVALID": "The URL's signature does not match; ask for a new one.",
    },
    "Why a render file, or a URL for one, was refused.",
)
MergeSide = described(
    enums.MergeSide,
    {
        "OURS": "The working clone's value: what was changed in the project.",
        "THEIRS": "The newer version's value: what was changed upstream.",
    },
    "Whose value a conflicting field keeps when a working clone is rebased.",
)
