"""A PROV document parsed back with the `prov` package, as plain values the provenance
tests compare: ids are the local parts of the `lineage:` names (asset, user and
`<render id>.generation` ids), attributes are keyed by their local names."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import prov
from prov.model import (
    ProvActivity,
    ProvAgent,
    ProvAssociation,
    ProvAttribution,
    ProvDerivation,
    ProvDocument,
    ProvEntity,
    ProvGeneration,
    ProvUsage,
)

LINEAGE_URI = "urn:lineage:"


def local(name: Any) -> str | None:
    if name is None:
        return None
    assert name.namespace.uri == LINEAGE_URI, name
    return str(name.localpart)


def attributes(record: Any) -> dict[str, Any]:
    """Extra attributes by local name (`type`, `label`, `role`, `contentHash`...); values
    that are qualified names as `prefix:local` text."""
    found = {}
    for name, value in record.extra_attributes:
        found[name.localpart] = str(value) if hasattr(value, "localpart") else value
    return found


@dataclass
class ReadBack:
    document: ProvDocument
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    activities: dict[str, tuple[datetime | None, datetime | None, dict[str, Any]]] = field(
        default_factory=dict
    )
    agents: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (activity, entity, role, content hash)
    usages: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (child, parent, kind, prov:type or None)
    derivations: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    # (entity, activity or None, time)
    generations: list[tuple[str, str | None, datetime | None]] = field(default_factory=list)
    attributions: set[tuple[str, str]] = field(default_factory=set)
    associations: set[tuple[str, str]] = field(default_factory=set)


def read(text: str, format: str = "json", **options: str) -> ReadBack:
    document = prov.read(io.StringIO(text), format=format, **options)
    return read_document(document)


def read_document(document: ProvDocument) -> ReadBack:
    found = ReadBack(document)
    for record in document.get_records():
        _add(found, record)
    return found


def _add(found: ReadBack, record: Any) -> None:  # noqa: C901 - one branch per record kind
    args = record.args
    if isinstance(record, ProvEntity):
        found.entities[local(record.identifier) or ""] = attributes(record)
    elif isinstance(record, ProvActivity):
        found.activities[local(record.identifier) or ""] = (args[0], args[1], attributes(record))
    elif isinstance(record, ProvAgent):
        found.agents[local(record.identifier) or ""] = attributes(record)
    elif isinstance(record, ProvUsage):
        extra = attributes(record)
        found.usages.append(
            (local(args[0]) or "", local(args[1]) or "", extra["role"], extra["contentHash"])
        )
    elif isinstance(record, ProvDerivation):
        extra = attributes(record)
        found.derivations.append(
            (local(args[0]) or "", local(args[1]) or "", extra["kind"], extra.get("type"))
        )
    elif isinstance(record, ProvGeneration):
        found.generations.append((local(args[0]) or "", local(args[1]), args[2]))
    elif isinstance(record, ProvAttribution):
        found.attributions.add((local(args[0]) or "", local(args[1]) or ""))
    elif isinstance(record, ProvAssociation):
        found.associations.add((local(args[0]) or "", local(args[1]) or ""))
    else:
        raise AssertionError(f"unexpected record {record}")
