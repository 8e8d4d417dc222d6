"""The domain imports only the standard library and itself (docs/domain.md §9)."""

import ast
import sys
from pathlib import Path

import lineage.domain

DOMAIN = Path(lineage.domain.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            names.add(node.module or "")
    return names


def test_only_stdlib_and_domain_imports() -> None:
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) > 10
    for path in files:
        for name in _imports(path):
            top = name.split(".")[0]
            inside = name == "lineage.domain" or name.startswith("lineage.domain.")
            assert inside or top in sys.stdlib_module_names, f"{path.name} imports {name}"
