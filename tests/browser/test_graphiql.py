"""GraphiQL at GET /graphql, built with the explorer: it loads with the internet out of
reach (the page fixture refuses every request outside the app), opens with the example
documents, takes the explorer's token, and runs a query."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from .conftest import Served, keep_as_doc, screenshot, signed_in

# The variables or headers editor, whichever is shown.
TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
EXAMPLES = ["AssetLineage", "WhyLocked", "DeleteDryRun", "RegisterRender"]


def set_editor(page: Page, selector: str, text: str) -> None:
    """Through the CodeMirror instance GraphiQL's editors keep on their element."""
    page.locator(selector).first.evaluate("(e, text) => e.CodeMirror.setValue(text)", text)


def editor_text(page: Page, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("e => e.CodeMirror.getValue()"))


def test_graphiql_runs_the_lineage_example_offline(page: Page, demo: Served) -> None:
    signed_in(page, demo).goto(f"{demo.url}/graphql")
    tabs = page.locator(".graphiql-tab")
    expect(tabs).to_have_count(len(EXAMPLES))
    for name, tab in zip(EXAMPLES, tabs.all(), strict=True):
        expect(tab).to_contain_text(name)
    tabs.first.click()
    # The Headers tab starts with the token the explorer keeps.
    page.get_by_role("button", name="Headers").click()
    headers = json.loads(editor_text(page, TOOL_EDITOR))
    assert headers == {"Authorization": f"Bearer {demo.token}"}
    page.get_by_role("button", name="Variables").click()
    variables = {"id": demo.ids["space_jennifer"]}
    set_editor(page, TOOL_EDITOR, json.dumps(variables))
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".result-window")).to_contain_text('"lineage"')
    answer = json.loads(editor_text(page, ".result-window .CodeMirror"))
    asset = answer["data"]["asset"]
    assert asset["name"] == "Jennifer" and asset["layer"] == "SPACE"
    names = {node["asset"]["name"] for node in asset["lineage"]["nodes"]}
    assert {"Jennifer", "Jennifer_sullen", "Jennifer portrait (neutral)"} <= names
    keep_as_doc(screenshot(page, "graphiql"), "graphiql.png")
