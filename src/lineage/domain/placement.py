"""Where assets may live and what they may be cloned from (docs/domain.md §2, §6).

Tables are data: which origins each layer holds, and which (layer, origin) a clone's
parent must have. ``Location`` and the reach rule keep edges inside one space and
pointing only at the same or an enclosing container.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from lineage.domain.enums import DEFINITION_TYPES, AssetType, Classification, Layer, Origin
from lineage.domain.errors import ScopeViolation, ValidationError

_O = Origin.ORIGINAL
_B = Origin.BASE_CLONE
_W = Origin.WORKING_CLONE

# Brand-new definitions exist only in a space; projects and tasks only clone (v1 7.2, 7.3).
DEFINITION_ORIGINS: Mapping[Layer, frozenset[Origin]] = {
    Layer.SPACE: frozenset({_O}),
    Layer.PROJECT: frozenset({_B, _W}),
    Layer.TASK: frozenset({_B, _W}),
}

# Renders are generated anywhere; project renders are never varied outside a task.
RENDER_ORIGINS: Mapping[Layer, frozenset[Origin]] = {
    Layer.SPACE: frozenset({_O}),
    Layer.PROJECT: frozenset({_B, _O}),
    Layer.TASK: frozenset({_B, _W, _O}),
}

# (layer, origin) of a clone -> (layer, origins) its parent may have.
DEFINITION_CLONE_SOURCES: Mapping[tuple[Layer, Origin], tuple[Layer, frozenset[Origin]]] = {
    (Layer.PROJECT, _B): (Layer.SPACE, frozenset({_O})),
    (Layer.PROJECT, _W): (Layer.PROJECT, frozenset({_B})),
    (Layer.TASK, _B): (Layer.PROJECT, frozenset({_B, _W})),
    (Layer.TASK, _W): (Layer.TASK, frozenset({_B})),
}

RENDER_CLONE_SOURCES: Mapping[tuple[Layer, Origin], tuple[Layer, frozenset[Origin]]] = {
    (Layer.PROJECT, _B): (Layer.SPACE, frozenset({_O})),
    (Layer.TASK, _B): (Layer.PROJECT, frozenset({_B, _O})),
    (Layer.TASK, _W): (Layer.TASK, frozenset({_B})),
}


def allowed_origins(asset_type: AssetType, layer: Layer) -> frozenset[Origin]:
    table = DEFINITION_ORIGINS if asset_type in DEFINITION_TYPES else RENDER_ORIGINS
    return table[layer]


def check_layer_origin(asset_type: AssetType, layer: Layer, origin: Origin) -> None:
    allowed = allowed_origins(asset_type, layer)
    if origin not in allowed:
        raise ScopeViolation(
            f"a {_kind(asset_type)} in a {_name(layer)} cannot be a {origin}",
            f"use one of: {_names(allowed)}",
        )


def clone_source(
    asset_type: AssetType, layer: Layer, origin: Origin
) -> tuple[Layer, frozenset[Origin]] | None:
    """The (layer, origins) a clone's parent must have; None when it is no clone."""
    table = DEFINITION_CLONE_SOURCES if asset_type in DEFINITION_TYPES else RENDER_CLONE_SOURCES
    return table.get((layer, origin))


def check_clone_source(
    asset_type: AssetType,
    layer: Layer,
    origin: Origin,
    source_layer: Layer,
    source_origin: Origin,
) -> None:
    """Refuse a clone whose parent is not where the lineage chain puts it (v4 6)."""
    expected = clone_source(asset_type, layer, origin)
    if expected is None:
        raise ScopeViolation(
            f"a {_kind(asset_type)} {origin} in a {_name(layer)} is not made by cloning",
            "clone into a project or a task instead",
        )
    parent_layer, parent_origins = expected
    if source_layer != parent_layer or source_origin not in parent_origins:
        raise ScopeViolation(
            f"a {_kind(asset_type)} {origin} in a {_name(layer)} cannot be cloned "
            f"from a {source_origin} in a {_name(source_layer)}",
            f"clone from a {_names(parent_origins)} in a {_name(parent_layer)}",
        )


def check_variant_source(source_id: str, classification: Classification | None) -> None:
    """Compilation renders are reference-only: never cloned into variants (docs/domain.md §6)."""
    if classification == Classification.COMPILATION:
        raise ScopeViolation(
            f"render {source_id!r} is a compilation, which is reference-only",
            "use it as a REFERENCE input instead of deriving a variant",
        )


@dataclass(frozen=True)
class Location:
    """The container chain an asset lives in; unset ids are above its layer."""

    space_id: str
    project_id: str | None = None
    task_id: str | None = None

    def __post_init__(self) -> None:
        if self.task_id is not None and self.project_id is None:
            raise ValidationError("project_id", "a task location needs its project's id")

    @property
    def layer(self) -> Layer:
        if self.task_id is not None:
            return Layer.TASK
        return Layer.SPACE if self.project_id is None else Layer.PROJECT


def within_reach(user: Location, used: Location) -> bool:
    """Whether ``used`` lives in ``user``'s container or an enclosing one."""
    return (
        used.space_id == user.space_id
        and used.project_id in (None, user.project_id)
        and used.task_id in (None, user.task_id)
    )


def check_within_reach(used_id: str, user: Location, used: Location) -> None:
    if not within_reach(user, used):
        raise ScopeViolation(
            f"asset {used_id!r} lives outside this {_name(user.layer)}'s reach "
            f"(another space, or a sibling project or task)"
        )


def reach_location(asset_type: AssetType, origin: Origin, location: Location) -> Location:
    """Where other containers reach an asset. A render generated in a task is a project
    render (docs/domain.md §2, v4 3.3): every task of the project may take it in, as it would any
    project render, and project renders may use it."""
    generated_in_task = (
        asset_type not in DEFINITION_TYPES
        and origin == Origin.ORIGINAL
        and location.task_id is not None
    )
    return Location(location.space_id, location.project_id) if generated_in_task else location


def _kind(asset_type: AssetType) -> str:
    return "definition" if asset_type in DEFINITION_TYPES else "render"


def _name(layer: Layer) -> str:
    return str(layer).lower()


def _names(origins: frozenset[Origin]) -> str:
    return " or ".join(sorted(str(origin) for origin in origins))
