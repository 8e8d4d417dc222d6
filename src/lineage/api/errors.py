"""Expected failures as GraphQL types: each carries the data a client needs to act."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from lineage.api.enums import (
    AssetType,
    EdgeType,
    FileProblem,
    InputRole,
    Layer,
    LockKind,
    RestoreRefusal,
    Role,
    State,
)
from lineage.domain import errors as domain
from lineage.domain.file_errors import FileAlreadyRegistered, FileRejected


@strawberry.interface(
    description="An expected refusal: what went wrong and what to do. Nothing was changed."
)
class Error:
    code: str = strawberry.field(
        description="A stable code for programs (NOT_FOUND, IMMUTABLE, ...); one per error type."
    )
    message: str = strawberry.field(
        description="What was wrong and what to do instead, in words for a person."
    )


@strawberry.type(
    description="The id names nothing you can see: it does not exist, or it is in a space "
    "you are not a member of."
)
class NotFoundError(Error):
    kind: str = strawberry.field(description="What was looked for, e.g. asset or container.")
    id: strawberry.ID = strawberry.field(description="The id as given.")


@strawberry.type(description="One reason an asset is locked (docs/domain.md, locks).")
class LockReason:
    kind: LockKind = strawberry.field(description="Why the asset is locked.")
    dependent_id: strawberry.ID | None = strawberry.field(
        description="The asset that depends on it (DERIVED and USED); null otherwise."
    )
    dependent_type: AssetType | None = strawberry.field(
        description="The dependent's type (DERIVED and USED); null otherwise."
    )
    path: list[strawberry.ID] = strawberry.field(
        description="Ids from the locked asset to the dependent, both included."
    )


@strawberry.type(description="An asset that stops a delete because it depends on the subject.")
class Blocker:
    dependent_id: strawberry.ID = strawberry.field(description="The dependent asset.")
    dependent_type: AssetType = strawberry.field(description="The dependent's type.")
    edge: EdgeType = strawberry.field(description="How it depends on the subject.")
    binding: bool = strawberry.field(
        description="True when the dependent also locks the subject (every clone and "
        "version; a render unless it is a DRAFT or DISCARDED space render)."
    )


@strawberry.type(
    description="The asset's content cannot change: it is a base clone or a render, or "
    "something depends on it."
)
class ImmutableError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The asset that was to change.")
    reasons: list[LockReason] = strawberry.field(description="Every reason it is locked.")
    alternative: str = strawberry.field(description="What to do instead.")


@strawberry.type(description="The asset cannot be deleted: other assets depend on it.")
class NotDeletableError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The asset that was to go.")
    blockers: list[Blocker] = strawberry.field(
        description="What depends on it; delete those first."
    )


@strawberry.type(description="The lifecycle move is not allowed from the asset's state.")
class InvalidTransitionError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The asset that was to move.")
    from_state: State = strawberry.field(description="Its state now.")
    to_state: State = strawberry.field(description="The state asked for.")
    allowed: list[State] = strawberry.field(
        description="The states it may move to from here (empty: none)."
    )
    needs_force: bool = strawberry.field(
        description="True when the move is allowed with force: true (e.g. CANONICAL to ARCHIVED)."
    )


@strawberry.type(
    description="New work cannot start from this asset: it is deprecated, archived or discarded."
)
class NotUsableError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The asset asked for.")
    state: State = strawberry.field(description="Its state, which rules it out.")


@strawberry.type(
    description="The operation reaches across layers, containers or spaces where it may "
    "not, or names a container of the wrong kind."
)
class ScopeViolationError(Error):
    description: str = strawberry.field(description="What crossed which boundary.")
    remedy: str = strawberry.field(description="What to do instead.")


@strawberry.type(
    description="The asset cannot be imported into a project: only CANONICAL space "
    "definitions and APPROVED space renders can."
)
class NotImportableError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The asset asked for.")
    why: str = strawberry.field(description="Why it cannot be imported.")


@strawberry.type(description="One field where the working clone and the newer version differ.")
class MergeConflictItem:
    path: str = strawberry.field(description="The field, as a dotted path (fields.hair).")
    base: JSON | None = strawberry.field(
        default=None, description="Its value in the version the clone was made from; "
        "null when absent."
    )  # fmt: skip
    theirs: JSON | None = strawberry.field(
        default=None, description="Its value in the newer version; null when absent."
    )
    ours: JSON | None = strawberry.field(
        default=None, description="Its value in the working clone; null when absent."
    )


@strawberry.type(
    description="The rebase would overwrite changes made in the working clone; choose, per "
    "field, which value to keep (rebase resolutions)."
)
class MergeConflictError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The working clone.")
    conflicts: list[MergeConflictItem] = strawberry.field(description="Every conflicting field.")


@strawberry.type(description="An argument or input field is not acceptable.")
class ValidationError(Error):
    field: str = strawberry.field(description="The argument or input field at fault.")
    problem: str = strawberry.field(description="What is wrong and what is accepted.")


@strawberry.type(description="An input whose content changed since the render used it.")
class InputDrift:
    input_id: strawberry.ID = strawberry.field(description="The input asset.")
    role: InputRole = strawberry.field(description="The role it played in the render.")
    snapshot_hash: str = strawberry.field(
        description="The content hash the render was generated from."
    )
    current_hash: str = strawberry.field(description="The input's content hash now.")


@strawberry.type(
    description="The render cannot be approved: some inputs changed since it was generated."
)
class DriftedInputsError(Error):
    render_id: strawberry.ID = strawberry.field(description="The render.")
    drifted: list[InputDrift] = strawberry.field(description="Every input that changed.")


@strawberry.type(description="Two given render inputs resolve to one asset; list it once.")
class DuplicateInputError(Error):
    asset_id: strawberry.ID = strawberry.field(description="The asset both inputs resolve to.")
    layer: Layer | None = strawberry.field(description="Its layer, when known.")
    input_ids: list[strawberry.ID] = strawberry.field(description="The inputs as given.")
    why: str = strawberry.field(description="How they resolve to the same asset.")


@strawberry.type(description="The file key is already the file of another render.")
class FileAlreadyRegisteredError(Error):
    key: str = strawberry.field(description="The file key given.")
    render_id: strawberry.ID = strawberry.field(description="The render that registered the key.")


@strawberry.type(
    description="The request clashes with the current state, e.g. there is nothing newer "
    "to rebase onto."
)
class ConflictError(Error):
    problem: str = strawberry.field(description="What clashes.")
    remedy: str = strawberry.field(description="What to do.")


@strawberry.type(description="Your role in the space does not allow this.")
class ForbiddenError(Error):
    space_id: strawberry.ID = strawberry.field(description="The space.")
    action: str = strawberry.field(description="What was refused, in words.")
    role: Role = strawberry.field(description="Your role in the space.")
    required: Role = strawberry.field(description="The least role that allows it.")


@strawberry.type(description="The change would leave the space with no owner.")
class LastOwnerError(Error):
    space_id: strawberry.ID = strawberry.field(description="The space.")
    user_id: strawberry.ID = strawberry.field(description="The space's only owner.")


@strawberry.type(description="A render file, or a URL for one, was refused; nothing was stored.")
class FileRejectedError(Error):
    reason: FileProblem = strawberry.field(description="Why, for programs.")
    problem: str = strawberry.field(description="What was wrong, in words.")
    remedy: str = strawberry.field(description="What to do.")
    key: str | None = strawberry.field(description="The file key, when one was given.")


@strawberry.type(description="One reason a trash item cannot be restored.")
class RestoreProblem:
    reason: RestoreRefusal = strawberry.field(description="Why, for programs.")
    subject_id: str = strawberry.field(
        description="What it is about: the missing or taken id, or the file key taken."
    )
    detail: str = strawberry.field(description="The reason, in words.")
    trash_item_id: strawberry.ID | None = strawberry.field(
        description="The trash item holding what is missing, when it is in the trash."
    )


@strawberry.type(
    description="The trash item cannot be restored as it was without breaking a rule; "
    "nothing was changed."
)
class RestoreRefusedError(Error):
    item_id: strawberry.ID = strawberry.field(description="The trash item.")
    problems: list[RestoreProblem] = strawberry.field(description="Every reason it cannot.")


ERROR_TYPES: dict[type[domain.LineageError], type[Any]] = {
    domain.NotFound: NotFoundError,
    domain.LastOwner: LastOwnerError,
    domain.Immutable: ImmutableError,
    domain.NotDeletable: NotDeletableError,
    domain.InvalidTransition: InvalidTransitionError,
    domain.NotUsable: NotUsableError,
    domain.ScopeViolation: ScopeViolationError,
    domain.NotImportable: NotImportableError,
    domain.MergeConflict: MergeConflictError,
    domain.ValidationError: ValidationError,
    domain.DriftedInputs: DriftedInputsError,
    domain.Conflict: ConflictError,
    domain.AlreadyExists: ConflictError,
    domain.Forbidden: ForbiddenError,
    FileRejected: FileRejectedError,
    domain.DuplicateInput: DuplicateInputError,
    FileAlreadyRegistered: FileAlreadyRegisteredError,
    domain.RestoreRefused: RestoreRefusedError,
}

NESTED = {
    "reasons": LockReason,
    "blockers": Blocker,
    "conflicts": MergeConflictItem,
    "drifted": InputDrift,
    "problems": RestoreProblem,
}


def to_graphql(error: domain.LineageError) -> Any:
    """The GraphQL error object for a domain error, with its details as fields."""
    graphql_type = ERROR_TYPES[type(error)]
    details = error.details()
    fields = set(graphql_type.__annotations__) | {"code", "message"}
    values = {key: _nested(key, value) for key, value in details.items() if key in fields}
    return graphql_type(code=error.code, message=error.message, **values)


def _nested(key: str, value: Any) -> Any:
    item_type = NESTED.get(key)
    if item_type is None:
        return value
    names = set(item_type.__annotations__)
    return [item_type(**{k: v for k, v in item.items() if k in names}) for item in value]
