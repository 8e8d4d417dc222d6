"""The upstream provenance closure of an asset or a container, read in one query
(cypher/provenance): what the interchange formats (PROV, C2PA-style ingredients) describe."""

from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import AsyncManagedTransaction as Tx

from lineage import cypher
from lineage.domain.enums import DeriveKind, InputRole
from lineage.domain.model import Asset
from lineage.graph.codec import asset_from_node
from lineage.graph.database import run

GET_PROVENANCE_CLOSURE = cypher.load("provenance/get_provenance_closure")

# The query's text bounds the closure at 20 lineage steps, as far as a render's upstream
# space assets are read (docs/domain.md §11); the size bound is the lineage walk's.
MAX_STEPS = 20
MAX_ASSETS = 2000


@dataclass(frozen=True)
class Derivation:
    """A DERIVES_FROM edge: `child` is a clone or a new version of `parent`."""

    child: str
    parent: str
    kind: DeriveKind


@dataclass(frozen=True)
class Usage:
    """A USES edge: `render` used `input` in `role`, whose content then hashed to
    `content_hash`; `repointed_from` names the deleted task clone it really used."""

    render: str
    input: str
    role: InputRole
    content_hash: str
    repointed_from: str | None = None


@dataclass(frozen=True)
class Closure:
    """What an id's provenance covers: the root's kind ('ASSET', 'TASK', 'PROJECT' or
    'SPACE') and space, the assets, the lineage edges between them, who created them (user
    id -> name, None when the user is gone), and whether a bound cut it short."""

    root_id: str
    kind: str
    space_id: str
    assets: dict[str, Asset] = field(default_factory=dict)
    derivations: tuple[Derivation, ...] = ()
    usages: tuple[Usage, ...] = ()
    users: dict[str, str | None] = field(default_factory=dict)
    truncated: bool = False


async def closure(tx: Tx, id: str, limit: int = MAX_ASSETS) -> Closure | None:
    """The closure of `id` (None when it names nothing). Edges leaving the closure are
    dropped and mark it `truncated`, as does reaching `limit` assets."""
    records = await run(tx, GET_PROVENANCE_CLOSURE, id=id, limit=limit)
    if not records:
        return None
    row = records[0]
    assets = {a.id: a for a in (asset_from_node(node) for node in row["assets"])}
    derivations = [
        Derivation(d["child"], d["parent"], DeriveKind(d["kind"])) for d in row["derivations"]
    ]
    usages = [
        Usage(u["render"], u["input"], InputRole(u["role"]), u["content_hash"] or "",
              u["repointed_from"])
        for u in row["usages"]
    ]  # fmt: skip
    kept_derivations = tuple(d for d in derivations if d.parent in assets)
    kept_usages = tuple(u for u in usages if u.input in assets)
    cut = len(kept_derivations) < len(derivations) or len(kept_usages) < len(usages)
    return Closure(
        root_id=id,
        kind=row["kind"],
        space_id=row["space_id"],
        assets=assets,
        derivations=kept_derivations,
        usages=kept_usages,
        users={u["id"]: u["name"] for u in row["users"]},
        truncated=bool(row["more"]) or cut,
    )
