"""Undoing the writes after an instant (domain/as_of.py): what was made after it is left
out, what was deleted since comes back as it was, rebases and task-delete moves are undone,
and a deleted asset's own edges are replayed from its history up to the instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lineage.domain import as_of
from lineage.domain.diff import FieldChange
from lineage.domain.enums import Edge
from lineage.domain.history import Action, Change, Entry, Operation, Subject
from lineage.domain.missing import MISSING

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def entry(minutes: int, operation: Operation, *changes: Change) -> Entry:
    return Entry(operation, "space", "project", "u1", changes, id=f"h{minutes}", at=at(minutes))


def asset(action: Action, id: str, **kw: object) -> Change:
    return Change(Subject.ASSET, action, id, **kw)  # type: ignore[arg-type]


def test_what_was_made_after_the_instant_is_left_out_and_deleted_assets_come_back() -> None:
    newest_first = [
        entry(3, Operation.DELETE_ASSET, asset(Action.DELETED, "old", name="Jen",
                                               state_before="APPROVED", hash_before="h1")),
        entry(2, Operation.CREATE_DEFINITION, asset(Action.CREATED, "new", name="Bob")),
        entry(-1, Operation.CREATE_DEFINITION, asset(Action.CREATED, "old", name="Jen")),
    ]  # fmt: skip
    overlay = as_of.overlay_since(at(1), newest_first)
    assert overlay.born == {"new"} and set(overlay.gone) == {"old"}
    past = as_of.past_gone(overlay, "old")
    assert (past.name, past.state, past.content_hash, past.deleted) == ("Jen", "APPROVED",
                                                                      "h1", True)  # fmt: skip


def test_made_and_deleted_after_the_instant_is_not_there_then() -> None:
    newest_first = [
        entry(3, Operation.DELETE_ASSET, asset(Action.DELETED, "brief")),
        entry(2, Operation.CREATE_DEFINITION, asset(Action.CREATED, "brief")),
    ]
    overlay = as_of.overlay_since(at(1), newest_first)
    assert overlay.born == {"brief"} and overlay.gone == {}


def test_a_rebase_is_undone_and_the_oldest_change_says_the_state_then() -> None:
    parent = FieldChange("clone_parent_id", "base1", "base2")
    newest_first = [
        entry(5, Operation.TRANSITION_STATE, asset(Action.UPDATED, "w", state_before="CANONICAL",
                                                   state_after="DEPRECATED")),
        entry(4, Operation.REBASE, asset(Action.UPDATED, "w", state_before="DRAFT",
                                         state_after="CANONICAL", fields=(parent,))),
    ]  # fmt: skip
    overlay = as_of.overlay_since(at(1), newest_first)
    assert overlay.removed == {("w", "base2", Edge.DERIVES_FROM)}
    assert overlay.added == {("w", "base1", Edge.DERIVES_FROM): "CLONE"}
    assert overlay.first_change["w"].state_before == "DRAFT"


def test_a_kept_render_goes_back_to_its_task_clone_with_the_role_it_has_now() -> None:
    moved = asset(Action.MOVED, "r", container_id="project", previous_container_id="task",
                  fields=(FieldChange("inputs.clone", "clone", "working"),))  # fmt: skip
    overlay = as_of.overlay_since(at(1), [entry(2, Operation.DELETE_TASK, moved)])
    then, now = ("r", "clone", Edge.USES), ("r", "working", Edge.USES)
    assert overlay.removed == {now} and then in overlay.added
    assert overlay.borrowed_role == {then: now}


def test_entries_at_or_before_the_instant_are_not_undone() -> None:
    renamed = asset(Action.UPDATED, "d", fields=(FieldChange("name", "Noir", "Neo-noir"),))
    overlay = as_of.overlay_since(at(2), [entry(2, Operation.UPDATE_ASSET, renamed)])
    assert overlay.fields_then == {} and overlay.first_change == {}
    later = as_of.overlay_since(at(1), [entry(2, Operation.UPDATE_ASSET, renamed)])
    assert later.fields_then == {"d": {"name": "Noir"}}


def test_a_deleted_render_keeps_the_edges_it_was_made_with_as_re_pointed_by_then() -> None:
    made = asset(
        Action.CREATED,
        "r",
        fields=(FieldChange("inputs.clone", MISSING, {"role": "CHARACTER", "content_hash": "c1"}),),
    )
    moved = asset(Action.MOVED, "r", fields=(FieldChange("inputs.clone", "clone", "working"),))
    oldest_first = [entry(0, Operation.REGISTER_RENDER, made),
                    entry(2, Operation.DELETE_TASK, moved)]  # fmt: skip
    before_move = as_of.edges_when(at(1), oldest_first, "r")
    assert before_move == {("r", "clone", Edge.USES): as_of.EdgeFacts("CHARACTER", "c1")}
    after_move = as_of.edges_when(at(3), oldest_first, "r")
    assert after_move == {("r", "working", Edge.USES): as_of.EdgeFacts("CHARACTER", "c1")}
    # Made before the history began: nothing to replay.
    assert as_of.edges_when(at(3), oldest_first[1:], "r") is None


def test_a_version_derives_from_its_previous_version() -> None:
    made = asset(Action.CREATED, "v2", source_id="v1")
    edges = as_of.edges_when(at(1), [entry(0, Operation.CREATE_VERSION, made)], "v2")
    assert edges == {("v2", "v1", Edge.DERIVES_FROM): as_of.EdgeFacts("VERSION")}


def test_an_asset_deleted_then_restored_since_is_live_and_was_there() -> None:
    newest_first = [
        entry(4, Operation.RESTORE_FROM_TRASH, asset(Action.RESTORED, "park")),
        entry(3, Operation.DELETE_ASSET, asset(Action.DELETED, "park")),
    ]
    before = as_of.overlay_since(at(1), newest_first)
    assert before.born == set() and before.gone == {}
    while_trashed = as_of.overlay_since(at(3), newest_first)
    assert while_trashed.born == {"park"}
