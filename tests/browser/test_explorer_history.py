"""The selected asset's history in the explorer: who changed it, when and what, newest
first; a change made in the explorer shows up at the top."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import Served, drawn, graphql, screenshot, signed_in

PANEL = '[aria-label="Selected asset"]'


def edited_definition(page: Page, demo: Served) -> str:
    """A new draft character in the demo's space, renamed once."""
    made = graphql(
        page, demo,
        """mutation($space: ID!) { createDefinition(spaceId: $space, type: CHARACTER,
             name: "Marguerite") { ... on AssetPayload { asset { id } } } }""",
        space=demo.ids["space"],
    )  # fmt: skip
    asset_id = str(made["createDefinition"]["asset"]["id"])
    graphql(
        page, demo,
        """mutation($id: ID!) { updateAsset(id: $id, changes: {name: "Margot"})
             { __typename } }""",
        id=asset_id,
    )  # fmt: skip
    return asset_id


def test_history_says_who_changed_what_and_shows_a_change_made_here(
    page: Page, demo: Served
) -> None:
    asset_id = edited_definition(page, demo)
    signed_in(page, demo).goto(f"{demo.url}/explorer/?asset={asset_id}")
    drawn(page)
    history = page.locator(PANEL).get_by_test_id("history")
    history.locator("summary").click()
    entries = history.locator("li[data-operation]")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_have_attribute("data-operation", "UPDATE_ASSET")
    expect(entries.nth(0)).to_contain_text("Explorer tester")
    # The rename, field by field.
    expect(entries.nth(0).locator(".changes")).to_contain_text("Marguerite")
    expect(entries.nth(0).locator(".changes")).to_contain_text("Margot")
    expect(entries.nth(1)).to_have_attribute("data-operation", "CREATE_DEFINITION")

    transitions = page.locator(PANEL).get_by_role("group", name="Transitions")
    transitions.locator('[data-transition="CANONICAL"]').click()
    page.locator(PANEL).get_by_test_id("confirm-transition").get_by_role(
        "button", name="Move to canonical"
    ).click()
    expect(entries).to_have_count(3)
    expect(entries.nth(0)).to_have_attribute("data-operation", "TRANSITION_STATE")
    expect(entries.nth(0).locator(".changes")).to_contain_text("CANONICAL")
    screenshot(page, "09-history")
