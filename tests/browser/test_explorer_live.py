"""Live updates in the explorer: a change another member makes in the space is told at once
(the spaceActivity subscription over a WebSocket), and Refresh redraws with it; the
reader's own changes are not told back to them."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from lineage.domain.enums import Role
from lineage.graph.database import Database
from lineage.services import access

from .conftest import Served, draw_count, drawn, graphql, run_async, screenshot, signed_in

PANEL = '[aria-label="Selected asset"]'


def another_member(demo: Served, name: str) -> str:
    """A second editor of the demo's space; their token."""
    assert demo.target is not None
    target = demo.target

    async def made() -> str:
        db = Database.connect(target.uri, target.auth, target.database)
        try:
            user = await access.create_user(db, name)
            await access.set_member(db, demo.ids["space"], user.id, str(Role.EDITOR))
            return await access.create_token(db, user.id, "live test")
        finally:
            await db.close()

    return run_async(made)


def test_a_change_by_another_member_is_told_and_refresh_shows_it(page: Page, demo: Served) -> None:
    bea = another_member(demo, "Bea")
    made = graphql(
        page, demo,
        """mutation($s: ID!) { r: createDefinition(spaceId: $s, type: STYLE, name: "Ink")
             { ... on AssetPayload { asset { id } } } }""",
        s=demo.ids["space"],
    )  # fmt: skip
    ink = made["r"]["asset"]["id"]
    signed_in(page, demo).goto(f"{demo.url}/explorer/?asset={ink}")
    drawn(page)
    notice = page.get_by_test_id("live-notice")
    # The reader's own change is not told back to them.
    graphql(page, demo,
            'mutation($id: ID!) { updateAsset(id: $id, changes: {description: "mine"}) '
            "{ __typename } }", id=ink)  # fmt: skip

    graphql(page, demo,
            'mutation($id: ID!) { updateAsset(id: $id, changes: {name: "India ink"}) '
            "{ __typename } }", token=bea, id=ink)  # fmt: skip
    expect(notice).to_contain_text("Bea", timeout=20_000)
    expect(notice).to_contain_text("asset India ink changed (name)")
    expect(notice).not_to_contain_text("more change")
    screenshot(page, "11-live")
    before = draw_count(page)
    notice.get_by_role("button", name="Refresh").click()
    drawn(page, before + 1)
    expect(notice).to_have_count(0)
    expect(page.locator(PANEL).get_by_test_id("panel-title")).to_have_text("India ink")
