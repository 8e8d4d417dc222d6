"""`lineage trash list / restore / purge` on a real Neo4j (docs/domain.md §13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineage.domain.enums import Layer
from lineage.graph.database import Database
from lineage.neo4j_target import Neo4jTarget
from lineage.services import containers, definitions, deletion

from .test_admin_cli import lineage, listed


async def test_trash_is_listed_restored_and_purged(
    graph: Database, neo4j_target: Neo4jTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINEAGE_DATA_DIR", str(tmp_path))  # the local file store of the purge
    space = await containers.create(graph, Layer.SPACE, "Comics")
    kept = await definitions.create_definition(graph, space.id, "SCENE", "Kitchen")
    gone = await definitions.create_definition(graph, space.id, "SCENE", "Park")
    first = (await deletion.delete_asset(graph, kept.id)).trash_item_id
    second = (await deletion.delete_asset(graph, gone.id)).trash_item_id

    items = await listed(neo4j_target, "trash", "list")
    assert [(i["id"], i["root_name"], i["kind"]) for i in items] == [
        (second, "Park", "ASSET"), (first, "Kitchen", "ASSET"),
    ]  # fmt: skip
    table = await lineage(neo4j_target, "trash", "list")
    assert table.exit_code == 0 and "Kitchen" in table.stdout and "operator" in table.stdout

    restored = await lineage(neo4j_target, "trash", "restore", str(first))
    assert restored.exit_code == 0, restored.output
    assert "Restored asset 'Kitchen'" in restored.stdout
    again = await lineage(neo4j_target, "trash", "restore", str(first))
    assert again.exit_code == 2 and "does not exist" in again.output

    nothing = await listed(neo4j_target, "trash", "purge")  # nothing has expired
    assert nothing == []
    dry = await listed(neo4j_target, "trash", "purge", "--id", str(second), "--dry-run")
    assert [i["id"] for i in dry] == [second]
    purged = await lineage(neo4j_target, "trash", "purge", "--all")
    assert purged.exit_code == 0, purged.output
    assert "Purged 1 trash items" in purged.output and "Park" in purged.stdout
    assert await listed(neo4j_target, "trash", "list") == []
