"""The part of an OpenLineage RunEvent the service reads, and how a COMPLETE event maps to
a render registration (docs/interchange.md, "OpenLineage").

Only the fields below are read; every other field and facet is ignored (events carry
many). Datasets in the `lineage` namespace are the service's assets: each input names an
asset by id (its role in an optional `lineage_role` input facet, else the one its type
plays), the one output names the render and, in its `lineage_container` facet, the
space, project or task to register it in. The run's `lineage_render` facet carries what
registerRender takes besides: prompt, parameters, model, render type, description,
metadata and an uploaded file.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from lineage.api.request_body import BadRequest
from lineage.services.openlineage import (
    ASSET_FACET,
    CONTAINER_FACET,
    NAMESPACE,
)
from lineage.services.registration import RenderInput, RenderRequest


class EventType(StrEnum):
    START = "START"
    RUNNING = "RUNNING"
    COMPLETE = "COMPLETE"
    ABORT = "ABORT"
    FAIL = "FAIL"
    OTHER = "OTHER"


class _Read(BaseModel):
    """Unknown fields are ignored: OpenLineage events carry many facets."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class RoleFacet(_Read):
    role: StrictStr


class ContainerFacet(_Read):
    id: StrictStr


class FileFacet(_Read):
    """A file uploaded through requestUpload, as registerRender(file: ...) takes it."""

    key: StrictStr
    content_type: StrictStr = Field(alias="contentType")
    size: StrictInt
    checksum: StrictStr


class RenderFacet(_Read):
    prompt: StrictStr | None = None
    parameters: dict[str, Any] | None = None
    model: StrictStr | None = None
    render_type: StrictStr | None = Field(default=None, alias="renderType")
    description: StrictStr = ""
    metadata: dict[str, Any] | None = None
    file: FileFacet | None = None


# The facet names of services.openlineage, spelled out for the type checker (aliases must
# be literals); tests/unit/test_openlineage_events.py checks that they match.


class InputFacets(_Read):
    role: RoleFacet | None = Field(default=None, alias="lineage_role")


class AssetFacet(_Read):
    """What an exported output is (`lineage export openlineage` writes it)."""

    type: StrictStr | None = None


class OutputFacets(_Read):
    container: ContainerFacet | None = Field(default=None, alias="lineage_container")
    asset: AssetFacet | None = Field(default=None, alias="lineage_asset")


class RunFacets(_Read):
    render: RenderFacet | None = Field(default=None, alias="lineage_render")


class Dataset(_Read):
    namespace: StrictStr
    name: StrictStr


class InputDataset(Dataset):
    input_facets: InputFacets = Field(default_factory=InputFacets, alias="inputFacets")


class OutputDataset(Dataset):
    facets: OutputFacets = Field(default_factory=OutputFacets)
    output_facets: OutputFacets = Field(default_factory=OutputFacets, alias="outputFacets")

    @property
    def container(self) -> ContainerFacet | None:
        """The container facet, a dataset facet or (also accepted) an output facet."""
        return self.facets.container or self.output_facets.container


class Run(_Read):
    run_id: UUID = Field(alias="runId")
    facets: RunFacets = Field(default_factory=RunFacets)


class Job(_Read):
    namespace: StrictStr
    name: StrictStr


class RunEvent(_Read):
    """The fields of the OpenLineage spec's RunEvent the service reads (the spec's
    required ones and those the mapping needs)."""

    event_type: EventType | None = Field(default=None, alias="eventType")
    event_time: datetime = Field(alias="eventTime")
    producer: StrictStr
    schema_url: StrictStr = Field(alias="schemaURL")
    run: Run
    job: Job
    inputs: list[InputDataset] = Field(default_factory=list)
    outputs: list[OutputDataset] = Field(default_factory=list)


EXAMPLE = (
    '{"eventType": "COMPLETE", "eventTime": "...", "producer": "...", "schemaURL": "...", '
    '"run": {"runId": "<uuid>"}, "job": {"namespace": "...", "name": "..."}, '
    f'"inputs": [{{"namespace": "{NAMESPACE}", "name": "<asset id>"}}], '
    f'"outputs": [{{"namespace": "{NAMESPACE}", "name": "<render name>", '
    f'"facets": {{"{CONTAINER_FACET}": {{"id": "<container id>"}}}}}}]}}'
)


def parse_event(payload: dict[str, Any]) -> RunEvent:
    """The event, or BadRequest naming every field that is missing or of the wrong type."""
    try:
        return RunEvent.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(_problem(error) for error in exc.errors(include_url=False))
        raise BadRequest(f"Not an OpenLineage RunEvent the service can read: {problems}.") from exc


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "the event"
    return f"`{where}`: {error['msg']}"


def render_request(event: RunEvent) -> RenderRequest:
    """The registration a COMPLETE event asks for, or BadRequest when it names no render."""
    outputs = [o for o in event.outputs if o.namespace == NAMESPACE]
    if len(outputs) != 1:
        raise BadRequest(
            f"A COMPLETE event registers one render: name it as exactly one output in the "
            f"`{NAMESPACE}` namespace (found {len(outputs)}), e.g. {EXAMPLE}."
        )
    [output] = outputs
    kind = output.facets.asset.type if output.facets.asset else None
    if kind not in (None, "RENDER"):
        raise BadRequest(
            f"The output `{output.name}` is a {kind} (its `{ASSET_FACET}` facet): only "
            "renders are registered from OpenLineage events; clones and versions are made "
            "through GraphQL (importToProject, deriveWorkingClone, createVersion, ...)."
        )
    container = output.container
    if container is None:
        raise BadRequest(
            f"The output `{output.name}` names no container: give it the facet "
            f'`"{CONTAINER_FACET}": {{"id": "<space, project or task id>"}}`.'
        )
    inputs = [
        RenderInput(i.name, i.input_facets.role.role if i.input_facets.role else None)
        for i in event.inputs
        if i.namespace == NAMESPACE
    ]
    facet = event.run.facets.render or RenderFacet()
    # As registerRender(file: ...) is given it; the store verifies it before registering.
    file = facet.file.model_dump(by_alias=False) if facet.file else None
    return RenderRequest(
        container.id, output.name, inputs, facet.prompt, facet.parameters, facet.model,
        facet.render_type, file, facet.description, facet.metadata,
    )  # fmt: skip


def ignored_datasets(event: RunEvent) -> list[dict[str, str]]:
    """The inputs and outputs outside the `lineage` namespace (not the service's assets)."""
    datasets: list[Dataset] = [*event.inputs, *event.outputs]
    return [
        {"namespace": d.namespace, "name": d.name} for d in datasets if d.namespace != NAMESPACE
    ]
