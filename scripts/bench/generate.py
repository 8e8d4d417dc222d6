"""A realistic, seeded lineage graph, built in memory with the domain's own rules.

Every asset is made the way the services make it: `clone_of` for base and working clones
(state, inherited version, content hash), `classify` for render classifications, `snapshot`
for what a USES edge stores, `asset_properties` for what is stored, and the upstream space
ids a render records. `load.py` writes it with UNWIND queries (cypher/bench/) that set
exactly what the services' one-at-a-time queries set, so the graph passes every audit.

One space is about 10,000 nodes; a graph of N nodes is N/10,000 spaces of the same shape
(each from its own seed), so a bigger graph holds more tenants, not deeper lineage:

- the space: 1,000 canonical characters, 200 scenes (10 % neutral), 50 styles; the hero
  (character 0) has three versions (the two older ones DEPRECATED), 10 % of the other
  characters a DRAFT next version; 3 space renders per character (the first APPROVED) with
  3-5 inputs (the character, a scene, a style, up to two more characters or scenes);
- 100 projects; the hero is imported into 90 % of them, four more characters (Zipf-popular),
  two scenes and a style into each; working clones of the hero and two characters; 5
  project renders with 3-5 inputs;
- 2 tasks per project, each with 10 renders of 3-5 inputs, taken in through task base
  clones (as registerRender does in a task); half of them use the hero.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from lineage.domain.classification import classify
from lineage.domain.enums import AssetType, DeriveKind, Layer, Origin, State
from lineage.domain.hashing import snapshot
from lineage.domain.inputs import role_for
from lineage.domain.model import Asset, Container
from lineage.graph.codec import asset_properties
from lineage.services.common import clone_of, place

NODES_PER_SPACE = 10_000


@dataclass(frozen=True)
class Shape:
    """How much one space holds; the defaults make about 10,000 nodes."""

    characters: int = 1000
    scenes: int = 200
    styles: int = 50
    space_renders_per_character: int = 3
    projects: int = 100
    tasks_per_project: int = 2
    renders_per_task: int = 10
    project_renders: int = 5
    hero_import_share: float = 0.9

    @staticmethod
    def small() -> Shape:
        """A few hundred nodes, for tests."""
        return Shape(characters=20, scenes=6, styles=3, projects=4, renders_per_task=4)


@dataclass
class SpaceGraph:
    """One space's containers, assets (parents before children) and edges."""

    space: Container
    projects: list[Container] = field(default_factory=list)
    tasks: list[Container] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    derives: list[dict[str, str]] = field(default_factory=list)
    uses: list[dict[str, Any]] = field(default_factory=list)
    hero_id: str = ""
    # Task renders that use the hero (the deepest upstream lineage).
    hero_task_renders: list[str] = field(default_factory=list)
    # Per task: the ids of its task base clones but the hero's (inputs for new renders
    # there that leave the hero's downstream lineage as it was).
    task_inputs: dict[str, list[str]] = field(default_factory=dict)
    # Asset id -> ids of the space assets it comes from (for new renders' upstream_space_ids).
    upstream: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return 1 + len(self.projects) + len(self.tasks) + len(self.assets)


def spaces_for(nodes: int) -> int:
    return max(1, round(nodes / NODES_PER_SPACE))


class _Builder:
    def __init__(self, space: Container, seed: int, actor: str, shape: Shape) -> None:
        self.rng = random.Random(seed)
        self.actor = actor
        self.shape = shape
        self.graph = SpaceGraph(space)
        self.by_id: dict[str, Asset] = {}
        # Ids of the space assets each asset comes from (itself included when in the space).
        self.upstream: dict[str, frozenset[str]] = {}
        self.snapshots: dict[str, dict[str, Any]] = {}

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{self.rng.getrandbits(64):016x}"

    def zipf(self, items: list[Asset], exponent: float = 1.1) -> Asset:
        """An item by Zipf popularity: rank r is chosen with weight 1 / r^exponent."""
        return self.rng.choices(items, cum_weights=_zipf_cumulative(len(items), exponent))[0]

    def add(self, asset: Asset, parent: Asset | None = None, kind: str = "") -> Asset:
        self.graph.assets.append(asset)
        self.by_id[asset.id] = asset
        own = frozenset({asset.id}) if asset.layer == Layer.SPACE else frozenset()
        self.upstream[asset.id] = own | (self.upstream[parent.id] if parent else frozenset())
        if parent is not None:
            self.graph.derives.append({"child_id": asset.id, "parent_id": parent.id, "kind": kind})
        return asset

    def definition(self, kind: AssetType, name: str, neutral: bool = False) -> Asset:
        made = Asset(
            id=self.new_id("d"), type=kind, layer=Layer.SPACE, origin=Origin.ORIGINAL,
            state=State.CANONICAL, name=name, space_id=self.graph.space.id, neutral=neutral,
            version="1.0.0", created_by=self.actor,
        )  # fmt: skip
        return self.add(place(made, self.graph.space).with_content_hash())

    def version(self, old: Asset, number: int, state: State) -> Asset:
        new = replace(
            old, id=self.new_id("d"), state=state, version=f"{number}.0.0",
            description=f"revision {number}",
        ).with_content_hash()  # fmt: skip
        return self.add(new, old, str(DeriveKind.VERSION))

    def clone(self, source: Asset, where: Container, origin: Origin, **changes: Any) -> Asset:
        made = clone_of(source, where, origin, changes, self.actor)
        made = replace(made, id=self.new_id("r" if source.is_render else "d"))
        return self.add(made, source, str(DeriveKind.CLONE))

    def render(self, where: Container, name: str, inputs: list[Asset], state: State) -> Asset:
        upstream = frozenset().union(*(self.upstream[a.id] for a in inputs))
        made = new_render(self.new_id("r"), where, name, inputs, upstream, self.actor)
        made = replace(made, state=state, parameters={"seed": self.rng.randrange(2**31)})
        made = self.add(made.with_content_hash())
        self.upstream[made.id] |= upstream
        for used in inputs:
            if used.id not in self.snapshots:  # one input, one content: hash it once
                self.snapshots[used.id] = uses_row("", used)
            self.graph.uses.append({**self.snapshots[used.id], "render_id": made.id})
        return made


def new_render(
    id: str,
    where: Container,
    name: str,
    inputs: list[Asset],
    upstream: frozenset[str],
    actor: str | None,
) -> Asset:
    """A DRAFT render as services.renders.register_render makes it (before its state)."""
    definitions = [(a.type, a.neutral) for a in inputs if a.is_definition]
    made = Asset(
        id=id, type=AssetType.RENDER, layer=where.kind, origin=Origin.ORIGINAL,
        state=State.DRAFT, name=name, space_id=where.space_id, created_by=actor,
        classification=classify(definitions), upstream_space_ids=tuple(sorted(upstream)),
        prompt=f"{name}, cinematic light", model="bench-diffusion-1",
    )  # fmt: skip
    return place(made, where).with_content_hash()


@functools.cache
def _zipf_cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


def uses_row(render_id: str, used: Asset) -> dict[str, Any]:
    """What renders/create_registrations stores for one input (as services.registration._uses
    builds it)."""
    taken = snapshot(used.content())
    return {
        "render_id": render_id,
        "id": used.id,
        "role": str(role_for(used.type)),
        "snapshot": taken.json,
        "content_hash": taken.content_hash,
        "neutral": used.neutral,
    }


def stored(asset: Asset) -> dict[str, Any]:
    """The properties assets/create_asset stores (asset_properties without nulls)."""
    return {k: v for k, v in asset_properties(asset).items() if v is not None}


def build_space(space: Container, seed: int, actor: str, shape: Shape | None = None) -> SpaceGraph:
    """The assets and edges of one space (the space node itself exists already)."""
    shape = shape or Shape()
    b = _Builder(space, seed, actor, shape)
    styles = [b.definition(AssetType.STYLE, f"Style {i:03d}") for i in range(shape.styles)]
    scenes = [
        b.definition(AssetType.SCENE, f"Scene {i:03d}", neutral=i % 10 == 0)
        for i in range(shape.scenes)
    ]
    characters = [
        b.definition(AssetType.CHARACTER, f"Character {i:04d}") for i in range(shape.characters)
    ]
    hero = _versions(b, characters)
    b.graph.hero_id = hero.id
    b.graph.upstream = b.upstream
    characters[0] = hero
    for character in characters:
        for number in range(shape.space_renders_per_character):
            extra = [b.zipf(characters + scenes) for _ in range(b.rng.randint(0, 2))]
            inputs = _distinct([character, b.zipf(scenes), b.rng.choice(styles), *extra])
            state = State.APPROVED if number == 0 else State.DRAFT
            b.render(space, f"{character.name} shot {number}", inputs, state)
    for index in range(shape.projects):
        _project(b, index, hero, characters, scenes, styles)
    return b.graph


def _versions(b: _Builder, characters: list[Asset]) -> Asset:
    """The hero gets versions 2 and 3 (each publish deprecates the one before); one in ten
    other characters a DRAFT version 2. Returns the hero's current version."""
    first = replace(characters[0], state=State.DEPRECATED)
    b.graph.assets[b.graph.assets.index(characters[0])] = first
    b.by_id[first.id] = first
    second = b.version(first, 2, State.DEPRECATED)
    third = b.version(second, 3, State.CANONICAL)
    for character in characters[1::10]:
        b.version(character, 2, State.DRAFT)
    return third


def _project(
    b: _Builder,
    index: int,
    hero: Asset,
    characters: list[Asset],
    scenes: list[Asset],
    styles: list[Asset],
) -> None:
    space = b.graph.space
    project = Container(
        Layer.PROJECT, b.new_id("proj"), f"Project {index:03d}", space_id=space.id,
        created_by=b.actor,
    )  # fmt: skip
    b.graph.projects.append(project)
    with_hero = b.rng.random() < b.shape.hero_import_share
    picked = _distinct([b.zipf(characters[1:]) for _ in range(6)])[:4]
    sources = ([hero] if with_hero else []) + picked
    sources += _distinct([b.zipf(scenes) for _ in range(3)])[:2] + [b.rng.choice(styles)]
    base = {s.id: b.clone(s, project, Origin.BASE_CLONE) for s in sources}
    varied = ([hero] if with_hero else []) + picked[:2]
    working = {
        s.id: b.clone(base[s.id], project, Origin.WORKING_CLONE, name=f"{s.name} (project {index})")
        for s in varied
    }
    people = [working.get(s.id, base[s.id]) for s in sources if s.type == AssetType.CHARACTER]
    settings = [base[s.id] for s in sources if s.type != AssetType.CHARACTER]
    renders = [
        b.render(project, f"Cover {index}.{n}", _inputs(b, people, settings), State.DRAFT)
        for n in range(b.shape.project_renders)
    ]
    for number in range(b.shape.tasks_per_project):
        task = Container(
            Layer.TASK, b.new_id("task"), f"Task {index:03d}.{number}", space_id=space.id,
            project_id=project.id, created_by=b.actor,
        )  # fmt: skip
        b.graph.tasks.append(task)
        _task(b, task, people, settings, renders, working.get(hero.id))


def _task(
    b: _Builder,
    task: Container,
    people: list[Asset],
    settings: list[Asset],
    project_renders: list[Asset],
    hero_clone: Asset | None,
) -> None:
    """Task renders; their project inputs are taken in through task base clones, once per
    (task, source), as registerRender does in a task."""
    taken: dict[str, Asset] = {}

    def into_task(source: Asset) -> Asset:
        if source.id not in taken:
            taken[source.id] = b.clone(source, task, Origin.BASE_CLONE)
        return taken[source.id]

    for number in range(b.shape.renders_per_task):
        cast = [p for p in people if p is not hero_clone]
        inputs = _inputs(b, cast, settings)
        uses_hero = hero_clone is not None and number % 2 == 0
        if uses_hero:
            inputs = [hero_clone, *inputs[1:]]
        if number % 3 == 2:
            inputs = [*inputs[:4], b.rng.choice(project_renders)]
        made = b.render(task, f"{task.name} panel {number}", [into_task(i) for i in inputs],
                        State.DRAFT)  # fmt: skip
        if uses_hero:
            b.graph.hero_task_renders.append(made.id)
    hero_id = hero_clone.id if hero_clone is not None else None
    b.graph.task_inputs[task.id] = [a.id for s, a in taken.items() if s != hero_id]


def _inputs(b: _Builder, people: list[Asset], settings: list[Asset]) -> list[Asset]:
    """3-5 distinct inputs: one or two characters, the rest scenes and styles."""
    count = b.rng.randint(3, 5)
    cast = b.rng.sample(people, min(len(people), b.rng.randint(1, 2)))
    rest = b.rng.sample(settings, min(len(settings), count - len(cast)))
    return cast + rest


def _distinct(assets: list[Asset]) -> list[Asset]:
    seen: dict[str, Asset] = {}
    for asset in assets:
        seen.setdefault(asset.id, asset)
    return list(seen.values())


def batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
