"""The space's trash in the explorer (docs/domain.md §13): what deletes removed is listed
under the search; Restore brings an item back, or says every reason it cannot."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from .conftest import Served, drawn, graphql, screenshot, signed_in

PANEL = '[aria-label="Selected asset"]'
ASSET = "{ ... on AssetPayload { asset { id } } }"
CONTAINER = "{ ... on ContainerPayload { container { ... on ContainerNode { id } } } }"


def result_of(page: Page, demo: Served, query: str, **variables: Any) -> dict[str, Any]:
    """The one field a document asks for."""
    [result] = graphql(page, demo, query, **variables).values()
    return dict(result)


def made_id(result: dict[str, Any]) -> str:
    return str((result.get("asset") or result["container"])["id"])


def deleted(page: Page, demo: Served, field: str, id: str) -> None:
    result = result_of(page, demo, f"mutation($id: ID!) {{ r: {field}(id: $id) {{ __typename }} }}",
                     id=id)  # fmt: skip
    assert result["__typename"] == "DeleteReport", result


def test_restore_brings_an_asset_back_and_a_refusal_says_why(page: Page, demo: Served) -> None:
    draft = made_id(result_of(
        page, demo, "mutation($s: ID!) { r: createDefinition(spaceId: $s, type: CHARACTER, "
        f'name: "Marguerite") {ASSET} }}', s=demo.ids["space"]))  # fmt: skip
    deleted(page, demo, "deleteAsset", draft)
    # A task clone, then its task: the clone cannot come back while its task is in the trash.
    task = made_id(result_of(
        page, demo, f'mutation($p: ID!) {{ r: createTask(projectId: $p, name: "Scratch") '
        f"{CONTAINER} }}", p=demo.ids["project"]))  # fmt: skip
    clone = made_id(result_of(
        page, demo, f"mutation($t: ID!, $s: ID!) {{ r: useInTask(taskId: $t, sourceId: $s) "
        f"{ASSET} }}", t=task, s=demo.ids["project_morning"]))  # fmt: skip
    deleted(page, demo, "deleteAsset", clone)
    deleted(page, demo, "deleteTask", task)

    signed_in(page, demo).goto(f"{demo.url}/explorer/")
    trash = page.get_by_role("complementary", name="Assets").get_by_test_id("trash")
    trash.locator("summary").click()
    expect(trash.locator(f'[data-root-id="{draft}"]')).to_contain_text("character Marguerite")
    expect(trash.locator(f'[data-root-id="{task}"]')).to_contain_text("task Scratch")

    trash.locator(f'[data-root-id="{clone}"]').get_by_role("button", name="Restore").click()
    said = trash.get_by_test_id("trash-said")
    expect(said).to_have_class("error")
    expect(said.locator("li").first).to_be_visible()
    expect(trash.locator(f'[data-root-id="{clone}"]')).to_have_count(1)  # still there

    trash.locator(f'[data-root-id="{draft}"]').get_by_role("button", name="Restore").click()
    expect(said).to_have_text("Restored character Marguerite. Open it")
    expect(trash.locator(f'[data-root-id="{draft}"]')).to_have_count(0)
    screenshot(page, "10-trash")
    said.get_by_role("button", name="Open it").click()
    drawn(page)
    expect(page.locator(PANEL).get_by_test_id("panel-title")).to_have_text("Marguerite")
