"""Space versions: bumps, one next version per version, checks for updates, rebases."""

from __future__ import annotations

import pytest
from neo4j import AsyncManagedTransaction as Tx

from lineage.domain.enums import Layer, MergeSide, Origin, State
from lineage.domain.errors import Conflict, MergeConflict, ScopeViolation, ValidationError
from lineage.domain.model import Asset
from lineage.graph import assets
from lineage.graph.database import Database
from lineage.services import cloning, definitions, lifecycle, versions

from .helpers import canonical, derived, expect_lock, fetch, lock_state, refused, space_project_task


async def clone_parent(db: Database, asset_id: str) -> str:
    async def work(tx: Tx) -> str:
        return (await assets.clone_parents(tx, [asset_id]))[asset_id].id

    return await db.read_tx(work)


async def publish(db: Database, asset_id: str, part: str, **changes: object) -> Asset:
    created = await versions.create_version(db, asset_id, part, dict(changes) or None)
    return await lifecycle.transition(db, created.id, "CANONICAL")


@pytest.mark.parametrize(
    ("start", "part", "expected"),
    [
        ("1.0.0", "MAJOR", "2.0.0"),
        ("1.0.0", "MINOR", "1.1.0"),
        ("1.0.0", "PATCH", "1.0.1"),
        ("1.2.3", "MAJOR", "2.0.0"),
        ("1.2.3", "MINOR", "1.3.0"),
        ("1.2.3", "PATCH", "1.2.4"),
    ],
)
async def test_create_version_bumps(graph: Database, start: str, part: str, expected: str) -> None:
    space, _, _ = await space_project_task(graph)
    old = await canonical(graph, space.id, "CHARACTER", "Jennifer", version=start)
    new = await versions.create_version(graph, old.id, part, {"description": "redesign"})
    assert new.version == expected and new.id != old.id
    assert (new.layer, new.origin, new.state) == (Layer.SPACE, Origin.ORIGINAL, State.DRAFT)
    assert new.description == "redesign" and new.name == old.name
    assert new.content_hash != old.content_hash
    await expect_lock(
        graph, old.id, locked=True, immutable=True, deletable=False, why=[derived(new.id, old.id)]
    )
    # The new draft is its own asset: editable until something depends on it.
    await definitions.update_asset(graph, new.id, {"description": "redesign, final"})


async def test_only_one_next_version(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    first = await canonical(graph, space.id, "SCENE", "Kitchen")
    second = await versions.create_version(graph, first.id, "MINOR")
    error = await refused(graph, Conflict, versions.create_version(graph, first.id, "PATCH"))
    assert second.id in error.message
    third = await versions.create_version(graph, second.id, "PATCH")
    assert third.version == "1.1.1"


async def test_check_for_updates(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    first = await canonical(
        graph, space.id, "CHARACTER", "Jennifer", fields={"proportion_profile": "realistic"}
    )
    base = await cloning.import_to_project(graph, project.id, first.id)
    working = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_sullen"})

    for asset_id in (base.id, working.id):
        check = await versions.check_for_updates(graph, asset_id)
        assert (check.asset_id, check.source.id) == (asset_id, first.id)
        assert (check.newest, check.behind, check.changes) == (None, 0, ())

    # A draft version is no update; a published one is.
    second = await versions.create_version(graph, first.id, "MINOR", {"description": "taller"})
    assert (await versions.check_for_updates(graph, base.id)).newest is None
    second = await lifecycle.transition(graph, second.id, "CANONICAL")
    for asset_id in (base.id, working.id):
        check = await versions.check_for_updates(graph, asset_id)
        assert check.newest is not None and check.newest.id == second.id
        assert check.behind == 1
        assert [c.to_dict() for c in check.changes] == [
            {"path": "description", "old": "", "new": "taller"}
        ]

    # Two versions on (the first published deprecated by the second): two behind.
    third = await publish(graph, second.id, "MAJOR", fields={"proportion_profile": "chibi"})
    assert (await fetch(graph, second.id)).state == State.DEPRECATED
    for asset_id in (base.id, working.id):
        check = await versions.check_for_updates(graph, asset_id)
        assert check.newest is not None and check.newest.id == third.id
        assert check.newest.version == "2.0.0"
        assert check.behind == 2
        assert [c.to_dict() for c in check.changes] == [
            {"path": "description", "old": "", "new": "taller"},
            {"path": "fields.proportion_profile", "old": "realistic", "new": "chibi"},
        ]


async def test_rebase_moves_an_unlocked_working_clone(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    first = await canonical(
        graph, space.id, "CHARACTER", "Jennifer", fields={"proportion_profile": "realistic"}
    )
    base = await cloning.import_to_project(graph, project.id, first.id)
    working = await cloning.derive_working_clone(graph, base.id, {"name": "Jennifer_sullen"})
    second = await publish(graph, first.id, "MINOR", fields={"proportion_profile": "chibi"})

    result = await versions.rebase(graph, working.id)
    assert result.moved and result.conflicts == ()
    rebased = result.asset
    assert rebased.id == working.id
    new_base = await cloning.import_to_project(graph, project.id, second.id)  # the one made
    assert await clone_parent(graph, working.id) == new_base.id
    assert new_base.inherited_version == second.version == rebased.inherited_version
    # Merged: our name, their fields.
    assert rebased.name == "Jennifer_sullen"
    assert rebased.fields == {"proportion_profile": "chibi"}
    assert rebased == await fetch(graph, working.id)
    assert rebased.content_hash != working.content_hash
    # The old base clone is free to go; the new one is held by the working clone.
    await expect_lock(
        graph, base.id, locked=False, immutable=True, deletable=True, why=[("BASE_CLONE", None, ())]
    )
    await expect_lock(
        graph, new_base.id, locked=True, immutable=True, deletable=False,
        why=[("BASE_CLONE", None, ()), derived(working.id, new_base.id)],
    )  # fmt: skip

    # Nothing newer: nothing to rebase.
    await refused(graph, Conflict, versions.rebase(graph, working.id))


async def test_rebase_of_a_locked_working_clone_makes_a_new_one(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    first = await canonical(graph, space.id, "SCENE", "Kitchen", fields={"base_layout": "open"})
    base = await cloning.import_to_project(graph, project.id, first.id)
    working = await cloning.derive_working_clone(graph, base.id, {"description": "messy"})
    await cloning.use_in_task(graph, task.id, working.id)
    assert (await lock_state(graph, working.id)).locked
    second = await publish(graph, first.id, "MAJOR", fields={"base_layout": "galley"})

    result = await versions.rebase(graph, working.id)
    assert not result.moved
    made = result.asset
    assert made.id != working.id
    assert (made.layer, made.origin, made.state) == (
        Layer.PROJECT,
        Origin.WORKING_CLONE,
        State.DRAFT,
    )
    assert (made.description, made.fields) == ("messy", {"base_layout": "galley"})
    assert made.inherited_version == second.version
    new_base = await cloning.import_to_project(graph, project.id, second.id)
    assert await clone_parent(graph, made.id) == new_base.id
    # The old one stays as it was, on the old base.
    assert await fetch(graph, working.id) == working
    assert await clone_parent(graph, working.id) == base.id


async def test_rebase_conflicts_refuse_unless_keeping_ours(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    first = await canonical(graph, space.id, "STYLE", "Ink", fields={"categories": ["line"]})
    base = await cloning.import_to_project(graph, project.id, first.id)
    working = await cloning.derive_working_clone(
        graph, base.id, {"fields": {"categories": ["line", "color"]}, "description": "ours"}
    )
    second = await publish(graph, first.id, "MINOR", fields={"categories": ["grain"]}, name="Ink 2")

    error = await refused(graph, MergeConflict, versions.rebase(graph, working.id))
    assert [c.path for c in error.conflicts] == ["fields.categories"]
    # With an explicit target too.
    await refused(graph, MergeConflict, versions.rebase(graph, working.id, second.id))

    result = await versions.rebase(graph, working.id, keep_ours=True)
    assert result.moved and [c.path for c in result.conflicts] == ["fields.categories"]
    assert result.asset.fields == {"categories": ["line", "color"]}  # ours kept
    assert (result.asset.name, result.asset.description) == ("Ink 2", "ours")


async def test_rebase_settles_each_conflict_as_its_resolution_says(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    fields = {"categories": ["line"], "parameters": {"grain": 1}}
    first = await canonical(graph, space.id, "STYLE", "Ink", fields=fields)
    base = await cloning.import_to_project(graph, project.id, first.id)
    ours = {"categories": ["line", "color"], "parameters": {"grain": 2}}
    working = await cloning.derive_working_clone(graph, base.id, {"fields": ours})
    theirs = {"categories": ["grain"], "parameters": {"grain": 3}}
    await publish(graph, first.id, "MINOR", fields=theirs)

    # One of two conflicts resolved: the other still refuses, and is the only one named.
    one = {"fields.categories": MergeSide.THEIRS}
    error = await refused(
        graph, MergeConflict, versions.rebase(graph, working.id, None, False, one)
    )
    assert [c.path for c in error.conflicts] == ["fields.parameters.grain"]
    # A resolution for a field that does not conflict is a mistake, said so.
    typo = {**one, "fields.categorys": MergeSide.OURS}
    bad = await refused(
        graph, ValidationError, versions.rebase(graph, working.id, None, True, typo)
    )
    assert bad.field == "resolutions" and "fields.categorys" in bad.problem
    assert await fetch(graph, working.id) == working  # nothing changed by the refusals

    both = {**one, "fields.parameters.grain": MergeSide.OURS}
    result = await versions.rebase(graph, working.id, None, False, both)
    assert result.moved
    assert result.asset.fields == {"categories": ["grain"], "parameters": {"grain": 2}}
    assert sorted(c.path for c in result.conflicts) == sorted(both)


async def test_rebase_refusals(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    first = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, first.id)
    working = await cloning.derive_working_clone(graph, base.id)
    await refused(graph, ScopeViolation, versions.rebase(graph, base.id))
    await refused(graph, ScopeViolation, versions.rebase(graph, first.id))
    draft = await versions.create_version(graph, first.id, "MINOR")
    await refused(graph, Conflict, versions.rebase(graph, working.id))
    await refused(graph, ScopeViolation, versions.rebase(graph, working.id, draft.id))
    await refused(graph, ScopeViolation, versions.check_for_updates(graph, first.id))
