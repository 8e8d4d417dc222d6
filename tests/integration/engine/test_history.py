"""The change history on a real Neo4j (docs/domain.md §12): what each entry says (state,
hash, field changes, deleted and moved assets), that refused writes and dry runs record
nothing, and reading it newest first, paged and filtered."""

from __future__ import annotations

import asyncio
import json
import subprocess
from datetime import UTC, datetime, timedelta

import commands
import pytest
from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import Layer
from lineage.domain.errors import Immutable
from lineage.domain.history import Action, Change, Entry, HistoryFilter, Operation, Subject
from lineage.domain.missing import MISSING
from lineage.graph import audits, history
from lineage.graph.database import Database, run
from lineage.graph.history import HistoryPage, Scope
from lineage.graph.reads import PageRequest
from lineage.neo4j_target import Neo4jTarget
from lineage.services import (
    cleanup,
    cloning,
    containers,
    definitions,
    deletion,
    lifecycle,
    versions,
)

from .helpers import canonical, render, space_project_task

COUNTS = cypher.load("test/get_history_counts")


async def read(db: Database, scope: Scope, wanted: HistoryFilter | None = None,
               first: int = 50, after: tuple[str, ...] | None = None) -> HistoryPage:  # fmt: skip
    async def work(tx: Tx) -> HistoryPage:
        return await history.page(tx, scope, wanted or HistoryFilter(), PageRequest(first, after))

    return await db.read_tx(work)


async def entries_of(db: Database, subject_id: str) -> list[Entry]:
    return [e for e, _ in (await read(db, Scope(subject_id=subject_id))).rows]


async def total(db: Database) -> int:
    return sum(r["entries"] for r in await db.read_tx(lambda tx: run(tx, COUNTS)))


def only(entry: Entry, id: str) -> Change:
    [change] = [c for c in entry.changes if c.id == id]
    return change


async def test_an_edit_records_its_fields_and_hashes(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    tags = {"canonical_tags": ["red"]}
    jen = await definitions.create_definition(
        graph, space.id, "CHARACTER", "Jennifer", fields=tags, actor="u1"
    )
    edited = await definitions.update_asset(
        graph, jen.id, {"name": "Jen", "fields": {"canonical_tags": ["blue"]}}, actor="u2"
    )
    newest, created = await entries_of(graph, jen.id)
    assert (newest.operation, newest.user_id, created.operation, created.user_id) == (
        Operation.UPDATE_ASSET, "u2", Operation.CREATE_DEFINITION, "u1")  # fmt: skip
    change = only(newest, jen.id)
    assert (change.subject, change.action) == (Subject.ASSET, Action.UPDATED)
    assert (change.hash_before, change.hash_after) == (jen.content_hash, edited.content_hash)
    assert change.hash_before != change.hash_after
    assert {(f.path, str(f.old), str(f.new)) for f in change.fields} == {
        ("name", "Jennifer", "Jen"), ("fields.canonical_tags", "['red']", "['blue']"),
    }  # fmt: skip
    assert newest.space_id == space.id and newest.project_id is None
    assert newest.at is not None and created.at is not None and newest.at >= created.at
    born = only(created, jen.id)
    assert (born.action, born.state_before, born.state_after) == (Action.CREATED, None, "DRAFT")


async def test_a_publication_records_both_states(graph: Database) -> None:
    space, _, _ = await space_project_task(graph)
    old = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    new = await versions.create_version(graph, old.id)
    await lifecycle.transition(graph, new.id, "CANONICAL", actor="u1")
    [published, *_] = await entries_of(graph, new.id)
    assert published.operation == Operation.TRANSITION_STATE
    assert [(c.id, c.state_before, c.state_after) for c in published.changes] == [
        (new.id, "DRAFT", "CANONICAL"), (old.id, "CANONICAL", "DEPRECATED")]  # fmt: skip
    made = (await entries_of(graph, new.id))[-1]
    assert (made.operation, only(made, new.id).source_id) == (Operation.CREATE_VERSION, old.id)
    # The old version's history has the publication too: it changed there.
    assert (await entries_of(graph, old.id))[0].id == published.id


async def test_a_refused_write_and_a_dry_run_record_nothing(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    jen = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jen.id)
    before = await total(graph)
    with pytest.raises(Immutable):
        await definitions.update_asset(graph, base.id, {"name": "Jen"})
    await deletion.delete_asset(graph, base.id, dry_run=True)
    await cloning.import_to_project(graph, project.id, jen.id)  # already imported: no change
    assert await total(graph) == before


async def test_deletes_record_what_went_and_what_moved(graph: Database) -> None:
    space, project, task = await space_project_task(graph)
    jen = await canonical(graph, space.id, "CHARACTER", "Jennifer")
    base = await cloning.import_to_project(graph, project.id, jen.id)
    panel = await render(graph, task.id, "Panel", base.id)  # takes `base` into the task
    [clone_id] = [i for i in (await entries_of(graph, panel.id))[0].asset_ids if i != panel.id]
    await deletion.delete_task(graph, task.id, actor="u1")
    [gone] = [e for e in await entries_of(graph, task.id) if e.operation == Operation.DELETE_TASK]
    assert gone.user_id == "u1" and gone.project_id == project.id
    clone = only(gone, clone_id)
    assert (clone.action, clone.asset_type, clone.name, clone.container_id) == (
        Action.DELETED, "CHARACTER", "Jennifer", task.id)  # fmt: skip
    assert (clone.state_before, clone.hash_before) == ("CANONICAL", jen.content_hash)
    moved = only(gone, panel.id)
    assert (moved.action, moved.previous_container_id, moved.container_id) == (
        Action.MOVED, task.id, project.id)  # fmt: skip
    assert [(f.path, f.old, f.new) for f in moved.fields] == [
        (f"inputs.{clone_id}", clone_id, base.id)]  # fmt: skip
    assert (only(gone, task.id).subject, only(gone, task.id).action) == (
        Subject.TASK, Action.DELETED)  # fmt: skip
    # A deleted asset's history stays readable by its id.
    assert [e.operation for e in await entries_of(graph, clone_id)] == [
        Operation.DELETE_TASK, Operation.REGISTER_RENDER]  # fmt: skip


async def test_a_space_delete_keeps_the_space_history(graph: Database) -> None:
    space, project, _ = await space_project_task(graph)
    await definitions.create_definition(graph, space.id, "STYLE", "Ink")
    await deletion.delete_container(graph, space.id, kind=Layer.SPACE)
    page = await read(graph, Scope(space_id=space.id))
    operations = [e.operation for e, _ in page.rows]
    assert operations[0] == Operation.DELETE_SPACE and operations[-1] == Operation.CREATE_SPACE
    deleted = {(c.subject, c.id) for c in page.rows[0][0].changes}
    assert {(Subject.SPACE, space.id), (Subject.PROJECT, project.id)} <= deleted


async def test_pages_and_filters(graph: Database) -> None:
    space = await containers.create(graph, Layer.SPACE, "Comics", actor=None)
    jen = await definitions.create_definition(graph, space.id, "CHARACTER", "Jen", actor="u1")
    for n in range(5):
        await definitions.update_asset(graph, jen.id, {"description": f"take {n}"}, actor="u2")
    scope = Scope(space_id=space.id)
    seen, after = [], None
    while True:
        page = await read(graph, scope, first=2, after=after)
        seen += [e for e, _ in page.rows]
        if not page.has_next:
            break
        after = page.rows[-1][1]
    assert len(seen) == 7 and len({e.id for e in seen}) == 7
    times = [e.at for e in seen]
    assert times == sorted(times, reverse=True)  # type: ignore[type-var]
    by_u2 = await read(graph, scope, HistoryFilter(user_id="u2"))
    assert [e.user_id for e, _ in by_u2.rows] == ["u2"] * 5
    creates = await read(graph, scope, HistoryFilter(operations=(Operation.CREATE_DEFINITION,)))
    assert [e.operation for e, _ in creates.rows] == [Operation.CREATE_DEFINITION]
    moment = seen[2].at
    assert moment is not None
    since = await read(graph, scope, HistoryFilter(since=moment))
    until = await read(graph, scope, HistoryFilter(until=moment))
    assert all(e.at >= moment for e, _ in since.rows)  # type: ignore[operator]
    assert all(e.at < moment for e, _ in until.rows)  # type: ignore[operator]
    assert len(since.rows) + len(until.rows) == 7
    later = datetime.now(UTC) + timedelta(days=1)
    assert (await read(graph, scope, HistoryFilter(since=later))).rows == []
    one_asset = await read(graph, Scope(space_id=space.id, subject_id=jen.id), first=3)
    assert len(one_asset.rows) == 3 and one_asset.has_next


async def test_field_changes_keep_absent_apart_from_null(graph: Database) -> None:
    space = await containers.create(graph, Layer.SPACE, "Comics")
    jen = await definitions.create_definition(graph, space.id, "CHARACTER", "Jen")
    await definitions.update_asset(graph, jen.id, {"metadata": {"mood": None}})
    change = only((await entries_of(graph, jen.id))[0], jen.id)
    [field] = change.fields
    assert (field.path, field.old, field.new) == ("metadata.mood", MISSING, None)


async def test_the_command_prints_the_history(graph: Database, neo4j_target: Neo4jTarget) -> None:
    """Cleanup (an operator's write through the same services) records entries without a
    user; `lineage history` prints them as a table and as JSON."""
    space, project, _ = await space_project_task(graph)
    empty = await containers.create(graph, Layer.TASK, "Nothing here", project.id)
    await cleanup.apply(graph, await cleanup.plan(graph, space.id))
    env = commands.environment(neo4j_target)

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        line = [*commands.LINEAGE, "history", *args]
        return subprocess.run(line, env=env, capture_output=True, text=True, timeout=300)

    printed = await asyncio.to_thread(command, empty.id, "--json")
    assert printed.returncode == 0, printed.stderr
    rows = json.loads(printed.stdout)
    assert [(r["operation"], r["user_id"]) for r in rows] == [
        ("DELETE_TASK", None), ("CREATE_TASK", None)]  # fmt: skip
    assert rows[0]["changes"][0] == {"subject": "TASK", "action": "DELETED", "id": empty.id,
                                     "name": "Nothing here", "fields": []}  # fmt: skip
    table = await asyncio.to_thread(command, space.id, "--operation", "delete_task")
    assert table.returncode == 0, table.stderr
    assert "DELETE_TASK" in table.stdout and "task Nothing here deleted" in table.stdout
    assert "CREATE_SPACE" not in table.stdout and "operator" in table.stdout
    nothing = await asyncio.to_thread(command, "d_unknown")
    assert nothing.returncode == 0 and "Nothing is recorded about d_unknown" in nothing.stderr
    assert not audits.has_violations(await audits.run_audits(graph))
