"""The closed vocabularies of the domain.

Every enum is a ``StrEnum`` (a ``str`` subclass): values serialize to JSON, Neo4j and
GraphQL as their plain names, and ``str(member)`` is the value itself.
"""

from enum import StrEnum


class AssetType(StrEnum):
    CHARACTER = "CHARACTER"
    SCENE = "SCENE"
    STYLE = "STYLE"
    RENDER = "RENDER"


class DefinitionType(StrEnum):
    """The asset types a space defines (renders are registered, never defined)."""

    CHARACTER = "CHARACTER"
    SCENE = "SCENE"
    STYLE = "STYLE"


class Layer(StrEnum):
    """The kind of container an asset lives in."""

    SPACE = "SPACE"
    PROJECT = "PROJECT"
    TASK = "TASK"


class Origin(StrEnum):
    ORIGINAL = "ORIGINAL"
    BASE_CLONE = "BASE_CLONE"
    WORKING_CLONE = "WORKING_CLONE"


class State(StrEnum):
    DRAFT = "DRAFT"
    CANONICAL = "CANONICAL"
    EXPERIMENTAL = "EXPERIMENTAL"
    DEPRECATED = "DEPRECATED"
    ARCHIVED = "ARCHIVED"
    APPROVED = "APPROVED"
    DISCARDED = "DISCARDED"


class Classification(StrEnum):
    """What a render depicts; derived from its inputs, never set by a user."""

    CHARACTER = "CHARACTER"
    SCENE = "SCENE"
    COMPILATION = "COMPILATION"


class DeriveKind(StrEnum):
    """The ``kind`` of a ``DERIVES_FROM`` edge."""

    CLONE = "CLONE"
    VERSION = "VERSION"


class Edge(StrEnum):
    """The lineage edges; containment (``IN``) never counts for locks or lineage."""

    DERIVES_FROM = "DERIVES_FROM"
    USES = "USES"


class InputRole(StrEnum):
    """The ``role`` of a ``USES`` edge from a render to an input."""

    CHARACTER = "CHARACTER"
    SCENE = "SCENE"
    STYLE = "STYLE"
    REFERENCE = "REFERENCE"


class TaskDeleteMode(StrEnum):
    KEEP_RENDERS = "KEEP_RENDERS"
    DELETE_RENDERS = "DELETE_RENDERS"


class MergeSide(StrEnum):
    """Which value a conflicting field keeps when a working clone is rebased."""

    OURS = "OURS"  # the working clone's
    THEIRS = "THEIRS"  # the newer version's


class Role(StrEnum):
    """A user's role in a space."""

    OWNER = "OWNER"
    EDITOR = "EDITOR"
    VIEWER = "VIEWER"


class VersionBump(StrEnum):
    MAJOR = "MAJOR"
    MINOR = "MINOR"
    PATCH = "PATCH"


DEFINITION_TYPES: frozenset[AssetType] = frozenset(
    {AssetType.CHARACTER, AssetType.SCENE, AssetType.STYLE}
)


def is_definition(asset_type: AssetType) -> bool:
    return asset_type in DEFINITION_TYPES
