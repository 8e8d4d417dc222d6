"""Random valid and invalid operations against a model of the graph kept in Python.

After every step the lock flags Neo4j computes (graph.locks.flags) must equal the ones the
model derives from the edges the test itself made (binding rule of docs/domain.md §4), the assets
must be where the model says, and every refusal must be a typed LineageError the model
expected. The model restates the rules of docs/domain.md §2-§6 independently of src/lineage.

The state machine is synchronous, so it runs the services on an event loop and a Database
of its own, made inside the test from the session's Neo4j target.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.domain.errors import (
    DriftedInputs,
    DuplicateInput,
    Immutable,
    InvalidTransition,
    LineageError,
    NotDeletable,
    NotImportable,
    NotUsable,
    ScopeViolation,
    ValidationError,
)
from lineage.graph import assets as graph_assets
from lineage.graph import locks, migrations
from lineage.graph import renders as graph_renders
from lineage.graph.database import Database, run
from lineage.neo4j_target import Neo4jTarget
from lineage.services import cloning, containers, definitions, deletion, lifecycle, renders

DELETE_ALL = cypher.load("test/delete_all")
GRAPH_STATE = cypher.load("test/get_graph_state")

Errors = frozenset[type[LineageError]]
OK: Errors = frozenset()

STATES = ["DRAFT", "CANONICAL", "EXPERIMENTAL", "DEPRECATED", "ARCHIVED", "APPROVED", "DISCARDED"]
RETIRED = {"DEPRECATED", "ARCHIVED", "DISCARDED"}
D, C, E, DEP, AR, AP, DIS = STATES
SPACE_DEFINITION = {D: {C, AR, E}, E: {D, AR}, C: {DEP}, DEP: {AR}}
PROJECT_WORKING = {D: {C, AR}, C: {DEP}, DEP: {AR}}
RENDERS = {D: {AP, DIS}, AP: {AR}}

# (layer, origin) of a base clone -> (layer of the source, origins it may have).
DEFINITION_BASE_SOURCES = {
    "PROJECT": ("SPACE", {"ORIGINAL"}),
    "TASK": ("PROJECT", {"BASE_CLONE", "WORKING_CLONE"}),
}
RENDER_BASE_SOURCES = {
    "PROJECT": ("SPACE", {"ORIGINAL"}),
    "TASK": ("PROJECT", {"BASE_CLONE", "ORIGINAL"}),
}


@dataclass(frozen=True)
class Place:
    space: str
    project: str | None = None
    task: str | None = None

    @property
    def layer(self) -> str:
        return "TASK" if self.task else "PROJECT" if self.project else "SPACE"

    def reaches(self, other: Place) -> bool:
        return (
            other.space == self.space
            and other.project in (None, self.project)
            and other.task in (None, self.task)
        )


@dataclass(frozen=True)
class Model:
    id: str
    type: str
    origin: str
    state: str
    place: Place
    neutral: bool = False
    classification: str | None = None
    content: int = 0  # bumped by every edit

    @property
    def layer(self) -> str:
        return self.place.layer

    @property
    def render(self) -> bool:
        return self.type == "RENDER"

    @property
    def reach(self) -> Place:
        """Task renders are project renders (docs/domain.md §2)."""
        if self.render and self.origin == "ORIGINAL" and self.place.task:
            return Place(self.place.space, self.place.project)
        return self.place


def classify(used: list[Model]) -> str:
    c = sum(1 for a in used if a.type == "CHARACTER")
    s = sum(1 for a in used if a.type == "SCENE" and not a.neutral)
    n = sum(1 for a in used if a.type == "SCENE" and a.neutral)
    if c == 1 and s == 0:
        return "CHARACTER"
    if c == 0 and (s == 1 or (s == 0 and n >= 1)):
        return "SCENE"
    return "COMPILATION"


class LineageMachine(RuleBasedStateMachine):
    loop: ClassVar[asyncio.AbstractEventLoop]
    db: ClassVar[Database]

    def __init__(self) -> None:
        super().__init__()
        self.assets: dict[str, Model] = {}
        self.derives: dict[str, str] = {}  # child -> CLONE parent
        # (render, input, re-pointed from) -> input content then; one entry per USES edge,
        # so a render may use one asset twice after a task delete re-pointed two clones.
        self.uses: dict[tuple[str, str, str | None], int] = {}
        self.places: dict[str, Place] = {}  # container id -> its place
        self.edits = 0

    # --- plumbing ---------------------------------------------------------------------

    def run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(work)

    def attempt(self, expected: Errors, work: Coroutine[Any, Any, Any]) -> Any:
        """Run one operation; it must succeed iff the model expects no error, and fail
        with one of the errors the model expects otherwise."""
        try:
            result = self.run(work)
        except LineageError as error:
            assert expected, f"the model expected success, got {error!r}"
            assert type(error) in expected, f"expected one of {expected}, got {error!r}"
            return None
        assert not expected, f"expected one of {sorted(e.__name__ for e in expected)}"
        return result

    def pick(self, data: st.DataObject, preferred: list[str], anything: list[str]) -> str:
        """Mostly a likely-valid choice, so that chains grow; sometimes any at all."""
        if preferred and data.draw(st.integers(0, 3)) > 0:
            return data.draw(st.sampled_from(preferred))
        return data.draw(st.sampled_from(anything))

    def where(self, **wanted: object) -> list[str]:
        """Ids of the assets whose attributes have the wanted values."""
        return [
            i for i, a in self.assets.items()
            if all(getattr(a, key) == value for key, value in wanted.items())
        ]  # fmt: skip

    def containers_of(self, layer: str) -> list[str]:
        return [i for i, p in self.places.items() if p.layer == layer]

    def add(self, asset: Any, model: Model) -> None:
        assert asset.id not in self.assets
        assert (str(asset.type), str(asset.layer), str(asset.origin), str(asset.state)) == (
            model.type, model.layer, model.origin, model.state,
        )  # fmt: skip
        self.assets[asset.id] = replace(model, id=asset.id)

    def dependents(self, asset_id: str) -> list[tuple[str, str]]:
        derived = [(c, "DERIVES_FROM") for c, p in self.derives.items() if p == asset_id]
        used = [(r, "USES") for (r, i, _) in self.uses if i == asset_id]
        return derived + list(dict.fromkeys(used))

    def binding(self, dependent_id: str, edge: str) -> bool:
        d = self.assets[dependent_id]
        return edge == "DERIVES_FROM" or not (
            d.render and d.layer == "SPACE" and d.state in (D, DIS)
        )

    def flags(self, asset_id: str) -> tuple[bool, bool, bool]:
        a = self.assets[asset_id]
        dependents = self.dependents(asset_id)
        locked = any(self.binding(d, e) for d, e in dependents)
        immutable = locked or a.origin == "BASE_CLONE" or (a.render and a.origin != "WORKING_CLONE")
        return locked, not dependents, immutable

    def clone_in(self, container_id: str, source_id: str) -> str | None:
        for child, parent in self.derives.items():
            a = self.assets[child]
            inside = container_id in (a.place.project, a.place.task) and a.layer == (
                self.places[container_id].layer
            )
            if parent == source_id and a.origin == "BASE_CLONE" and inside:
                return child
        return None

    def base_clone_errors(self, container_id: str, source: Model) -> Errors:
        """What import / use in task must refuse (the code raises one of them)."""
        where = self.places[container_id]
        errors: set[type[LineageError]] = set()
        if source.state in RETIRED:
            errors.add(NotUsable)
        if where.layer == "PROJECT":
            needed = AP if source.render else C
            if source.layer != "SPACE" or source.state != needed:
                errors.add(NotImportable)
        table = RENDER_BASE_SOURCES if source.render else DEFINITION_BASE_SOURCES
        layer, origins = table[where.layer]
        if source.reach.layer != layer or source.origin not in origins:
            errors.add(ScopeViolation)
        if not where.reaches(source.reach):
            errors.add(ScopeViolation)
        return frozenset(errors)

    def base_clone_model(self, container_id: str, source: Model) -> Model:
        return replace(source, origin="BASE_CLONE", place=self.places[container_id], content=0)

    # --- setup ------------------------------------------------------------------------

    @initialize()
    def world(self) -> None:
        self.run(self.db.run_autocommit(DELETE_ALL))
        space = self.run(containers.create(self.db, Layer.SPACE, "Comics"))
        other = self.run(containers.create(self.db, Layer.SPACE, "Elsewhere"))
        self.places[space.id] = Place(space.id)
        self.places[other.id] = Place(other.id)
        for parent in (space.id, space.id, other.id):
            project = self.run(containers.create(self.db, Layer.PROJECT, "P", parent))
            self.places[project.id] = Place(parent, project.id)
        for project_id in self.containers_of("PROJECT")[:2]:
            self.create_task_in(project_id)
        # A head start: canonical definitions of each kind in the first space.
        for type, neutral in (("CHARACTER", False), ("SCENE", True), ("SCENE", False)):
            made = self.run(
                definitions.create_definition(self.db, space.id, type, type, neutral=neutral)
            )
            made = self.run(lifecycle.transition(self.db, made.id, C))
            self.add(made, Model("", type, "ORIGINAL", C, Place(space.id), neutral))
        # ...and a draft style with a draft test render of it, which does not bind it.
        style = self.run(definitions.create_definition(self.db, space.id, "STYLE", "Ink"))
        self.add(style, Model("", "STYLE", "ORIGINAL", D, Place(space.id)))
        test = self.run(
            renders.register_render(self.db, space.id, "Test", [renders.RenderInput(style.id)])
        )
        self.record_render(test, Place(space.id), [style.id], [style.id])

    def create_task_in(self, project_id: str) -> None:
        task = self.run(containers.create(self.db, Layer.TASK, "T", project_id))
        self.places[task.id] = Place(self.places[project_id].space, project_id, task.id)

    # --- rules ------------------------------------------------------------------------

    @rule(data=st.data())
    def create_definition(self, data: st.DataObject) -> None:
        where = data.draw(st.sampled_from(list(self.places)))
        kind = data.draw(st.sampled_from(["CHARACTER", "SCENE", "STYLE"]))
        neutral = data.draw(st.booleans())
        name = data.draw(st.sampled_from(["Jennifer", "Kitchen", " "]))
        errors: Errors = OK
        if name.strip() == "" or (neutral and kind == "CHARACTER"):
            errors = frozenset({ValidationError})
        elif self.places[where].layer != "SPACE":
            errors = frozenset({ScopeViolation})
        work = definitions.create_definition(self.db, where, kind, name, neutral=neutral)
        made = self.attempt(errors, work)
        if made is not None:
            self.add(made, Model("", kind, "ORIGINAL", D, self.places[where], neutral))

    @rule(data=st.data())
    def create_task(self, data: st.DataObject) -> None:
        self.create_task_in(data.draw(st.sampled_from(self.containers_of("PROJECT"))))

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def transition(self, data: st.DataObject) -> None:
        force = data.draw(st.booleans())
        movable = [i for i, a in self.assets.items() if self.moves(a, force)]
        # Renders that used something, twice over: their state decides what they bind.
        binding = [r for r, _, _ in self.uses if r in movable]
        a = self.assets[self.pick(data, movable + binding, list(self.assets))]
        allowed = self.moves(a, force)
        target = self.pick(data, sorted(allowed), STATES)
        errors: Errors = OK
        if target not in allowed:
            errors = frozenset({InvalidTransition})
        elif a.render and a.layer == "SPACE" and target == AP and self.drifted(a.id):
            errors = frozenset({DriftedInputs})
        done = self.attempt(errors, lifecycle.transition(self.db, a.id, target, force=force))
        if done is not None:
            self.assets[a.id] = replace(a, state=target)

    def moves(self, a: Model, force: bool) -> set[str]:
        """The states `a` may move to (docs/domain.md §5, restated)."""
        if a.render:
            table = RENDERS
        elif (a.layer, a.origin) == ("SPACE", "ORIGINAL"):
            table = {**SPACE_DEFINITION, C: {DEP, AR} if force else {DEP}}
        elif (a.layer, a.origin) == ("PROJECT", "WORKING_CLONE"):
            table = PROJECT_WORKING
        else:
            table = {}
        return table.get(a.state, set())

    def drifted(self, render_id: str) -> bool:
        return any(
            self.assets[i].content != then
            for (r, i, _), then in self.uses.items()
            if r == render_id
        )

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def update(self, data: st.DataObject) -> None:
        a = self.assets[data.draw(st.sampled_from(list(self.assets)))]
        self.edits += 1
        errors = frozenset({Immutable}) if self.flags(a.id)[2] else OK
        work = definitions.update_asset(self.db, a.id, {"description": f"edit {self.edits}"})
        if self.attempt(errors, work) is not None:
            self.assets[a.id] = replace(a, content=a.content + 1)

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def import_to_project(self, data: st.DataObject) -> None:
        project = data.draw(st.sampled_from(self.containers_of("PROJECT")))
        space = self.where(layer="SPACE", state=C) + self.where(layer="SPACE", state=AP)
        source = self.assets[self.pick(data, space, list(self.assets))]
        self.base_clone(project, source, cloning.import_to_project(self.db, project, source.id))

    @precondition(lambda self: self.assets and self.containers_of("TASK"))
    @rule(data=st.data())
    def use_in_task(self, data: st.DataObject) -> None:
        task = data.draw(st.sampled_from(self.containers_of("TASK")))
        project = self.places[task].project
        nearby = [i for i, a in self.assets.items() if a.reach.project == project]
        source = self.assets[self.pick(data, nearby, list(self.assets))]
        self.base_clone(task, source, cloning.use_in_task(self.db, task, source.id))

    def base_clone(self, container: str, source: Model, work: Coroutine[Any, Any, Any]) -> None:
        existing = self.clone_in(container, source.id)
        expected = OK if existing else self.base_clone_errors(container, source)
        made = self.attempt(expected, work)
        if made is None:
            return
        if existing:
            assert made.id == existing, "not idempotent per (container, source)"
            return
        self.add(made, self.base_clone_model(container, source))
        self.derives[made.id] = source.id

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def derive(self, data: st.DataObject) -> None:
        source = self.assets[self.pick(data, self.where(origin="BASE_CLONE"), list(self.assets))]
        errors: set[type[LineageError]] = set()
        if source.layer == "SPACE" or source.origin != "BASE_CLONE":
            errors.add(ScopeViolation)
        if source.render and (source.layer != "TASK" or source.classification == "COMPILATION"):
            errors.add(ScopeViolation)
        if source.state in RETIRED:
            errors.add(NotUsable)
        made = self.attempt(frozenset(errors), cloning.derive_working_clone(self.db, source.id))
        if made is not None:
            self.add(made, replace(source, origin="WORKING_CLONE", state=D, content=0))
            self.derives[made.id] = source.id

    @rule(data=st.data())
    def register_render(self, data: st.DataObject) -> None:
        where = data.draw(st.sampled_from(list(self.places)))
        place = self.places[where]
        nearby = [i for i, a in self.assets.items() if place.reaches(a.reach)]
        pool = nearby if nearby and data.draw(st.integers(0, 3)) > 0 else list(self.assets)
        least = 1 if data.draw(st.integers(0, 3)) > 0 else 0  # mostly with inputs
        inputs = st.lists(st.sampled_from(pool), min_size=least, max_size=3, unique=True)
        given = data.draw(inputs) if pool else []
        chosen: list[str | Model] = []  # an id, or the model of a clone to be made
        errors: Errors = OK
        for input_id in given:
            a = self.assets[input_id]
            if place.task and a.place.task != place.task and a.reach.layer == "PROJECT":
                existing = self.clone_in(where, a.id)
                errors = OK if existing else self.base_clone_errors(where, a)
                if errors:
                    break
                chosen.append(existing or self.base_clone_model(where, a))
            else:
                chosen.append(input_id)
        known = [c for c in chosen if isinstance(c, str)]
        if not errors and len(set(known)) < len(known):
            errors = frozenset({DuplicateInput})  # a project asset and the task's clone of it
        elif not errors:
            used = [self.assets[c] if isinstance(c, str) else c for c in chosen]
            refused: set[type[LineageError]] = set()
            refused |= {NotUsable for u in used if u.state in RETIRED}
            refused |= {ScopeViolation for u in used if not place.reaches(u.reach)}
            errors = frozenset(refused)
        work = renders.register_render(
            self.db, where, "Frame", [renders.RenderInput(i) for i in given]
        )
        made = self.attempt(errors, work)
        if made is not None:
            self.record_render(made, place, given, chosen)

    def record_render(self, made: Any, place: Place, given: list[str], chosen: list[Any]) -> None:
        edges = self.run(self.db.read_tx(lambda tx: render_inputs(tx, made.id)))
        known = {c for c in chosen if isinstance(c, str)}
        new = {}  # source id -> the clone id the render made
        for input_id, parent in edges.items():
            if input_id not in known and input_id not in self.assets:
                new[parent] = input_id
        used: dict[str, Model] = {}
        for input_id, c in zip(given, chosen, strict=True):
            if isinstance(c, str):
                used[c] = self.assets[c]
                continue
            clone_id = new[input_id]
            if clone_id not in self.assets:
                self.assets[clone_id] = replace(c, id=clone_id)
                self.derives[clone_id] = input_id
            used[clone_id] = self.assets[clone_id]
        assert set(edges) == set(used), "the render uses other assets than the model says"
        model = Model("", "RENDER", "ORIGINAL", D, place, classification=classify([*used.values()]))
        self.add(made, model)
        assert str(made.classification) == model.classification
        for input_id, a in used.items():
            self.uses[(made.id, input_id, None)] = a.content

    @precondition(lambda self: self.assets)
    @rule(data=st.data())
    def delete_asset(self, data: st.DataObject) -> None:
        a = self.assets[data.draw(st.sampled_from(list(self.assets)))]
        errors = OK if self.flags(a.id)[1] else frozenset({NotDeletable})
        if self.attempt(errors, deletion.delete_asset(self.db, a.id)) is not None:
            self.forget([a.id])

    @precondition(lambda self: self.containers_of("TASK"))
    @rule(data=st.data())
    def delete_task(self, data: st.DataObject) -> None:
        task = data.draw(st.sampled_from(self.containers_of("TASK")))
        keep = data.draw(st.booleans())
        inside = {i for i, a in self.assets.items() if a.place.task == task}
        kept = {i for i in inside if self.assets[i].render and self.assets[i].origin == "ORIGINAL"}
        doomed = inside - kept if keep else inside
        repoint = {
            (r, c, via): self.surviving(c, doomed)
            for (r, c, via) in self.uses
            if keep and r in kept and c in doomed
        }
        blocked = any(
            d not in doomed and not any(k[:2] == (d, i) for k in repoint)
            for i in doomed
            for d, _ in self.dependents(i)
        )
        errors = frozenset({NotDeletable}) if blocked else OK
        mode = "KEEP_RENDERS" if keep else "DELETE_RENDERS"
        if self.attempt(errors, deletion.delete_task(self.db, task, mode)) is None:
            return
        for (r, c, via), target in repoint.items():
            # Each edge stays its own, told apart by the clone it was.
            self.uses[(r, target, c)] = self.uses.pop((r, c, via))
        for r in kept if keep else ():
            a = self.assets[r]
            self.assets[r] = replace(a, place=Place(a.place.space, a.place.project))
        self.forget(sorted(doomed))
        del self.places[task]

    def surviving(self, clone_id: str, doomed: set[str]) -> str:
        at = self.derives[clone_id]
        while at in doomed:
            at = self.derives[at]
        return at

    def forget(self, ids: list[str]) -> None:
        for i in ids:
            del self.assets[i]
            self.derives.pop(i, None)
        self.uses = {key: v for key, v in self.uses.items() if key[0] not in ids}

    # --- the checks after every step --------------------------------------------------

    @invariant()
    def graph_matches_the_model(self) -> None:
        ids = sorted(self.assets)
        stored, computed = self.run(self.db.read_tx(lambda tx: read_graph(tx, ids)))
        assert set(stored) == set(self.assets), "assets differ from the model"
        for i, a in self.assets.items():
            assert stored[i] == (a.state, a.layer, a.place.task), f"{i}: state, layer, task"
            assert computed[i] == self.flags(i), f"{i}: (locked, deletable, immutable)"


async def render_inputs(tx: Tx, render_id: str) -> dict[str, str | None]:
    """Input id -> its clone parent id (None when it has none)."""
    records = await graph_renders.inputs_of(tx, [render_id])
    ids = [r["input"]["id"] for r in records]
    parents = await graph_assets.clone_parents(tx, ids)
    return {i: parents[i].id if i in parents else None for i in ids}


async def read_graph(
    tx: Tx, ids: list[str]
) -> tuple[dict[str, tuple[str, str, str | None]], dict[str, tuple[bool, bool, bool]]]:
    nodes = (await run(tx, GRAPH_STATE))[0]["nodes"]
    props = [n["props"] for n in nodes if "Asset" in n["labels"]]
    stored = {p["id"]: (p["state"], p["layer"], p.get("task_id")) for p in props}
    return stored, await locks.flags(tx, ids)


def test_random_operations_keep_locks_right(neo4j_target: Neo4jTarget) -> None:
    loop = asyncio.new_event_loop()

    async def connect() -> Database:
        db = Database.connect(neo4j_target.uri, neo4j_target.auth, neo4j_target.database)
        await migrations.apply(db)
        return db

    db = loop.run_until_complete(connect())
    try:
        LineageMachine.loop, LineageMachine.db = loop, db
        run_state_machine_as_test(
            LineageMachine,
            settings=settings(
                max_examples=25,
                stateful_step_count=40,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                # Each step is a round trip to Neo4j: shrinking would run for minutes.
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
            ),
        )
    finally:
        loop.run_until_complete(db.close())
        loop.close()
