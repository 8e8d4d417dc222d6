"""Register renders with their inputs and snapshots; base views; the final-panel mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import lifecycle, placement
from lineage.domain.classification import classify
from lineage.domain.enums import AssetType, InputRole, Layer, Origin, State
from lineage.domain.errors import DuplicateInput, NotFound, ScopeViolation, ValidationError
from lineage.domain.file_errors import FileAlreadyRegistered
from lineage.domain.hashing import snapshot
from lineage.domain.inputs import check_input_role, role_for
from lineage.domain.model import Asset, Container
from lineage.domain.validation import parse_enum, validate_json_object, validate_name
from lineage.graph import assets, containers, renders
from lineage.graph.database import Database
from lineage.services.cloning import base_clone_into
from lineage.services.common import new_id, place, validated_changes
from lineage.storage.base import file_key

MAX_INPUTS = 100


@dataclass(frozen=True)
class RenderInput:
    """One input of a new render; the role defaults to the one its type plays."""

    id: str
    role: str | None = None


async def register_render(
    db: Database,
    container_id: str,
    name: str,
    inputs: Sequence[RenderInput] = (),
    prompt: str | None = None,
    parameters: dict[str, Any] | None = None,
    model: str | None = None,
    render_type: str | None = None,
    file: dict[str, Any] | None = None,
    description: str = "",
    metadata: dict[str, Any] | None = None,
    actor: str | None = None,
) -> Asset:
    """Record a generated render in a space, project or task (docs/domain.md §6)."""
    if len(inputs) > MAX_INPUTS:
        raise ValidationError("inputs", f"at most {MAX_INPUTS} inputs per render")
    content = validated_changes(
        AssetType.RENDER,
        {"name": validate_name(name), "description": description, "prompt": prompt,
         "parameters": parameters or {}, "model": model, "render_type": render_type,
         "metadata": metadata or {}},
    )  # fmt: skip
    if file is not None:
        content["file"] = validate_json_object(file, "file")

    _check_listed_once(inputs)

    async def work(tx: Tx) -> Asset:
        container = await containers.get(tx, container_id, lock=True)
        # Under the container's lock: a key is bound to its container, so two registrations
        # of one key wait for each other here (the uniqueness constraint backs this up).
        file_key = await _unregistered_file_key(tx, content.get("file"))
        used = await _resolve_inputs(tx, container, inputs, actor)
        roles = _roles(used, inputs)
        # Every given input is its own asset (_check_resolved_once): each counts once.
        definitions = [(a.type, a.neutral) for a in used.values() if a.is_definition]
        render = Asset(
            id=new_id("r"), type=AssetType.RENDER, layer=container.kind, origin=Origin.ORIGINAL,
            state=State.DRAFT, space_id=container.space_id, created_by=actor,
            classification=classify(definitions),
            upstream_space_ids=await assets.upstream_space_ids(tx, [a.id for a in used.values()]),
            **content,
        )  # fmt: skip
        created = await assets.create(tx, place(render, container).with_content_hash())
        await renders.record_inputs(tx, created.id, [_uses(used[i], roles[i]) for i in used])
        if file_key is not None:
            await renders.claim_file(tx, created.id, file_key)
        return created

    return await db.write(work)


async def _resolve_inputs(
    tx: Tx, container: Container, inputs: Sequence[RenderInput], actor: str | None
) -> dict[str, Asset]:
    """Input id -> the asset the render will use, locked; in a task, project inputs are
    first taken into the task (use in task)."""
    given = await assets.get_many(tx, [i.id for i in inputs])
    _check_found([i.id for i in inputs], given)
    chosen: dict[str, str] = {}
    for item in inputs:
        asset = given[item.id]
        if container.kind == Layer.TASK and _from_project(asset, container):
            asset = await base_clone_into(tx, container, asset.id, actor)
        chosen[item.id] = asset.id
    _check_resolved_once(container, chosen)
    locked = await assets.get_many(tx, chosen.values(), lock=True)
    # Checked again once locked: an input may have been deleted while we waited.
    _check_found(list(chosen.values()), locked)
    for asset in locked.values():
        lifecycle.check_usable(asset.id, asset.state)
        placement.check_within_reach(asset.id, container.location, asset.reach_location)
    return {given_id: locked[used_id] for given_id, used_id in chosen.items()}


def _check_found(ids: list[str], found: dict[str, Asset]) -> None:
    # NotFound, as everywhere else an id names nothing (also when a concurrent delete won).
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("asset", missing[0])


def _check_listed_once(inputs: Sequence[RenderInput]) -> None:
    """The same id twice is one input given twice: refused, never merged silently."""
    seen: set[str] = set()
    for item in inputs:
        if item.id in seen:
            count = sum(1 for i in inputs if i.id == item.id)
            raise DuplicateInput(item.id, [item.id] * 2, f"it is listed {count} times")
        seen.add(item.id)


def _check_resolved_once(container: Container, chosen: dict[str, str]) -> None:
    """Two given inputs must not resolve to one asset (a project asset and this task's
    clone of it): a render records one USES edge per input (docs/domain.md §6)."""
    by_asset: dict[str, list[str]] = {}
    for given_id, used_id in chosen.items():
        by_asset.setdefault(used_id, []).append(given_id)
    for used_id, given_ids in by_asset.items():
        if len(given_ids) > 1:
            taken = [g for g in given_ids if g != used_id]
            why = "; ".join(f"{used_id} is this task's clone of {g}" for g in taken)
            raise DuplicateInput(used_id, given_ids, why, container.kind)


async def _unregistered_file_key(tx: Tx, file: dict[str, Any] | None) -> str | None:
    """The file's key, when no render has registered it yet; one key, one render."""
    key = file_key(file)
    if key is None:
        return None
    owner = await renders.file_owner(tx, key)
    if owner is not None:
        raise FileAlreadyRegistered(key, owner)
    return key


def _from_project(asset: Asset, task: Container) -> bool:
    """A project asset, or a render generated in another task of the project (a project
    render too), is used in a task through a task base clone (v4 3.2)."""
    return asset.task_id != task.id and asset.reach_location.layer == Layer.PROJECT


def _roles(used: dict[str, Asset], inputs: Sequence[RenderInput]) -> dict[str, InputRole]:
    roles = {}
    for item in inputs:
        asset = used[item.id]
        role = parse_enum(InputRole, item.role, "role") if item.role else role_for(asset.type)
        check_input_role(asset.id, asset.type, role)
        roles[item.id] = role
    return roles


def _uses(input: Asset, role: InputRole) -> dict[str, Any]:
    taken = snapshot(input.content())
    return {
        "id": input.id,
        "role": str(role),
        "snapshot": taken.json,
        "content_hash": taken.content_hash,
        "neutral": input.neutral,
    }


async def attach_base_view(db: Database, definition_id: str, render_id: str, view: str) -> None:
    """Show `render_id` as a base view (portrait, profile...) of a definition (v1 2.1)."""
    view_name = validate_name(view, "view")

    async def work(tx: Tx) -> None:
        found = await assets.get_many(tx, [definition_id, render_id], lock=True)
        definition, render = found.get(definition_id), found.get(render_id)
        if definition is None:
            raise NotFound("definition", definition_id)
        if render is None:
            raise NotFound("render", render_id)
        if not definition.is_definition:
            raise ValidationError(
                "definition_id", f"{definition_id!r} is a render, not a definition"
            )
        if not render.is_render:
            raise ValidationError("render_id", f"{render_id!r} is a definition, not a render")
        placement.check_within_reach(render.id, definition.location, render.reach_location)
        await assets.attach_view(tx, definition.id, render.id, view_name)

    await db.write(work)


async def mark_final(db: Database, render_id: str, final: bool = True) -> Asset:
    """Mark an approved project render as a final panel (the project gallery, v4 7)."""

    async def work(tx: Tx) -> Asset:
        render = await assets.get(tx, render_id, lock=True)
        if not render.is_render or render.project_id is None:
            raise ScopeViolation(
                f"{render_id!r} is not a project render", "mark a render of a project as final"
            )
        if render.state != State.APPROVED:
            raise ValidationError("state", f"{render_id!r} is {render.state}: approve it first")
        return await assets.update(tx, render.id, {"final": final})

    return await db.write(work)
