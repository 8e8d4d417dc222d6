"""Every engine operation as a mutation; expected failures are typed results."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from lineage.api import errors as e
from lineage.api.context import Info
from lineage.api.enums import DefinitionType, Role, State, TaskDeleteMode, VersionBump
from lineage.api.errors import to_graphql
from lineage.api.guard import (
    authorised,
    authorised_container,
    listed,
    require_kind,
    typed,
    visible,
)
from lineage.api.mutation_inputs import (
    AssetId,
    ConflictResolution,
    ContainerId,
    ContentChanges,
    DryRun,
    Fields,
    FileSpec,
    Metadata,
    Name,
    ProjectId,
    RegisterRenderInput,
    RenderInputSpec,
    SourceId,
    SpaceId,
    TaskId,
    Text,
    UserId,
)
from lineage.api.render_files import verified_file
from lineage.api.results import (
    AcceptInvitationResult,
    AssetPayload,
    AttachBaseViewResult,
    ContainerPayload,
    CreateDefinitionResult,
    CreateProjectResult,
    CreateSpaceResult,
    CreateTaskResult,
    CreateVersionResult,
    DeleteAssetResult,
    DeleteProjectResult,
    DeleteSpaceResult,
    DeleteTaskResult,
    DeriveWorkingCloneResult,
    DonePayload,
    ImportToProjectResult,
    InvitationPayload,
    InviteMemberResult,
    MarkFinalResult,
    MemberPayload,
    RebasePayload,
    RebaseResult,
    RegisterRenderResult,
    RegisterRendersPayload,
    RegisterRendersResult,
    RemoveMemberResult,
    RequestUploadResult,
    RestoreFromTrashResult,
    RevokeInvitationResult,
    SetMemberRoleResult,
    TransitionStateResult,
    UpdateAssetResult,
    UpdateContainerResult,
    UploadPayload,
    UseInTaskResult,
)
from lineage.api.trash import RestorePayload
from lineage.api.types import (
    DeleteReport,
    Member,
    container_from_domain,
    from_domain,
    invitation_from_domain,
)
from lineage.domain import enums
from lineage.domain.access import Viewer
from lineage.domain.errors import LineageError, ValidationError
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
    trash,
    versions,
)
from lineage.services.registration import RenderInput, RenderRequest
from lineage.storage.base import FileStore


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


async def _delete_container(
    info: Info, id: str, kind: enums.Layer, dry_run: bool, result: Any
) -> Any:
    """deleteProject and deleteSpace: authorised, and kept to their kind, on what the
    delete reads under its locks."""

    async def run() -> DeleteReport:
        ctx = info.context
        viewer = Viewer(ctx.user.roles)
        report = await deletion.delete_container(
            ctx.db, id, dry_run, viewer, kind, ctx.user.id, ctx.trash_retention_days
        )
        return DeleteReport.from_domain(report)

    return await typed(run, result)


def _asset(record: Any) -> AssetPayload:
    return AssetPayload(asset=from_domain(record))


def _container(record: Any) -> ContainerPayload:
    return ContainerPayload(container=container_from_domain(record))


@strawberry.type(description="Every change to spaces, assets, renders and members.")
class Mutation:
    @strawberry.mutation(description="A new space; you become its owner.")
    async def create_space(
        self, info: Info, name: Name, description: Text = ""
    ) -> CreateSpaceResult:
        async def run() -> ContainerPayload:
            ctx = info.context
            space = await containers.create(
                ctx.db, enums.Layer.SPACE, name, None, description, ctx.user.id
            )
            ctx.grant(space.id, enums.Role.OWNER)
            return _container(space)

        return await typed(run, CreateSpaceResult)

    @strawberry.mutation(description="A new project in a space (editors).")
    async def create_project(
        self, info: Info, space_id: SpaceId, name: Name, description: Text = ""
    ) -> CreateProjectResult:
        async def run() -> ContainerPayload:
            await _container_of_kind(info, space_id, enums.Layer.SPACE, "create a project")
            ctx = info.context
            return _container(
                await containers.create(
                    ctx.db, enums.Layer.PROJECT, name, space_id, description, ctx.user.id
                )
            )

        return await typed(run, CreateProjectResult)

    @strawberry.mutation(description="A new task in a project (editors).")
    async def create_task(
        self, info: Info, project_id: ProjectId, name: Name, description: Text = ""
    ) -> CreateTaskResult:
        async def run() -> ContainerPayload:
            await _container_of_kind(info, project_id, enums.Layer.PROJECT, "create a task")
            ctx = info.context
            return _container(
                await containers.create(
                    ctx.db, enums.Layer.TASK, name, project_id, description, ctx.user.id
                )
            )

        return await typed(run, CreateTaskResult)

    @strawberry.mutation(description="Rename a space, project or task, or change its text.")
    async def update_container(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The space, project or task.")
        ],
        name: Annotated[str | None, strawberry.argument(description="A new name.")] = None,
        description: Annotated[
            str | None, strawberry.argument(description="A new description.")
        ] = None,
    ) -> UpdateContainerResult:
        async def run() -> ContainerPayload:
            await authorised(info, id, "rename")
            ctx = info.context
            return _container(await containers.rename(ctx.db, id, name, description, ctx.user.id))

        return await typed(run, UpdateContainerResult)

    @strawberry.mutation(description="A new DRAFT definition in a space (editors).")
    async def create_definition(
        self,
        info: Info,
        space_id: SpaceId,
        type: Annotated[DefinitionType, strawberry.argument(description="What it defines.")],
        name: Name,
        description: Text = "",
        fields: Fields = None,
        metadata: Metadata = None,
        neutral: Annotated[
            bool,
            strawberry.argument(
                description="Scenes and styles: a backdrop that does not count as a scene "
                "when renders are classified."
            ),
        ] = False,
        version: Annotated[
            str, strawberry.argument(description="Its semantic version (MAJOR.MINOR.PATCH).")
        ] = "1.0.0",
    ) -> CreateDefinitionResult:
        async def run() -> AssetPayload:
            await _container_of_kind(info, space_id, enums.Layer.SPACE, "create a definition")
            ctx = info.context
            created = await definitions.create_definition(
                ctx.db, space_id, type, name, description, fields, metadata, neutral,
                version, ctx.user.id,
            )  # fmt: skip
            return _asset(created)

        return await typed(run, CreateDefinitionResult)

    @strawberry.mutation(description="Change content; refused with reasons when immutable.")
    async def update_asset(
        self,
        info: Info,
        id: AssetId,
        changes: Annotated[ContentChanges, strawberry.argument(description="What to change.")],
    ) -> UpdateAssetResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "edit")
            ctx = info.context
            return _asset(
                await definitions.update_asset(ctx.db, id, changes.as_dict(), ctx.user.id)
            )

        return await typed(run, UpdateAssetResult)

    @strawberry.mutation(
        description="Import a space asset into a project as a base clone (idempotent: "
        "importing it again answers the same clone)."
    )
    async def import_to_project(
        self, info: Info, project_id: ProjectId, source_id: SourceId
    ) -> ImportToProjectResult:
        async def run() -> AssetPayload:
            ctx = info.context
            # The project and the source are authorised on what the write itself reads.
            viewer = Viewer(ctx.user.roles)
            return _asset(
                await cloning.import_to_project(ctx.db, project_id, source_id, ctx.user.id, viewer)
            )

        return await typed(run, ImportToProjectResult)

    @strawberry.mutation(
        description="An editable working clone of a base clone (or a variant of a render)."
    )
    async def derive_working_clone(
        self,
        info: Info,
        source_id: SourceId,
        changes: Annotated[
            ContentChanges | None,
            strawberry.argument(description="Changes the clone starts with; null: none."),
        ] = None,
    ) -> DeriveWorkingCloneResult:
        async def run() -> AssetPayload:
            ctx = info.context
            given = changes.as_dict() if changes else {}
            viewer = Viewer(ctx.user.roles)
            return _asset(
                await cloning.derive_working_clone(ctx.db, source_id, given, ctx.user.id, viewer)
            )

        return await typed(run, DeriveWorkingCloneResult)

    @strawberry.mutation(
        description="Take a project asset into a task as a base clone (idempotent)."
    )
    async def use_in_task(
        self, info: Info, task_id: TaskId, source_id: SourceId
    ) -> UseInTaskResult:
        async def run() -> AssetPayload:
            ctx = info.context
            viewer = Viewer(ctx.user.roles)
            return _asset(
                await cloning.use_in_task(ctx.db, task_id, source_id, ctx.user.id, viewer)
            )

        return await typed(run, UseInTaskResult)

    @strawberry.mutation(description="Record a generated render with its inputs.")
    async def register_render(
        self,
        info: Info,
        container_id: ContainerId,
        name: Name,
        inputs: Annotated[
            list[RenderInputSpec],
            strawberry.argument(description="What it was generated from (each asset once)."),
        ],
        prompt: Annotated[
            str | None, strawberry.argument(description="The generation prompt.")
        ] = None,
        parameters: Annotated[
            JSON | None,
            strawberry.argument(description="The generator's parameters (seed, steps...)."),
        ] = None,
        model: Annotated[
            str | None, strawberry.argument(description="The model that drew it.")
        ] = None,
        render_type: Annotated[
            str | None,
            strawberry.argument(description="What kind of image: panel, portrait, sketch..."),
        ] = None,
        description: Text = "",
        metadata: Metadata = None,
        file: Annotated[
            FileSpec | None,
            strawberry.argument(description="The image, uploaded first through requestUpload."),
        ] = None,
    ) -> RegisterRenderResult:
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

        return await typed(run, RegisterRenderResult)

    @strawberry.mutation(
        description="Record many generated renders in one request (at most "
        f"{registration.MAX_BATCH}; more is refused with a ValidationError on `inputs`). "
        "Each render is checked and written on its own terms, exactly as registerRender "
        "would: a refused one writes nothing and gets its own error in `results`, the "
        "others are registered. `results` follows the order of `inputs`. An "
        "Idempotency-Key covers the whole request."
    )
    async def register_renders(
        self,
        info: Info,
        inputs: Annotated[
            list[RegisterRenderInput],
            strawberry.argument(description="The renders, each as registerRender takes it."),
        ],
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
            return RegisterRendersPayload(results=[_registered(result) for result in results])

        return await typed(run, RegisterRendersResult)

    @strawberry.mutation(
        description="A short-lived URL to upload a render's file to, and its key for "
        "registerRender(file: ...)."
    )
    async def request_upload(
        self,
        info: Info,
        container_id: ContainerId,
        content_type: Annotated[
            str, strawberry.argument(description="The file's media type (image/png...).")
        ],
        size: Annotated[int, strawberry.argument(description="Its size in bytes.")],
        checksum: Annotated[str, strawberry.argument(description="Hex SHA-256 of the bytes.")],
    ) -> RequestUploadResult:
        async def run() -> UploadPayload:
            await authorised_container(info, container_id, "upload a file")
            ticket = await _store(info).create_upload(container_id, content_type, size, checksum)
            return UploadPayload(
                key=ticket.key, url=ticket.url, method=ticket.method,
                headers=dict(ticket.headers), expires_at=ticket.expires_at,
            )  # fmt: skip

        return await typed(run, RequestUploadResult)

    @strawberry.mutation(
        description="Move an asset to another lifecycle state (docs/domain.md, lifecycle)."
    )
    async def transition_state(
        self,
        info: Info,
        id: AssetId,
        to: Annotated[State, strawberry.argument(description="The state to move to.")],
        force: Annotated[
            bool,
            strawberry.argument(
                description="Allow a move that needs it (CANONICAL to ARCHIVED), knowingly."
            ),
        ] = False,
        deprecate_previous: Annotated[
            bool,
            strawberry.argument(
                description="Making a version CANONICAL deprecates the canonical version "
                "before it; false keeps that one as it is."
            ),
        ] = True,
    ) -> TransitionStateResult:
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

        return await typed(run, TransitionStateResult)

    @strawberry.mutation(description="A new DRAFT version of a space definition.")
    async def create_version(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The version to start from.")],
        bump: Annotated[
            VersionBump, strawberry.argument(description="Which part of the version rises.")
        ] = VersionBump.MAJOR,
        changes: Annotated[
            ContentChanges | None,
            strawberry.argument(description="Changes the new version starts with."),
        ] = None,
    ) -> CreateVersionResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "version")
            ctx = info.context
            given = changes.as_dict() if changes else {}
            return _asset(await versions.create_version(ctx.db, id, bump, given, ctx.user.id))

        return await typed(run, CreateVersionResult)

    @strawberry.mutation(
        description="Move a project working clone onto a newer canonical version of its "
        "source, merging field by field. A field both sides changed differently is a "
        "conflict: settle each with `resolutions` (ours or theirs), or all that remain "
        "with `keepOurs`; unsettled conflicts refuse the rebase (MergeConflictError)."
    )
    async def rebase(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The working clone.")],
        target_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="The version to move onto; null: the newest canonical one."
            ),
        ] = None,
        keep_ours: Annotated[
            bool,
            strawberry.argument(
                description="Conflicts without a resolution keep the working clone's value."
            ),
        ] = False,
        resolutions: Annotated[
            list[ConflictResolution] | None,
            strawberry.argument(description="Per conflicting field, whose value to keep."),
        ] = None,
    ) -> RebaseResult:
        async def run() -> RebasePayload:
            await authorised(info, id, "rebase")
            if target_id is not None:
                await visible(info, target_id)
            ctx = info.context
            chosen = _resolutions(resolutions or [])
            done = await versions.rebase(ctx.db, id, target_id, keep_ours, chosen, ctx.user.id)
            conflicts = [
                e.MergeConflictItem(path=c.path, base=c.base, theirs=c.theirs, ours=c.ours)
                for c in done.conflicts
            ]
            return RebasePayload(
                asset=from_domain(done.asset), moved=done.moved, conflicts=conflicts
            )

        return await typed(run, RebaseResult)

    @strawberry.mutation(
        description="Show an approved render as a base view (portrait, profile...) of a definition."
    )
    async def attach_base_view(
        self,
        info: Info,
        definition_id: Annotated[strawberry.ID, strawberry.argument(description="The definition.")],
        render_id: Annotated[
            strawberry.ID, strawberry.argument(description="The approved render.")
        ],
        view: Annotated[str, strawberry.argument(description="The view's name: front, profile...")],
    ) -> AttachBaseViewResult:
        async def run() -> AssetPayload:
            await authorised(info, definition_id, "attach a view")
            await visible(info, render_id)
            await renders.attach_base_view(
                info.context.db, definition_id, render_id, view, info.context.user.id
            )
            info.context.loaders.asset.clear(definition_id)  # loaded before the write
            found = await info.context.loaders.asset.load(definition_id)
            return _asset(found)

        return await typed(run, AttachBaseViewResult)

    @strawberry.mutation(description="Mark an approved project render as a final panel.")
    async def mark_final(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The render.")],
        final: Annotated[
            bool, strawberry.argument(description="False: no longer a final panel.")
        ] = True,
    ) -> MarkFinalResult:
        async def run() -> AssetPayload:
            await authorised(info, id, "mark final")
            ctx = info.context
            return _asset(await renders.mark_final(ctx.db, id, final, ctx.user.id))

        return await typed(run, MarkFinalResult)

    @strawberry.mutation(description="Delete an asset nothing depends on (dry run possible).")
    async def delete_asset(
        self, info: Info, id: AssetId, dry_run: DryRun = False
    ) -> DeleteAssetResult:
        async def run() -> DeleteReport:
            ctx = info.context
            # The asset is authorised on what the delete itself reads under its locks.
            viewer = Viewer(ctx.user.roles)
            report = await deletion.delete_asset(
                ctx.db, id, dry_run, viewer, ctx.user.id, ctx.trash_retention_days
            )
            return DeleteReport.from_domain(report)

        return await typed(run, DeleteAssetResult)

    @strawberry.mutation(description="Delete a task: KEEP_RENDERS moves its renders up.")
    async def delete_task(
        self,
        info: Info,
        id: TaskId,
        mode: Annotated[
            TaskDeleteMode, strawberry.argument(description="What becomes of its renders.")
        ] = TaskDeleteMode.KEEP_RENDERS,
        dry_run: DryRun = False,
    ) -> DeleteTaskResult:
        async def run() -> DeleteReport:
            ctx = info.context
            viewer = Viewer(ctx.user.roles)
            report = await deletion.delete_task(
                ctx.db, id, mode, dry_run, viewer, ctx.user.id, ctx.trash_retention_days
            )
            return DeleteReport.from_domain(report)

        return await typed(run, DeleteTaskResult)

    @strawberry.mutation(description="Delete a project and everything in it (dry run possible).")
    async def delete_project(
        self, info: Info, id: ProjectId, dry_run: DryRun = False
    ) -> DeleteProjectResult:
        return await _delete_container(info, id, enums.Layer.PROJECT, dry_run, DeleteProjectResult)

    @strawberry.mutation(description="Delete a space and everything in it (owners only).")
    async def delete_space(
        self, info: Info, id: SpaceId, dry_run: DryRun = False
    ) -> DeleteSpaceResult:
        return await _delete_container(info, id, enums.Layer.SPACE, dry_run, DeleteSpaceResult)

    @strawberry.mutation(
        description="Bring back what a delete put in the trash, as it was when deleted "
        "(renders a task delete kept move back into the task), unless that would break a "
        "rule: then nothing changes and the answer says why (docs/domain.md §13). Needs the "
        "role the delete needed."
    )
    async def restore_from_trash(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The trash item (Space.trash).")
        ],
    ) -> RestoreFromTrashResult:
        async def run() -> RestorePayload:
            ctx = info.context
            done = await trash.restore(ctx.db, str(id), Viewer(ctx.user.roles), ctx.user.id)
            return RestorePayload.from_domain(done)

        return await typed(run, RestoreFromTrashResult)

    @strawberry.mutation(
        description="Invite someone to a space with a role (owners only): returns a one-time "
        "code, valid for 7 days, to hand to them; they join with acceptInvitation."
    )
    async def invite_member(
        self,
        info: Info,
        space_id: SpaceId,
        role: Annotated[Role, strawberry.argument(description="The role they will have.")],
    ) -> InviteMemberResult:
        async def run() -> InvitationPayload:
            await _managed_space(info, space_id, "invite members")
            ctx = info.context
            made, code = await access.invite_member(ctx.db, space_id, str(role), ctx.user.id)
            return InvitationPayload(invitation=invitation_from_domain(made), code=code)

        return await typed(run, InviteMemberResult)

    @strawberry.mutation(
        description="Join the space an invitation code is for, with its role (any signed-in "
        "user). Unknown, expired, revoked and used codes all answer NotFoundError."
    )
    async def accept_invitation(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="The code the owner handed you.")],
    ) -> AcceptInvitationResult:
        async def run() -> MemberPayload:
            ctx = info.context
            joined = await access.accept_invitation(ctx.db, ctx.user.id, code)
            ctx.grant(joined.space_id, joined.role)
            return _member(joined)

        return await typed(run, AcceptInvitationResult)

    @strawberry.mutation(description="Withdraw a pending invitation (owners only).")
    async def revoke_invitation(
        self,
        info: Info,
        space_id: SpaceId,
        invitation_id: Annotated[strawberry.ID, strawberry.argument(description="The invitation.")],
    ) -> RevokeInvitationResult:
        async def run() -> DonePayload:
            await _managed_space(info, space_id, "revoke invitations")
            ctx = info.context
            await access.revoke_invitation(ctx.db, space_id, invitation_id, ctx.user.id)
            return DonePayload(ok=True)

        return await typed(run, RevokeInvitationResult)

    @strawberry.mutation(
        description="Change a member's role (owners only). Only members of the space can be "
        "named; the space's last owner cannot step down (LastOwnerError)."
    )
    async def set_member_role(
        self,
        info: Info,
        space_id: SpaceId,
        user_id: UserId,
        role: Annotated[Role, strawberry.argument(description="Their new role.")],
    ) -> SetMemberRoleResult:
        async def run() -> MemberPayload:
            await _managed_space(info, space_id, "manage members")
            ctx = info.context
            changed = await access.set_member_role(
                ctx.db, space_id, user_id, str(role), ctx.user.id
            )
            return _member(changed)

        return await typed(run, SetMemberRoleResult)

    @strawberry.mutation(
        description="Remove a member from a space (owners only; yourself too, unless you are "
        "its last owner)."
    )
    async def remove_member(
        self, info: Info, space_id: SpaceId, user_id: UserId
    ) -> RemoveMemberResult:
        async def run() -> DonePayload:
            await _managed_space(info, space_id, "manage members")
            ctx = info.context
            await access.remove_member(ctx.db, space_id, user_id, ctx.user.id)
            return DonePayload(ok=True)

        return await typed(run, RemoveMemberResult)


def _registered(result: Any) -> Any:
    """One registerRenders result: the payload, or its error as registerRender answers it."""
    if isinstance(result, LineageError):
        return listed(to_graphql(result), RegisterRenderResult, result)
    return _asset(result)


def _resolutions(given: list[ConflictResolution]) -> dict[str, enums.MergeSide]:
    chosen: dict[str, enums.MergeSide] = {}
    for item in given:
        if item.path in chosen:
            raise ValidationError("resolutions", f"{item.path!r} is resolved twice; once only")
        chosen[item.path] = item.keep
    return chosen


async def _container_of_kind(info: Info, id: str, kind: enums.Layer, action: str) -> None:
    """`id` is a container of `kind` the caller may write to: checked before anything else,
    so e.g. a project id given as a space answers ScopeViolation at once."""
    await authorised(info, id, action)
    await require_kind(info, id, kind, f"pass the id of a {kind.lower()}")


async def _managed_space(info: Info, space_id: str, action: str) -> None:
    """`space_id` is a space the caller owns (NotFound outside their spaces)."""
    await authorised(info, space_id, action, enums.Role.OWNER)
    await require_kind(info, space_id, enums.Layer.SPACE, "pass the id of a space")


def _member(found: MemberRecord) -> MemberPayload:
    member = Member(user_id=found.user_id, name=found.name, role=found.role)
    return MemberPayload(space_id=found.space_id, member=member)
