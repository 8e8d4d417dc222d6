"""Every Cypher file loads, says what it does, takes parameters and bounds its patterns."""

from __future__ import annotations

import re

import pytest

from lineage import cypher

NAMES = cypher.all_names()


def test_there_are_queries() -> None:
    assert "meta/get_schema_version" in NAMES
    assert any(name.startswith("schema/") for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_file_loads_with_a_header(name: str) -> None:
    query = cypher.load(name)
    assert query.name == name
    header = [line for line in query.splitlines() if line.startswith("//")]
    assert len(header) >= 2, f"{name}: start with `//` lines saying purpose and parameters"
    assert any("Parameters" in line or "parameters" in line for line in header), name


@pytest.mark.parametrize("name", NAMES)
def test_variable_length_patterns_are_bounded(name: str) -> None:
    body = cypher.load(name)
    assert not re.search(r"\*\s*(\]|\d*\s*\.\.\s*\])", body), f"{name}: unbounded pattern"


@pytest.mark.parametrize("name", NAMES)
def test_values_come_from_parameters_not_formatting(name: str) -> None:
    body = cypher.load(name)
    assert "{0}" not in body and "%s" not in body and "{}" not in body, name


def test_missing_file_fails_with_its_path() -> None:
    with pytest.raises(cypher.CypherFileMissing, match="no/such_query.cypher"):
        cypher.load("no/such_query")


def test_read_only_naming() -> None:
    assert cypher.Query("a/get_x", "RETURN 1").is_read_only_by_name
    assert cypher.Query("a/find_x", "RETURN 1").is_read_only_by_name
    assert not cypher.Query("a/delete_x", "RETURN 1").is_read_only_by_name


def test_statements_split_on_semicolons_at_line_end() -> None:
    text = "// header\nCREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x);\nRETURN 'a;b';\n"
    assert cypher.statements(text) == [
        "CREATE INDEX a IF NOT EXISTS\n  FOR (n:A) ON (n.x)",
        "RETURN 'a;b'",
    ]
