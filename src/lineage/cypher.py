"""Cypher queries by name: `load("area/name")` reads `cypher/area/name.cypher`.

Modules load their queries at import time, so a missing file fails at import, not at the
first request that needs it.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

READ_ONLY_PREFIXES = ("get_", "list_", "find_")


class CypherFileMissing(LookupError):
    """A query was asked for by a name that has no file."""


class Query(str):
    """The text of one named query (a `str`, so the driver takes it as it is)."""

    name: str

    def __new__(cls, name: str, text: str) -> Query:
        query = super().__new__(cls, text)
        query.name = name
        return query

    @property
    def is_read_only_by_name(self) -> bool:
        return self.name.rsplit("/", 1)[-1].startswith(READ_ONLY_PREFIXES)


def cypher_dir() -> Path:
    """The `cypher/` folder: LINEAGE_CYPHER_DIR, else the one beside `src/`."""
    configured = os.environ.get("LINEAGE_CYPHER_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "cypher"


@cache
def load(name: str) -> Query:
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise CypherFileMissing(f"No Cypher file for query {name!r}: expected {path}")
    return Query(name, path.read_text(encoding="utf-8"))


def all_names() -> list[str]:
    """Every query name under `cypher/` (schema files included)."""
    root = cypher_dir()
    return sorted(str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.cypher"))


def statements(query: str) -> list[str]:
    """Split a multi-statement file (schema migrations) on `;` at line ends."""
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("//"))
    return [part.strip() for part in re.split(r";[ \t]*(?:\n|$)", body) if part.strip()]
