"""Expected failures as GraphQL types: each carries the data a client needs to act."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from lineage.domain import errors as domain
from lineage.domain.file_errors import FileAlreadyRegistered, FileRejected


@strawberry.interface(description="An expected failure: what went wrong and what to do.")
class Error:
    code: str
    message: str


@strawberry.type
class NotFoundError(Error):
    kind: str
    id: str


@strawberry.type
class LockReason:
    kind: str = strawberry.field(description="BASE_CLONE, RENDER, DERIVED or USED.")
    dependent_id: str | None
    dependent_type: str | None
    path: list[str] = strawberry.field(description="Ids from the asset to the dependent.")


@strawberry.type
class Blocker:
    dependent_id: str
    dependent_type: str
    edge: str
    binding: bool


@strawberry.type
class ImmutableError(Error):
    asset_id: str
    reasons: list[LockReason]
    alternative: str


@strawberry.type
class NotDeletableError(Error):
    asset_id: str
    blockers: list[Blocker]


@strawberry.type
class InvalidTransitionError(Error):
    asset_id: str
    from_state: str
    to_state: str
    allowed: list[str]
    needs_force: bool


@strawberry.type
class NotUsableError(Error):
    asset_id: str
    state: str


@strawberry.type
class ScopeViolationError(Error):
    description: str
    remedy: str


@strawberry.type
class NotImportableError(Error):
    asset_id: str
    why: str


@strawberry.type
class MergeConflictItem:
    path: str
    base: JSON | None = strawberry.field(default=None, description="Absent: key missing.")
    theirs: JSON | None = None
    ours: JSON | None = None


@strawberry.type
class MergeConflictError(Error):
    asset_id: str
    conflicts: list[MergeConflictItem]


@strawberry.type
class ValidationError(Error):
    field: str
    problem: str


@strawberry.type
class InputDrift:
    input_id: str
    role: str
    snapshot_hash: str
    current_hash: str


@strawberry.type
class DriftedInputsError(Error):
    render_id: str
    drifted: list[InputDrift]


@strawberry.type(description="Two given render inputs resolve to one asset; list it once.")
class DuplicateInputError(Error):
    asset_id: str = strawberry.field(description="The asset both inputs resolve to.")
    layer: str | None = strawberry.field(description="Its layer, when known.")
    input_ids: list[str] = strawberry.field(description="The inputs as given.")
    why: str


@strawberry.type(description="The file key is already the file of another render.")
class FileAlreadyRegisteredError(Error):
    key: str
    render_id: str = strawberry.field(description="The render that registered the key.")


@strawberry.type
class ConflictError(Error):
    problem: str
    remedy: str


@strawberry.type
class ForbiddenError(Error):
    space_id: str
    action: str
    role: str
    required: str


@strawberry.type(description="The change would leave the space with no owner.")
class LastOwnerError(Error):
    space_id: str
    user_id: str = strawberry.field(description="The space's only owner.")


@strawberry.type
class FileRejectedError(Error):
    reason: str
    problem: str
    remedy: str
    key: str | None


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
}

NESTED = {
    "reasons": LockReason,
    "blockers": Blocker,
    "conflicts": MergeConflictItem,
    "drifted": InputDrift,
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
