"""Lineage as OpenLineage RunEvents (docs/interchange.md, "OpenLineage"): one COMPLETE run
per generated render (its job is the render's generation, its inputs the assets it
USES, its output the render) and one per clone or version derivation (input the parent,
output the derived asset). Datasets are the service's assets, named by id in the
`lineage` namespace, so a render that uses another render's output links to it.

Run ids are derived from the asset ids (uuid5), so exporting twice gives the same runs.
The names below are shared with the endpoint that takes events in (api/openlineage.py).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction as Tx

import lineage
from lineage.domain.enums import Layer
from lineage.domain.errors import ScopeViolation
from lineage.domain.model import Asset, Container
from lineage.graph import containers, openlineage
from lineage.graph.database import Database
from lineage.graph.openlineage import Derivation, RenderRun

NAMESPACE = "lineage"  # datasets (assets) and the export's jobs
ROLE_FACET = "lineage_role"  # input facet: {"role": CHARACTER | SCENE | STYLE | REFERENCE}
CONTAINER_FACET = "lineage_container"  # output dataset facet: {"id": container id}
RENDER_FACET = "lineage_render"  # run facet: prompt, parameters, model, renderType, ...
ASSET_FACET = "lineage_asset"  # dataset facet (export): name, type, layer, origin, state
VERSION_FACET = "version"  # the spec's DatasetVersionDatasetFacet: the content hash

PRODUCER = f"urn:lineage:{lineage.__version__}"
SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/"
RUN_EVENT_SCHEMA = SPEC + "RunEvent"
VERSION_SCHEMA = (
    "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json"
    "#/$defs/DatasetVersionDatasetFacet"
)
JOB_TYPE_SCHEMA = (
    "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
)
# Run ids: uuid5 of the asset ids under this namespace (stable across exports).
RUN_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:lineage:openlineage-run")

Event = dict[str, Any]


async def export_events(
    db: Database, space_id: str | None = None, project_id: str | None = None
) -> list[Event]:
    """The events of one space, one project, or (neither given) every space, ordered by
    time so that a consumer meets every asset's origin before its uses."""

    async def work(tx: Tx) -> list[Event]:
        events: list[Event] = []
        for space, project in await _scopes(tx, space_id, project_id):
            runs = await openlineage.render_runs(tx, space, project)
            derived = await openlineage.derivations(tx, space, project)
            events += [render_event(r) for r in runs] + [derivation_event(d) for d in derived]
        return sorted(events, key=lambda e: (e["eventTime"], e["job"]["name"]))

    return await db.read_tx(work)


async def _scopes(
    tx: Tx, space_id: str | None, project_id: str | None
) -> list[tuple[str, str | None]]:
    """(space id, project id or None) for each space the export reads."""
    if project_id is not None:
        project = await _container(tx, project_id, Layer.PROJECT, "--space")
        return [(project.space_id, project.id)]
    if space_id is not None:
        space = await _container(tx, space_id, Layer.SPACE, "--project")
        return [(space.id, None)]
    return [(space.id, None) for space in await containers.list_spaces(tx)]


async def _container(tx: Tx, id: str, kind: Layer, other: str) -> Container:
    found = await containers.get(tx, id)  # NotFound("container", id) when there is none
    if found.kind != kind:
        raise ScopeViolation(
            f"{id!r} is a {found.kind.lower()}, not a {kind.lower()}",
            f"pass a {found.kind.lower()} id with {other}" if found.kind != Layer.TASK
            else "export its project with --project",
        )  # fmt: skip
    return found


def render_event(run: RenderRun) -> Event:
    """A render's generation: its inputs with their role and the content they had then."""
    render = run.render
    inputs = [
        _dataset(i.id, i.content_hash, input_facets={ROLE_FACET: _role(i.role)}) for i in run.inputs
    ]
    generation = {
        key: value
        for key, value in {
            "prompt": render.prompt, "parameters": render.parameters or None,
            "model": render.model, "renderType": render.render_type,
            "description": render.description or None, "metadata": render.metadata or None,
        }.items()
        if value is not None
    }  # fmt: skip
    return _event(
        run_id=run_id("render", render.id),
        job=f"generate/{render.id}",
        job_type="RENDER",
        when=render.created_at,
        inputs=inputs,
        output=_output(render),
        run_facets={RENDER_FACET: _facet("RunFacet", **generation)},
    )


def derivation_event(derivation: Derivation) -> Event:
    """A clone or a new version: the parent as input, the derived asset as output."""
    child, kind = derivation.child, str(derivation.kind)
    return _event(
        run_id=run_id(kind.lower(), f"{child.id}<-{derivation.parent_id}"),
        job=f"{kind.lower()}/{child.id}",
        job_type=kind,
        when=child.created_at,
        inputs=[_dataset(derivation.parent_id, derivation.parent_hash)],
        output=_output(child),
        run_facets={},
    )


def run_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(RUN_IDS, f"{kind}:{key}"))


def _event(
    *, run_id: str, job: str, job_type: str, when: datetime | None, inputs: list[Event],
    output: Event, run_facets: dict[str, Any],
) -> Event:  # fmt: skip
    return {
        "eventType": "COMPLETE",
        "eventTime": _time(when),
        "producer": PRODUCER,
        "schemaURL": RUN_EVENT_SCHEMA,
        "run": {"runId": run_id, "facets": run_facets},
        "job": {
            "namespace": NAMESPACE,
            "name": job,
            "facets": {
                "jobType": {
                    "_producer": PRODUCER,
                    "_schemaURL": JOB_TYPE_SCHEMA,
                    "processingType": "BATCH",
                    "integration": "LINEAGE",
                    "jobType": job_type,
                },
            },
        },  # fmt: skip
        "inputs": inputs,
        "outputs": [output],
    }


def _output(asset: Asset) -> Event:
    """The asset a run made, with the container it is in and what it is."""
    described = _facet(
        "DatasetFacet", name=asset.name, type=str(asset.type), layer=str(asset.layer),
        origin=str(asset.origin), state=str(asset.state),
    )  # fmt: skip
    return _dataset(
        asset.id,
        asset.content_hash,
        facets={
            CONTAINER_FACET: _facet("DatasetFacet", id=asset.container_id),
            ASSET_FACET: described,
        },
    )


def _dataset(
    id: str,
    content_hash: str,
    facets: dict[str, Any] | None = None,
    input_facets: dict[str, Any] | None = None,
) -> Event:
    version = {"_producer": PRODUCER, "_schemaURL": VERSION_SCHEMA, "datasetVersion": content_hash}
    dataset: Event = {
        "namespace": NAMESPACE,
        "name": id,
        "facets": {VERSION_FACET: version, **(facets or {})},
    }
    if input_facets:
        dataset["inputFacets"] = input_facets
    return dataset


def _role(role: str) -> dict[str, Any]:
    return _facet("InputDatasetFacet", role=role)


def _facet(base: str, **fields: Any) -> dict[str, Any]:
    """A facet of the service's own (`lineage_*`): the spec's base facet schema, as the
    OpenLineage clients give custom facets."""
    return {"_producer": PRODUCER, "_schemaURL": SPEC + base, **fields}


def _time(when: datetime | None) -> str:
    moment = when or datetime.fromtimestamp(0, UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def as_lines(events: Iterable[Event]) -> Iterable[str]:
    """JSON lines: one event per line, keys sorted (stable output for stable input)."""
    for event in events:
        yield json.dumps(event, sort_keys=True, ensure_ascii=False)
