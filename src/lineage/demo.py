"""`lineage demo`: Jennifer's lifecycle (v1 section 8) and one example of each chain of
v4 section 6, loaded through the same operations the API uses. Loading twice is harmless:
the demo space is found by name and left as it is. Given a file store, every render gets a
small picture painted from its inputs (lineage.demo_pictures), so the explorer shows
thumbnails."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

from lineage.demo_pictures import Ingredient, paint
from lineage.domain.enums import Layer
from lineage.domain.model import Asset, Container
from lineage.graph import containers as container_graph
from lineage.graph.database import Database
from lineage.services import cloning, containers, definitions, deletion, lifecycle, renders
from lineage.services.renders import RenderInput
from lineage.services.versions import create_version
from lineage.storage import FileStore
from lineage.storage.keys import new_key

DEMO_SPACE = "Demo: Jennifer's universe"


@dataclass
class DemoIds:
    """The ids a newcomer will want to look at first."""

    created: bool
    ids: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pictures:
    """Where the demo keeps its renders' pictures; without a store, renders have no file."""

    store: FileStore | None = None

    async def file_for(self, container_id: str, inputs: Sequence[Asset]) -> dict[str, Any] | None:
        """A picture of these inputs, stored for the container: the render's `file`."""
        if self.store is None:
            return None
        picture = paint([Ingredient(str(a.type), a.name) for a in inputs])
        checksum = hashlib.sha256(picture).hexdigest()
        key = new_key(container_id, "image/png")

        async def chunks() -> AsyncIterator[bytes]:
            yield picture

        stored = await self.store.write_file(key, "image/png", len(picture), checksum, chunks())
        return stored.to_dict()

    async def render(
        self, db: Database, container_id: str, name: str, inputs: Sequence[Asset], **kw: Any
    ) -> Asset:
        """Register a render of these inputs, with its picture."""
        file = await self.file_for(container_id, inputs)
        used = [RenderInput(a.id) for a in inputs]
        return await renders.register_render(db, container_id, name, used, file=file, **kw)


async def load_demo(
    db: Database, say: Callable[[str], None] = print, store: FileStore | None = None
) -> DemoIds:
    pictures = Pictures(store)
    existing = await _existing_space(db)
    if existing is not None:
        say(f"The demo is already loaded (space {existing.id}).")
        return DemoIds(False, {"space": existing.id})
    ids: dict[str, str] = {}
    space = await containers.create(db, Layer.SPACE, DEMO_SPACE, description="Demo data")
    ids["space"] = space.id
    say("Space: Jennifer, a living room, a neutral studio and a comic style ...")
    canon = await _space_canon(db, pictures, space, ids)
    say("Project 'Breakup Comic #1': imports and Jennifer's moods ...")
    project = await containers.create(db, Layer.PROJECT, "Breakup Comic #1", space.id)
    ids["project"] = project.id
    moods = await _project_variants(db, project, canon, ids)
    say("Tasks: panels 1 and 4, an expressions task, a deleted layout task ...")
    await _tasks(db, pictures, project, canon, moods, ids)
    say("A second version of Jennifer, published: the project clone is one version behind.")
    jennifer_v2 = await create_version(
        db, canon["jennifer"].id, "MAJOR", {"description": "Redesign: shorter hair"}
    )
    await lifecycle.transition(db, jennifer_v2.id, "CANONICAL")
    ids["jennifer_v2"] = jennifer_v2.id
    return DemoIds(True, ids)


async def _existing_space(db: Database) -> Container | None:
    async def work(tx: Tx) -> list[Container]:
        return await container_graph.find_spaces_named(tx, DEMO_SPACE)

    found = await db.read_tx(work)
    return found[0] if found else None


async def _canonical(db: Database, space: Container, type: str, name: str, **kw: object) -> Asset:
    draft = await definitions.create_definition(db, space.id, type, name, **kw)  # type: ignore[arg-type]
    return await lifecycle.transition(db, draft.id, "CANONICAL")


async def _space_canon(
    db: Database, pictures: Pictures, space: Container, ids: dict[str, str]
) -> dict[str, Asset]:
    jennifer = await definitions.create_definition(
        db, space.id, "CHARACTER", "Jennifer",
        description="Protagonist, late twenties, expressive eyebrows",
        fields={"canonical_tags": ["protagonist"], "proportion_profile": "semi-caricature"},
    )  # fmt: skip
    studio = await _canonical(db, space, "SCENE", "Neutral studio", neutral=True)
    portrait = await pictures.render(
        db, space.id, "Jennifer portrait (neutral)", [jennifer, studio],
        prompt="mannequin mode, neutral background, portrait", render_type="character_ref",
    )  # fmt: skip
    await lifecycle.transition(db, portrait.id, "APPROVED")
    await renders.attach_base_view(db, jennifer.id, portrait.id, "portrait")
    jennifer = await lifecycle.transition(db, jennifer.id, "CANONICAL")
    canon = {
        "jennifer": jennifer,
        "studio": studio,
        "portrait": portrait,
        "living_room": await _canonical(
            db, space, "SCENE", "LivingRoom", fields={"location_type": "living room"}
        ),
        "style": await _canonical(
            db, space, "STYLE", "ComicStyle_v1", fields={"categories": ["coreStyle"]}
        ),
    }
    ids.update({f"space_{key}": asset.id for key, asset in canon.items()})
    return canon


async def _project_variants(
    db: Database, project: Container, canon: dict[str, Asset], ids: dict[str, str]
) -> dict[str, Asset]:
    jennifer = await cloning.import_to_project(db, project.id, canon["jennifer"].id)
    room = await cloning.import_to_project(db, project.id, canon["living_room"].id)
    style = await cloning.import_to_project(db, project.id, canon["style"].id)
    moods = {"style": style}
    for mood in ("exuberant", "sullen", "determined"):
        clone = await cloning.derive_working_clone(db, jennifer.id, {"name": f"Jennifer_{mood}"})
        moods[mood] = await lifecycle.transition(db, clone.id, "CANONICAL")
    morning = await cloning.derive_working_clone(
        db, room.id, {"name": "LivingRoom_scene_morning", "description": "Morning light"}
    )
    moods["morning"] = await lifecycle.transition(db, morning.id, "CANONICAL")
    ids.update(
        {"project_jennifer": jennifer.id, **{f"project_{k}": v.id for k, v in moods.items()}}
    )
    return moods


async def _tasks(
    db: Database,
    pictures: Pictures,
    project: Container,
    canon: dict[str, Asset],
    moods: dict[str, Asset],
    ids: dict[str, str],
) -> None:
    panel1 = await containers.create(db, Layer.TASK, "Page 1, Panel 1", project.id)
    frame1_inputs = [moods["exuberant"], moods["morning"], moods["style"]]
    frame1 = await _panel(db, pictures, panel1, frame1_inputs)
    await lifecycle.transition(db, frame1.id, "APPROVED")
    await renders.mark_final(db, frame1.id)
    panel4 = await containers.create(db, Layer.TASK, "Page 1, Panel 4", project.id)
    frame4 = await _panel(db, pictures, panel4, [moods["sullen"], moods["morning"]])
    ids.update(
        {"task_panel1": panel1.id, "task_render_panel1": frame1.id, "task_panel4": panel4.id,
         "task_render_panel4": frame4.id}
    )  # fmt: skip
    await _expressions_task(db, pictures, project, canon, moods, ids)
    layout = await containers.create(db, Layer.TASK, "Page 2 layout (deleted)", project.id)
    kept = await _panel(db, pictures, layout, [moods["determined"], moods["morning"]])
    await deletion.delete_task(db, layout.id, "KEEP_RENDERS")
    ids["kept_render_of_deleted_task"] = kept.id


async def _expressions_task(
    db: Database,
    pictures: Pictures,
    project: Container,
    canon: dict[str, Asset],
    moods: dict[str, Asset],
    ids: dict[str, str],
) -> None:
    """Both chains of v4 section 6 inside one task: a task working clone of a definition,
    and a variant of an imported space render."""
    task = await containers.create(db, Layer.TASK, "Character expressions", project.id)
    task_base = await cloning.use_in_task(db, task.id, moods["determined"].id)
    rainy = await cloning.derive_working_clone(
        db, task_base.id, {"name": "Jennifer_determined_rain", "description": "Soaked by rain"}
    )
    portrait_base = await cloning.import_to_project(db, project.id, canon["portrait"].id)
    portrait_in_task = await cloning.use_in_task(db, task.id, portrait_base.id)
    variant = await cloning.derive_working_clone(
        db, portrait_in_task.id, {"prompt": "same pose, rain-soaked"}
    )
    render = await pictures.render(
        db, task.id, "Jennifer in the rain", [rainy, variant],
        prompt="determined face, heavy rain",
    )  # fmt: skip
    ids.update(
        {"task_expressions": task.id, "task_working_clone": rainy.id,
         "task_variant": variant.id, "task_render_rain": render.id}
    )  # fmt: skip


async def _panel(db: Database, pictures: Pictures, task: Container, inputs: list[Asset]) -> Asset:
    return await pictures.render(
        db, task.id, f"{task.name} frame", inputs,
        prompt=f"{task.name}: " + ", ".join(a.name for a in inputs), render_type="composite",
    )  # fmt: skip
