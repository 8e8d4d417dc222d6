"""The OpenLineage event model: the facet names it reads are the ones the export writes,
unknown fields are ignored, and a COMPLETE event maps to registerRender's arguments."""

from __future__ import annotations

import pytest

from lineage.api import openlineage_events as events
from lineage.api.request_body import BadRequest
from lineage.services import openlineage
from lineage.services.registration import RenderInput

RUN_ID = "3f1c2a4e-8d55-4c61-9a0f-6f1c0b7a2d10"


def test_the_aliases_are_the_exported_facet_names() -> None:
    aliases = {
        (model, name): field.alias
        for model in (events.InputFacets, events.OutputFacets, events.RunFacets)
        for name, field in model.model_fields.items()
    }
    assert aliases == {
        (events.InputFacets, "role"): openlineage.ROLE_FACET,
        (events.OutputFacets, "container"): openlineage.CONTAINER_FACET,
        (events.OutputFacets, "asset"): openlineage.ASSET_FACET,
        (events.RunFacets, "render"): openlineage.RENDER_FACET,
    }


def event(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "eventType": "COMPLETE", "eventTime": "2026-12-02T20:00:00Z",
        "producer": "https://example.com/p", "schemaURL": openlineage.RUN_EVENT_SCHEMA,
        "run": {"runId": RUN_ID, "facets": {"lineage_render": {
            "prompt": "Hero", "parameters": {"seed": 1}, "unknown": True,
            "file": {"key": "k", "contentType": "image/png", "size": 3, "checksum": "c"}}}},
        "job": {"namespace": "pipeline", "name": "gen", "facets": {"anything": {}}},
        "inputs": [
            {"namespace": "lineage", "name": "d_1",
             "inputFacets": {"lineage_role": {"role": "STYLE"}}},
            {"namespace": "lineage", "name": "d_2"},
            {"namespace": "s3://models", "name": "m"},
        ],
        "outputs": [{"namespace": "lineage", "name": "Panel",
                     "facets": {"lineage_container": {"id": "task_1"}}}],
        "extra": {"ignored": True},
    }  # fmt: skip
    return {**base, **changes}


def test_a_complete_event_maps_to_a_render_request() -> None:
    parsed = events.parse_event(event())
    wanted = events.render_request(parsed)
    assert (wanted.container_id, wanted.name) == ("task_1", "Panel")
    assert list(wanted.inputs) == [RenderInput("d_1", "STYLE"), RenderInput("d_2", None)]
    assert (wanted.prompt, wanted.parameters) == ("Hero", {"seed": 1})
    assert wanted.file == {"key": "k", "content_type": "image/png", "size": 3, "checksum": "c"}
    assert events.ignored_datasets(parsed) == [{"namespace": "s3://models", "name": "m"}]


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"run": {"runId": "nope"}}, "`run.runId`"),
        ({"eventTime": None}, "`eventTime`"),
        ({"job": {"name": "gen"}}, "`job.namespace`"),
        ({"eventType": "DONE"}, "`eventType`"),
    ],
)
def test_a_malformed_event_says_which_field(changes: dict[str, object], said: str) -> None:
    with pytest.raises(BadRequest, match=said):
        events.parse_event(event(**changes))


def test_an_exported_derivation_is_no_render() -> None:
    output = {"namespace": "lineage", "name": "c_1", "facets": {
        "lineage_container": {"id": "proj_1"}, "lineage_asset": {"type": "CHARACTER"}}}  # fmt: skip
    with pytest.raises(BadRequest, match="only renders"):
        events.render_request(events.parse_event(event(outputs=[output])))
