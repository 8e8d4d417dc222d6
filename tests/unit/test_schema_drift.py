"""schema.graphql at the top level is exactly what the code defines."""

from __future__ import annotations

from pathlib import Path

from lineage.api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_file_matches_code() -> None:
    exported = schema.as_str() + "\n"
    assert SCHEMA_FILE.read_text() == exported, "schema.graphql is stale: run `make schema`"
