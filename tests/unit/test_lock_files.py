"""The lock files of requirements/ (made by `make lock`) match pyproject.toml: every
dependency pinned within its range and hashed, the run lock free of development tools, and
each lock a superset of the one before it with the same versions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pins(name: str) -> dict[str, str]:
    text = (LOCKS / name).read_text()
    return {canonicalize_name(m[1]): m[2] for m in PIN.finditer(text)}


def requirements(group: str | None) -> list[Requirement]:
    listed = PROJECT["dependencies"] if group is None else PROJECT["optional-dependencies"][group]
    return [Requirement(text) for text in listed]


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("run.txt", [None]), ("dev.txt", [None, "dev"]), ("bench.txt", [None, "dev", "bench"])],
)
def test_every_dependency_is_pinned_within_its_range(lock: str, groups: list[str | None]) -> None:
    pinned = pins(lock)
    for group in groups:
        for requirement in requirements(group):
            version = pinned.get(canonicalize_name(requirement.name))
            assert version is not None, f"{requirement.name} is not in requirements/{lock}"
            assert requirement.specifier.contains(version, prereleases=True), (
                f"requirements/{lock} pins {requirement.name}=={version}, outside {requirement}"
            )


@pytest.mark.parametrize("lock", ["build.txt", "run.txt", "dev.txt", "bench.txt"])
def test_every_pin_has_hashes(lock: str) -> None:
    entries = re.split(r"\n(?=[A-Za-z0-9])", (LOCKS / lock).read_text())
    pinned = [entry for entry in entries if PIN.match(entry)]
    assert pinned
    for entry in pinned:
        assert "--hash=sha256:" in entry, f"no hash for {entry.splitlines()[0]} in {lock}"


def test_running_installs_no_development_tool() -> None:
    tools = {canonicalize_name(r.name) for r in requirements("dev")}
    running = set(pins("run.txt"))
    assert not tools & running, f"development tools in requirements/run.txt: {tools & running}"


@pytest.mark.parametrize(("smaller", "larger"), [("run.txt", "dev.txt"), ("dev.txt", "bench.txt")])
def test_each_lock_keeps_the_versions_of_the_one_before(smaller: str, larger: str) -> None:
    small, large = pins(smaller), pins(larger)
    differ = {name: (v, large.get(name)) for name, v in small.items() if large.get(name) != v}
    assert not differ, f"{larger} disagrees with {smaller}: {differ}"


def test_makefile_installs_running_from_the_run_lock_only() -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(RUN_INSTALLED):", 1)[1].split("\n\n", 1)[0]
    assert "requirements/run.txt" in recipe and "requirements/build.txt" in recipe
    assert "dev" not in recipe, recipe
