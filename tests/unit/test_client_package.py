"""The built package carries the client's GraphQL documents (they are data files, which a
wheel holds only because MANIFEST.in names them), so an installed worker can send them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from lineage.client._documents import FRAGMENTS_FILE, operation_names

ROOT = Path(__file__).resolve().parents[2]
BUILD_CEILING_S = 240


def test_the_wheel_holds_every_operation(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building writes build/ and egg-info next to it
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    for name in ("pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(source)],
        check=True, timeout=BUILD_CEILING_S,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("lineage-*.whl")
    held = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"lineage/client/operations/{n}.graphql" for n in operation_names()}
    wanted.add(f"lineage/client/operations/{FRAGMENTS_FILE}")
    assert wanted <= held, sorted(wanted - held)
