"""Cleanup plans (docs/domain.md §6): which candidates can go, and in which order.

A candidate can be deleted once everything that depends on it is gone, so a plan deletes
dependents first (leaves first). A candidate with a dependent that is not itself going is
kept, and so is every candidate that something kept depends on.
"""

from __future__ import annotations

from collections.abc import Mapping, Set


def order_deletions(
    dependents: Mapping[str, Set[str]],
) -> tuple[list[str], dict[str, list[str]]]:
    """For candidates (id -> ids of their direct dependents): the ids to delete, each after
    all of its dependents, and the kept ones with what keeps each (sorted ids)."""
    kept: dict[str, list[str]] = {}
    changed = True
    while changed:  # a kept candidate keeps what it depends on: until nothing changes
        changed = False
        for id, depending in dependents.items():
            blocking = sorted(d for d in depending if d not in dependents or d in kept)
            if id not in kept and blocking:
                kept[id] = blocking
                changed = True
    ordered: list[str] = []
    done: set[str] = set()

    def visit(id: str) -> None:
        if id in done or id in kept:
            return
        done.add(id)
        for dependent in sorted(dependents[id]):
            visit(dependent)
        ordered.append(id)

    for id in sorted(dependents):
        visit(id)
    return ordered, kept
