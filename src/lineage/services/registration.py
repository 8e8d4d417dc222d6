"""Register generated renders, one or a batch, in two queries: the facts read under the
locks (containers first, then the inputs and their task base clones, docs/domain.md §6),
the checks made here on those facts, and the accepted renders written at once.

Each render of a batch is all or nothing: a refused one writes nothing (not even the base
clones it would have taken its inputs through) and gets its own typed error; the others
land. Later renders of a batch see what earlier accepted ones made (a base clone, a file
key), as if registered one after the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.domain import history, lifecycle, placement
from lineage.domain.access import Viewer
from lineage.domain.classification import classify
from lineage.domain.diff import FieldChange
from lineage.domain.enums import AssetType, InputRole, Layer, Origin, State
from lineage.domain.errors import DuplicateInput, LineageError, NotFound, ValidationError
from lineage.domain.file_errors import FileAlreadyRegistered
from lineage.domain.hashing import snapshot
from lineage.domain.history import Operation, Recorder
from lineage.domain.inputs import check_input_role, role_for
from lineage.domain.missing import MISSING
from lineage.domain.model import Asset, Container
from lineage.domain.validation import parse_enum, validate_json_object, validate_name
from lineage.graph import history as history_log
from lineage.graph import registrations
from lineage.graph.database import Database
from lineage.graph.registrations import RegistrationFacts
from lineage.services.cloning import check_clonable
from lineage.services.common import clone_of, new_id, place, validated_changes
from lineage.storage.base import file_key

MAX_INPUTS = 100
MAX_BATCH = 200
ACTION = "register a render"

Outcome = Asset | LineageError


@dataclass(frozen=True)
class RenderInput:
    """One input of a new render; the role defaults to the one its type plays."""

    id: str
    role: str | None = None


@dataclass(frozen=True)
class RenderRequest:
    """One render to register in a space, project or task."""

    container_id: str
    name: str
    inputs: Sequence[RenderInput] = ()
    prompt: str | None = None
    parameters: dict[str, Any] | None = None
    model: str | None = None
    render_type: str | None = None
    file: dict[str, Any] | None = None
    description: str = ""
    metadata: dict[str, Any] | None = None


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
    viewer: Viewer | None = None,
) -> Asset:
    """Record a generated render in a space, project or task (docs/domain.md §6). With a
    `viewer`, the container and the inputs are authorised on what the transaction read."""
    request = RenderRequest(
        container_id, name, inputs, prompt, parameters, model, render_type, file,
        description, metadata,
    )  # fmt: skip
    [outcome] = await register_renders(db, [request], actor, viewer)
    if isinstance(outcome, LineageError):
        raise outcome
    return outcome


async def register_renders(
    db: Database,
    requests: Sequence[RenderRequest],
    actor: str | None = None,
    viewer: Viewer | None = None,
) -> list[Outcome]:
    """Register each render on its own terms; one outcome per request, in order. A batch
    where nothing is accepted writes nothing (the transaction rolls back)."""
    if len(requests) > MAX_BATCH:
        raise ValidationError("inputs", f"at most {MAX_BATCH} renders per request")
    checked = [_checked(request) for request in requests]
    if all(isinstance(c, LineageError) for c in checked):
        return [c for c in checked if isinstance(c, LineageError)]  # nothing to read or write

    async def work(tx: Tx) -> list[Outcome]:
        valid = [c for c in checked if isinstance(c, _Checked)]
        facts = await registrations.facts(
            tx, [c.request.container_id for c in valid],
            [i.id for c in valid for i in c.request.inputs],
            [c.file_key for c in valid if c.file_key is not None],
        )  # fmt: skip
        plan = _Plan(facts, actor, viewer)
        staged = [c if isinstance(c, LineageError) else plan.add(c) for c in checked]
        if not plan.renders:
            raise _NothingAccepted(staged)
        written = await registrations.create(tx, plan.clones, plan.renders)
        await history_log.append(tx, _history(plan, written, actor))
        made = iter(written)
        return [next(made) if isinstance(s, _Accepted) else s for s in staged]

    try:
        return await db.write(work)
    except _NothingAccepted as refused:
        return refused.outcomes


class _NothingAccepted(Exception):
    """Every render was refused: roll back (an idempotency claim too) and answer them."""

    def __init__(self, outcomes: Sequence[Outcome | _Accepted]) -> None:
        super().__init__("no render accepted")
        self.outcomes: list[Outcome] = [o for o in outcomes if isinstance(o, LineageError)]


@dataclass(frozen=True)
class _Checked:
    """A request whose own content passed the checks that need no data."""

    request: RenderRequest
    content: dict[str, Any]
    file_key: str | None


@dataclass(frozen=True)
class _Accepted:
    """Placeholder for an accepted render until the write gives it back."""

    render_id: str


def _checked(request: RenderRequest) -> _Checked | LineageError:
    try:
        if len(request.inputs) > MAX_INPUTS:
            raise ValidationError("inputs", f"at most {MAX_INPUTS} inputs per render")
        content = validated_changes(
            AssetType.RENDER,
            {"name": validate_name(request.name), "description": request.description,
             "prompt": request.prompt, "parameters": request.parameters or {},
             "model": request.model, "render_type": request.render_type,
             "metadata": request.metadata or {}},
        )  # fmt: skip
        if request.file is not None:
            content["file"] = validate_json_object(request.file, "file")
        _check_listed_once(request.inputs)
    except LineageError as error:
        return error
    return _Checked(request, content, file_key(content.get("file")))


@dataclass
class _Plan:
    """What the batch will write, grown render by render; facts updated as renders are
    accepted so that later ones see the base clones and file keys of earlier ones."""

    facts: RegistrationFacts
    actor: str | None
    viewer: Viewer | None
    clones: list[tuple[Asset, str]] = field(default_factory=list)
    renders: list[tuple[Asset, str | None, list[dict[str, Any]]]] = field(default_factory=list)

    def add(self, item: _Checked) -> _Accepted | LineageError:
        new_clones: list[tuple[Asset, str]] = []
        try:
            render, uses = self._render(item, new_clones)
        except LineageError as error:
            return error
        facts = self.facts
        for clone, source_id in new_clones:
            facts.assets[clone.id] = clone
            facts.upstream[clone.id] = facts.upstream.get(source_id, frozenset())
            facts.clones[(source_id, clone.container_id)] = clone.id
        if item.file_key is not None:
            facts.file_owners[item.file_key] = render.id
        self.clones.extend(new_clones)
        self.renders.append((render, item.file_key, uses))
        return _Accepted(render.id)

    def _render(
        self, item: _Checked, new_clones: list[tuple[Asset, str]]
    ) -> tuple[Asset, list[dict[str, Any]]]:
        request = item.request
        container = self._container(request.container_id)
        self._check_visible(request.inputs)
        owner = self.facts.file_owners.get(item.file_key) if item.file_key else None
        if item.file_key is not None and owner is not None:
            raise FileAlreadyRegistered(item.file_key, owner)
        used = self._resolve(container, request.inputs, new_clones)
        roles = _roles(used, request.inputs)
        # Every given input is its own asset (_check_resolved_once): each counts once.
        definitions = [(a.type, a.neutral) for a in used.values() if a.is_definition]
        upstream = frozenset[str]().union(*(self._upstream(a, new_clones) for a in used.values()))
        render = Asset(
            id=new_id("r"), type=AssetType.RENDER, layer=container.kind, origin=Origin.ORIGINAL,
            state=State.DRAFT, space_id=container.space_id, created_by=self.actor,
            classification=classify(definitions), upstream_space_ids=tuple(sorted(upstream)),
            **item.content,
        )  # fmt: skip
        uses = [_uses(used[i.id], roles[i.id]) for i in request.inputs]
        return place(render, container).with_content_hash(), uses

    def _container(self, id: str) -> Container:
        """The container, authorised as `guard.authorised_container` does: unknown, or
        outside the caller's spaces, it answers as unknown; editors may register."""
        container = self.facts.containers.get(id)
        if container is None or (self.viewer and not self.viewer.sees(container.space_id)):
            raise NotFound("container", id)
        if self.viewer is not None:
            self.viewer.require(container.space_id, ACTION)
        return container

    def _check_visible(self, inputs: Sequence[RenderInput]) -> None:
        """Another tenant's input answers as an id that does not exist (`guard.visible`)."""
        if self.viewer is None:
            return
        for item in inputs:
            asset = self.facts.assets.get(item.id)
            if asset is None or not self.viewer.sees(asset.space_id):
                raise NotFound("asset or container", item.id)

    def _resolve(
        self, container: Container, inputs: Sequence[RenderInput],
        new_clones: list[tuple[Asset, str]],
    ) -> dict[str, Asset]:  # fmt: skip
        """Input id -> the asset the render will use; in a task, project inputs are first
        taken into the task through its base clone (use in task), made when missing."""
        given = self.facts.assets
        # NotFound, as everywhere else an id names nothing (also when a concurrent delete won).
        missing = [i.id for i in inputs if i.id not in given]
        if missing:
            raise NotFound("asset", missing[0])
        used: dict[str, Asset] = {}
        for item in inputs:
            asset = given[item.id]
            if container.kind == Layer.TASK and _from_project(asset, container):
                asset = self._base_clone(asset, container, new_clones)
            used[item.id] = asset
        _check_resolved_once(container, {g: a.id for g, a in used.items()})
        for asset in used.values():
            lifecycle.check_usable(asset.id, asset.state)
            placement.check_within_reach(asset.id, container.location, asset.reach_location)
        return used

    def _base_clone(
        self, source: Asset, container: Container, new_clones: list[tuple[Asset, str]]
    ) -> Asset:
        """`cloning.base_clone_into` on the facts: the task's clone of `source`, or a new one."""
        existing = self.facts.clones.get((source.id, container.id))
        if existing is not None and existing in self.facts.assets:
            return self.facts.assets[existing]
        for clone, source_id in new_clones:
            if source_id == source.id:
                return clone
        check_clonable(source, container)
        clone = clone_of(source, container, Origin.BASE_CLONE, actor=self.actor)
        new_clones.append((clone, source.id))
        return clone

    def _upstream(self, asset: Asset, new_clones: list[tuple[Asset, str]]) -> frozenset[str]:
        """The space assets upstream of an input; a new clone has its source's."""
        for clone, source_id in new_clones:
            if clone.id == asset.id:
                return self.facts.upstream.get(source_id, frozenset())
        return self.facts.upstream.get(asset.id, frozenset())


def _history(plan: _Plan, written: list[Asset], actor: str | None) -> list[history.Entry]:
    """One entry per space and project the batch wrote into: the task base clones taken
    in, then the renders, each with its inputs (path `inputs.<id>`: role and hash)."""
    record = Recorder(Operation.REGISTER_RENDER, actor)
    for clone, source_id in plan.clones:
        record.add(clone.space_id, clone.project_id, history.asset_created(clone, source_id))
    for render, (_, _, uses) in zip(written, plan.renders, strict=True):
        inputs = [
            FieldChange(f"inputs.{u['id']}", MISSING, {"role": u["role"],
                        "content_hash": u["content_hash"]})
            for u in uses
        ]  # fmt: skip
        change = history.asset_created(render, fields=inputs)
        record.add(render.space_id, render.project_id, change)
    return record.entries()


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
