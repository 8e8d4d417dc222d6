"""Graph audits (docs/domain.md §8): read-only queries in `cypher/audits/`, one invariant each.

Every audit returns one row per violation with at least `subject` (an id) and `detail` (a
sentence); an empty result means the invariant holds. The audits are discovered from the
folder, so adding a file adds an audit; the first `//` line of a file is its description.
They take no parameters, so a person can run them as they are in cypher-shell or Browser.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from lineage import cypher
from lineage.cypher import Query
from lineage.graph.database import Database

AREA = "audits"


@dataclass(frozen=True)
class Audit:
    """One audit query: its name (the file's stem), description and text."""

    name: str
    description: str
    query: Query


@dataclass
class AuditResult:
    """What one audit found: one dict per violation (empty when the invariant holds)."""

    name: str
    description: str
    violations: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return not self.violations


def description_of(query: str) -> str:
    """The first `//` header line of a query, without the slashes."""
    for line in query.splitlines():
        stripped = line.strip()
        if stripped.startswith("//"):
            return stripped.lstrip("/").strip()
    return ""


def discover() -> tuple[Audit, ...]:
    """Every audit under `cypher/audits/`, sorted by name."""
    prefix = f"{AREA}/"
    audits = []
    for full_name in cypher.all_names():
        if full_name.startswith(prefix):
            query = cypher.load(full_name)
            audits.append(Audit(full_name.removeprefix(prefix), description_of(query), query))
    return tuple(audits)


AUDITS: tuple[Audit, ...] = discover()


async def run_audit(db: Database, audit: Audit) -> AuditResult:
    records = await db.read(audit.query)
    return AuditResult(audit.name, audit.description, [dict(record) for record in records])


async def run_audits(db: Database, audits: Sequence[Audit] = AUDITS) -> list[AuditResult]:
    """Run every audit (each in its own read transaction), in the order given."""
    return list(await asyncio.gather(*(run_audit(db, audit) for audit in audits)))


def has_violations(results: Iterable[AuditResult]) -> bool:
    return any(result.violations for result in results)


def to_json(results: Iterable[AuditResult]) -> str:
    """The results as a JSON list of {name, description, violations}."""
    return json.dumps([asdict(result) for result in results], indent=2, default=str)


def format_table(results: Sequence[AuditResult]) -> str:
    """A plain-text report: one line per audit (name, violation count), then its violations
    indented (subject, detail and any extra columns)."""
    width = max((len(result.name) for result in results), default=5)
    lines = [f"{'audit':<{width}}  violations"]
    for result in results:
        lines.append(f"{result.name:<{width}}  {len(result.violations)}")
        for violation in result.violations:
            lines.append(f"    {_format_violation(violation)}")
    total = sum(len(result.violations) for result in results)
    lines.append(f"{len(results)} audits, {total} violations")
    return "\n".join(lines)


def _format_violation(violation: dict[str, Any]) -> str:
    subject = violation.get("subject")
    text = f"{subject}: {violation.get('detail', '')}"
    extras = [
        f"{key}={json.dumps(value, default=str)}"
        for key, value in violation.items()
        if key not in ("subject", "detail") and value is not None
    ]
    return f"{text}  [{', '.join(extras)}]" if extras else text
