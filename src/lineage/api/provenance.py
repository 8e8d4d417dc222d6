"""`Query.provenance`: the W3C PROV document of an asset or container the caller may see
(services/provenance.py, docs/interchange.md)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from lineage.api import errors as e
from lineage.api.context import Info
from lineage.api.enums import described_enum
from lineage.api.guard import typed
from lineage.domain.access import Viewer
from lineage.services import prov_document, provenance
from lineage.services.provenance import ProvenanceExport

ProvenanceFormat = described_enum(
    prov_document.ProvenanceFormat,
    "A W3C PROV serialisation (docs/interchange.md).",
    {
        "PROV_JSON": "PROV-JSON, the default: the W3C member submission's JSON form.",
        "PROV_N": "PROV-N: the W3C notation meant for people to read.",
        "PROV_O": "PROV-O: the W3C ontology, as RDF in Turtle.",
    },
    name="ProvenanceFormat",
)


@strawberry.type(description="A W3C PROV document and what it holds (docs/interchange.md).")
class ProvenanceDocument:
    format: ProvenanceFormat = strawberry.field(description="The serialisation asked for.")
    document: str = strawberry.field(description="The document, in `format`.")
    entity_count: int = strawberry.field(description="Entities: one per asset.")
    activity_count: int = strawberry.field(description="Activities: one per render generated.")
    agent_count: int = strawberry.field(description="Agents: the users who created assets.")
    usage_count: int = strawberry.field(description="`used` records: one per USES edge.")
    derivation_count: int = strawberry.field(
        description="`wasDerivedFrom` records: one per DERIVES_FROM edge."
    )
    truncated: bool = strawberry.field(
        description="True when the closure was cut at its bounds (2000 assets, 20 lineage "
        "steps): what lies beyond is left out."
    )

    @classmethod
    def from_domain(cls, found: ProvenanceExport) -> ProvenanceDocument:
        counts = found.counts
        return cls(
            format=found.format, document=found.document, entity_count=counts.entities,
            activity_count=counts.activities, agent_count=counts.agents,
            usage_count=counts.usages, derivation_count=counts.derivations,
            truncated=found.truncated,
        )  # fmt: skip


ProvenanceResult = Annotated[
    ProvenanceDocument | e.NotFoundError,
    strawberry.union(
        "ProvenanceResult",
        description="The document, or NotFound for an id that names nothing you may see.",
    ),
]


async def resolve_provenance(
    info: Info,
    id: Annotated[
        strawberry.ID, strawberry.argument(description="An asset, task, project or space id.")
    ],
    format: Annotated[
        ProvenanceFormat, strawberry.argument(description="The serialisation.")
    ] = prov_document.ProvenanceFormat.PROV_JSON,
) -> ProvenanceResult:
    viewer = Viewer(info.context.user.roles)

    async def export() -> ProvenanceDocument:
        found = await provenance.export_prov(info.context.db, str(id), format, viewer)
        return ProvenanceDocument.from_domain(found)

    return await typed(export)
