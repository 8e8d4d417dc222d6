"""Field-level diffs."""

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from lineage.domain.diff import FieldChange, field_diff, json_equal
from lineage.domain.hashing import canonical_json
from lineage.domain.missing import MISSING

# Keys without dots, so a dotted path names one place.
keys = st.text(alphabet="abcx", min_size=1, max_size=2)
scalars = st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.5, 1.0, "s", ""])
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=12,
)
objects = st.dictionaries(keys, values, max_size=4)


def test_equal_objects_have_no_changes() -> None:
    assert field_diff({"a": {"b": [1, 2]}}, {"a": {"b": [1, 2]}}) == []


def test_scalar_change_added_and_removed_keys() -> None:
    old = {"name": "Jen", "gone": 1, "same": True}
    new = {"name": "Jennifer", "new": None, "same": True}
    assert field_diff(old, new) == [
        FieldChange("gone", 1, MISSING),
        FieldChange("name", "Jen", "Jennifer"),
        FieldChange("new", MISSING, None),
    ]


def test_nested_objects_give_dotted_paths() -> None:
    old = {"fields": {"base_layout": "open", "style_binding": "s1", "deep": {"x": 1}}}
    new = {"fields": {"base_layout": "closed", "style_binding": "s1", "deep": {"x": 2}}}
    assert field_diff(old, new) == [
        FieldChange("fields.base_layout", "open", "closed"),
        FieldChange("fields.deep.x", 1, 2),
    ]


def test_lists_are_compared_whole() -> None:
    assert field_diff({"tags": ["a", "b"]}, {"tags": ["a", "c"]}) == [
        FieldChange("tags", ["a", "b"], ["a", "c"])
    ]


def test_object_replaced_by_scalar_is_one_change() -> None:
    assert field_diff({"a": {"b": 1}}, {"a": 5}) == [FieldChange("a", {"b": 1}, 5)]


def test_empty_object_against_absent_is_a_change() -> None:
    assert field_diff({"a": {}}, {}) == [FieldChange("a", {}, MISSING)]


def test_json_types_are_told_apart() -> None:
    assert field_diff({"a": 1}, {"a": True}) == [FieldChange("a", 1, True)]
    assert field_diff({"a": 1}, {"a": 1.0}) == [FieldChange("a", 1, 1.0)]
    assert field_diff({"a": 0}, {"a": False}) != []


def test_to_dict_leaves_out_missing_sides() -> None:
    assert FieldChange("a", MISSING, None).to_dict() == {"path": "a", "new": None}
    assert FieldChange("a", 1, MISSING).to_dict() == {"path": "a", "old": 1}
    assert FieldChange("a", 1, 2).to_dict() == {"path": "a", "old": 1, "new": 2}


def test_json_equal() -> None:
    assert json_equal({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not json_equal(None, MISSING)
    assert json_equal(MISSING, MISSING)
    assert not json_equal([1, 2], [2, 1])


@given(objects, objects)
def test_diff_is_empty_iff_equal(old: dict[str, Any], new: dict[str, Any]) -> None:
    assert (field_diff(old, new) == []) is (canonical_json(old) == canonical_json(new))


@given(objects, objects)
def test_applying_the_diff_turns_old_into_new(old: dict[str, Any], new: dict[str, Any]) -> None:
    result = _copy(old)
    for change in field_diff(old, new):
        _apply(result, change)
    assert canonical_json(result) == canonical_json(new)


@given(objects, objects)
def test_paths_are_sorted_and_unique(old: dict[str, Any], new: dict[str, Any]) -> None:
    paths = [change.path for change in field_diff(old, new)]
    # "." sorts below every key character used here, so key order is text order.
    assert paths == sorted(set(paths))


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _apply(target: dict[str, Any], change: FieldChange) -> None:
    *parents, last = change.path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    if change.new is MISSING:
        del target[last]
    else:
        target[last] = change.new
