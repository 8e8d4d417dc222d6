"""`renderDiff` over real HTTP on the real Neo4j (docs/domain.md §12, Render diff): two
renders whose inputs differ in every way a diff tells, and who may compare them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lineage.graph.database import Database

from .conftest import Caller
from .reads import another_caller

ASSET = "... on AssetPayload { asset { id } } ... on Error { message }"
SIDE = "asset { id name } role lineId version snapshot contentHash"
DIFF = f"""query ($left: ID!, $right: ID!) {{
  renderDiff(left: $left, right: $right) {{
    left {{ id }} right {{ id }} summary same
    added {{ {SIDE} }} removed {{ {SIDE} }} unchanged {{ {SIDE} }}
    changed {{ before {{ {SIDE} }} after {{ {SIDE} }} differences fields {{ path old new }} }}
    prompt {{ before after }} model {{ before after }} parameters {{ path old new }}
  }}
}}"""


def made(caller: Caller, field: str, **arguments: Any) -> str:
    signature = ", ".join(f"${name}: {kind}" for name, kind in _KINDS[field].items())
    passed = ", ".join(f"{name}: ${name}" for name in _KINDS[field])
    answer = caller.run(f"mutation ({signature}) {{ r: {field}({passed}) {{ {ASSET} }} }}",
                        **arguments)["r"]  # fmt: skip
    assert "asset" in answer, answer
    return str(answer["asset"]["id"])


_KINDS: dict[str, dict[str, str]] = {
    "createDefinition": {"spaceId": "ID!", "type": "DefinitionType!", "name": "String!"},
    "transitionState": {"id": "ID!", "to": "State!"},
    "updateAsset": {"id": "ID!", "changes": "ContentChanges!"},
    "createVersion": {"id": "ID!", "changes": "ContentChanges"},
    "registerRender": {"containerId": "ID!", "name": "String!", "inputs": "[RenderInputSpec!]!",
                       "prompt": "String", "parameters": "JSON", "model": "String"},
}  # fmt: skip


@dataclass
class TwoRenders:
    left: str
    right: str
    jen: str
    noir_v1: str
    noir_v2: str
    park: str
    bob: str


def space_of(caller: Caller) -> str:
    answer = caller.run(
        'mutation { r: createSpace(name: "Comics") '
        "{ ... on ContainerPayload { container { ... on Space { id } } } } }"
    )
    return str(answer["r"]["container"]["id"])  # fmt: skip


def two_renders(caller: Caller, space: str) -> TwoRenders:
    """Frame 41 uses Jennifer, Noir 1.0.0 and Park; Frame 42 uses Jennifer after an edit of
    her tags, Noir 2.0.0 and Bob, with another prompt and parameters."""

    def definition(type: str, name: str, state: str = "DRAFT") -> str:
        id = made(caller, "createDefinition", spaceId=space, type=type, name=name)
        if state != "DRAFT":
            made(caller, "transitionState", id=id, to=state)
        return id

    jen = definition("CHARACTER", "Jennifer")  # a draft: a draft space render binds nothing
    made(caller, "updateAsset", id=jen, changes={"fields": {"canonical_tags": ["red hair"]}})
    noir = definition("STYLE", "Noir", "CANONICAL")
    park, bob = definition("SCENE", "Park", "CANONICAL"), definition("CHARACTER", "Bob")

    def render(name: str, inputs: list[str], prompt: str, **parameters: Any) -> str:
        specs = [{"id": i} for i in inputs]
        return made(caller, "registerRender", containerId=space, name=name, prompt=prompt,
                    inputs=specs, parameters=parameters, model="m1")  # fmt: skip

    left = render("Frame 41", [jen, noir, park], "rain", seed=1, steps=20)
    tags = ["red hair", "freckles"]
    made(caller, "updateAsset", id=jen, changes={"fields": {"canonical_tags": tags}})
    newer = made(caller, "createVersion", id=noir, changes={"description": "darker"})
    made(caller, "transitionState", id=newer, to="CANONICAL")
    right = render("Frame 42", [jen, newer, bob], "rain, night", seed=2, steps=20, cfg=7)
    return TwoRenders(left, right, jen, noir, newer, park, bob)


def test_the_diff_tells_added_removed_changed_inputs_prompt_and_parameters(
    caller: Caller,
) -> None:
    space = space_of(caller)
    made_ = two_renders(caller, space)
    diff = caller.run(DIFF, left=made_.left, right=made_.right)["renderDiff"]

    assert (diff["left"]["id"], diff["right"]["id"]) == (made_.left, made_.right)
    assert [i["asset"]["id"] for i in diff["added"]] == [made_.bob]
    assert [i["asset"]["id"] for i in diff["removed"]] == [made_.park]
    assert diff["unchanged"] == [] and diff["same"] is False
    by_role = {c["after"]["role"]: c for c in diff["changed"]}
    assert set(by_role) == {"CHARACTER", "STYLE"}

    style = by_role["STYLE"]
    assert (style["before"]["asset"]["id"], style["after"]["asset"]["id"]) == (
        made_.noir_v1, made_.noir_v2,
    )  # fmt: skip
    assert (style["before"]["version"], style["after"]["version"]) == ("1.0.0", "2.0.0")
    assert style["before"]["lineId"] == style["after"]["lineId"] == made_.noir_v1
    assert style["differences"] == ["VERSION", "ASSET", "CONTENT"]
    assert style["fields"] == [{"path": "description", "old": "", "new": "darker"}]

    character = by_role["CHARACTER"]
    assert character["before"]["asset"]["id"] == character["after"]["asset"]["id"] == made_.jen
    assert character["differences"] == ["CONTENT"]
    assert character["fields"] == [{"path": "fields.canonical_tags", "old": ["red hair"],
                                    "new": ["red hair", "freckles"]}]  # fmt: skip
    assert character["before"]["contentHash"] != character["after"]["contentHash"]
    assert character["before"]["snapshot"]["fields"]["canonical_tags"] == ["red hair"]

    assert diff["prompt"] == {"before": "rain", "after": "rain, night"}
    assert diff["model"] is None
    assert diff["parameters"] == [
        {"path": "cfg", "old": None, "new": 7},
        {"path": "seed", "old": 1, "new": 2},
    ]
    assert diff["summary"] == (
        "Frame 41 vs Frame 42: Jennifer changed, Noir 1.0.0 to 2.0.0, Bob 1.0.0 added, Park 1.0.0 "
        "removed, prompt changed, cfg changed, seed changed"
    )


def test_a_render_against_itself_is_the_same(caller: Caller) -> None:
    made_ = two_renders(caller, space_of(caller))
    diff = caller.run(DIFF, left=made_.right, right=made_.right)["renderDiff"]
    assert diff["same"] is True and len(diff["unchanged"]) == 3
    assert diff["summary"].endswith(": no differences")


async def test_only_members_compare_and_unknown_ids_answer_null(
    caller: Caller, graph: Database
) -> None:
    made_ = two_renders(caller, space_of(caller))
    stranger = await another_caller(graph, caller, "Eve")
    assert stranger.run(DIFF, left=made_.left, right=made_.right)["renderDiff"] is None
    # A render of the stranger's own space against one of ours is refused the same way.
    theirs = two_renders(stranger, space_of(stranger))
    assert stranger.run(DIFF, left=theirs.left, right=made_.right)["renderDiff"] is None
    assert stranger.run(DIFF, left=theirs.left, right=theirs.right)["renderDiff"] is not None
    assert caller.run(DIFF, left=made_.left, right="no-such-id")["renderDiff"] is None
    # A definition is no render.
    assert caller.run(DIFF, left=made_.left, right=made_.jen)["renderDiff"] is None
