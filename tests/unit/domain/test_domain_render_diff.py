"""Comparing two renders: inputs matched by line and role, prompt, model and parameters."""

from __future__ import annotations

from typing import Any

from lineage.domain.diff import FieldChange
from lineage.domain.missing import MISSING
from lineage.domain.render_diff import (
    InputDifference,
    RenderSide,
    UsedInput,
    diff_renders,
    match_inputs,
)


def used(
    asset_id: str,
    line: str,
    role: str = "CHARACTER",
    version: str | None = "1.0.0",
    name: str = "",
    **snapshot: Any,
) -> UsedInput:
    content = {"name": name or line, **snapshot}
    digest = "h-" + repr(sorted(content.items()))
    return UsedInput(asset_id, role, line, name or line, version, content, digest)


def render(id: str, *inputs: UsedInput, prompt: str = "rain", **parameters: Any) -> RenderSide:
    return RenderSide(id, f"Frame {id}", prompt, "m1", parameters, inputs)


def test_equal_renders_have_no_differences() -> None:
    jen = used("a1", "jen")
    found = diff_renders(render("41", jen, seed=1), render("42", jen, seed=1))
    assert found.same
    assert found.unchanged == (jen,)
    assert found.summary == "Frame 41 vs Frame 42: no differences"


def test_another_version_of_the_same_line_is_a_change_with_both_versions() -> None:
    v1 = used("style-v1", "noir", "STYLE", "1.0.0", "Noir", contrast=1)
    v2 = used("style-v2", "noir", "STYLE", "2.0.0", "Noir", contrast=3)
    found = diff_renders(render("41", v1), render("42", v2))
    (change,) = found.changed
    assert (change.before, change.after) == (v1, v2)
    assert change.differences == (
        InputDifference.VERSION, InputDifference.ASSET, InputDifference.CONTENT,
    )  # fmt: skip
    assert change.fields == (FieldChange("contrast", 1, 3),)
    assert not found.added and not found.removed
    assert found.summary == "Frame 41 vs Frame 42: Noir 1.0.0 to 2.0.0"


def test_another_line_is_one_input_removed_and_one_added() -> None:
    jen, bob = used("a1", "jen"), used("b1", "bob")
    found = diff_renders(render("41", jen), render("42", bob))
    assert (found.removed, found.added, found.changed) == ((jen,), (bob,), ())
    assert found.summary == "Frame 41 vs Frame 42: bob 1.0.0 added, jen 1.0.0 removed"


def test_the_same_line_in_another_role_is_not_matched() -> None:
    as_character = used("a1", "jen", "CHARACTER")
    as_reference = used("a1", "jen", "REFERENCE")
    found = diff_renders(render("41", as_character), render("42", as_reference))
    assert (found.removed, found.added) == ((as_character,), (as_reference,))


def test_the_same_asset_edited_between_the_renders_changed_its_content() -> None:
    before = used("w1", "jen", pose="sitting")
    after = used("w1", "jen", pose="standing")
    (change,) = diff_renders(render("41", before), render("42", after)).changed
    assert change.differences == (InputDifference.CONTENT,)
    assert change.fields == (FieldChange("pose", "sitting", "standing"),)


def test_a_working_clone_instead_of_the_base_clone_is_another_asset_of_the_line() -> None:
    base = used("base", "jen", name="Jennifer")
    working = used("work", "jen", name="Jennifer")  # same content, same version
    found = diff_renders(render("41", base), render("42", working))
    (change,) = found.changed
    assert change.differences == (InputDifference.ASSET,)
    assert change.fields == ()
    assert found.summary == "Frame 41 vs Frame 42: Jennifer to Jennifer (another clone)"


def test_several_inputs_of_one_line_pair_the_same_asset_first_then_by_version() -> None:
    base = used("base", "jen", version="1.0.0", name="Jennifer")
    sullen = used("sullen", "jen", version="1.0.0", name="Jennifer_sullen")
    newer = used("newer", "jen", version="2.0.0", name="Jennifer")
    pairs, only_left, only_right = match_inputs([base, sullen], [newer, sullen])
    assert pairs == [(sullen, sullen), (base, newer)]
    assert (only_left, only_right) == ([], [])
    pairs, only_left, only_right = match_inputs([base, sullen], [newer])
    assert pairs == [(base, newer)] and only_left == [sullen] and only_right == []


def test_versions_order_as_numbers() -> None:
    nine = used("v9", "jen", version="1.9.0")
    ten = used("v10", "jen", version="1.10.0")
    other = used("x", "jen", version="1.9.5")
    pairs, _, only_right = match_inputs([nine], [ten, other])
    assert pairs == [(nine, other)] and only_right == [ten]


def test_prompt_model_and_each_parameter_key() -> None:
    left = render("41", prompt="rain", seed=1, steps=20, sampler="a")
    right = RenderSide("42", "Frame 42", "rain, night", "m2", {"seed": 2, "steps": 20,
                                                              "cfg": 7}, ())  # fmt: skip
    found = diff_renders(left, right)
    assert found.prompt is not None and (found.prompt.before, found.prompt.after) == (
        "rain", "rain, night",
    )  # fmt: skip
    assert found.model is not None and found.model.after == "m2"
    assert found.parameters == (
        FieldChange("cfg", MISSING, 7),
        FieldChange("sampler", "a", MISSING),
        FieldChange("seed", 1, 2),
    )
    assert found.summary == (
        "Frame 41 vs Frame 42: prompt changed, model m1 to m2, cfg changed, sampler changed, "
        "seed changed"
    )


def test_renders_of_one_name_are_told_apart_by_id() -> None:
    left = RenderSide("r1", "Frame", None, None, {}, ())
    right = RenderSide("r2", "Frame", "x", None, {}, ())
    assert diff_renders(left, right).summary == "Frame (r1) vs Frame (r2): prompt changed"
