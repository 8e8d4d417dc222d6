"""The domain's closed vocabularies as GraphQL enums, every value described in the words of
docs/domain.md. The domain enums stay plain; the descriptions are the API's."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

import strawberry
from strawberry.types.enum import has_enum_definition

from lineage.domain import enums
from lineage.graph import lineage as walks
from lineage.services import c2pa

E = TypeVar("E", bound=type[StrEnum])


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
