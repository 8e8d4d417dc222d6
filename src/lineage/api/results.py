"""What each mutation answers: its payload, or exactly the errors its use case can raise.

Each operation has a union of its own, so a client sees in the schema what it must handle.
`guard.typed` refuses to answer an error a union does not list (an INTERNAL error, logged),
so a list that misses one fails the tests instead of misleading clients.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Union

import strawberry
from strawberry.scalars import JSON

from lineage.api import errors as e
from lineage.api.trash import RestorePayload
from lineage.api.types import Asset, ContainerType, DeleteReport, Invitation, Member


@strawberry.type(description="The asset the mutation created or changed, as it is now.")
class AssetPayload:
    asset: Asset = strawberry.field(description="The asset, as it is after the change.")


@strawberry.type(description="The space, project or task the mutation created or changed.")
class ContainerPayload:
    container: ContainerType = strawberry.field(description="The container, as it is now.")


@strawberry.type(description="What a rebase did.")
class RebasePayload:
    asset: Asset = strawberry.field(
        description="The rebased working clone, or the new one made because it was locked."
    )
    moved: bool = strawberry.field(description="False: locked, so a new working clone was made.")
    conflicts: list[e.MergeConflictItem] = strawberry.field(
        description="The conflicting fields, each settled as the resolutions (or keepOurs) "
        "asked; empty when there were none."
    )


@strawberry.type(description="A member of a space after the change.")
class MemberPayload:
    space_id: strawberry.ID = strawberry.field(description="The space.")
    member: Member | None = strawberry.field(description="The member, with their role now.")


@strawberry.type(description="The change was made; there is nothing more to tell.")
class DonePayload:
    ok: bool = strawberry.field(description="Always true.")


@strawberry.type(description="A new invitation and its one-time code.")
class InvitationPayload:
    invitation: Invitation = strawberry.field(description="The invitation, pending.")
    code: str = strawberry.field(
        description="The one-time code to hand to the invitee, for acceptInvitation. Shown "
        "only here: the service keeps its hash, not the code."
    )


@strawberry.type(description="Where to PUT the file's bytes, and the key to register it with.")
class UploadPayload:
    key: str = strawberry.field(description="The file key, for registerRender(file: ...).")
    url: str = strawberry.field(description="Where to send the bytes.")
    method: str = strawberry.field(description="The HTTP method to send them with (PUT).")
    headers: JSON = strawberry.field(description="Headers the upload must carry, as given.")
    expires_at: datetime | None = strawberry.field(
        description="When the URL stops working; null when it does not expire."
    )


def result_union(operation: str, success: type, *errors: type) -> Any:
    """The union `{Operation}Result`: `success`, or one of `errors`."""
    name = operation[0].upper() + operation[1:] + "Result"
    description = f"What {operation} answers: its payload, or one of the errors it can raise."
    members = (success, *errors)
    return Annotated[Union[members], strawberry.union(name, description=description)]  # noqa: UP007


# Refusals shared by many operations: an id the caller cannot see (NotFound), a role too
# low (Forbidden), an argument out of bounds (Validation), an id of the wrong kind of
# container or outside the allowed reach (ScopeViolation).
GUARDED = (e.NotFoundError, e.ForbiddenError)
CHECKED = (*GUARDED, e.ValidationError)
SCOPED = (*CHECKED, e.ScopeViolationError)
CLONING = (*SCOPED, e.NotUsableError, e.NotImportableError)

CreateSpaceResult = result_union(
    "createSpace", ContainerPayload, e.NotFoundError, e.ValidationError
)
CreateProjectResult = result_union("createProject", ContainerPayload, *SCOPED)
CreateTaskResult = result_union("createTask", ContainerPayload, *SCOPED)
UpdateContainerResult = result_union("updateContainer", ContainerPayload, *CHECKED)
CreateDefinitionResult = result_union("createDefinition", AssetPayload, *SCOPED)
UpdateAssetResult = result_union("updateAsset", AssetPayload, *SCOPED, e.ImmutableError)
ImportToProjectResult = result_union("importToProject", AssetPayload, *CLONING)
DeriveWorkingCloneResult = result_union("deriveWorkingClone", AssetPayload, *CLONING)
UseInTaskResult = result_union("useInTask", AssetPayload, *CLONING)
RegisterRenderResult = result_union(
    "registerRender", AssetPayload, *CLONING, e.DuplicateInputError, e.FileRejectedError,
    e.FileAlreadyRegisteredError,
)  # fmt: skip
RequestUploadResult = result_union("requestUpload", UploadPayload, *CHECKED, e.FileRejectedError)
TransitionStateResult = result_union(
    "transitionState", AssetPayload, *SCOPED, e.InvalidTransitionError, e.DriftedInputsError
)
CreateVersionResult = result_union(
    "createVersion", AssetPayload, *SCOPED, e.NotUsableError, e.ConflictError
)
RebaseResult = result_union(
    "rebase", RebasePayload, *SCOPED, e.NotUsableError, e.MergeConflictError, e.ConflictError
)
AttachBaseViewResult = result_union("attachBaseView", AssetPayload, *SCOPED)
MarkFinalResult = result_union("markFinal", AssetPayload, *SCOPED)
DELETING = (*SCOPED, e.NotDeletableError)
DeleteAssetResult = result_union("deleteAsset", DeleteReport, *DELETING)
DeleteTaskResult = result_union("deleteTask", DeleteReport, *DELETING)
DeleteProjectResult = result_union("deleteProject", DeleteReport, *DELETING)
DeleteSpaceResult = result_union("deleteSpace", DeleteReport, *DELETING)
RestoreFromTrashResult = result_union(
    "restoreFromTrash", RestorePayload, *GUARDED, e.RestoreRefusedError
)
InviteMemberResult = result_union("inviteMember", InvitationPayload, *SCOPED)
AcceptInvitationResult = result_union(
    "acceptInvitation", MemberPayload, e.NotFoundError, e.ValidationError, e.ConflictError
)
RevokeInvitationResult = result_union("revokeInvitation", DonePayload, *SCOPED)
SetMemberRoleResult = result_union("setMemberRole", MemberPayload, *SCOPED, e.LastOwnerError)
RemoveMemberResult = result_union("removeMember", DonePayload, *SCOPED, e.LastOwnerError)


@strawberry.type(description="One result per render asked for, in the order asked.")
class RegisterRendersPayload:
    results: list[RegisterRenderResult] = strawberry.field(
        description="Each render's own answer, exactly as registerRender would give it."
    )


RegisterRendersResult = result_union("registerRenders", RegisterRendersPayload, e.ValidationError)
