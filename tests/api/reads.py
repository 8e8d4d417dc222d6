"""Shorthands for the read-side API tests: a sample graph built through the services, and
raw HTTP calls that return the whole GraphQL response (errors and extensions included)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from lineage.domain.enums import Layer
from lineage.domain.model import Asset
from lineage.graph.database import Database
from lineage.services import access, cloning, containers, definitions, lifecycle, renders
from lineage.services.renders import RenderInput

from .conftest import Caller


def post(caller: Caller, document: str, **variables: object) -> dict[str, Any]:
    """The full response body of one GraphQL request (no raising on errors)."""
    response = httpx.post(
        f"{caller.url}/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {caller.token}"},
        timeout=60,
    )
    body: dict[str, Any] = response.json()
    return body


async def another_caller(db: Database, caller: Caller, name: str) -> Caller:
    """A second user of the same server (made in the test's own event loop)."""
    user = await access.create_user(db, name)
    return Caller(user.id, await access.create_token(db, user.id), caller.url)


def error_codes(body: dict[str, Any]) -> list[str]:
    return [(e.get("extensions") or {}).get("code", "") for e in body.get("errors") or []]


@dataclass
class Sample:
    """A space with definitions, a project with clones and renders, and a task.

    jennifer (CANONICAL) <- space_render (DRAFT, USES)
    jennifer <- jen_base (project BASE_CLONE) <- jen_sullen (project WORKING_CLONE)
      <- task clone <- panel (task render, APPROVED) ; sketch (task render, DRAFT)
    jen_base, park_base <- cover (project render, APPROVED, final)
    """

    space: str
    project: str
    task: str
    jennifer: Asset
    bob: Asset
    park: Asset
    ink: Asset
    space_render: Asset
    jen_base: Asset
    jen_sullen: Asset
    park_base: Asset
    task_clone: Asset
    panel: Asset
    sketch: Asset
    cover: Asset


async def canonical(db: Database, space: str, type: str, name: str, **kw: Any) -> Asset:
    created = await definitions.create_definition(db, space, type, name, **kw)
    return await lifecycle.transition(db, created.id, "CANONICAL")


async def render(db: Database, container: str, name: str, *inputs: str, **kw: Any) -> Asset:
    return await renders.register_render(
        db, container, name, [RenderInput(i) for i in inputs], **kw
    )


async def build_sample(db: Database, owner: str) -> Sample:
    space = await containers.create(db, Layer.SPACE, "Comics", actor=owner)
    project = await containers.create(db, Layer.PROJECT, "Breakup Comic #1", space.id)
    task = await containers.create(db, Layer.TASK, "Page 1, Panel 1", project.id)
    await containers.create(db, Layer.TASK, "Page 1, Panel 2", project.id)
    await containers.create(db, Layer.PROJECT, "Another project", space.id)

    jennifer = await canonical(
        db, space.id, "CHARACTER", "Jennifer", fields={"proportion_profile": "tall"}
    )
    bob = await definitions.create_definition(db, space.id, "CHARACTER", "Bob")
    park = await canonical(db, space.id, "SCENE", "Park")
    ink = await canonical(db, space.id, "STYLE", "Ink")
    space_render = await render(db, space.id, "Jennifer test", jennifer.id)

    jen_base = await cloning.import_to_project(db, project.id, jennifer.id)
    park_base = await cloning.import_to_project(db, project.id, park.id)
    jen_sullen = await cloning.derive_working_clone(db, jen_base.id, {"name": "Jennifer_sullen"})
    panel = await render(db, task.id, "Panel 1", jen_sullen.id)
    panel = await lifecycle.transition(db, panel.id, "APPROVED")
    sketch = await render(db, task.id, "Sketch", jen_sullen.id)
    task_clone = await cloning.use_in_task(db, task.id, jen_sullen.id)
    cover = await render(db, project.id, "Cover", jen_base.id, park_base.id)
    cover = await lifecycle.transition(db, cover.id, "APPROVED")
    cover = await renders.mark_final(db, cover.id)
    return Sample(
        space.id, project.id, task.id, jennifer, bob, park, ink, space_render, jen_base,
        jen_sullen, park_base, task_clone, panel, sketch, cover,
    )  # fmt: skip
