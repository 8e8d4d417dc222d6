"""The explorer end to end: a person's way through Jennifer's lineage in the browser."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Response, expect

from lineage.graph.database import Database
from lineage.services import cloning

from .conftest import (
    Served,
    click_node,
    draw_count,
    drawn,
    keep_as_doc,
    node_item,
    png,
    run_async,
    screenshot,
    signed_in,
)

PANEL = '[aria-label="Selected asset"]'


def open_asset(page: Page, demo: Served, asset_id: str, depth: int = 1, **extra: str) -> None:
    query = f"asset={asset_id}" + ("" if depth == 1 else f"&depth={depth}")
    for key, value in extra.items():
        query += f"&{key}={value}"
    signed_in(page, demo).goto(f"{demo.url}/explorer/?{query}")
    drawn(page)


def test_root_sends_to_the_explorer_and_sign_in_opens_search(page: Page, demo: Served) -> None:
    page.goto(demo.url + "/")
    expect(page).to_have_url(re.compile(r"/explorer/$"))
    page.get_by_label("API token").fill("not-a-token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not accepted")

    page.get_by_label("API token").fill(demo.token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Explorer tester")).to_be_visible()
    expect(page.get_by_label("Space", exact=True)).to_have_value(demo.ids["space"])

    results = page.get_by_role("complementary", name="Assets")
    page.get_by_label("Search assets by name").fill("Jennifer")
    expect(results.locator("[data-asset-id]").first).to_be_visible()
    expect(results).to_contain_text("Jennifer_exuberant")
    page.get_by_label("Type", exact=True).select_option("RENDER")
    page.get_by_label("Layer", exact=True).select_option("TASK")
    page.get_by_label("Search assets by name").fill("Panel 1")
    frame = results.locator(f'[data-asset-id="{demo.ids["task_render_panel1"]}"]')
    expect(frame).to_be_visible()
    expect(results.locator("[data-asset-id]")).to_have_count(1)
    screenshot(page, "01-search")

    frame.click()
    drawn(page)
    expect(page).to_have_url(re.compile(f"asset={demo.ids['task_render_panel1']}"))
    expect(page.locator(PANEL).get_by_test_id("panel-title")).to_have_text("Page 1, Panel 1 frame")


def test_task_render_traces_back_to_the_space_character(page: Page, demo: Served) -> None:
    render = demo.ids["task_render_panel1"]
    open_asset(page, demo, render)
    nodes = page.get_by_test_id("node-list").locator("[data-node-id]")
    # Depth 1: the render and its three inputs (task clones of the project variants).
    expect(nodes).to_have_count(4)
    expect(node_item(page, demo.ids["space_jennifer"])).to_have_count(0)

    for depth in (2, 3, 4):
        before = draw_count(page)
        page.get_by_role("button", name="More depth").click()
        expect(page.get_by_test_id("depth")).to_have_text(str(depth))
        drawn(page, before + 1)
    expect(page).to_have_url(re.compile("depth=4"))

    jennifer = node_item(page, demo.ids["space_jennifer"])
    expect(jennifer).to_have_attribute("data-layer", "SPACE")
    expect(jennifer).to_have_attribute("data-name", "Jennifer")
    # The chain render -> task clone -> Jennifer_exuberant -> project Jennifer -> space Jennifer
    # is highlighted as the path to the origin.
    for key in ("project_exuberant", "project_jennifer", "space_jennifer"):
        expect(node_item(page, demo.ids[key])).to_have_attribute("data-highlight", "origin")
    panel = page.locator(PANEL)
    expect(panel.get_by_text("Space origin:")).to_be_visible()
    expect(panel.get_by_test_id("inputs")).to_contain_text("snapshot matches")
    page.get_by_role("button", name="Fit").click()
    page.wait_for_timeout(400)
    keep_as_doc(screenshot(page, "02-jennifer-lineage"), "explorer.png")


def test_expand_a_node_with_its_counts(page: Page, demo: Served) -> None:
    jennifer = demo.ids["project_jennifer"]
    open_asset(page, demo, demo.ids["space_jennifer"])
    project_clone = node_item(page, jennifer)
    # The project base clone's three working clones are not loaded yet: "+3".
    expect(project_clone).to_have_attribute("data-hidden", "3")
    before = draw_count(page)
    click_node(page, jennifer, double=True)
    drawn(page, before + 1)
    expect(project_clone).to_have_attribute("data-hidden", "0")
    for mood in ("exuberant", "sullen", "determined"):
        expect(node_item(page, demo.ids[f"project_{mood}"])).to_have_count(1)
    screenshot(page, "03-expanded")

    # Keyboard: select the clone, collapse it with "c", expand again with Enter.
    click_node(page, jennifer)
    expect(page).to_have_url(re.compile(f"select={jennifer}"))
    before = draw_count(page)
    page.keyboard.press("c")
    drawn(page, before + 1)
    expect(node_item(page, demo.ids["project_sullen"])).to_have_count(0)
    before = draw_count(page)
    page.keyboard.press("Enter")
    drawn(page, before + 1)
    expect(node_item(page, demo.ids["project_sullen"])).to_have_count(1)


def test_why_locked_panel_highlights_each_path(page: Page, demo: Served) -> None:
    jennifer = demo.ids["project_jennifer"]
    open_asset(page, demo, jennifer)
    why = page.locator(PANEL).get_by_test_id("why-locked")
    expect(why).to_contain_text("Why locked")
    reasons = why.locator("li[data-reason-kind]")
    expect(reasons.first).to_be_visible()
    texts = reasons.all_inner_texts()
    assert any("Jennifer_exuberant" in t for t in texts), texts
    exuberant = reasons.filter(has_text="Jennifer_exuberant").first
    exuberant.hover()
    expect(node_item(page, demo.ids["project_exuberant"])).to_have_attribute(
        "data-highlight", "reason"
    )
    screenshot(page, "04-why-locked")
    page.mouse.move(5, 5)
    expect(node_item(page, demo.ids["project_exuberant"])).not_to_have_attribute(
        "data-highlight", "reason"
    )


def test_delete_and_task_delete_dry_runs(page: Page, demo: Served) -> None:
    render = demo.ids["task_render_rain"]
    open_asset(page, demo, render)
    delete = page.locator(PANEL).get_by_test_id("delete")
    delete.get_by_role("button", name="Dry run: delete asset").click()
    report = delete.get_by_test_id("dry-run")
    expect(report).to_contain_text("would:")
    expect(report.locator(".would-delete")).to_contain_text("Jennifer in the rain")
    # Its inputs (a task working clone and a render variant) would no longer be locked.
    expect(report).to_contain_text("Jennifer_determined_rain")
    expect(node_item(page, render)).to_have_count(1)
    screenshot(page, "05-delete-dry-run")

    delete.get_by_label("Task delete mode").select_option("KEEP_RENDERS")
    delete.get_by_role("button", name="Dry run: delete task").click()
    # The task by its name; same-named assets told apart by what they are and where.
    expect(report).to_contain_text("Deleting task “Character expressions”")
    expect(report.locator(".would-delete-container")).to_contain_text("task Character expressions")
    expect(report.locator(".would-move")).to_contain_text("Jennifer in the rain")
    expect(report.locator(".would-delete")).to_contain_text("Jennifer_determined_rain")
    portraits = report.locator(".would-delete li", has_text="Jennifer portrait (neutral)")
    expect(portraits).to_have_count(2)
    expect(portraits.nth(0)).not_to_have_text(portraits.nth(1).inner_text())
    expect(report.locator(".would-delete")).to_contain_text("variant in task Character expressions")
    expect(report.locator(".would-delete")).to_contain_text(
        "base clone in task Character expressions"
    )
    screenshot(page, "05-task-delete-dry-run")

    # Only dry runs: the render is still there after a reload.
    page.reload()
    drawn(page)
    expect(page.locator(PANEL).get_by_test_id("panel-title")).to_have_text("Jennifer in the rain")


def test_allowed_transition_changes_the_badge(page: Page, demo: Served) -> None:
    render = demo.ids.get("task_render_panel4") or _panel4_render(page, demo)
    open_asset(page, demo, render)
    node = node_item(page, render)
    expect(node).to_have_attribute("data-state", "DRAFT")
    transitions = page.locator(PANEL).get_by_role("group", name="Transitions")
    expect(transitions.locator("[data-transition]")).to_have_count(2)  # approve or discard
    before = draw_count(page)
    # A move is asked first, in plain words; cancelling changes nothing.
    transitions.locator('[data-transition="APPROVED"]').click()
    confirm = page.locator(PANEL).get_by_test_id("confirm-transition")
    expect(confirm).to_contain_text("from draft to approved")
    expect(confirm).to_contain_text("finished result")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_have_count(0)
    expect(page.locator(PANEL).get_by_test_id("state")).to_have_text("draft")
    transitions.locator('[data-transition="APPROVED"]').click()
    confirm.get_by_role("button", name="Move to approved").click()
    expect(page.locator(PANEL).get_by_test_id("state")).to_have_text("approved")
    drawn(page, before + 1)
    expect(node).to_have_attribute("data-state", "APPROVED")
    expect(transitions.locator('[data-transition="ARCHIVED"]')).to_be_visible()
    screenshot(page, "06-transition")

    # The project's approved-only gallery: the final panel first, the imported portrait, and
    # now panel 4; the draft render of the deleted layout task is not in it.
    gallery = page.locator(PANEL).get_by_test_id("gallery")
    gallery.locator("summary").click()
    captions = gallery.locator(".caption")
    expect(captions).to_have_count(3)
    expect(captions.first).to_have_text("★ Page 1, Panel 1 frame")
    expect(gallery).to_contain_text("Page 1, Panel 4 frame")
    expect(gallery).to_contain_text("Jennifer portrait (neutral)")
    expect(gallery).not_to_contain_text("Page 2 layout")


def _panel4_render(page: Page, demo: Served) -> str:
    """The render of task "Page 1, Panel 4" (the demo names its task, not its render)."""
    found = page.request.post(
        f"{demo.url}/graphql",
        headers={"Authorization": f"Bearer {demo.token}"},
        data={
            "query": "query($id: ID!) { task(id: $id) { assets(filter: {types: [RENDER]}) "
            "{ nodes { id } } } }",
            "variables": {"id": demo.ids["task_panel4"]},
        },
    ).json()
    return str(found["data"]["task"]["assets"]["nodes"][0]["id"])


def test_deep_link_back_button_and_keyboard(page: Page, demo: Served) -> None:
    render = demo.ids["task_render_panel1"]
    open_asset(page, demo, render, depth=2)
    expect(page.get_by_test_id("depth")).to_have_text("2")
    expect(page.locator(PANEL).get_by_test_id("panel-title")).to_have_text("Page 1, Panel 1 frame")

    # Select an input with the arrow keys: the address follows.
    page.locator(".graph").focus()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile("select="))
    selected = page.url.split("select=")[1].split("&")[0]
    title = page.locator(PANEL).get_by_test_id("panel-title")
    expect(title).not_to_have_text("Page 1, Panel 1 frame")
    chosen = title.inner_text()

    # A deep link to that view opens it as it was.
    link = page.url
    other = page.context.new_page()
    other.goto(link)
    drawn(other)
    expect(other.locator(PANEL).get_by_test_id("panel-title")).to_have_text(chosen)
    expect(other.get_by_test_id("depth")).to_have_text("2")
    expect(node_item(other, selected)).to_have_attribute("aria-selected", "true")
    other.close()

    # Back: the render is selected again; forward: the input.
    page.go_back()
    expect(page).not_to_have_url(re.compile("select="))
    expect(title).to_have_text("Page 1, Panel 1 frame")
    page.go_forward()
    expect(title).to_have_text(chosen)


def test_more_pages_for_a_node_with_many_neighbours(page: Page, demo: Served) -> None:
    project_jennifer = demo.ids["project_jennifer"]
    assert demo.target is not None

    async def more_clones() -> None:
        db = Database.connect(demo.target.uri, demo.target.auth, demo.target.database)  # type: ignore[union-attr]
        try:
            for n in range(9):
                await cloning.derive_working_clone(db, project_jennifer, {"name": f"Jennifer_{n}"})
        finally:
            await db.close()

    run_async(more_clones)
    open_asset(page, demo, demo.ids["space_jennifer"])
    expect(node_item(page, project_jennifer)).to_have_attribute("data-hidden", "12")
    before = draw_count(page)
    click_node(page, project_jennifer, double=True)
    drawn(page, before + 1)
    more = page.get_by_test_id("node-list").locator("[data-more-id]")
    expect(more).to_have_count(1)
    expect(more).to_contain_text("4 more downstream")
    screenshot(page, "07-more")
    before = draw_count(page)
    click_node(page, str(more.get_attribute("data-more-id")))  # the "4 more…" node
    drawn(page, before + 1)
    expect(more).to_have_count(0)
    expect(node_item(page, project_jennifer)).to_have_attribute("data-hidden", "0")


def graphql(demo: Served, document: str, **variables: Any) -> Any:
    answer = httpx.post(
        f"{demo.url}/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {demo.token}"},
        timeout=60,
    )
    answer.raise_for_status()
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


def test_render_thumbnail_comes_from_the_file_url(page: Page, demo: Served) -> None:
    image = png()
    checksum = hashlib.sha256(image).hexdigest()
    task = demo.ids["task_panel1"]
    ticket = graphql(
        demo,
        "mutation($c: ID!, $size: Int!, $sum: String!) { requestUpload(containerId: $c, "
        'contentType: "image/png", size: $size, checksum: $sum) { __typename '
        "... on UploadPayload { key url method headers } ... on Error { message } } }",
        c=task,
        size=len(image),
        sum=checksum,
    )["requestUpload"]
    assert ticket["__typename"] == "UploadPayload", ticket
    sent = httpx.request(ticket["method"], ticket["url"], content=image, headers=ticket["headers"])
    assert sent.status_code < 300, sent.text
    made = graphql(
        demo,
        "mutation($c: ID!, $input: ID!, $file: FileSpec!) { registerRender(containerId: "
        '$c, name: "Jennifer sketch", inputs: [{id: $input}], file: $file) { __typename '
        "... on AssetPayload { asset { id } } ... on Error { message } } }",
        c=task,
        input=demo.ids["project_exuberant"],
        file={
            "key": ticket["key"],
            "contentType": "image/png",
            "size": len(image),
            "checksum": checksum,
        },
    )["registerRender"]
    assert made["__typename"] == "AssetPayload", made
    render = made["asset"]["id"]

    files: list[Response] = []
    page.on("response", lambda r: files.append(r) if "/files/" in r.url else None)
    open_asset(page, demo, render)
    expect(page.locator(PANEL).get_by_test_id("panel-title")).to_have_text("Jennifer sketch")
    page.wait_for_timeout(300)
    assert files and all(r.status == 200 for r in files), [(r.url, r.status) for r in files]
    assert files[0].headers["content-type"] == "image/png"
    drawn_image = page.evaluate(
        "id => window.lineageExplorer.canvas.cy.getElementById(id).style('background-image')",
        render,
    )
    assert "/files/" in str(drawn_image)
    preview = page.locator(PANEL).get_by_role("img", name="File of Jennifer sketch")
    expect(preview).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", preview.element_handle()) == 96
    screenshot(page, "08-thumbnail")


def test_a_kept_render_names_the_deleted_task_it_came_from(page: Page, demo: Served) -> None:
    open_asset(page, demo, demo.ids["kept_render_of_deleted_task"])
    expect(page.locator(PANEL)).to_contain_text(
        "task Page 2 layout (deleted) (deleted; kept in the project)"
    )


@pytest.mark.parametrize("width", [1440, 1024])
def test_the_toolbar_fits_the_screen(page: Page, demo: Served, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_asset(page, demo, demo.ids["space_jennifer"])
    toolbar = page.locator(".toolbar")
    for control in [
        toolbar.get_by_role("button", name=re.compile("^(Freeze|Frozen)$")),
        toolbar.get_by_role("button", name="Help"),
        toolbar.get_by_role("button", name="Sign out"),
    ]:
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            control,
            box,
        )
    screenshot(page, f"toolbar-{width}")
