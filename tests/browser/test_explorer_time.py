"""The explorer through time: the lineage as it stood at an earlier instant (an asset
deleted since drawn and marked so, "Now" back to today's), and two renders compared."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from .conftest import Served, click_node, drawn, graphql, node_item, screenshot, signed_in

PANEL = '[aria-label="Selected asset"]'
WIDTHS = [1440, 1024]


def clone_made_then_deleted(page: Page, demo: Served, name: str) -> tuple[str, datetime]:
    """A working clone of the project's Jennifer, deleted again; and an instant (whole
    seconds, UTC) while it existed."""
    made = graphql(
        page, demo,
        """mutation($source: ID!, $name: String!) { deriveWorkingClone(sourceId: $source,
             changes: {name: $name}) { __typename ... on AssetPayload { asset { id } } } }""",
        source=demo.ids["project_jennifer"], name=name,
    )  # fmt: skip
    clone_id = str(made["deriveWorkingClone"]["asset"]["id"])
    # An instant strictly after the creation and strictly before the delete.
    existed = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
    time.sleep(max(0.0, (existed - datetime.now(UTC)).total_seconds()) + 1.2)
    deleted = graphql(
        page, demo,
        """mutation($id: ID!) { deleteAsset(id: $id) { __typename
             ... on DeleteReport { deleted { id } } } }""",
        id=clone_id,
    )  # fmt: skip
    assert [a["id"] for a in deleted["deleteAsset"]["deleted"]] == [clone_id], deleted
    return clone_id, existed


def set_as_of(page: Page, instant: datetime) -> None:
    """Type the instant into the as-of input, in the browser's own local time."""
    local = page.evaluate(
        """iso => { const d = new Date(iso); const p = n => String(n).padStart(2, "0");
           return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T` +
                  `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`; }""",
        instant.isoformat(),
    )
    page.get_by_label("Show the lineage as of").fill(local)


@pytest.mark.parametrize("width", WIDTHS)
def test_as_of_draws_an_asset_deleted_since_and_now_goes_back(
    page: Page, demo: Served, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    clone_id, existed = clone_made_then_deleted(page, demo, f"Jennifer_brief_{width}")
    root = demo.ids["project_jennifer"]
    signed_in(page, demo).goto(f"{demo.url}/explorer/?asset={root}")
    drawn(page)
    expect(node_item(page, demo.ids["project_exuberant"])).to_have_count(1)
    expect(node_item(page, clone_id)).to_have_count(0)

    set_as_of(page, existed)
    banner = page.get_by_test_id("as-of-banner")
    expect(banner).to_contain_text(
        f"Lineage as it stood at {existed.day} {existed:%b %Y, %H:%M:%S} UTC"
    )
    expect(page).to_have_url(re.compile(rf"asset={root}&at={existed:%Y-%m-%dT%H%%3A%M%%3A%S}Z$"))
    past = node_item(page, clone_id)
    expect(past).to_have_attribute("data-deleted-since", "true")
    expect(past).to_contain_text("deleted since")
    expect(node_item(page, demo.ids["project_exuberant"])).to_have_attribute(
        "data-deleted-since", "false"
    )
    click_node(page, clone_id)
    panel = page.locator(PANEL)
    expect(panel).to_have_attribute("data-past", "true")
    expect(panel.get_by_test_id("panel-title")).to_have_text(f"Jennifer_brief_{width}")
    expect(panel.get_by_test_id("past-facts")).to_contain_text("Deleted sinceyes")
    expect(panel.locator('[data-badge="deleted"]')).to_have_text("deleted since")
    screenshot(page, f"as-of-{width}")

    page.get_by_role("button", name="Now").click()
    expect(banner).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"asset={root}&select={clone_id}$"))
    expect(node_item(page, demo.ids["project_exuberant"])).to_have_count(1)
    expect(node_item(page, clone_id)).to_have_count(0)

    # Back in the browser: the past view again, from the address.
    page.go_back()
    expect(node_item(page, clone_id)).to_have_attribute("data-deleted-since", "true")


@pytest.mark.parametrize("width", WIDTHS)
def test_as_of_before_the_asset_existed_says_so(page: Page, demo: Served, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    signed_in(page, demo).goto(f"{demo.url}/explorer/?asset={demo.ids['project_jennifer']}")
    drawn(page)
    set_as_of(page, datetime(2020, 1, 1, tzinfo=UTC))
    expect(page.get_by_test_id("as-of-missing")).to_contain_text("did not exist then")
    expect(page.locator('[data-testid="node-list"] [data-node-id]')).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_two_renders_compared_show_the_summary_and_an_input_change(
    page: Page, demo: Served, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    left, right = demo.ids["task_render_panel1"], demo.ids["task_render_panel4"]
    expected = graphql(
        page, demo,
        """query($l: ID!, $r: ID!) { renderDiff(left: $l, right: $r) { summary
             changed { before { asset { name } } after { asset { name } } } } }""",
        l=left, r=right,
    )["renderDiff"]  # fmt: skip
    assert expected["changed"], expected
    signed_in(page, demo).goto(
        f"{demo.url}/explorer/?asset={demo.ids['project_morning']}&depth=3&select={left}"
    )
    drawn(page)
    compare = page.locator(PANEL).get_by_test_id("compare")
    compare.get_by_label("Render to compare with").select_option(right)
    compare.get_by_role("button", name="Compare").click()
    expect(compare.get_by_test_id("diff-summary")).to_have_text(expected["summary"])
    changed = compare.get_by_test_id("diff-changed")
    first = expected["changed"][0]
    expect(changed).to_contain_text(first["before"]["asset"]["name"])
    expect(changed).to_contain_text(f"→ {first['after']['asset']['name']}")
    compare.scroll_into_view_if_needed()
    screenshot(page, f"render-diff-{width}")
