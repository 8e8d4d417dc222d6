"""Every engine operation as a mutation; expected failures are typed results."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any, Union

import strawberry
from strawberry.scalars import JSON

from lineage.api import errors as e
from lineage.api.context import Info
from lineage.api.errors import to_graphql
from lineage.api.guard import authorised, authorised_container, require_kind, typed, visible
from lineage.api.render_files import verified_file
from lineage.api.types import (
    Asset,
    ContainerType,
    DeleteReport,
    Invitation,
    Member,
    Role,
    container_from_domain,
    from_domain,
    invitation_from_domain,
)
from lineage.domain import enums
from lineage.domain.access import Viewer
from lineage.domain.errors import LineageError, ValidationError
from lineage.domain.model import ChangeReport
from lineage.graph.access import Member as MemberRecord
from lineage.services import (
    access,
    cloning,
    containers,
    definitions,
    deletion,
    lifecycle,
    registration,
    renders,
    versions,
)
from lineage.services.registration import RenderInput, RenderRequest
from lineage.storage.base import FileStore, delete_files_after

ERRORS = (
    e.NotFoundError, e.ImmutableError, e.NotDeletableError, e.InvalidTransitionError,
    e.NotUsableError, e.ScopeViolationError, e.NotImportableError, e.MergeConflictError,
    e.ValidationError, e.DriftedInputsError, e.ConflictError, e.ForbiddenError,
    e.FileRejectedError, e.DuplicateInputError, e.FileAlreadyRegisteredError,
)  # fmt: skip


@strawberry.type
class AssetPayload:
    asset: Asset


@strawberry.type
class ContainerPayload:
    container: ContainerType


@strawberry.type
class RebasePayload:
    asset: Asset
    moved: bool = strawberry.field(description="False: locked, so a new working clone was made.")
    conflicts: list[e.MergeConflictItem]


@strawberry.type
class MemberPayload:
    space_id: str
    member: Member | None


@strawberry.type
class DonePayload:
    ok: bool


@strawberry.type
class InvitationPayload:
    invitation: Invitation
    code: str = strawberry.field(
        description="The one-time code to hand to the invitee, for acceptInvitation. Shown "
        "only here: the service keeps its hash, not the code."
    )


@strawberry.type(description="Where to PUT the file's bytes, and the key to register it with.")
class UploadPayload:
    key: str
    url: str
    method: str
    headers: JSON
    expires_at: datetime | None


def result_union(name: str, success: type, *more_errors: type) -> Any:
    """`success | every error type` (and `more_errors`), named for the schema."""
    return Annotated[Union[(success, *ERRORS, *more_errors)], strawberry.union(name)]  # noqa: UP007


AssetResult = result_union("AssetResult", AssetPayload)
ContainerResult = result_union("ContainerResult", ContainerPayload)
DeleteResult = result_union("DeleteResult", DeleteReport)
RebaseResult = result_union("RebaseResult", RebasePayload)
MemberResult = result_union("MemberResult", MemberPayload, e.LastOwnerError)
DoneResult = result_union("DoneResult", DonePayload, e.LastOwnerError)
InvitationResult = result_union("InvitationResult", InvitationPayload)
UploadResult = result_union("UploadResult", UploadPayload)


@strawberry.input
class RenderInputSpec:
    id: str
    role: str | None = strawberry.field(default=None, description="Defaults from the type.")


@strawberry.input(description="A file uploaded through requestUpload.")
class FileSpec:
    key: str
    content_type: str
    size: int
    checksum: str = strawberry.field(description="Hex SHA-256 of the bytes.")


@strawberry.input(description="One render of registerRenders: registerRender's arguments.")
class RegisterRenderInput:
    container_id: str
    name: str
    inputs: list[RenderInputSpec]
    prompt: str | None = None
    parameters: JSON | None = None
    model: str | None = None
    render_type: str | None = None
    description: str = ""
    metadata: JSON | None = None
    file: FileSpec | None = None


@strawberry.type(description="One result per render asked for, in the order asked.")
class RegisterRendersPayload:
    results: list[AssetResult]


RegisterRendersResult = result_union("RegisterRendersResult", RegisterRendersPayload)


@strawberry.input
class ContentChanges:
    name: str | None = None
    description: str | None = None
    fields: JSON | None = None
    metadata: JSON | None = None
    neutral: bool | None = None
    prompt: str | None = None
    parameters: JSON | None = None
    model: str | None = None
    render_type: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


def _store(info: Info) -> FileStore:
    store = info.context.files
    assert store is not None  # the app always configures one
    return store


async def _render_request(info: Info, spec: RegisterRenderInput) -> RenderRequest:
    """The request to register; a file is verified by the store first (`verified_file`)."""
    stored = None
    if spec.file is not None:
        file = spec.file
        stored = await verified_file(
            info.context, spec.container_id, file.key, file.content_type, file.size,
            file.checksum,
        )  # fmt: skip
    return RenderRequest(
        spec.container_id, spec.name, [RenderInput(i.id, i.role) for i in spec.inputs],
        spec.prompt, spec.parameters, spec.model, spec.render_type, stored, spec.description,
        spec.metadata,
    )  # fmt: skip


async def _prepared(info: Info, spec: RegisterRenderInput) -> RenderRequest | LineageError:
    try:
        return await _render_request(info, spec)
    except LineageError as error:
        return error


async def _delete_container(info: Info, id: str, kind: enums.Layer, dry_run: bool) -> DeleteResult:
    """deleteProject and deleteSpace: authorised, and kept to their kind, on what the
    delete reads under its locks."""

    async def run() -> DeleteReport:
        ctx = info.context
        viewer = Viewer(ctx.user.roles)
        report = await deletion.delete_container(ctx.db, id, dry_run, viewer, kind, ctx.user.id)
        return await _deleted(info, report)

    return await typed(run)


async def _deleted(info: Info, report: ChangeReport) -> DeleteReport:
    """Files go only after the transaction that deleted their renders committed."""
    if not report.dry_run and report.deleted_files and info.context.files is not None:
        await delete_files_after(info.context.files, report.deleted_files)
    return DeleteReport.from_domain(report)


def _asset(record: Any) -> AssetPayload:
    return AssetPayload(asset=from_domain(record))


def _container(record: Any) -> ContainerPayload:
    return ContainerPayload(container=container_from_domain(record))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="A new space; you become its owner.")
    async def create_space(self, info: Info, name: str, description: str = "") -> ContainerResult:
        async def run() -> ContainerPayload:
            ctx = info.context
            space = await containers.create(
                ctx.db, enums.Layer.SPACE, name, None, description, ctx.user.id
            )
            ctx.grant(space.id, enums.Role.OWNER)
            return _container(space)

        return await typed(run)

    @strawberry.mutation(description="A new project in a space (editors).")
    async def create_project(
        self, info: Info, space_id: str, name: str, description: str = ""
    ) -> ContainerResult:
        async def run() -> ContainerPayload:
            await authorised(info, space_id, "create a project")
            ctx = info.context
            return _container(
                await containers.create(
                    ctx.db, enums.Layer.PROJECT, name, space_id, description, ctx.user.id
                )
            )

        return await typed(run)

    @strawberry.mutation(description="A new task in a project (editors).")
    async def create_task(
        self, info: Info, project_id: str, name: str, description: str = ""
    ) -> ContainerResult:
        async def run() -> ContainerPayload:
            await authorised(info, project_id, "create a task")
            ctx = info.context
            return _container(
                await containers.create(
                    ctx.db, enums.Layer.TASK, name, project_id, description, ctx.user.id
                )
            )

        return await typed(run)

    @strawberry.mutation(description="Rename a space, project or task, or change its text.")
    async def update_container(
        self, info: Info, id: str, name: str | None = None, description: str | None = None
    ) -> ContainerResult:
        async def run() -> ContainerPayload:
            await authorised(info, id, "rename")
            ctx = info.context
            return _container(await containers.rename(ctx.db, id, name, description, ctx.user.id))

        return await typed(run)

    @strawberry.mutation(description="A new DRAFT definition in a space (editors).")
    async def create_definition(
        self,
        info: Info,
        space_id: str,
        type: str,
        name: str,
        description: str = "",
        fields: JSON | None = None,
        metadata: JSON | None = None,
        neutral: bool = False,
        version: str = "1.0.0",
    ) -> AssetResult:
        async def run() -> AssetPayload:
            await authorised(info, space_id, "create a definition")
            ctx = info.context
            created = await definitions.create_definition(
                ctx.db, space_id, type, name, description, fields, metadata, neutral,
                version, ctx.user.id,
            )  # fmt: skip
            return _asset(created)

        return await typed(run)

    @strawberry.mutation(description="Change content; refused with reasons when immutable.")
    async def update_asset(self, info: Info, id: str, changes: ContentChanges) -> AssetResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "edit")
            ctx = info.context
            return _asset(
                await definitions.update_asset(ctx.db, id, changes.as_dict(), ctx.user.id)
            )

        return await typed(run)

    @strawberry.mutation(description="Import a space asset into a project (idempotent).")
    async def import_to_project(self, info: Info, project_id: str, source_id: str) -> AssetResult:
        async def run() -> AssetPayload:
            ctx = info.context
            # The project and the source are authorised on what the write itself reads.
            viewer = Viewer(ctx.user.roles)
            return _asset(
                await cloning.import_to_project(ctx.db, project_id, source_id, ctx.user.id, viewer)
            )

        return await typed(run)

    @strawberry.mutation(description="A working clone (or render variant) of a base clone.")
    async def derive_working_clone(
        self, info: Info, source_id: str, changes: ContentChanges | None = None
    ) -> AssetResult:
        async def run() -> AssetPayload:
            ctx = info.context
            given = changes.as_dict() if changes else {}
            viewer = Viewer(ctx.user.roles)
            return _asset(
                await cloning.derive_working_clone(ctx.db, source_id, given, ctx.user.id, viewer)
            )

        return await typed(run)

    @strawberry.mutation(description="Take a project asset into a task (idempotent).")
    async def use_in_task(self, info: Info, task_id: str, source_id: str) -> AssetResult:
        async def run() -> AssetPayload:
            ctx = info.context
            viewer = Viewer(ctx.user.roles)
            return _asset(
                await cloning.use_in_task(ctx.db, task_id, source_id, ctx.user.id, viewer)
            )

        return await typed(run)

    @strawberry.mutation(description="Record a generated render with its inputs.")
    async def register_render(
        self,
        info: Info,
        container_id: str,
        name: str,
        inputs: list[RenderInputSpec],
        prompt: str | None = None,
        parameters: JSON | None = None,
        model: str | None = None,
        render_type: str | None = None,
        description: str = "",
        metadata: JSON | None = None,
        file: FileSpec | None = None,
    ) -> AssetResult:
        async def run() -> AssetPayload:
            spec = RegisterRenderInput(
                container_id=container_id, name=name, inputs=inputs, prompt=prompt,
                parameters=parameters, model=model, render_type=render_type,
                description=description, metadata=metadata, file=file,
            )  # fmt: skip
            request = await _render_request(info, spec)
            ctx = info.context
            # The container and the inputs are authorised on what the write itself reads.
            created = await registration.register_render(
                ctx.db, request.container_id, request.name, request.inputs, request.prompt,
                request.parameters, request.model, request.render_type, request.file,
                request.description, request.metadata, ctx.user.id, Viewer(ctx.user.roles),
            )  # fmt: skip
            return _asset(created)

        return await typed(run)

    @strawberry.mutation(
        description="Record many generated renders in one request (at most "
        f"{registration.MAX_BATCH}; more is refused with a ValidationError on `inputs`). "
        "Each render is checked and written on its own terms, exactly as registerRender "
        "would: a refused one writes nothing and gets its own error in `results`, the "
        "others are registered. `results` follows the order of `inputs`. An "
        "Idempotency-Key covers the whole request."
    )
    async def register_renders(
        self, info: Info, inputs: list[RegisterRenderInput]
    ) -> RegisterRendersResult:
        async def run() -> RegisterRendersPayload:
            if len(inputs) > registration.MAX_BATCH:
                raise ValidationError(
                    "inputs", f"at most {registration.MAX_BATCH} renders per request"
                )
            ctx = info.context
            prepared = await asyncio.gather(*(_prepared(info, spec) for spec in inputs))
            requests = [p for p in prepared if isinstance(p, RenderRequest)]
            outcomes = iter(
                await registration.register_renders(
                    ctx.db, requests, ctx.user.id, Viewer(ctx.user.roles)
                )
            )
            results = [next(outcomes) if isinstance(p, RenderRequest) else p for p in prepared]
            return RegisterRendersPayload(
                results=[to_graphql(r) if isinstance(r, LineageError) else _asset(r)
                         for r in results]
            )  # fmt: skip

        return await typed(run)

    @strawberry.mutation(
        description="A short-lived URL to upload a render's file to, and its key for "
        "registerRender(file: ...). Checksum: hex SHA-256 of the bytes."
    )
    async def request_upload(
        self, info: Info, container_id: str, content_type: str, size: int, checksum: str
    ) -> UploadResult:
        async def run() -> UploadPayload:
            await authorised_container(info, container_id, "upload a file")
            ticket = await _store(info).create_upload(container_id, content_type, size, checksum)
            return UploadPayload(
                key=ticket.key, url=ticket.url, method=ticket.method,
                headers=dict(ticket.headers), expires_at=ticket.expires_at,
            )  # fmt: skip

        return await typed(run)

    @strawberry.mutation(description="Move an asset to another lifecycle state.")
    async def transition_state(
        self,
        info: Info,
        id: str,
        to: str,
        force: bool = False,
        deprecate_previous: bool = True,
    ) -> AssetResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "change state")
            return _asset(
                await lifecycle.transition(
                    info.context.db,
                    id,
                    to,
                    force=force,
                    deprecate_previous=deprecate_previous,
                    actor=info.context.user.id,
                )
            )

        return await typed(run)

    @strawberry.mutation(description="A new DRAFT version of a space definition.")
    async def create_version(
        self, info: Info, id: str, bump: str = "MAJOR", changes: ContentChanges | None = None
    ) -> AssetResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "version")
            ctx = info.context
            given = changes.as_dict() if changes else {}
            return _asset(await versions.create_version(ctx.db, id, bump, given, ctx.user.id))

        return await typed(run)

    @strawberry.mutation(description="Move a project working clone onto a newer version.")
    async def rebase(
        self, info: Info, id: str, target_id: str | None = None, keep_ours: bool = False
    ) -> RebaseResult:
        async def run() -> RebasePayload:
            await authorised(info, id, "rebase")
            if target_id is not None:
                await visible(info, target_id)
            done = await versions.rebase(
                info.context.db, id, target_id, keep_ours, info.context.user.id
            )
            conflicts = [
                e.MergeConflictItem(path=c.path, base=c.base, theirs=c.theirs, ours=c.ours)
                for c in done.conflicts
            ]
            return RebasePayload(
                asset=from_domain(done.asset), moved=done.moved, conflicts=conflicts
            )

        return await typed(run)

    @strawberry.mutation(description="Show a render as a base view of a definition.")
    async def attach_base_view(
        self, info: Info, definition_id: str, render_id: str, view: str
    ) -> AssetResult:
        async def run() -> AssetPayload:
            await authorised(info, definition_id, "attach a view")
            await visible(info, render_id)
            await renders.attach_base_view(
                info.context.db, definition_id, render_id, view, info.context.user.id
            )
            info.context.loaders.asset.clear(definition_id)  # loaded before the write
            found = await info.context.loaders.asset.load(definition_id)
            return _asset(found)

        return await typed(run)

    @strawberry.mutation(description="Mark an approved project render as a final panel.")
    async def mark_final(self, info: Info, id: str, final: bool = True) -> AssetResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "mark final")
            ctx = info.context
            return _asset(await renders.mark_final(ctx.db, id, final, ctx.user.id))

        return await typed(run)

    @strawberry.mutation(description="Delete an asset nothing depends on (dry run possible).")
    async def delete_asset(self, info: Info, id: str, dry_run: bool = False) -> DeleteResult:
        async def run() -> DeleteReport:
            ctx = info.context
            # The asset is authorised on what the delete itself reads under its locks.
            viewer = Viewer(ctx.user.roles)
            report = await deletion.delete_asset(ctx.db, id, dry_run, viewer, ctx.user.id)
            return await _deleted(info, report)

        return await typed(run)

    @strawberry.mutation(description="Delete a task: KEEP_RENDERS moves its renders up.")
    async def delete_task(
        self, info: Info, id: str, mode: str = "KEEP_RENDERS", dry_run: bool = False
    ) -> DeleteResult:
        async def run() -> DeleteReport:
            ctx = info.context
            viewer = Viewer(ctx.user.roles)
            return await _deleted(
                info, await deletion.delete_task(ctx.db, id, mode, dry_run, viewer, ctx.user.id)
            )

        return await typed(run)

    @strawberry.mutation(description="Delete a project and everything in it (dry run possible).")
    async def delete_project(self, info: Info, id: str, dry_run: bool = False) -> DeleteResult:
        return await _delete_container(info, id, enums.Layer.PROJECT, dry_run)

    @strawberry.mutation(description="Delete a space and everything in it (owners only).")
    async def delete_space(self, info: Info, id: str, dry_run: bool = False) -> DeleteResult:
        return await _delete_container(info, id, enums.Layer.SPACE, dry_run)

    @strawberry.mutation(
        description="Invite someone to a space with a role (owners only): returns a one-time "
        "code, valid for 7 days, to hand to them; they join with acceptInvitation."
    )
    async def invite_member(self, info: Info, space_id: str, role: Role) -> InvitationResult:
        async def run() -> InvitationPayload:
            await _managed_space(info, space_id, "invite members")
            ctx = info.context
            made, code = await access.invite_member(ctx.db, space_id, str(role), ctx.user.id)
            return InvitationPayload(invitation=invitation_from_domain(made), code=code)

        return await typed(run)

    @strawberry.mutation(
        description="Join the space an invitation code is for, with its role (any signed-in "
        "user). Unknown, expired, revoked and used codes all answer NotFoundError."
    )
    async def accept_invitation(self, info: Info, code: str) -> MemberResult:
        async def run() -> MemberPayload:
            ctx = info.context
            joined = await access.accept_invitation(ctx.db, ctx.user.id, code)
            ctx.grant(joined.space_id, joined.role)
            return _member(joined)

        return await typed(run)

    @strawberry.mutation(description="Withdraw a pending invitation (owners only).")
    async def revoke_invitation(self, info: Info, space_id: str, invitation_id: str) -> DoneResult:
        async def run() -> DonePayload:
            await _managed_space(info, space_id, "revoke invitations")
            ctx = info.context
            await access.revoke_invitation(ctx.db, space_id, invitation_id, ctx.user.id)
            return DonePayload(ok=True)

        return await typed(run)

    @strawberry.mutation(
        description="Change a member's role (owners only). Only members of the space can be "
        "named; the space's last owner cannot step down (LastOwnerError)."
    )
    async def set_member_role(
        self, info: Info, space_id: str, user_id: str, role: Role
    ) -> MemberResult:
        async def run() -> MemberPayload:
            await _managed_space(info, space_id, "manage members")
            ctx = info.context
            changed = await access.set_member_role(
                ctx.db, space_id, user_id, str(role), ctx.user.id
            )
            return _member(changed)

        return await typed(run)

    @strawberry.mutation(
        description="Remove a member from a space (owners only; yourself too, unless you are "
        "its last owner)."
    )
    async def remove_member(self, info: Info, space_id: str, user_id: str) -> DoneResult:
        async def run() -> DonePayload:
            await _managed_space(info, space_id, "manage members")
            ctx = info.context
            await access.remove_member(ctx.db, space_id, user_id, ctx.user.id)
            return DonePayload(ok=True)

        return await typed(run)


async def _managed_space(info: Info, space_id: str, action: str) -> None:
    """`space_id` is a space the caller owns (NotFound outside their spaces)."""
    await authorised(info, space_id, action, enums.Role.OWNER)
    await require_kind(info, space_id, enums.Layer.SPACE, "pass the id of a space")


def _member(found: MemberRecord) -> MemberPayload:
    member = Member(user_id=found.user_id, name=found.name, role=found.role)
    return MemberPayload(space_id=found.space_id, member=member)
