"""The GraphQL documents the client sends: one operation per file of `operations/`, with
the fragments of `operations/fragments.graphql` it spreads (directly or through another)."""

from __future__ import annotations

import functools
import re
from importlib import resources

PACKAGE = "lineage.client"
FRAGMENTS_FILE = "fragments.graphql"
_FRAGMENT = re.compile(r"^fragment (\w+) on \w+ \{$.*?^\}$", re.MULTILINE | re.DOTALL)
_SPREAD = re.compile(r"\.\.\.(\w+)")


def operation_names() -> list[str]:
    """Every operation file of the folder, by name (without `.graphql`)."""
    folder = resources.files(PACKAGE) / "operations"
    files = (item.name for item in folder.iterdir() if item.name.endswith(".graphql"))
    return sorted(name.removesuffix(".graphql") for name in files if name != FRAGMENTS_FILE)


@functools.cache
def document(name: str) -> str:
    """The text to send for operation `name`: its file, then the fragments it needs."""
    text = _read(f"{name}.graphql")
    fragments = _fragments()
    needed: list[str] = []
    pending = _SPREAD.findall(text)
    while pending:
        spread = pending.pop(0)
        if spread in fragments and spread not in needed:
            needed.append(spread)
            pending += _SPREAD.findall(fragments[spread])
    return "\n".join([text, *(fragments[n] for n in needed)])


@functools.cache
def _fragments() -> dict[str, str]:
    text = _read(FRAGMENTS_FILE)
    return {found.group(1): found.group(0) + "\n" for found in _FRAGMENT.finditer(text)}


def _read(file_name: str) -> str:
    return (resources.files(PACKAGE) / "operations" / file_name).read_text("utf-8")
