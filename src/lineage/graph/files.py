"""Which stored files renders refer to (for `lineage files gc` and `lineage files check`)."""

from __future__ import annotations

import json
import logging

from lineage import cypher
from lineage.graph.database import Database

log = logging.getLogger("lineage.graph")

LIST_RENDER_FILES = cypher.load("files/list_render_files")
LIST_TRASH_FILE_KEYS = cypher.load("trash/list_trash_file_keys")


async def referenced_file_keys(db: Database) -> set[str]:
    """The `key` of every render's stored `file` (a JSON string property), and the keys
    trash items keep for a restore until they are purged (docs/domain.md §13)."""
    held = {record["key"] for record in await db.read(LIST_TRASH_FILE_KEYS)}
    return set(await file_references(db)) | held


async def file_references(db: Database) -> dict[str, list[str]]:
    """Each referenced file key -> the ids of the renders that show it (clones included)."""
    found: dict[str, list[str]] = {}
    for record in await db.read(LIST_RENDER_FILES):
        try:
            file = json.loads(record["file"])
        except (TypeError, ValueError):
            log.warning("Render %r has a `file` that is not JSON", record["render_id"])
            continue
        key = file.get("key") if isinstance(file, dict) else None
        if isinstance(key, str) and key:
            found.setdefault(key, []).append(record["render_id"])
    return found
