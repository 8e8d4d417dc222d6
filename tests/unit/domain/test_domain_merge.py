"""Three-way merge for rebasing working clones."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lineage.domain.enums import MergeSide
from lineage.domain.errors import MergeConflict, ValidationError
from lineage.domain.hashing import canonical_json
from lineage.domain.merge import check_resolved, three_way_merge
from lineage.domain.missing import MISSING
from lineage.domain.reasons import MergeConflictItem

keys = st.text(alphabet="abc", min_size=1, max_size=2)
scalars = st.none() | st.booleans() | st.integers(-2, 2) | st.sampled_from(["s", "t"])
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=10,
)
objects = st.dictionaries(keys, values, max_size=4)

BASE = {"name": "Jennifer", "tags": ["lead"], "fields": {"hair": "long", "eyes": "green"}}

CASES = [
    # (theirs, ours, merged, conflict paths)
    pytest.param(BASE, BASE, BASE, [], id="nothing changed"),
    pytest.param(
        {**BASE, "name": "Jen"}, BASE, {**BASE, "name": "Jen"}, [], id="only theirs changed"
    ),
    pytest.param(
        BASE, {**BASE, "name": "Jen"}, {**BASE, "name": "Jen"}, [], id="only ours changed"
    ),
    pytest.param(
        {**BASE, "name": "Jen"},
        {**BASE, "name": "Jen"},
        {**BASE, "name": "Jen"},
        [],
        id="same change on both sides",
    ),
    pytest.param(
        {**BASE, "name": "Jenny"},
        {**BASE, "name": "Jen"},
        {**BASE, "name": "Jen"},
        ["name"],
        id="different changes keep ours",
    ),
    pytest.param(
        {**BASE, "fields": {"hair": "short", "eyes": "green"}},
        {**BASE, "fields": {"hair": "long", "eyes": "blue"}},
        {**BASE, "fields": {"hair": "short", "eyes": "blue"}},
        [],
        id="nested keys merge independently",
    ),
    pytest.param(
        {**BASE, "fields": {"hair": "short", "eyes": "green"}},
        {**BASE, "fields": {"hair": "bob", "eyes": "green"}},
        {**BASE, "fields": {"hair": "bob", "eyes": "green"}},
        ["fields.hair"],
        id="nested conflict has a dotted path",
    ),
    pytest.param(
        {**BASE, "tags": ["lead", "hero"]},
        {**BASE, "tags": ["lead", "sad"]},
        {**BASE, "tags": ["lead", "sad"]},
        ["tags"],
        id="lists are whole values",
    ),
    pytest.param(
        {k: v for k, v in BASE.items() if k != "tags"},
        BASE,
        {k: v for k, v in BASE.items() if k != "tags"},
        [],
        id="theirs deleted an unchanged key",
    ),
    pytest.param(
        BASE,
        {k: v for k, v in BASE.items() if k != "tags"},
        {k: v for k, v in BASE.items() if k != "tags"},
        [],
        id="ours deleted an unchanged key",
    ),
    pytest.param(
        {k: v for k, v in BASE.items() if k != "name"},
        {**BASE, "name": "Jen"},
        {**BASE, "name": "Jen"},
        ["name"],
        id="delete against modify conflicts",
    ),
    pytest.param(
        {**BASE, "name": "Jen"},
        {k: v for k, v in BASE.items() if k != "name"},
        {k: v for k, v in BASE.items() if k != "name"},
        ["name"],
        id="modify against delete conflicts and keeps the delete",
    ),
    pytest.param(
        {**BASE, "mood": "sullen"},
        {**BASE, "mood": "sullen"},
        {**BASE, "mood": "sullen"},
        [],
        id="same addition",
    ),
    pytest.param(
        {**BASE, "mood": "happy"},
        {**BASE, "mood": "sullen"},
        {**BASE, "mood": "sullen"},
        ["mood"],
        id="different additions",
    ),
    pytest.param(
        {**BASE, "extra": {"a": 1}},
        {**BASE, "extra": {"b": 2}},
        {**BASE, "extra": {"a": 1, "b": 2}},
        [],
        id="added objects merge key by key",
    ),
    pytest.param(
        {**BASE, "name": {"first": "Jen"}},
        {**BASE, "name": {"last": "Doe"}},
        {**BASE, "name": {"last": "Doe"}},
        ["name"],
        id="objects replacing a scalar do not merge",
    ),
    pytest.param(
        {**BASE, "name": 1},
        {**BASE, "name": True},
        {**BASE, "name": True},
        ["name"],
        id="1 and true differ",
    ),
]


@pytest.mark.parametrize(("theirs", "ours", "merged", "paths"), CASES)
def test_cases(
    theirs: dict[str, Any], ours: dict[str, Any], merged: dict[str, Any], paths: list[str]
) -> None:
    result = three_way_merge(BASE, theirs, ours)
    assert canonical_json(result.merged) == canonical_json(merged)
    assert [item.path for item in result.conflicts] == paths
    assert result.clean is (not paths)


def test_conflict_items_carry_all_three_sides() -> None:
    result = three_way_merge({"a": 1}, {}, {"a": 2})
    assert result.conflicts == [MergeConflictItem("a", 1, MISSING, 2)]
    assert result.conflicts[0].to_dict() == {"path": "a", "base": 1, "ours": 2}


def test_result_does_not_alias_inputs() -> None:
    theirs = {"fields": {"tags": ["a"]}}
    result = three_way_merge({}, theirs, {})
    result.merged["fields"]["tags"].append("b")
    assert theirs == {"fields": {"tags": ["a"]}}


@given(objects, objects)
def test_unchanged_ours_yields_theirs(base: dict[str, Any], theirs: dict[str, Any]) -> None:
    result = three_way_merge(base, theirs, base)
    assert canonical_json(result.merged) == canonical_json(theirs)
    assert result.clean


@given(objects, objects)
def test_unchanged_theirs_yields_ours(base: dict[str, Any], ours: dict[str, Any]) -> None:
    result = three_way_merge(base, base, ours)
    assert canonical_json(result.merged) == canonical_json(ours)
    assert result.clean


@given(objects, objects)
def test_identical_sides_never_conflict(base: dict[str, Any], both: dict[str, Any]) -> None:
    result = three_way_merge(base, both, both)
    assert canonical_json(result.merged) == canonical_json(both)
    assert result.clean


@given(objects, objects, objects)
def test_conflicts_are_symmetric_and_keep_ours(
    base: dict[str, Any], theirs: dict[str, Any], ours: dict[str, Any]
) -> None:
    forward = three_way_merge(base, theirs, ours)
    backward = three_way_merge(base, ours, theirs)
    assert [c.path for c in forward.conflicts] == [c.path for c in backward.conflicts]
    for item in forward.conflicts:
        assert _same(_at(forward.merged, item.path), item.ours)


def _at(value: dict[str, Any], path: str) -> Any:
    current: Any = value
    for key in path.split("."):
        if not isinstance(current, dict) or key not in current:
            return MISSING
        current = current[key]
    return current


def _same(left: Any, right: Any) -> bool:
    if left is MISSING or right is MISSING:
        return left is right
    return canonical_json(left) == canonical_json(right)


def test_a_conflict_resolved_as_theirs_takes_the_upstream_value() -> None:
    base, theirs, ours = {"a": 1, "b": {"c": 1}}, {"a": 2, "b": {"c": 2}}, {"a": 3, "b": {"c": 3}}
    result = three_way_merge(base, theirs, ours, take_theirs={"b.c"})
    assert result.merged == {"a": 3, "b": {"c": 2}}
    assert [c.path for c in result.conflicts] == ["a", "b.c"]  # both still reported


def test_a_conflict_resolved_as_theirs_can_remove_a_key() -> None:
    result = three_way_merge({"a": 1}, {}, {"a": 2}, take_theirs={"a"})
    assert result.merged == {}


def test_check_resolved_refuses_unsettled_and_unknown_paths() -> None:
    conflicts = [MergeConflictItem("a", 1, 2, 3), MergeConflictItem("b", 1, 2, 3)]
    with pytest.raises(MergeConflict) as unsettled:
        check_resolved("x", conflicts, {"a": MergeSide.OURS}, keep_ours=False)
    assert [c.path for c in unsettled.value.conflicts] == ["b"]
    check_resolved("x", conflicts, {"a": MergeSide.OURS}, keep_ours=True)
    check_resolved("x", conflicts, {"a": MergeSide.OURS, "b": MergeSide.THEIRS}, keep_ours=False)
    with pytest.raises(ValidationError, match="'c' is not a conflicting field"):
        check_resolved("x", conflicts, {"c": MergeSide.OURS}, keep_ours=True)
