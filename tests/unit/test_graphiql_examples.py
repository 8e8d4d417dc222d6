"""The example documents GraphiQL opens with (web/src/graphiql/examples/) are valid
against schema.graphql, each opens a tab, and each says what it is for."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "web" / "src" / "graphiql" / "examples"
SCHEMA = build_schema((ROOT / "schema.graphql").read_text())


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.graphql"))


def test_there_is_an_example_per_main_use_case() -> None:
    names = [p.stem for p in examples()]
    assert names == ["delete_dry_run", "lineage", "register_render", "why_locked"]
    tabs = (ROOT / "web" / "src" / "graphiql" / "examples.ts").read_text()
    assert [n for n in names if f"./examples/{n}.graphql?raw" not in tabs] == []


@pytest.mark.parametrize("path", examples(), ids=lambda p: p.stem)
def test_example_is_valid_and_explained(path: Path) -> None:
    text = path.read_text()
    assert text.startswith("# "), "an example opens with a comment saying what it answers"
    document = parse(text)
    assert [str(error) for error in validate(SCHEMA, document)] == []
    assert len(document.definitions) == 1 and document.definitions[0].name is not None
