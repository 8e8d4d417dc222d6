"""Cleanup order: dependents before what they depend on; a candidate something else
still needs is kept, with what keeps it, and so is everything it depends on."""

from __future__ import annotations

from lineage.domain.cleanup import order_deletions


def test_leaves_go_first() -> None:
    # base <- working <- variant: the variant, then the working clone, then the base.
    ordered, kept = order_deletions({"base": {"working"}, "working": {"variant"}, "variant": set()})
    assert ordered == ["variant", "working", "base"] and kept == {}


def test_a_dependent_that_stays_keeps_the_chain() -> None:
    # `used` is needed by a render that is not a candidate; `base` by `used`.
    ordered, kept = order_deletions({"base": {"used"}, "used": {"r_keep"}, "alone": set()})
    assert ordered == ["alone"]
    assert kept == {"used": ["r_keep"], "base": ["used"]}


def test_shared_dependents_are_deleted_once() -> None:
    ordered, _ = order_deletions({"a": {"c"}, "b": {"c"}, "c": set()})
    assert ordered == ["c", "a", "b"]
