"""The repository carries its own account of the domain rules, docs/domain.md, and cites only
it: no file points at a design document or a path outside the repository, and every
section the tree cites (`docs/domain.md §N`) is a heading there."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_DOC = ROOT / "docs" / "domain.md"
SKIPPED_DIRS = {".git", "node_modules", ".venv", "dist", "__pycache__", ".mypy_cache"}

# Spelled with a character class so that this file does not match itself.
OUTSIDE_REFERENCES = re.compile(
    r"DESIG[N]\.md"  # a design document outside the repository
    r"|\bDESIG[N](?: sections?)? \d"  # its section citations, "<name> 4" or "<name> section 6"
    r"|\.\./share[d]\b"  # the folder beside the checkout
    r"|/wor[k]/"  # absolute paths of a working machine
)
# `docs/domain.md §2`, `docs/domain.md §2, §6`, `docs/domain.md §2-§6`, or the same after a
# Markdown link `[docs/domain.md](domain.md) §2`.
CITATION = re.compile(r"docs/domain\.md(?:\]\([^)]*\))?((?:(?:\s*(?:,|-|and)\s*|\s+)§\d+)+)")
SECTION = re.compile(r"§(\d+)(?:-§(\d+))?")
HEADING = re.compile(r"^## (\d+)\. \S", re.MULTILINE)


def tracked_files() -> list[Path]:
    """The files git tracks (as they are in the working tree); a plain walk without git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in ROOT.rglob("*") if not SKIPPED_DIRS & set(p.relative_to(ROOT).parts)]
    else:
        paths = [ROOT / name for name in listed.decode().split("\0") if name]
    return [p for p in paths if p.is_file() and not SKIPPED_DIRS & set(p.parts)]


def text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # images and other binary files


def texts() -> dict[str, str]:
    found = {}
    for path in tracked_files():
        text = text_of(path)
        if text is not None:
            found[str(path.relative_to(ROOT))] = text
    return found


def outside_references(files: dict[str, str]) -> list[str]:
    hits = []
    for name, text in files.items():
        for number, line in enumerate(text.splitlines(), 1):
            match = OUTSIDE_REFERENCES.search(line)
            if match:
                hits.append(f"{name}:{number}: {match.group(0)!r}")
    return hits


def cited_sections(files: dict[str, str]) -> dict[int, list[str]]:
    """Section number -> the files citing it; a range §a-§b cites every section in it."""
    cited: dict[int, list[str]] = {}
    for name, text in files.items():
        for citation in CITATION.finditer(text):
            for first, last in SECTION.findall(citation.group(1)):
                for number in range(int(first), int(last or first) + 1):
                    cited.setdefault(number, []).append(name)
    return cited


def headings(text: str) -> set[int]:
    return {int(number) for number in HEADING.findall(text)}


def test_no_file_cites_the_outside_design_document_or_paths() -> None:
    hits = outside_references(texts())
    assert not hits, (
        "cite docs/domain.md (e.g. `docs/domain.md §4`) instead of anything outside the "
        "repository:\n" + "\n".join(hits)
    )


def test_every_cited_section_of_docs_domain_md_exists() -> None:
    assert DOMAIN_DOC.is_file(), "docs/domain.md is missing: the project's account of its rules"
    cited = cited_sections(texts())
    assert cited, "no `docs/domain.md §N` citation found: the citation pattern is out of date"
    present = headings(DOMAIN_DOC.read_text(encoding="utf-8"))
    missing = {n: sorted(set(files)) for n, files in sorted(cited.items()) if n not in present}
    assert not missing, f"add `## N. Title` sections to docs/domain.md for: {missing}"


def test_the_checks_catch_what_they_are_for() -> None:
    """The patterns themselves: they must flag the forms the tree used to hold."""
    design = "DESIG" + "N"
    samples = {
        "a.py": f'"""Locks ({design} section 4)."""\n',
        "b.cypher": f"// binds ({design} 4, 8)\n",
        "c.md": f"The rules are in {design}.md sections 2-4.\n",
        "d.txt": "see ../" + "shared/spec\n",
        "e.txt": "/" + "work/main/src\n",
    }
    assert len(outside_references(samples)) == len(samples)
    assert outside_references({"f.md": "DESIGNER 4, design 2, docs/domain.md §4"}) == []
    cited = cited_sections(
        {
            "g.py": "(docs/domain.md §2, §6) and docs/domain.md §2-§4",
            "h.md": "in [docs/domain.md](domain.md) §11.",
        }
    )
    assert sorted(cited) == [2, 3, 4, 6, 11]
    assert headings("## 1. What\n## 12. History\n### 3. Not a section\n") == {1, 12}
