"""What a producer needs to read the drawing without help, at 1440 and 1024 px: whole names,
same-named clones told apart, the jargon explained where it appears, a task-delete dry run
that names things and marks them in the drawing, edge labels clear of the nodes, and the
demo's render pictures as thumbnails."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import Served, click_node, draw_count, drawn, node_item, screenshot, signed_in

PANEL = '[aria-label="Selected asset"]'
WIDTHS = [1440, 1024]
PORTRAIT = "Jennifer portrait (neutral)"


def open_asset(page: Page, demo: Served, asset_id: str, width: int, depth: int = 1) -> None:
    page.set_viewport_size({"width": width, "height": 860})
    query = f"asset={asset_id}" + ("" if depth == 1 else f"&depth={depth}")
    signed_in(page, demo).goto(f"{demo.url}/explorer/?{query}")
    drawn(page)


# Each asset's card, drawn as an SVG in the page: the text of each line (name lines apart),
# how far right any line reaches, and the card's size.
CARD_TEXT = """() => {
  const cy = window.lineageExplorer.canvas.cy;
  return cy.nodes('node.asset').map((node) => {
    const svg = decodeURIComponent(node.data('card').split(',')[1]);
    const host = document.createElement('div');
    host.innerHTML = svg;
    document.body.appendChild(host);
    const texts = [...host.querySelectorAll('text')];
    const name = texts.filter((t) => t.classList.contains('name')).map((t) => t.textContent);
    const small = texts.filter((t) => t.classList.contains('small')).map((t) => t.textContent);
    const right = Math.max(...texts.map((t) => { const b = t.getBBox(); return b.x + b.width; }));
    const bottom = Math.max(...texts.map((t) => { const b = t.getBBox(); return b.y + b.height; }));
    host.remove();
    return { id: node.id(), name, small, right, bottom, w: node.data('w'), h: node.data('h') };
  });
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_node_names_are_whole_and_fit_their_cards(page: Page, demo: Served, width: int) -> None:
    open_asset(page, demo, demo.ids["task_render_rain"], width, depth=4)
    names = {
        str(item.get_attribute("data-node-id")): str(item.get_attribute("data-name"))
        for item in page.get_by_test_id("node-list").locator("[data-node-id]").all()
    }
    cards: list[dict[str, Any]] = page.evaluate(CARD_TEXT)
    assert len(cards) == len(names) >= 8
    for card in cards:
        assert " ".join(card["name"]) == names[card["id"]], card
        assert card["right"] <= card["w"] - 4, card  # every line inside the card
        assert card["bottom"] <= card["h"], card
    # Long names take more lines, and their cards grow.
    rain = next(c for c in cards if c["id"] == demo.ids["task_working_clone"])
    assert "".join(rain["name"]) == "Jennifer_determined_rain"
    assert any(len(c["name"]) > 1 and c["h"] > 66 for c in cards), cards
    screenshot(page, f"10-whole-names-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_same_named_clones_show_version_and_container(page: Page, demo: Served, width: int) -> None:
    open_asset(page, demo, demo.ids["task_variant"], width, depth=3)
    portraits = page.get_by_test_id("node-list").locator(f'[data-name="{PORTRAIT}"]')
    expect(portraits).to_have_count(4)  # space render, project and task clones, the variant
    texts = portraits.all_inner_texts()
    assert len(set(texts)) == 4, texts
    joined = " | ".join(texts)
    for where in (
        "in space Demo: Jennifer's universe",
        "in project Breakup Comic #1",
        "in task Character expressions",
    ):
        assert where in joined, texts
    # The cards themselves say it too.
    cards = {c["id"]: " ".join(c["small"]) for c in page.evaluate(CARD_TEXT)}
    assert "in task Character expressions" in cards[demo.ids["task_variant"]]
    screenshot(page, f"11-same-names-{width}")

    # And so does the search list.
    page.get_by_role("button", name="Assets").click()
    page.get_by_label("Search assets by name").fill("jennifer portrait")
    results = page.get_by_role("complementary", name="Assets")
    rows = results.locator("[data-asset-id]")
    expect(rows.first).to_be_visible()
    # Each row says its kind of copy, version and container: no two rows read the same.
    assert rows.count() >= 4 and results.locator(".where").count() == rows.count()
    lines = rows.all_inner_texts()
    assert len(set(lines)) == len(lines), lines
    screenshot(page, f"11-same-names-search-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_jargon_is_explained_where_it_appears(page: Page, demo: Served, width: int) -> None:
    clone = demo.ids["project_jennifer"]
    open_asset(page, demo, clone, width)
    panel = page.locator(PANEL)
    explain = panel.get_by_test_id("explain")
    expect(explain).to_contain_text("read-only copy of an asset from the level above")
    expect(explain).to_contain_text("the space original it was copied from has a newer")
    behind = panel.locator('[data-badge="behind"]')
    expect(behind).to_have_text("1 behind")
    assert "newer published version" in str(behind.get_attribute("title"))

    # Hovering the card in the drawing says the same.
    click_node(page, clone)
    box = page.evaluate(
        "id => window.lineageExplorer.canvas.cy.getElementById(id).renderedBoundingBox()", clone
    )
    at = page.evaluate("id => window.lineageExplorer.canvas.pagePosition(id)", clone)
    page.mouse.move(at["x"] + 1, at["y"] + 1)
    page.mouse.move(at["x"] + 3, at["y"] + box["h"] / 4)
    tip = page.get_by_test_id("node-tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("base clone is a read-only copy")
    screenshot(page, f"12-explained-{width}")
    page.mouse.move(2, 2)
    expect(tip).to_have_count(0)

    # A render's inputs say in plain words that they are unchanged.
    open_asset(page, demo, demo.ids["task_render_panel1"], width)
    inputs = page.locator(PANEL).get_by_test_id("inputs")
    expect(inputs).to_contain_text("unchanged since the render was made")
    # Help lists every word.
    page.get_by_role("button", name="Help").click()
    words = page.get_by_test_id("words")
    for word in ("Base clone", "Immutable", "N behind", "Snapshot matches"):
        expect(words.get_by_text(word, exact=True)).to_be_visible()
    screenshot(page, f"12-help-words-{width}")


def highlighted(page: Page) -> dict[str, str]:
    items = page.get_by_test_id("node-list").locator("[data-node-id]").all()
    return {
        str(i.get_attribute("data-node-id")): str(i.get_attribute("data-highlight")) for i in items
    }


def canvas_classes(page: Page, cls: str) -> list[str]:
    return list(
        page.evaluate("c => window.lineageExplorer.canvas.cy.nodes('.' + c).map(n => n.id())", cls)
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_task_delete_dry_run_names_and_marks_what_it_touches(
    page: Page, demo: Served, width: int
) -> None:
    render = demo.ids["task_render_rain"]
    open_asset(page, demo, render, width, depth=2)
    delete = page.locator(PANEL).get_by_test_id("delete")
    delete.get_by_label("Task delete mode").select_option("KEEP_RENDERS")
    delete.get_by_role("button", name="Dry run: delete task").click()
    report = delete.get_by_test_id("dry-run")
    expect(report).to_contain_text("Deleting task “Character expressions”")
    portraits = report.locator(".would-delete li", has_text=PORTRAIT)
    expect(portraits).to_have_count(2)
    for line in portraits.all_inner_texts():
        assert "render, " in line and "in task Character expressions" in line, line
    expect(report.locator(".would-delete")).to_contain_text(
        "Jennifer_determined_rain · character, working clone in task Character expressions"
    )
    expect(report.get_by_test_id("dry-run-drawn")).to_contain_text("drawn")

    # The drawing marks them: deleted, moved (the render), the rest faded.
    marks = highlighted(page)
    assert marks[render] == "moved", marks
    assert marks[demo.ids["task_working_clone"]] == "deleted", marks
    assert marks[demo.ids["task_variant"]] == "deleted", marks
    assert demo.ids["task_working_clone"] in canvas_classes(page, "deleted")
    assert render in canvas_classes(page, "moved")
    assert canvas_classes(page, "faded"), "the rest of the drawing steps back"
    screenshot(page, f"13-task-delete-marked-{width}")

    # Closing the report clears the marks.
    report.get_by_role("button", name="Close").click()
    expect(report).to_have_count(0)
    expect(node_item(page, render)).not_to_have_attribute("data-highlight", "moved")
    variant = node_item(page, demo.ids["task_variant"])
    expect(variant).not_to_have_attribute("data-highlight", "deleted")
    assert canvas_classes(page, "deleted") == [] and canvas_classes(page, "faded") == []


# Every edge label's box and every asset's box, in the drawing's coordinates, and for
# each edge drawn along ELK's route, its segment points against that route.
GEOMETRY = """() => {
  const c = window.lineageExplorer.canvas;
  const box = (e) => {
    const b = e.boundingBox({ includeLabels: true });
    return [b.x1, b.y1, b.x2, b.y2];
  };
  const routes = c.routes;
  return {
    assets: c.cy.nodes('node.asset').map((n) => ({ id: n.id(), box: box(n) })),
    labels: c.cy.nodes('node.edge-label').map((n) => ({
      id: n.id(), text: n.data('label'), box: box(n),
    })),
    onEdge: c.cy.edges('[label]').map((e) => e.id()),
    routed: c.cy.edges('.routed').map((e) => ({
      id: e.id(),
      points: e.segmentPoints() || [],
      route: (routes.get(e.id()) || []).slice(1, -1),
    })),
    edges: c.cy.edges().length,
  };
}"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width", WIDTHS)
def test_edge_labels_are_not_hidden_under_nodes(page: Page, demo: Served, width: int) -> None:
    open_asset(page, demo, demo.ids["task_render_panel1"], width, depth=4)
    before = draw_count(page)
    click_node(page, demo.ids["project_jennifer"], double=True)  # more edges crossing
    drawn(page, before + 1)
    geometry = page.evaluate(GEOMETRY)
    labels = geometry["labels"]
    assert {label["text"] for label in labels} >= {"character", "scene", "style"}, labels
    assert geometry["onEdge"] == [], "every label has a place of its own"
    for label in labels:
        for asset in geometry["assets"]:
            assert not overlap(label["box"], asset["box"]), (label, asset["id"])
    # The edges that bend follow ELK's routes (round the nodes), bend for bend.
    assert geometry["routed"], "some edges bend round nodes"
    for edge in geometry["routed"]:
        assert len(edge["points"]) == len(edge["route"]), edge
        for drawn_at, routed_at in zip(edge["points"], edge["route"], strict=True):
            assert abs(drawn_at["x"] - routed_at["x"]) < 1.5, edge
            assert abs(drawn_at["y"] - routed_at["y"]) < 1.5, edge
    screenshot(page, f"14-edge-labels-{width}")


LOADED = "img => img.complete && img.naturalWidth > 0"


@pytest.mark.parametrize("width", WIDTHS)
def test_demo_renders_show_their_pictures(page: Page, demo: Served, width: int) -> None:
    render = demo.ids["task_render_panel1"]
    open_asset(page, demo, render, width)
    preview = page.locator(PANEL).get_by_role("img", name="File of Page 1, Panel 1 frame")
    expect(preview).to_be_visible()
    page.wait_for_function(LOADED, arg=preview.element_handle())
    assert page.evaluate("img => img.naturalWidth", preview.element_handle()) == 160
    image = page.evaluate(
        "id => window.lineageExplorer.canvas.cy.getElementById(id).style('background-image')",
        render,
    )
    assert "/files/" in str(image)
    gallery = page.locator(PANEL).get_by_test_id("gallery")
    gallery.locator("summary").click()
    thumbs = gallery.locator("img")
    expect(thumbs.first).to_be_visible()
    for thumb in thumbs.all():
        page.wait_for_function(LOADED, arg=thumb.element_handle())
    screenshot(page, f"15-demo-pictures-{width}")
