"""The arguments every lineage walk takes (`Asset.lineage`, `lineageAsOf`), described once."""

from __future__ import annotations

from typing import Annotated

import strawberry

from lineage.api.enums import LineageDirection
from lineage.graph import lineage as walks

Direction = Annotated[
    LineageDirection,
    strawberry.argument(
        description="UPSTREAM: what it was made from; DOWNSTREAM: what depends on it; BOTH."
    ),
]
Depth = Annotated[
    int,
    strawberry.argument(
        description=f"Lineage steps to walk, 1 to {walks.MAX_DEPTH} (else a VALIDATION error "
        "naming `depth`)."
    ),
]
MaxNodes = Annotated[
    int,
    strawberry.argument(
        description=f"Most assets visited, 1 to {walks.MAX_NODES} (else a VALIDATION error "
        "naming `maxNodes`); nearest first, `truncated` when reached."
    ),
]
