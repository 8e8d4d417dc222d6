"""The domain's closed vocabularies as GraphQL enums, every value described in the words of
docs/domain.md. The domain enums stay plain; the descriptions are the API's."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

import strawberry
from strawberry.types.enum import has_enum_definition

from lineage.domain import enums, render_diff
from lineage.domain import trash as trash_rules
from lineage.domain.file_errors import FileProblem as FileProblemName
from lineage.domain.reasons import LockKind as LockKindName
from lineage.graph import lineage as walks
from lineage.services import c2pa

E = TypeVar("E", bound=type[StrEnum])
S = TypeVar("S", bound=StrEnum)


def described_enum(
    cls: E, description: str, values: Mapping[str, str], name: str | None = None
) -> E:
    """`cls` as a GraphQL enum, each member described by `values` (member name to text);
    every member must be described, and nothing else."""
    made = strawberry.enum(cls, name=name, description=description)
    assert has_enum_definition(made)
    definition = made.__strawberry_definition__
    members = {value.name for value in definition.values}
    if members != set(values):
        raise ValueError(f"{definition.name}: describe exactly {sorted(members)}")
    for value in definition.values:
        value.description = values[value.name]
    return made


def optional(cls: type[S], name: str | None) -> S | None:
    """`name` as a member of `cls`; None for a value not recorded."""
    return cls(name) if name else None


AssetType = described_enum(
    enums.AssetType,
    "What an asset is: one of the three definitions, or a render (docs/domain.md §2).",
    {
        "CHARACTER": "A character definition (Jennifer).",
        "SCENE": "A scene definition; may be flagged neutral.",
        "STYLE": "A style definition; may be flagged neutral.",
        "RENDER": "A generated image (or other media) recorded with its inputs.",
    },
)
Layer = described_enum(
    enums.Layer,
    "The kind of container: where an asset lives (docs/domain.md §2).",
    {
        "SPACE": "A space: where definitions are created and versioned.",
        "PROJECT": "A project inside a space: it imports space assets as base clones.",
        "TASK": "A task inside a project: it clones project assets and generates renders.",
    },
)
Origin = described_enum(
    enums.Origin,
    "How an asset came to be in its container (docs/domain.md §2).",
    {
        "ORIGINAL": "Created or generated here.",
        "BASE_CLONE": "An immutable mirror of an upstream asset (an import or a use in a task).",
        "WORKING_CLONE": "A mutable child of a base clone; for a render, a variant.",
    },
)
State = described_enum(
    enums.State,
    "A lifecycle state (docs/domain.md §5). Definitions: DRAFT, CANONICAL, EXPERIMENTAL, "
    "DEPRECATED, ARCHIVED; renders: DRAFT, APPROVED, DISCARDED, ARCHIVED.",
    {
        "DRAFT": "Being worked on: where originals and working clones start.",
        "CANONICAL": "A published definition: the one to import and build on.",
        "EXPERIMENTAL": "A space definition being tried out; only space definitions have it.",
        "DEPRECATED": "Superseded or withdrawn: no new work may start from it.",
        "ARCHIVED": "Retired: no new work may start from it.",
        "APPROVED": "An accepted render: importable from a space, shown in a project's gallery.",
        "DISCARDED": "A rejected render: no new work may start from it.",
    },
)
Classification = described_enum(
    enums.Classification,
    "What a render depicts, counted from its definition inputs at registration; never set "
    "by a user (docs/domain.md §6, render classification).",
    {
        "CHARACTER": "Exactly one character and no non-neutral scene.",
        "SCENE": "No character and one non-neutral scene, or only neutral scenes.",
        "COMPILATION": "Several characters or scenes, a character with a scene, or no "
        "definition at all; reference-only: never varied.",
    },
)
Role = described_enum(
    enums.Role,
    "A member's role in a space (docs/domain.md §7).",
    {
        "OWNER": "As editor, plus invitations, members' roles, deleting the space and audits.",
        "EDITOR": "As viewer, plus every write in the space.",
        "VIEWER": "Reads everything in the space.",
    },
)
EdgeType = described_enum(
    enums.Edge,
    "A lineage edge; containment never counts for locks or lineage (docs/domain.md §3).",
    {
        "DERIVES_FROM": "A clone from its parent (kind CLONE) or a new version from the "
        "previous one (kind VERSION).",
        "USES": "A render from an input it used, with the input's snapshot then.",
    },
    name="EdgeType",
)
InputRole = described_enum(
    enums.InputRole,
    "The role an input plays in a render (the USES edge's role).",
    {
        "CHARACTER": "A character definition.",
        "SCENE": "A scene definition.",
        "STYLE": "A style definition.",
        "REFERENCE": "Another render, used as a reference.",
    },
    name="InputRole",
)
LineageDirection = described_enum(
    walks.Direction,
    "Which way a lineage walk goes from the asset asked about.",
    {
        "UPSTREAM": "To what it was made from: clone parents, previous versions, inputs.",
        "DOWNSTREAM": "To what depends on it: clones, next versions, renders using it.",
        "BOTH": "Both ways.",
    },
    name="LineageDirection",
)
C2paRelationship = described_enum(
    c2pa.Relationship,
    "How an ingredient went into a render, in C2PA's terms (its JSON spells them parentOf "
    "and componentOf).",
    {
        "PARENT_OF": "The render this one was cloned from.",
        "COMPONENT_OF": "An input the render used.",
    },
    name="C2paRelationship",
)

DefinitionType = described_enum(
    enums.DefinitionType,
    "The asset types a space defines; renders are registered, never defined.",
    {
        "CHARACTER": "A character: a person or creature that appears in panels.",
        "SCENE": "A scene: a place or setting.",
        "STYLE": "A style: the look renders are drawn in.",
    },
)

VersionBump = described_enum(
    enums.VersionBump,
    "Which part of the semantic version a new version raises.",
    {
        "MAJOR": "1.2.3 becomes 2.0.0: a change dependents must look at.",
        "MINOR": "1.2.3 becomes 1.3.0: an addition.",
        "PATCH": "1.2.3 becomes 1.2.4: a correction.",
    },
)

TaskDeleteMode = described_enum(
    enums.TaskDeleteMode,
    "What deleting a task does with its renders.",
    {
        "KEEP_RENDERS": "The task's renders move up into its project; the rest goes.",
        "DELETE_RENDERS": "The renders go with the task (refused while something outside "
        "the task depends on one).",
    },
)

TrashKind = described_enum(
    trash_rules.TrashKind,
    "What a trash item holds: the asset, task, project or space a delete removed, with "
    "everything that went with it (docs/domain.md §13).",
    {
        "ASSET": "One asset.",
        "TASK": "A task with its clones, and its renders unless they were kept in the project.",
        "PROJECT": "A project with its tasks and every asset in them.",
        "SPACE": "A space with its projects, tasks, assets and memberships.",
    },
)

RestoreRefusal = described_enum(
    trash_rules.Refusal,
    "Why a trash item cannot be restored as it was (docs/domain.md §13).",
    {
        "CONTAINER_GONE": "The space, project or task it was in no longer exists (it may be "
        "in the trash itself: restore that first).",
        "ENDPOINT_GONE": "An asset or user one of its edges points at no longer exists, e.g. "
        "an input deleted since.",
        "MOVED_RENDER_GONE": "A render the task delete kept in the project is no longer there.",
        "ID_TAKEN": "A node with one of its ids exists again.",
        "FILE_KEY_TAKEN": "Another render registered one of its renders' file keys since.",
        "CLONE_EXISTS": "The container now holds another base clone of the same source.",
        "VERSION_EXISTS": "The definition it was a version of has another next version now.",
        "CONTENT_CHANGED": "An asset it binds (an input, a base clone's source) changed "
        "content since, so the restored edge would not hold its current hash.",
    },
)

LockKind = described_enum(
    LockKindName,
    "Why an asset's content cannot change.",
    {
        "BASE_CLONE": "It is a base clone: it mirrors its upstream asset.",
        "RENDER": "It is a render: an outcome, changed only through variant clones.",
        "DERIVED": "A clone or a newer version derives from it.",
        "USED": "A render that binds it uses it as an input.",
    },
)

FileProblem = described_enum(
    FileProblemName,
    "Why a render file, or a URL for one, was refused.",
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
)

MergeSide = described_enum(
    enums.MergeSide,
    "Whose value a conflicting field keeps when a working clone is rebased.",
    {
        "OURS": "The working clone's value: what was changed in the project.",
        "THEIRS": "The newer version's value: what was changed upstream.",
    },
)

InputDifference = described_enum(
    render_diff.InputDifference,
    "How an input two renders both used (the same line and role) differs between them "
    "(docs/domain.md §12, Render diff).",
    {
        "VERSION": "Another version of the definition (or of the one it was cloned from).",
        "ASSET": "Another asset of the line: a new version, or another clone of it (a "
        "working clone instead of the base clone).",
        "CONTENT": "The snapshot differs: the input's content when each render used it.",
    },
    name="InputDifference",
)
