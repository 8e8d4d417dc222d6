"""Every GraphQL document the README shows is valid against schema.graphql, so the examples
a reader copies keep working when the API changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = build_schema((ROOT / "schema.graphql").read_text())
BLOCKS = re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_the_readme_shows_graphql_documents() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("document", BLOCKS, ids=lambda d: d.split("\n")[0][:40])
def test_each_document_is_valid_against_the_schema(document: str) -> None:
    assert [e.message for e in validate(SCHEMA, parse(document))] == []
